// Reports made without the network, kept with their photos in IndexedDB and sent when it returns (docs/decisions/0092-offline-phone-app.md).
// One copy serves the pages and the service worker (Background Sync). Each report carries the form's client key, and the
// case API answers a repeated key with the first case, so a report sent twice (a lost answer, two tabs, the worker and a
// page at once) is one case. A refusal (4xx) keeps the report with the server's message for editing; nothing is dropped.
(() => {
    const dbName = 'panlong-offline';
    const store = 'reports';
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('panlong-reports') : null;
    // The last answers kept to show "sent → case number" after a reload; their photos are let go once sent.
    const keepSent = 20;

    function open() {
        return new Promise((resolve, reject) => {
            const request = indexedDB.open(dbName, 1);
            request.onupgradeneeded = () => request.result.createObjectStore(store, { keyPath: 'clientKey' });
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
    }

    async function run(mode, work) {
        const db = await open();
        try {
            return await new Promise((resolve, reject) => {
                const tx = db.transaction(store, mode);
                const result = work(tx.objectStore(store));
                tx.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
                tx.onerror = () => reject(tx.error);
                tx.onabort = () => reject(tx.error);
            });
        } finally {
            db.close();
        }
    }

    const all = async () => ((await run('readonly', s => s.getAll())) || []).sort((a, b) => a.createdAt - b.createdAt);
    const put = item => run('readwrite', s => s.put(item));
    const remove = key => run('readwrite', s => s.delete(key));
    const changed = () => channel?.postMessage('changed');

    function newKey() {
        return self.crypto?.randomUUID ? crypto.randomUUID().replaceAll('-', '') : `${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
    }

    /** Keeps a report to send: { categoryId, categoryLabel, description, address, lat, lng, photos: [File], owner }. */
    async function add(report) {
        const item = {
            ...report,
            clientKey: report.clientKey || newKey(),
            createdAt: report.createdAt || Date.now(),
            state: 'waiting',
            message: null,
            number: null,
            // A File is a Blob: IndexedDB keeps its bytes, so the photos survive a reload and a closed browser.
            photos: (report.photos || []).map(p => ({ name: p.name, type: p.type, blob: p.blob || p })),
        };
        item.photoCount = item.photos.length;
        await put(item);
        changed();
        return item;
    }

    /** The browser session's way to call the API: the cookie, with the antiforgery token fetched first (GET /api/antiforgery). */
    async function cookieSend(url, init) {
        const answer = await fetch('/api/antiforgery', { credentials: 'same-origin' });
        if (!answer.ok) {
            return answer;
        }
        const token = await answer.json();
        return fetch(url, { ...init, credentials: 'same-origin', headers: { ...(init.headers || {}), [token.headerName]: token.token } });
    }

    /**
     * Who sends, and as whom (docs/decisions/0097-app-token-queue.md): when the phone app holds a token (app-auth.js), its
     * bearer token without the cookie, as the token's person (the form's user the API gives that token); otherwise the
     * browser session's cookie, as the person the form was last fetched for. Null when neither can be had now.
     */
    async function sender(owner) {
        const auth = self.panlongAuth;
        if (auth && await auth.isSignedIn()) {
            try {
                const answer = await auth.fetch(self.PanlongQueue.formUrl, { headers: { Accept: 'application/json' } });
                return answer.ok ? { owner: (await answer.json()).user, send: (url, init) => auth.fetch(url, init), by: 'token' } : null;
            } catch (e) {
                if (e?.code !== 'signed-out') {
                    // No network: the reports wait.
                    return null;
                }
                // The token was refused and forgotten (revoked, expired, account disabled): this is a browser session again.
            }
        }
        owner = owner || await cachedOwner();
        return owner ? { owner, send: cookieSend, by: 'cookie' } : null;
    }

    function formOf(item) {
        const form = new FormData();
        form.set('clientKey', item.clientKey);
        form.set('categoryId', String(item.categoryId ?? ''));
        form.set('description', item.description ?? '');
        form.set('address', item.address ?? '');
        if (item.lat != null && item.lng != null) {
            form.set('lat', String(item.lat));
            form.set('lng', String(item.lng));
        }
        for (const photo of item.photos) {
            form.append('photos', photo.blob, photo.name);
        }
        return form;
    }

    async function problemText(response) {
        try {
            const problem = await response.json();
            const fields = Object.values(problem.errors || {}).flat();
            return [problem.title, ...fields].filter(Boolean).join(' ');
        } catch {
            return `HTTP ${response.status}`;
        }
    }

    async function deliver(item, send) {
        let response;
        try {
            response = await send('/api/cases', { method: 'POST', body: formOf(item), headers: { Accept: 'application/json' } });
        } catch (e) {
            // The app's token refused while sending: sign in again; no network after all: it waits for the next chance.
            return { ...item, state: e?.code === 'signed-out' ? 'signin' : 'waiting' };
        }
        if (response.ok) {
            const reported = await response.json();
            return { ...item, state: 'sent', number: reported.number, message: null, photos: [], sentAt: Date.now() };
        }
        if (response.status === 401) {
            return { ...item, state: 'signin', message: null };
        }
        // A refusal of the content waits for the reporter's edit; anything else (a busy or broken server) is tried again.
        const refused = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
        return { ...item, state: refused ? 'invalid' : 'failed', message: await problemText(response) };
    }

    /** Whose reports the signed-in account may send: the user the form's data was last fetched for. */
    async function cachedOwner() {
        try {
            const cached = await caches.match(self.PanlongQueue.formUrl);
            return cached ? (await cached.json()).user : null;
        } catch {
            return null;
        }
    }

    async function flushNow(owner) {
        const who = await sender(owner);
        let sent = 0;
        for (const item of await all()) {
            const due = item.state === 'waiting' || item.state === 'failed' || item.state === 'signin' || item.state === 'sending';
            // Another account signed in on this phone does not send someone else's reports under its own name.
            if (!due || !who || item.owner !== who.owner) {
                continue;
            }
            await put({ ...item, state: 'sending' });
            changed();
            const done = await deliver(item, who.send);
            await put(done);
            sent += done.state === 'sent' ? 1 : 0;
            changed();
            if (done.state === 'waiting') {
                break;
            }
        }
        const old = (await all()).filter(i => i.state === 'sent').slice(0, -keepSent);
        for (const item of old) {
            await remove(item.clientKey);
        }
        return sent;
    }

    /** Sends what waits, one sender at a time across the pages and the worker (Web Locks where the browser has them). */
    function flush(owner) {
        if (self.navigator && navigator.onLine === false) {
            return Promise.resolve(0);
        }
        return self.navigator?.locks ? navigator.locks.request('panlong-reports', () => flushNow(owner)) : flushNow(owner);
    }

    /** Asks the worker to send when the network returns (Background Sync), where the browser has it. */
    async function askSync() {
        try {
            const registration = await navigator.serviceWorker?.ready;
            await registration?.sync?.register('panlong-reports-sync');
        } catch {
            // Without Background Sync the pages send on "online" and on load.
        }
    }

    self.PanlongQueue = {
        formUrl: '/api/pwa/form',
        syncTag: 'panlong-reports-sync',
        all, add, put, remove, flush, sender, askSync,
        onChange: listener => channel?.addEventListener('message', listener),
    };
})();
