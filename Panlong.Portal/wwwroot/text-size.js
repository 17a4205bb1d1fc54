// Larger-text mode (issue 16, 适老化): applied before the page paints, on every page including the static sign-in pages,
// from the choice this browser remembers; the shell's toggle (Components/Layout/MainLayout.razor.js) changes it.
window.panlongSetLargeText = large => {
    document.documentElement.classList.toggle("large-text", large);
    localStorage.setItem("panlong-text", large ? "large" : "normal");
};
if (localStorage.getItem("panlong-text") === "large") {
    document.documentElement.classList.add("large-text");
}

// The static sign-in pages have no shell: their own button toggles it.
document.addEventListener("DOMContentLoaded", () => {
    const toggle = document.getElementById("large-text");
    if (!toggle) {
        return;
    }
    const show = () => toggle.setAttribute("aria-pressed", document.documentElement.classList.contains("large-text"));
    toggle.addEventListener("click", () => {
        window.panlongSetLargeText(!document.documentElement.classList.contains("large-text"));
        show();
    });
    show();
});
