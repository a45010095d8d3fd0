/*
 * Coalition Workspace service worker: a document page opened on this device can be reopened
 * without a network. Its text comes from IndexedDB (the editor's y-indexeddb store); this worker
 * only keeps what is needed to start the page:
 *   - document pages (HTML): network first; offline, the copy kept from the last visit;
 *   - /assets/* (content-hashed, never change): cache first.
 * Nothing else is touched (API data, the collaboration websocket, other pages).
 * Signing out (any page without a signed-in person) forgets the kept pages.
 */
const VERSION = "1";
const PAGES = `cw-pages-${VERSION}`;
const ASSETS = `cw-assets-${VERSION}`;
const DOCUMENT_PAGE = /^\/coalitions\/[^/]+\/documents\/[^/.]+\/?$/;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith("cw-") && key !== PAGES && key !== ASSETS) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

const pageKey = (url) => {
  const u = new URL(url);
  return `${u.origin}${u.pathname.replace(/\/$/, "")}`;
};

const OFFLINE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline · Coalition Workspace</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#0f172a">
<h1 style="font-size:1.4rem">You are offline</h1>
<p>This page was not opened on this device before, so there is no copy of it here. Documents you opened while online can be reopened offline.</p>
<p>Reload when the network is back.</p></body></html>`;

async function documentPage(request) {
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await cache.put(pageKey(request.url), response.clone());
    // Sent to log in (session ended) or refused: the kept copy must not outlive the access.
    else if (response.type === "opaqueredirect" || response.status === 403 || response.status === 404) await cache.delete(pageKey(request.url));
    return response;
  } catch (error) {
    const kept = await cache.match(pageKey(request.url));
    if (kept) return kept;
    return new Response(OFFLINE_PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
  }
}

async function asset(request) {
  const cache = await caches.open(ASSETS);
  const kept = await cache.match(request.url);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request.url, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && DOCUMENT_PAGE.test(url.pathname)) event.respondWith(documentPage(request));
  else if (url.pathname.startsWith("/assets/")) event.respondWith(asset(request));
});

/** The page and the assets it loaded before this worker controlled it, kept now. */
async function keep(page, assets) {
  const pages = await caches.open(PAGES);
  const store = await caches.open(ASSETS);
  await Promise.all(
    assets
      .filter((a) => new URL(a).origin === self.location.origin && new URL(a).pathname.startsWith("/assets/"))
      .map(async (a) => {
        if (await store.match(a)) return;
        const response = await fetch(a);
        if (response.ok) await store.put(a, response);
      }),
  );
  if (DOCUMENT_PAGE.test(new URL(page).pathname) && !(await pages.match(pageKey(page)))) {
    const response = await fetch(page, { credentials: "same-origin", redirect: "manual" });
    if (response.ok && response.type === "basic") await pages.put(pageKey(page), response);
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (ok) => event.ports[0] && event.ports[0].postMessage({ ok });
  if (data.type === "keep" && typeof data.page === "string" && Array.isArray(data.assets)) {
    event.waitUntil(keep(data.page, data.assets.filter((a) => typeof a === "string")).then(() => reply(true), () => reply(false)));
  } else if (data.type === "forget-pages") {
    event.waitUntil(caches.delete(PAGES).then(() => reply(true)));
  }
});
