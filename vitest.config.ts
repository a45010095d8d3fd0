import { defineConfig } from "vitest/config";

// Tests run without the Remix plugin: integration and e2e suites drive a real
// server built by `remix vite:build` (see tests/helpers/global-setup.ts).
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    pool: "forks",
    globalSetup: ["tests/helpers/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
