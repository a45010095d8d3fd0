import pino, { type Logger } from "pino";

const KEY = Symbol.for("coalition-workspace.logger");
type Holder = { [KEY]?: Logger };

/** The process-wide structured logger (JSON lines on stdout); the server sets its level from LOG_LEVEL at start. */
export function getLogger(): Logger {
  const holder = globalThis as Holder;
  holder[KEY] ??= pino({ level: "info", base: { pid: process.pid } });
  return holder[KEY]!;
}

export function setLogger(logger: Logger): void {
  (globalThis as Holder)[KEY] = logger;
}
