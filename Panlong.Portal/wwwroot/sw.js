// The phone app's service worker (docs/decisions/0092-offline-phone-app.md). Blazor Server cannot run without the network,
// so when a field page cannot be fetched the worker answers with the static offline form, and reports kept on the phone
// are sent from here too when Background Sync says the network is back. Workbox comes from npm (wwwroot/lib/workbox).
importScripts('/lib/workbox/workbox-sw.js');
workbox.setConfig({ modulePathPrefix: '/lib/workbox/', debug: false });
// The queue sends with the phone app's token when it holds one (docs/decisions/0097-app-token-queue.md).
importScripts('/js/app-auth.js', '/js/report-queue.js');

const shellCache = 'panlong-offline-v1';
// What the offline form needs, the page first; the form's data (categories, words) is the reporter's own and is cached as it is fetched.
const shell = ['/offline.html', '/js/app-auth.js', '/js/report-queue.js', '/js/offline-report.js', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png'];
const offlinePage = shell[0];
// The pages a field worker opens on the phone: reporting, the task list (核实/核查) and patrol.
const fieldPages = ['/cases/report', '/tasks', '/patrol', '/patrol/mine'];

// Every module the worker uses is named here, while it starts: workbox-sw may import scripts only then.
const { clientsClaim } = workbox.core;
const { registerRoute } = workbox.routing;
const { NetworkOnly, NetworkFirst, StaleWhileRevalidate } = workbox.strategies;

self.addEventListener('install', event => {
    event.waitUntil(caches.open(shellCache).then(cache => cache.addAll(shell)).then(() => self.skipWaiting()));
});
clientsClaim();

// A field page online is the Blazor page; without the network it is the offline form, never the browser's error page.
registerRoute(({ request, url }) => request.mode === 'navigate' && url.origin === self.location.origin && fieldPages.includes(url.pathname),
    new NetworkOnly({ plugins: [{ handlerDidError: () => caches.match(offlinePage, { cacheName: shellCache }) }] }));

// The offline shell: from the cache at once, refreshed behind it while online.
registerRoute(({ url }) => url.origin === self.location.origin && shell.includes(url.pathname),
    new StaleWhileRevalidate({ cacheName: shellCache }));

// The form's categories and words: the latest when online, the last seen when not.
registerRoute(({ url }) => url.origin === self.location.origin && url.pathname === PanlongQueue.formUrl,
    new NetworkFirst({ cacheName: shellCache, networkTimeoutSeconds: 5 }));

self.addEventListener('sync', event => {
    if (event.tag === PanlongQueue.syncTag) {
        event.waitUntil(PanlongQueue.flush());
    }
});
