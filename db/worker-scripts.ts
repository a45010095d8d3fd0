import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Where the worker threads' scripts are (db/*.worker.mjs, plain JavaScript run as is). They are
 * found from the application's root — the nearest folder up from this module whose package.json
 * is this app's — rather than next to the importing module, so the same lookup works when the
 * server runs from its sources (tsx, vitest) and from its bundle (build/server-node/index.js,
 * `npm run build`), where every module shares the bundle's location.
 */
let root: string | undefined;

export function appRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "coalition-workspace") return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error("coalition-workspace: cannot find the application's package.json above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** A worker script by its path from the application's root, e.g. "db/sqlite-writer.worker.mjs". */
export function workerScript(path: string): URL {
  return pathToFileURL(join(appRoot(), path));
}
