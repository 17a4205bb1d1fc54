// A camera's live view (docs/decisions/0072-cameras.md): hls.js (the light build, restored from npm into /lib by
// Panlong.Portal.csproj) plays the HLS stream in a <video>; a snapshot draws the current frame on a canvas.
import { classicScript } from "/js/classic-script.js";

const players = new WeakMap();
const load = () => classicScript("/lib/hls.js/hls.light.min.js", "Hls");

// The element's data-state says how the stream is doing (loading, playing, failed), for the page and the tests alike.
export async function play(element, url) {
    stop(element);
    const video = element.querySelector("video");
    const state = { video };
    players.set(element, state);
    element.dataset.state = "loading";
    const mark = () => { element.dataset.state = video.readyState >= 2 ? "playing" : "loading"; };
    for (const event of ["loadeddata", "playing", "waiting", "canplay"]) {
        video.addEventListener(event, mark);
    }
    // Browsers start muted video only: cameras carry no sound worth hearing in a command center anyway.
    video.muted = true;
    const Hls = await load();
    if (players.get(element) !== state) {
        return; // stopped meanwhile
    }
    if (Hls.isSupported()) {
        // No worker: the page's Content-Security-Policy runs scripts of this origin only, and hls.js makes its worker from a blob.
        state.hls = new Hls({ enableWorker: false, liveSyncDurationCount: 3, manifestLoadingMaxRetry: 2, levelLoadingMaxRetry: 2, fragLoadingMaxRetry: 2 });
        state.hls.on(Hls.Events.ERROR, (_, data) => {
            if (data.fatal) {
                element.dataset.state = "failed";
                element.dataset.error = data.details;
            }
        });
        state.hls.loadSource(url);
        state.hls.attachMedia(video);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
        // Safari plays HLS itself; the frame stays readable for a snapshot only if the host answers with CORS headers.
        video.crossOrigin = "anonymous";
        video.src = url;
        video.addEventListener("error", () => { element.dataset.state = "failed"; });
    } else {
        element.dataset.state = "failed";
        element.dataset.error = "unsupported";
        return;
    }
    video.play().catch(() => { /* autoplay refused: the controls start it */ });
}

// Draws the current frame on the element's canvas and keeps it as a JPEG. Returns its size in bytes, 0 when there is no frame
// yet, or -1 when the canvas is tainted (a stream host without CORS headers): such a frame cannot leave the browser.
export function snapshot(element) {
    const state = players.get(element);
    const video = state?.video;
    if (!video || video.readyState < 2 || !video.videoWidth) {
        return Promise.resolve(0);
    }
    const canvas = element.querySelector("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0);
    try {
        // A frame that is all one colour is a stream not drawn yet (or a lens cap): the tests read this, a person sees it.
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let lit = false;
        for (let i = 4; i < pixels.length && !lit; i += 4 * 97) {
            lit = pixels[i] !== pixels[0] || pixels[i + 1] !== pixels[1] || pixels[i + 2] !== pixels[2];
        }
        element.dataset.frame = lit ? "drawn" : "blank";
    } catch {
        element.dataset.frame = "tainted";
        return Promise.resolve(-1);
    }
    return new Promise(resolve => canvas.toBlob(blob => {
        state.blob = blob;
        resolve(blob?.size ?? 0);
    }, "image/jpeg", 0.9));
}

// The kept snapshot, streamed to the server by the circuit (IJSStreamReference).
export function snapshotBlob(element) {
    return players.get(element)?.blob ?? new Blob();
}

export function stop(element) {
    const state = players.get(element);
    if (!state) {
        return;
    }
    players.delete(element);
    state.hls?.destroy();
    state.video.removeAttribute("src");
    state.video.load();
}
