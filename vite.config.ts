import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    tailwindcss(),
    remix({
      buildDirectory: process.env.BUILD_DIR ?? "build",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        // Off: its MutationObserver runs querySelectorAll on the target of every DOM change, which
        // cost a large draft with hundreds of comments 1.8 s on load (bench/README.md, editor page);
        // the whole route manifest (3.8 KB gzipped) is loaded up front instead.
        v3_lazyRouteDiscovery: false,
      },
    }),
  ],
  optimizeDeps: {
    include: [
      "yjs",
      "y-websocket",
      "y-protocols/awareness",
      "lib0/encoding",
      "@tiptap/react",
      "@tiptap/starter-kit",
      "@tiptap/extension-collaboration",
      "@tiptap/extension-collaboration-caret",
      "@tiptap/extension-table",
      "@tiptap/extensions",
      "y-indexeddb",
      "y-protocols/sync",
      "lib0/decoding",
    ],
  },
  build: { sourcemap: false },
});
