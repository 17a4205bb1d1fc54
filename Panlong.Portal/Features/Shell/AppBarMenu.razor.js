// Opened from the keyboard, the menu that replaced the button's markup (Features/Shell/AppBarMenu.razor) gives its first
// item the focus, as when MudMenu's own button is opened with Enter: arrow keys and Escape then reach the open menu
// (docs/decisions/0039-accessibility-check.md). Its popover is drawn by the provider a moment after it opens.
export function focusFirstItem(root) {
    const started = performance.now();
    const attempt = () => {
        const holder = root?.querySelector(".mud-popover-cascading-value");
        const content = holder && document.getElementById(holder.id.replace("popover-", "popovercontent-"));
        if (content?.classList.contains("mud-popover-open")) {
            const item = content.querySelector(".mud-menu-item:not(.mud-disabled), a[href], button:not([disabled]), [tabindex]:not([tabindex='-1'])");
            (item ?? content).focus();
        } else if (performance.now() - started < 2000) {
            requestAnimationFrame(attempt);
        }
    };
    attempt();
}
