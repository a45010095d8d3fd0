import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { loggablePath, type RouteMatcher } from "./route-match";
import { getMetrics } from "./metrics";

/**
 * One access-log line per request (pino-http) and its duration in `/metrics`, both named by the
 * Remix route id (`res.locals.route`, set by `tagRoute` just before Remix answers). The line holds
 * the request id (also sent back as `X-Request-Id`), method, route, the path with token parameters
 * masked and no query string, status and duration: never a header, so never a cookie or a token.
 */

/** Requests that Remix did not answer (static files, Vite in development). */
const STATIC_ROUTE = "(static)";

/** An incoming request id is kept when a proxy set a sane one; else a new one. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

type Locals = { route?: string; path?: string };
const localsOf = (res: ServerResponse) => ((res as Response).locals ?? {}) as Locals;
const pathOf = (req: IncomingMessage) => (req.url ?? "/").split("?")[0] ?? "/";

export function observeRequests(logger: Logger): RequestHandler {
  const metrics = getMetrics();
  const log = pinoHttp({
    logger,
    genReqId(req, res) {
      const incoming = req.headers["x-request-id"];
      const id = typeof incoming === "string" && SAFE_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    // The serializers pick fields: headers (cookies, Authorization) are never written.
    serializers: {
      req: (req: { id: unknown; method: string }) => ({ id: req.id, method: req.method }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error) => ({ type: err.name, message: err.message }),
    },
    customSuccessObject: (req, res, val) => ({ ...val, route: localsOf(res).route ?? STATIC_ROUTE, path: localsOf(res).path ?? pathOf(req) }),
    customErrorObject: (req, res, _err, val) => ({ ...val, route: localsOf(res).route ?? STATIC_ROUTE, path: localsOf(res).path ?? pathOf(req) }),
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : "info"),
    customSuccessMessage: () => "request",
    customErrorMessage: () => "request failed",
  });
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.once("close", () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics.observeRequest({ method: req.method, route: localsOf(res).route ?? STATIC_ROUTE, status: res.statusCode }, seconds);
    });
    log(req, res, next);
  };
}

/** Names the request by its Remix route id (or `(no route)`) before Remix answers it. */
export function tagRoute(matcher: () => Promise<RouteMatcher> | RouteMatcher): RequestHandler {
  return async (req: Request, res: Response, next) => {
    try {
      const pathname = req.path;
      const match = (await matcher())(pathname);
      res.locals.route = match?.id ?? "(no route)";
      res.locals.path = match ? loggablePath(pathname, match.params) : pathname;
      next();
    } catch (error) {
      next(error);
    }
  };
}
