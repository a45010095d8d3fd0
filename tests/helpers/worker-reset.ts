import { afterAll, vi } from "vitest";

/**
 * Test files share their worker's module cache (`isolate: false` in vitest.config.ts: the app is
 * imported once per worker, not once per file). What a file changes of the process is put back
 * here, before each file: the environment as the worker started with it, and real timers after.
 */
const holder = globalThis as { __cwWorkerEnv?: Record<string, string | undefined> };
holder.__cwWorkerEnv ??= { ...process.env };
const start = holder.__cwWorkerEnv;
for (const key of Object.keys(process.env)) if (!(key in start)) delete process.env[key];
for (const [key, value] of Object.entries(start)) if (value !== undefined) process.env[key] = value;

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});
