import { z } from "zod";

/**
 * The process configuration, parsed once from the environment. Nothing is required:
 * every variable has a default that runs the app on one machine with SQLite.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().default("file:./data/workspace.db"),
  REDIS_URL: z.string().optional(),
  APP_ORIGIN: z
    .string()
    .url()
    .optional()
    .transform((v) => (v ? new URL(v).origin : undefined)),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().default("production"),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Coalition Workspace <no-reply@localhost>"),
});

export type Config = z.infer<typeof schema>;

/** Parses a config from an environment-like object; throws with every problem listed. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  return result.data;
}

const KEY = Symbol.for("coalition-workspace.config");
type Holder = { [KEY]?: Config };

/** The process-wide configuration (set by the server at start, else read from process.env). */
export function getConfig(): Config {
  const holder = globalThis as Holder;
  if (!holder[KEY]) holder[KEY] = parseConfig();
  return holder[KEY]!;
}

export function setConfig(config: Config): void {
  (globalThis as Holder)[KEY] = config;
}
