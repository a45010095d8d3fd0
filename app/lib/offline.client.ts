/**
 * The service worker (public/sw.js, served at /sw.js) that lets a document opened on this
 * device be reopened offline. Browser only; every function is a no-op where service workers are
 * unavailable (plain http on a non-localhost origin, old browsers).
 */
export const SERVICE_WORKER_URL = "/sw.js";

const supported = () => typeof navigator !== "undefined" && "serviceWorker" in navigator && window.isSecureContext;

let registration: Promise<ServiceWorkerRegistration | null> | null = null;

export function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!supported()) return Promise.resolve(null);
  registration ??= navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: "/" }).catch(() => null);
  return registration;
}

function ask(message: Record<string, unknown>): Promise<boolean> {
  return registerServiceWorker().then(async (reg) => {
    if (!reg) return false;
    const worker = (await navigator.serviceWorker.ready).active;
    if (!worker) return false;
    return new Promise<boolean>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (e) => resolve(Boolean((e.data as { ok?: unknown })?.ok));
      worker.postMessage(message, [channel.port2]);
    });
  });
}

/** Keeps this page and the built assets it loaded, for an offline reload. Resolves true once kept. */
export function keepPageForOffline(): Promise<boolean> {
  const assets = new Set<string>();
  for (const entry of performance.getEntriesByType("resource")) if (new URL(entry.name).pathname.startsWith("/assets/")) assets.add(entry.name);
  document.querySelectorAll<HTMLLinkElement | HTMLScriptElement>('link[href^="/assets/"], script[src^="/assets/"]').forEach((el) => {
    assets.add(new URL(el instanceof HTMLLinkElement ? el.href : el.src, window.location.href).href);
  });
  return ask({ type: "keep", page: window.location.href, assets: [...assets] });
}

/** Forgets every kept page (signed out: the next person on this device must not read them). */
export function forgetOfflinePages(): Promise<boolean> {
  if (!supported() || !navigator.serviceWorker.controller) return Promise.resolve(false);
  return ask({ type: "forget-pages" });
}
