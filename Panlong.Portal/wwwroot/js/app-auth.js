// The phone app's sign-in: OAuth 2.0 authorization code + PKCE (RFC 7636) against the portal's own token server
// (docs/decisions/0091-phone-app-sign-in.md). No framework; one global, panlongAuth:
//
//   panlongAuth.signIn()          starts the flow: leaves for /connect/authorize (sign-in page first when needed).
//   panlongAuth.completeSignIn()  on /app/signed-in: checks state, exchanges the code; rejects with an Error whose
//                                 .code is 'state' | 'denied' | 'exchange' | 'network'.
//   panlongAuth.isSignedIn()      Promise<boolean>: a refresh token is kept (it may still be refused later).
//   panlongAuth.fetch(url, init)  window.fetch with Authorization: Bearer, refreshing the access token a minute before it
//                                 runs out and once more on a 401; rejects with .code 'signed-out' when no token can be had
//                                 (then call signIn()). A network failure rejects as fetch does (the offline queue retries).
//   panlongAuth.signOut()         revokes the refresh token at the server, forgets both tokens and ends the portal's
//                                 session in this browser at /connect/logout (docs/decisions/0097-app-token-queue.md).
//
// Where the tokens live: the access token (10 minutes) only in memory; the refresh token in IndexedDB, so the app and its
// offline queue survive a reload or a restart of the phone. Never a cookie: the APIs would send a cookie without the app's
// say, and the portal's own cookie is the person's browser session. The verifier and state live in sessionStorage only
// between leaving for the sign-in and coming back. The same file serves the pages and the service worker (self, not window),
// so the offline queue sends with the token from either (report-queue.js); loaded twice on a page, the first copy stays.
(() => {
    if (self.panlongAuth) {
        return;
    }
    const clientId = 'panlong-phone';
    const scope = 'cases.read cases.write offline_access';
    const redirectUri = () => location.origin + '/app/signed-in';
    const flowKey = 'panlong-auth-flow';
    const earlySeconds = 60;

    let access = null; // { token, expiresAt }
    let refreshing = null;

    const base64Url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const random = () => base64Url(crypto.getRandomValues(new Uint8Array(32)));
    const failure = (code, message) => Object.assign(new Error(message || code), { code });

    // One IndexedDB store with one key: the refresh token.
    function store(mode, act) {
        return new Promise((resolve, reject) => {
            const open = indexedDB.open('panlong-auth', 1);
            open.onupgradeneeded = () => open.result.createObjectStore('tokens');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
                const tx = open.result.transaction('tokens', mode);
                const request = act(tx.objectStore('tokens'));
                tx.oncomplete = () => { open.result.close(); resolve(request.result); };
                tx.onerror = () => { open.result.close(); reject(tx.error); };
            };
        });
    }
    const readRefresh = () => store('readonly', s => s.get('refresh'));
    const keepRefresh = token => store('readwrite', s => token ? s.put(token, 'refresh') : s.delete('refresh'));

    async function post(path, fields) {
        let response;
        try {
            response = await fetch(path, {
                method: 'POST',
                headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams(fields),
                credentials: 'omit',
            });
        } catch (e) {
            throw failure('network', e.message);
        }
        return { ok: response.ok, body: await response.json().catch(() => ({})) };
    }

    async function keep(body) {
        access = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
        if (body.refresh_token) {
            await keepRefresh(body.refresh_token);
        }
    }

    async function signIn() {
        const verifier = random();
        const state = random();
        const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
        sessionStorage.setItem(flowKey, JSON.stringify({ verifier, state }));
        const query = new URLSearchParams({
            response_type: 'code', client_id: clientId, redirect_uri: redirectUri(), scope, state,
            code_challenge: challenge, code_challenge_method: 'S256',
        });
        location.assign('/connect/authorize?' + query);
    }

    async function completeSignIn() {
        const answer = new URLSearchParams(location.search);
        const flow = JSON.parse(sessionStorage.getItem(flowKey) || 'null');
        sessionStorage.removeItem(flowKey);
        // Not the answer to a flow this tab started: a forged or replayed redirect, never exchanged.
        if (!flow || answer.get('state') !== flow.state) {
            throw failure('state');
        }
        if (answer.get('error')) {
            throw failure('denied', answer.get('error_description') || answer.get('error'));
        }
        const { ok, body } = await post('/connect/token', {
            grant_type: 'authorization_code', code: answer.get('code') || '', redirect_uri: redirectUri(),
            client_id: clientId, code_verifier: flow.verifier,
        });
        if (!ok) {
            throw failure('exchange', body.error_description || body.error);
        }
        await keep(body);
        // The code is spent: keep it out of the history.
        history.replaceState(null, '', location.pathname);
    }

    function refresh() {
        refreshing ??= (async () => {
            try {
                const token = await readRefresh();
                if (!token) {
                    throw failure('signed-out');
                }
                const { ok, body } = await post('/connect/token', { grant_type: 'refresh_token', refresh_token: token, client_id: clientId });
                if (!ok) {
                    // Revoked, expired, or the account disabled: sign in again.
                    access = null;
                    await keepRefresh(null);
                    throw failure('signed-out', body.error_description || body.error);
                }
                await keep(body);
            } finally {
                refreshing = null;
            }
        })();
        return refreshing;
    }

    async function authorizedFetch(url, init = {}) {
        if (!access || access.expiresAt - earlySeconds * 1000 < Date.now()) {
            await refresh();
        }
        const send = () => {
            const headers = new Headers(init.headers || {});
            headers.set('Authorization', 'Bearer ' + access.token);
            return fetch(url, { ...init, headers, credentials: 'omit' });
        };
        const response = await send();
        if (response.status !== 401) {
            return response;
        }
        await refresh();
        return send();
    }

    async function signOut() {
        const token = await readRefresh();
        access = null;
        await keepRefresh(null);
        if (token) {
            await post('/connect/revoke', { token, token_type_hint: 'refresh_token', client_id: clientId }).catch(() => {});
        }
        // The end-session endpoint ends the portal's cookie session on this browser and writes the sign-out to the audit log.
        // Same-origin POST: a page elsewhere cannot send the portal's cookie with it (SameSite=Lax).
        await fetch('/connect/logout', {
            method: 'POST', credentials: 'same-origin', redirect: 'manual',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: clientId }),
        }).catch(() => {});
    }

    self.panlongAuth = {
        signIn, completeSignIn, signOut, fetch: authorizedFetch,
        isSignedIn: async () => Boolean(access || await readRefresh()),
    };
})();
