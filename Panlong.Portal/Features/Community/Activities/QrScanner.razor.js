// jsQR is restored from npm into /lib (see Panlong.Portal.csproj); loaded once, as a classic script (it is a UMD bundle).
import { classicScript } from "/js/classic-script.js";

const streams = new WeakMap();
const load = () => classicScript("/lib/jsqr/jsQR.js", "jsQR");

// Starts the back camera and reads frames until a QR code is found; returns null, or why scanning is not possible.
export async function start(video, dotnet) {
    let jsQR;
    try {
        jsQR = await load();
        if (!navigator.mediaDevices?.getUserMedia) {
            return "no camera";
        }
        const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
        streams.set(video, stream);
        video.srcObject = stream;
        await video.play();
    } catch (e) {
        return String(e?.message ?? e);
    }
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    const tick = () => {
        if (!streams.has(video)) {
            return;
        }
        if (video.readyState >= 2 && video.videoWidth > 0) {
            canvas.width = video.videoWidth;
            canvas.height = video.videoHeight;
            context.drawImage(video, 0, 0, canvas.width, canvas.height);
            const image = context.getImageData(0, 0, canvas.width, canvas.height);
            const code = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
            if (code?.data) {
                stop(video);
                dotnet.invokeMethodAsync("ReadAsync", code.data);
                return;
            }
        }
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return null;
}

export function stop(video) {
    const stream = streams.get(video);
    streams.delete(video);
    stream?.getTracks().forEach(t => t.stop());
    if (video) {
        video.srcObject = null;
    }
}
