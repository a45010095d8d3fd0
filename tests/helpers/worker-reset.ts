import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeEach, vi } from "vitest";
import { setLogger } from "../../server/logger";

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

/**
 * The servers a test starts log their errors here, not on the terminal (tests provoke errors on
 * purpose); when a test fails, what was logged during it is printed, so a 500 in CI says why.
 */
const logged: string[] = [];
setLogger(
  pino(
    { level: "error" },
    new Writable({
      write(chunk, _encoding, done) {
        logged.push(String(chunk));
        if (logged.length > 40) logged.shift();
        done();
      },
    }),
  ),
);
beforeEach((context) => {
  logged.length = 0;
  context.onTestFailed(() => {
    if (logged.length > 0) process.stderr.write(`\n--- server errors logged during "${context.task.name}" ---\n${logged.join("")}--- end ---\n`);
  });
});

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});
