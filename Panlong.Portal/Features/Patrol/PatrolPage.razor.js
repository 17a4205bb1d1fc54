// The patroller's recorder (docs/decisions/0068-patrol-shifts-and-tracks.md): a position every few seconds from the
// Geolocation API, kept in localStorage until the server has it, uploaded in batches. Each fix carries a sequence number
// the server keys on, so a batch sent again (an answer lost on a bad network) is stored once and order does not matter.
const batchSize = 500;
let recorder = null;

const storageKey = shift => `panlong.patrol.${shift}`;

function read(shift) {
    try {
        return JSON.parse(localStorage.getItem(storageKey(shift))) ?? { next: 0, sent: 0, queue: [] };
    } catch {
        return { next: 0, sent: 0, queue: [] };
    }
}

function save(r) {
    localStorage.setItem(storageKey(r.shift), JSON.stringify(r.store));
}

function show(r) {
    const { element, store } = r;
    const set = (role, text) => { const cell = element.querySelector(`[data-role="${role}"]`); if (cell) cell.textContent = text; };
    set("sent", String(store.sent));
    set("queued", String(store.queue.length));
    if (store.last) {
        set("last", `${store.last.lat.toFixed(5)}, ${store.last.lng.toFixed(5)} · ${new Date(store.last.at).toLocaleTimeString()}`);
    }
    element.dataset.sent = String(store.sent);
    element.dataset.queued = String(store.queue.length);
    element.querySelector('[data-role="offline"]')?.toggleAttribute("hidden", !r.offline);
    element.querySelector('[data-role="refused"]')?.toggleAttribute("hidden", !r.refused);
}

async function token(r) {
    r.token ??= (await (await fetch("/api/antiforgery", { credentials: "same-origin" })).json()).token;
    return r.token;
}

function take(r) {
    if (!navigator.geolocation) {
        r.refused = true;
        show(r);
        return;
    }
    navigator.geolocation.getCurrentPosition(p => {
        if (recorder !== r) {
            return;
        }
        const fix = { seq: r.store.next++, at: Math.round(p.timestamp || Date.now()), lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy };
        r.store.queue.push(fix);
        r.store.last = fix;
        r.refused = false;
        save(r);
        show(r);
        send(r);
    }, () => { r.refused = true; show(r); }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 0 });
}

async function send(r) {
    if (r.sending || r.store.queue.length === 0) {
        return;
    }
    r.sending = true;
    const batch = r.store.queue.slice(0, batchSize);
    try {
        const response = await fetch(`/api/patrol/shifts/${r.shift}/fixes`, {
            method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": await token(r) },
            body: JSON.stringify({ fixes: batch }),
        });
        r.offline = false;
        if (response.ok || response.status === 409 || response.status === 404) {
            // Stored (or never to be: the shift has ended) — either way these leave the buffer.
            const done = new Set(batch.map(f => f.seq));
            r.store.queue = r.store.queue.filter(f => !done.has(f.seq));
            if (response.ok) {
                r.store.sent += batch.length;
            }
            save(r);
            if (response.status === 409 && recorder === r) {
                // Ended on the server — by the sweep, after a long time without positions: the page says so and stops.
                stop();
                localStorage.removeItem(storageKey(r.shift));
                delete r.element.dataset.recording;
                r.page?.invokeMethodAsync("Ended");
            }
        } else if (response.status === 400) {
            r.token = null; // an expired antiforgery token: fetched again next time
        }
    } catch {
        r.offline = true; // kept for the next attempt
    } finally {
        r.sending = false;
        show(r);
    }
}

export function start(element, shift, everySeconds, page) {
    stop();
    const r = { element, shift, page, store: read(shift), offline: false, refused: false, sending: false, token: null };
    recorder = r;
    element.dataset.recording = "true";
    show(r);
    take(r);
    r.fixTimer = setInterval(() => take(r), everySeconds * 1000);
    r.sendTimer = setInterval(() => send(r), 3000);
    r.online = () => send(r);
    window.addEventListener("online", r.online);
}

// Sends what is left and stops; answers how many positions could not be sent (offline).
export async function finish(element) {
    const r = recorder;
    if (!r) {
        return 0;
    }
    clearInterval(r.fixTimer);
    while (r.sending) {
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    await send(r);
    const left = r.store.queue.length;
    stop();
    if (left === 0) {
        localStorage.removeItem(storageKey(r.shift));
        delete element.dataset.recording;
    }
    return left;
}

export function stop() {
    if (recorder) {
        clearInterval(recorder.fixTimer);
        clearInterval(recorder.sendTimer);
        window.removeEventListener("online", recorder.online);
        recorder = null;
    }
}
