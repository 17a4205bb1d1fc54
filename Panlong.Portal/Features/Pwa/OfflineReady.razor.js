// Installs the service worker from a field page, then fetches the offline form's data through it so that the worker keeps
// this reporter's categories and words, and sends what waits in the queue (docs/decisions/0092-offline-phone-app.md).
// The page's <html data-offline-ready> says the phone can now report without the network.
let started = false;

async function controlled() {
    if (navigator.serviceWorker.controller) {
        return;
    }
    await new Promise(resolve => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
}

// Returns at once: the worker's install may outlast the circuit's wait for an answer.
export function start() {
    if (started || !('serviceWorker' in navigator) || !self.PanlongQueue) {
        return;
    }
    started = true;
    prepare().catch(() => { /* no worker or no network: the online page works as before */ });
}

async function prepare() {
    await navigator.serviceWorker.register('/sw.js');
    await navigator.serviceWorker.ready;
    await controlled();
    const answer = await fetch(PanlongQueue.formUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!answer.ok) {
        return;
    }
    const form = await answer.json();
    document.documentElement.dataset.offlineReady = 'true';
    const send = () => PanlongQueue.flush(form.user);
    window.addEventListener('online', send);
    await send();
}
