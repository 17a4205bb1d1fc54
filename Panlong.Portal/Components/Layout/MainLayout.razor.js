// Theme preference and idle sign-out for the portal shell.
let idleTimer;

export function start(idleSeconds) {
    const reset = () => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => signOut("idle"), idleSeconds * 1000);
    };
    for (const event of ["mousemove", "keydown", "pointerdown", "touchstart", "scroll"]) {
        window.addEventListener(event, reset, { passive: true });
    }
    reset();
    return localStorage.getItem("panlong-theme") === "dark";
}

export function saveTheme(dark) {
    localStorage.setItem("panlong-theme", dark ? "dark" : "light");
}

export function signOut(reason) {
    const form = document.getElementById("signout-form");
    if (!form) {
        return;
    }
    document.getElementById("signout-reason").value = reason;
    form.submit();
}
