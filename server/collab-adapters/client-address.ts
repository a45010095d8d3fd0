import type { IncomingMessage } from "node:http";
import express from "express";
import type { TrustProxy } from "../../app/lib/config.server";

/**
 * The client's address for an upgrade request, exactly as Express's `req.ip` gives it for HTTP
 * requests under the same TRUST_PROXY (server/app.ts sets `trust proxy` from it): upgrades never
 * pass through Express, so the request is read through Express's own `ip` getter on an app with
 * the same setting. Falls back to the socket's peer.
 */
export function clientAddressResolver(trustProxy: TrustProxy): (req: IncomingMessage) => string {
  const app = express();
  app.set("trust proxy", trustProxy);
  return (req) => {
    const view = Object.create(app.request, { headers: { value: req.headers }, connection: { value: req.socket }, socket: { value: req.socket } }) as { ip?: string };
    return view.ip ?? req.socket.remoteAddress ?? "unknown";
  };
}
