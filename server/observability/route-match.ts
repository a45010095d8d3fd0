import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { ServerBuild } from "@remix-run/node";

/**
 * Names a request by the Remix route that answers it (its route id, e.g.
 * `routes/coalitions.$slug.threads.$threadId`), never by the raw URL: metrics and the access log
 * stay bounded in labels and never carry ids or tokens from paths.
 */
export type RouteMatcher = (pathname: string) => { id: string; params: Record<string, string | undefined> } | null;

type Route = AgnosticRouteObject & { id: string };

/** Builds the nested route tree from a server build's flat route table, as Remix does. */
function routeTree(build: ServerBuild): Route[] {
  const entries = Object.values(build.routes);
  const byParent = (parentId: string | undefined): Route[] =>
    entries
      .filter((r) => r.parentId === parentId)
      .map((r) => {
        const children = byParent(r.id);
        return r.index
          ? ({ id: r.id, path: r.path, index: true, caseSensitive: r.caseSensitive } as Route)
          : ({ id: r.id, path: r.path, caseSensitive: r.caseSensitive, children } as Route);
      });
  return byParent(undefined);
}

export function routeMatcher(build: ServerBuild): RouteMatcher {
  const tree = routeTree(build);
  return (pathname) => {
    const matches = matchRoutes(tree, pathname);
    const last = matches?.[matches.length - 1];
    if (!last) return null;
    return { id: (last.route as Route).id, params: last.params };
  };
}

/** The path to log: the route's own parameters named like tokens (invitation links) are masked. */
export function loggablePath(pathname: string, params: Record<string, string | undefined>): string {
  let path = pathname;
  for (const [name, value] of Object.entries(params)) {
    if (value && /token|secret|code|key/i.test(name)) path = path.split(value).join(`:${name}`);
  }
  return path;
}
