// A browser library restored from npm into /lib (Panlong.Portal.csproj) that is a classic (UMD) script, not a module: added
// to the page once, whichever component asks first; resolves to the global it defines.
const loading = new Map();

export function classicScript(src, global) {
    if (!loading.has(src)) {
        loading.set(src, new Promise((resolve, reject) => {
            const script = document.createElement("script");
            script.src = src;
            script.onload = () => resolve(window[global]);
            script.onerror = () => {
                loading.delete(src);
                reject(new Error(`${src} could not be loaded`));
            };
            document.head.appendChild(script);
        }));
    }
    return loading.get(src);
}
