// Theme preference and idle sign-out for the portal shell.
let idleTimer;
let lastKeepAlive = Date.now();

export function start(idleSeconds) {
    const onActivity = () => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => signOut("idle"), idleSeconds * 1000);
        // The circuit itself sends no HTTP requests, so the sign-in cookie would expire under an active user.
        if (Date.now() - lastKeepAlive > idleSeconds * 1000 / 3) {
            lastKeepAlive = Date.now();
            fetch("/account/keepalive", { credentials: "same-origin" }).catch(() => { });
        }
    };
    for (const event of ["mousemove", "keydown", "pointerdown", "touchstart", "scroll"]) {
        window.addEventListener(event, onActivity, { passive: true });
    }
    onActivity();
    const dark = localStorage.getItem("panlong-theme") === "dark";
    showTheme(dark);
    return dark;
}

export function saveTheme(dark) {
    localStorage.setItem("panlong-theme", dark ? "dark" : "light");
    showTheme(dark);
}

// The dark palette is a class on <html> that the shared theme stylesheet selects (Components/Layout/ThemeStylesheet.cs).
function showTheme(dark) {
    document.documentElement.classList.toggle("panlong-dark", dark);
}

// Larger text scales the root font size, which MudBlazor's sizes (rem) follow (docs/decisions/0039-accessibility-check.md).
export function largeText() {
    return document.documentElement.classList.contains("large-text");
}

export function saveLargeText(large) {
    window.panlongSetLargeText(large); // wwwroot/text-size.js, loaded by every page
}

export function signOut(reason) {
    const form = document.getElementById("signout-form");
    if (!form) {
        return;
    }
    document.getElementById("signout-reason").value = reason;
    form.submit();
}
