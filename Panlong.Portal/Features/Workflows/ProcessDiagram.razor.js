// Draws Mermaid state diagrams with the mermaid package restored from npm (wwwroot/lib/mermaid).
let loading;
let counter = 0;

function loadMermaid() {
    if (window.mermaid) {
        return Promise.resolve(window.mermaid);
    }
    loading ??= new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = "/lib/mermaid/mermaid.min.js";
        script.onload = () => {
            window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral", fontFamily: "Noto Sans CJK SC, sans-serif" });
            resolve(window.mermaid);
        };
        script.onerror = () => reject(new Error("mermaid could not be loaded"));
        document.head.appendChild(script);
    });
    return loading;
}

export async function render(element, text) {
    try {
        const mermaid = await loadMermaid();
        const { svg } = await mermaid.render(`panlong-diagram-${++counter}`, text);
        element.innerHTML = svg;
        // The drawing's own width, for phone widths where it is shown at that size and scrolls (app.css).
        const drawn = element.querySelector("svg");
        const box = drawn?.viewBox?.baseVal;
        if (box?.width) {
            drawn.style.setProperty("--diagram-width", `${Math.ceil(box.width)}px`);
        }
        element.dataset.rendered = "true";
    } catch (error) {
        element.textContent = text;
        element.dataset.rendered = "error";
        console.error(error);
    }
}
