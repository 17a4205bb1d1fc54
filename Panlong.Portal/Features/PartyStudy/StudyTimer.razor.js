// Reading time (docs/decisions/0053-party-study.md): beats only while the page is visible (Page Visibility API). Becoming
// visible says "start", hiding says "stop", so time in a background tab is never credited; the server caps each beat.
const timers = new WeakMap();

export function start(page, everyMs) {
    const beat = kind => page.invokeMethodAsync("Beat", kind).catch(() => { });
    const onVisibility = () => beat(document.visibilityState === "visible" ? "Start" : "Stop");
    document.addEventListener("visibilitychange", onVisibility);
    const interval = setInterval(() => {
        if (document.visibilityState === "visible") {
            beat("Tick");
        }
    }, everyMs);
    timers.set(page, { onVisibility, interval });
    if (document.visibilityState === "visible") {
        beat("Start");
    }
}

export function stop(page) {
    const timer = timers.get(page);
    if (timer) {
        document.removeEventListener("visibilitychange", timer.onVisibility);
        clearInterval(timer.interval);
        timers.delete(page);
    }
}
