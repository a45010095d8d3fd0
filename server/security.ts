import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/** HSTS for a year, subdomains included: sent only when the app is served over https. */
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/**
 * Per-request CSP nonce plus the usual security headers. Scripts need the nonce; no unsafe-inline.
 * Strict-Transport-Security only when `appOrigin` (APP_ORIGIN) is https, never over plain http.
 */
export function securityHeaders(options: { dev: boolean; appOrigin?: string }) {
  const hsts = (options.appOrigin ?? "").startsWith("https:");
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    const scriptSrc = options.dev ? `'self' 'nonce-${nonce}' 'unsafe-eval'` : `'self' 'nonce-${nonce}'`;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src ${scriptSrc}`,
        // Editor carets and ProseMirror set style attributes; styles cannot run code.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self' ws: wss:",
        // The offline copy of documents: /sw.js from this origin only.
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (hsts) res.setHeader("Strict-Transport-Security", HSTS_VALUE);
    next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The origin a request claims: the Origin header, else the Referer's origin, else null.
 */
export function requestOrigin(headers: { origin?: string | string[]; referer?: string | string[] }): string | null {
  const origin = Array.isArray(headers.origin) ? headers.origin[0] : headers.origin;
  if (origin && origin !== "null") return origin;
  const referer = Array.isArray(headers.referer) ? headers.referer[0] : headers.referer;
  if (referer) {
    try {
      return new URL(referer).origin;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The origin requests must come from: APP_ORIGIN when set, else the server's own origin as
 * the browser addressed it (the Host header, which a cross-site page cannot choose).
 */
export function expectedOrigin(configured: string | undefined, host: string | undefined): string {
  return configured ?? `http://${host ?? "localhost"}`;
}

/**
 * POSTs that carry their own proof instead of a session, so no other site can forge them: the
 * one-click unsubscribe of RFC 8058 (a signed token in the path), which mail providers send from
 * their own servers, with no Origin of this site.
 */
const SELF_PROVING_POSTS = /^\/unsubscribe\/[A-Za-z0-9_.-]+$/;

/** Every non-GET request must come from the app's own origin (Origin, falling back to Referer). */
export function originCheck(configured: string | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const expected = expectedOrigin(configured, req.headers.host);
    const origin = requestOrigin(req.headers);
    const selfProving = req.method === "POST" && SELF_PROVING_POSTS.test(req.path);
    if (origin !== expected && !selfProving) {
      res.status(403).type("text/plain").send("Forbidden: this request did not come from this site (Origin check failed).");
      return;
    }
    // Remix repeats a cruder check (Origin's host must equal Host or X-Forwarded-Host) and
    // answers 500 where it disagrees: behind a proxy that rewrites Host, or for "Origin: null"
    // with a same-site Referer. The request is verified now, so state the verified origin.
    req.headers.origin = expected;
    req.headers["x-forwarded-host"] = new URL(expected).host;
    next();
  };
}
