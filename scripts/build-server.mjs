// Compiles the Node server (server/index.ts and everything it imports from app/, db/, common/)
// into one ES module, build/server-node/index.js, so production runs plain `node` with no
// TypeScript loader at run time (issue 28). Packages stay external (node_modules is read as
// usual); the worker threads' scripts are plain .mjs found from the app's root
// (db/worker-scripts.ts). `npm run build` runs this after the Remix build; the tests' global
// setup builds one beside its Remix build, and the servers tests spawn run it.
import { build } from "esbuild";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { outfile: { type: "string", default: "build/server-node/index.js" } } });

await build({
  entryPoints: ["server/index.ts"],
  outfile: values.outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
