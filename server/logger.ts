import pino, { type Logger } from "pino";

const KEY = Symbol.for("coalition-workspace.logger");
type Holder = { [KEY]?: Logger };

/** The process-wide structured logger (JSON lines on stdout). */
export function getLogger(): Logger {
  const holder = globalThis as Holder;
  holder[KEY] ??= pino({ level: process.env.LOG_LEVEL ?? "info", base: { pid: process.pid } });
  return holder[KEY]!;
}

export function setLogger(logger: Logger): void {
  (globalThis as Holder)[KEY] = logger;
}
