import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ViteDevServer } from "vite";
import { noteSessionUse } from "../app/models/account-sessions.server";
import { authenticate } from "../app/models/auth.server";
import type { Config } from "../app/lib/config.server";
import { noteStorageError, STORAGE_UNAVAILABLE_INIT, storageUnavailableMessage } from "../app/lib/storage-errors";
import { localeMiddleware } from "./locale";
import { getLogger } from "./logger";
import { observeRequests, tagRoute } from "./observability/access-log";
import { metricsEndpoint } from "./observability/metrics";
import { routeMatcher, type RouteMatcher } from "./observability/route-match";
import { untrustedProxyWarning } from "./proxy-warning";
import { secondFactorGate } from "./second-factor-gate";
import { expectedOrigin, originCheck, securityHeaders } from "./security";

export interface AppOptions {
  config: Config;
  /** In development, Vite serves the app with HMR; otherwise the built app in build/ is used. */
  vite?: ViteDevServer;
  buildDir?: string;
}

/** The Express app: security headers, Origin check, session, static assets and Remix. */
export async function createApp({ config, vite, buildDir = resolve(config.BUILD_DIR) }: AppOptions) {
  const app = express();
  app.disable("x-powered-by");
  // req.ip (the login throttle's key) is the socket's peer unless TRUST_PROXY names the proxies in front.
  app.set("trust proxy", config.TRUST_PROXY);
  app.use(untrustedProxyWarning(app.get("trust proxy fn") as (address: string, hop: number) => boolean, getLogger()));

  // The access log and the request-duration metrics see every request, however it ends.
  app.use(observeRequests(getLogger()));
  app.use(securityHeaders({ dev: Boolean(vite), appOrigin: config.APP_ORIGIN }));
  // Prometheus scrapes here with METRICS_TOKEN as a bearer token; without one it is a 404.
  app.get("/metrics", (_req, res, next) => ((res.locals.route = "/metrics"), next()), metricsEndpoint(config.METRICS_TOKEN));

  if (vite) {
    app.use(vite.middlewares);
  } else {
    app.use("/assets", express.static(resolve(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(resolve(buildDir, "client"), { maxAge: "1h" }));
  }

  const build = vite
    ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
    : ((await import(pathToFileURL(resolve(buildDir, "server/index.js")).href)) as ServerBuild);
  let matcher: RouteMatcher | undefined;
  app.use(tagRoute(typeof build === "function" ? async () => routeMatcher(await build()) : () => (matcher ??= routeMatcher(build))));

  app.use(originCheck(config.APP_ORIGIN));
  app.use(storageFailureStatus);

  // Validate the session once per request; refresh or clear the cookie as Lucia says.
  app.use(async (req, res, next) => {
    try {
      const auth = await authenticate(req.headers.cookie);
      res.locals.user = auth.user;
      res.locals.session = auth.session;
      if (auth.setCookie) res.append("Set-Cookie", auth.setCookie);
      if (auth.session) await noteSessionUse(auth.session.id, { userAgent: req.headers["user-agent"], address: req.ip });
      next();
    } catch (error) {
      next(error);
    }
  });
  app.use(localeMiddleware((config.APP_ORIGIN ?? "").startsWith("https:")));
  app.use(secondFactorGate);

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: vite ? "development" : "production",
      getLoadContext: (req, res) => ({
        user: res.locals.user ?? null,
        session: res.locals.session ?? null,
        cspNonce: res.locals.cspNonce,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        appOrigin: expectedOrigin(config.APP_ORIGIN, req.headers.host),
        locale: res.locals.locale,
        requestState: res.locals.requestState,
      }),
    }),
  );
  app.use(storageErrorHandler);
  return app;
}

/**
 * A request on which a storage error was seen (entry.server's handleError sets the flag) answers
 * 503, not 500: data requests (single fetch) and resource routes get their status changed here;
 * pages are answered with the plain message by entry.server itself.
 */
const storageFailureStatus: RequestHandler = (_req, res, next) => {
  const state = { storageFailed: false };
  res.locals.requestState = state;
  const writeHead = res.writeHead;
  res.writeHead = function (this: typeof res, statusCode: number, ...rest: unknown[]) {
    if (state.storageFailed && statusCode === 500) {
      statusCode = STORAGE_UNAVAILABLE_INIT.status;
      res.setHeader("Retry-After", STORAGE_UNAVAILABLE_INIT.headers["Retry-After"]);
    }
    return (writeHead as (...args: unknown[]) => typeof res).call(this, statusCode, ...rest);
  } as typeof res.writeHead;
  next();
};

/** Errors outside Remix (the session check reads and refreshes sessions): a storage error answers 503. */
const storageErrorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  if (!noteStorageError(error) || res.headersSent) return next(error);
  res.status(STORAGE_UNAVAILABLE_INIT.status).set({ ...STORAGE_UNAVAILABLE_INIT.headers, "Cache-Control": "no-store" }).type("text/plain").send(`${storageUnavailableMessage()}\n`);
};
