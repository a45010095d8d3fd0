import type { RequestHandler } from "express";
import type { Logger } from "pino";

/**
 * Logs a warning, once per process start, when a request carries X-Forwarded-For from a peer that
 * TRUST_PROXY does not trust: the header is then ignored, so every client behind that proxy shares
 * its address (and the login throttle's per-address limit).
 */
export function untrustedProxyWarning(trust: (address: string, hop: number) => boolean, log: Logger): RequestHandler {
  let warned = false;
  return (req, _res, next) => {
    if (!warned && req.headers["x-forwarded-for"] !== undefined) {
      const peer = req.socket.remoteAddress ?? "";
      if (!trust(peer, 0)) {
        warned = true;
        log.warn(
          { peer },
          "a request carried X-Forwarded-For from a proxy TRUST_PROXY does not trust: the header is ignored and clients behind it share the proxy's address (set TRUST_PROXY; this is logged once)",
        );
      }
    }
    next();
  };
}
