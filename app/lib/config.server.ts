import { isIP } from "node:net";
import { z } from "zod";

/**
 * The process configuration: every environment variable the app reads, in one schema, parsed
 * once at start (server/index.ts). Nothing is required: every variable has a default that runs
 * the app on one machine with SQLite. A set but invalid value stops the start with a message
 * naming the variable. The README's configuration table lists the same variables; a test
 * (tests/unit/config.test.ts) keeps the two in step.
 */

/** A non-negative finite number (a `COLLAB_*` limit or delay). */
const nonNegative = (fallback: number) => z.coerce.number().min(0).default(fallback);

/**
 * TRUST_PROXY, mapped to Express's `trust proxy`: unset or `0` trusts no proxy (req.ip is the
 * socket's peer); a number N trusts the N nearest hops of X-Forwarded-For; otherwise a
 * comma-separated list of proxy addresses or CIDRs (or Express's names `loopback`, `linklocal`,
 * `uniquelocal`). `true` (trust every hop) is refused: any client could then choose its own
 * address, and the login throttle is keyed by it.
 */
export type TrustProxy = false | number | string[];

const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split("/");
  const family = isIP(address ?? "");
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

const trustProxy = z
  .string()
  .trim()
  .optional()
  .transform((raw, ctx): TrustProxy => {
    if (raw === undefined || raw === "" || raw === "0" || raw === "false") return false;
    if (/^\d+$/.test(raw)) return Number(raw);
    const entries = raw.split(",").map((s) => s.trim()).filter(Boolean);
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (raw === "true" || bad.length || !entries.length) {
      ctx.addIssue({
        code: "custom",
        message: `expected a hop count, or proxy addresses/CIDRs separated by commas (or loopback, linklocal, uniquelocal), not "${raw}"`,
      });
      return z.NEVER;
    }
    return entries;
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATABASE_URL: z.string().default("file:./data/workspace.db"),
  /** Connections in the PostgreSQL pool of each instance. */
  PG_POOL_SIZE: z.coerce.number().int().min(1).default(10),
  REDIS_URL: z.string().optional(),
  /** This instance's name in /healthz and logs; default host-pid-random. */
  INSTANCE_ID: z.string().optional(),
  APP_ORIGIN: z
    .string()
    .url()
    .optional()
    .transform((v) => (v ? new URL(v).origin : undefined)),
  TRUST_PROXY: trustProxy,
  /** Where `npm run build` put the app (server/index.js and client/). */
  BUILD_DIR: z.string().default("build"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().default("production"),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("Coalition Workspace <no-reply@localhost>"),
  /** SMTP connections each instance keeps open, and so how many mails it hands over at once. */
  MAIL_SMTP_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
  /** The site's contact for people (the accessibility statement's "report a problem" link); unset: no address is shown. */
  ADMIN_EMAIL: z.string().trim().email().optional(),
  /** The domain of the coalitions' list ids and of Message-IDs (default: APP_ORIGIN's host name, else localhost). */
  MAIL_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, "expected a domain name such as lists.example.org")
    .optional(),
  /**
   * Inbound mail (issue 22): the port the app's own SMTP receiver listens on, behind the site's
   * MTA (README: "Mail in"). Unset: no receiver. Mail to <coalition-slug>@MAIL_DOMAIN starts a
   * thread, to reply+<signed key>@MAIL_DOMAIN posts a reply. 0: any free port (tests).
   */
  MAIL_INBOUND_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The address the receiver listens on: the MTA in front relays to it (loopback by default). */
  MAIL_INBOUND_HOST: z.string().default("127.0.0.1"),
  /** A message larger than this is refused at SMTP (552) before it is read. */
  MAIL_INBOUND_MAX_BYTES: nonNegative(10 * 1024 * 1024),

  COLLAB_MAX_MESSAGE_BYTES: nonNegative(1024 * 1024),
  COLLAB_MAX_CONNECTIONS_PER_USER: nonNegative(20),
  COLLAB_MAX_CONNECTIONS_PER_DOCUMENT: nonNegative(200),
  COLLAB_MAX_BUFFERED_BYTES: nonNegative(16 * 1024 * 1024),
  COLLAB_RATE_MESSAGES_PER_SEC: nonNegative(300),
  COLLAB_RATE_MESSAGES_BURST: nonNegative(3000),
  COLLAB_RATE_BYTES_PER_SEC: nonNegative(4 * 1024 * 1024),
  COLLAB_RATE_BYTES_BURST: nonNegative(16 * 1024 * 1024),
  COLLAB_RATE_AWARENESS_PER_SEC: nonNegative(30),
  COLLAB_RATE_AWARENESS_BURST: nonNegative(60),
  COLLAB_MAX_AWARENESS_BYTES: nonNegative(16 * 1024),
  COLLAB_UNLOAD_DELAY_MS: nonNegative(10_000),
  COLLAB_COMPACT_MAX_UPDATES: nonNegative(2000),
  COLLAB_COMPACT_MAX_BYTES: nonNegative(4 * 1024 * 1024),
  COLLAB_COMPACT_THREAD_MIN_MS: nonNegative(20),
  COLLAB_META_DELAY_MS: nonNegative(3000),
  COLLAB_SESSION_CHECK_MS: nonNegative(60_000),
  COLLAB_COMMIT_INTERVAL_MS: nonNegative(20),
  COLLAB_PING_AFTER_MS: nonNegative(10_000),
  COLLAB_PONG_TIMEOUT_MS: nonNegative(4000),
  COLLAB_HANDSHAKE_ACCOUNT_BURST: nonNegative(30),
  COLLAB_HANDSHAKE_ACCOUNT_PER_SEC: nonNegative(1),
  COLLAB_HANDSHAKE_ADDRESS_BURST: nonNegative(60),
  COLLAB_HANDSHAKE_ADDRESS_PER_SEC: nonNegative(2),
  COLLAB_BACKLOG_BUDGET_BYTES: nonNegative(256 * 1024 * 1024),
  COLLAB_SQLITE_SYNCHRONOUS: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["full", "normal"]))
    .default("full")
    .transform((v) => v.toUpperCase() as "FULL" | "NORMAL"),
  COLLAB_SQLITE_WRITER: z.enum(["worker", "main"]).default("worker"),

  /** Bearer token Prometheus sends to scrape `/metrics`; unset, `/metrics` answers 404. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** On SIGTERM, how long in-flight HTTP requests may run before their connections are closed. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),

  /** How often the housekeeping jobs run (server/jobs): expired sessions, old login failures. */
  JOBS_HOUSEKEEPING_INTERVAL_MS: z.coerce.number().int().min(1000).default(15 * 60_000),
  /** How often each instance looks for due durable jobs (mail to send, digests). */
  JOBS_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(2000),
});

export type Config = z.infer<typeof schema>;

/** Every variable the schema reads (the README's configuration table lists exactly these). */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as (keyof Config)[];

/** Parses a config from an environment-like object; throws with every problem listed, each naming its variable. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = new Set<string>(CONFIG_VARIABLES);
  const input = Object.fromEntries(Object.entries(env).filter(([k, v]) => known.has(k) && v !== undefined && v !== ""));
  const result = schema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const name = String(i.path[0] ?? "?");
      return `${name}=${JSON.stringify(env[name] ?? "")}: ${i.message}`;
    });
    throw new Error(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  return result.data;
}

/** The collaboration server's limits and tunables (server/collab takes them as they are). */
export interface CollabLimits {
  /** Largest accepted message; larger → close MESSAGE_TOO_LARGE (ws itself answers 1009 past twice this). */
  maxMessageBytes: number;
  maxConnectionsPerUser: number;
  maxConnectionsPerDocument: number;
  /** A connection whose unsent backlog passes this is a slow reader → close SLOW_READER. */
  maxBufferedBytes: number;
  /** Token bucket per connection: sustained messages per second and the burst allowed. */
  rateMessagesPerSecond: number;
  rateMessagesBurst: number;
  /** Token bucket per connection on received bytes. */
  rateBytesPerSecond: number;
  rateBytesBurst: number;
  /** Awareness updates per connection per second beyond which they are dropped (throttled). */
  rateAwarenessPerSecond: number;
  rateAwarenessBurst: number;
  /** Largest awareness state (JSON) accepted per client. */
  maxAwarenessStateBytes: number;
  /** How long an idle document stays loaded after its last client leaves. */
  unloadDelayMs: number;
  /** Compact the log into the snapshot when the tail has this many rows or bytes. */
  compactMaxUpdates: number;
  compactMaxBytes: number;
  /**
   * On a SQLite file, with more than one core to run on: a document whose last compaction on the event
   * loop (encoding it and taking its plain text) took at least this many ms is compacted on the
   * compaction thread from then on, rebuilt from the stored log (db/sqlite-compactor.ts). The rebuild
   * costs about twice the CPU, so documents that encode quickly stay on the loop. 0: every compaction
   * goes to the thread.
   */
  compactThreadMinMs: number;
  /** Debounce of the last-edited / plain-text write and the document.changed event. */
  metaDelayMs: number;
  /** How often open sockets' sessions are swept for rows deleted without an event (expiry and logout close at once regardless). */
  sessionCheckMs: number;
  /**
   * Least time between the starts of two group commits. Under a steady stream of edits, commits
   * (and the relayed frames, one per commit per socket) come at most this often, each carrying more
   * edits; an edit after a quiet spell is committed at once. 0 commits after every turn.
   */
  commitIntervalMs: number;
  /** A connection silent (no frame, no pong) this long is sent a websocket ping (and every 30 s at the latest regardless). */
  pingAfterMs: number;
  /** A ping left without an answer (pong or any frame) this long closes the connection with NO_ANSWER. */
  pongTimeoutMs: number;
  /** Token buckets on websocket handshakes, per account and per client address (past them: HTTP 429 with Retry-After). */
  handshakeAccountBurst: number;
  handshakeAccountPerSecond: number;
  handshakeAddressBurst: number;
  handshakeAddressPerSecond: number;
  /** The sum of every connection's unsent backlog this process allows; past it the slowest readers are closed (SLOW_READER) first. */
  backlogBudgetBytes: number;
}

/** The collaboration server's limits from a parsed config (what `readLimits(process.env)` did). */
export function collabLimitsFromConfig(config: Config): CollabLimits {
  return {
    maxMessageBytes: config.COLLAB_MAX_MESSAGE_BYTES,
    maxConnectionsPerUser: config.COLLAB_MAX_CONNECTIONS_PER_USER,
    maxConnectionsPerDocument: config.COLLAB_MAX_CONNECTIONS_PER_DOCUMENT,
    maxBufferedBytes: config.COLLAB_MAX_BUFFERED_BYTES,
    rateMessagesPerSecond: config.COLLAB_RATE_MESSAGES_PER_SEC,
    rateMessagesBurst: config.COLLAB_RATE_MESSAGES_BURST,
    rateBytesPerSecond: config.COLLAB_RATE_BYTES_PER_SEC,
    rateBytesBurst: config.COLLAB_RATE_BYTES_BURST,
    rateAwarenessPerSecond: config.COLLAB_RATE_AWARENESS_PER_SEC,
    rateAwarenessBurst: config.COLLAB_RATE_AWARENESS_BURST,
    maxAwarenessStateBytes: config.COLLAB_MAX_AWARENESS_BYTES,
    unloadDelayMs: config.COLLAB_UNLOAD_DELAY_MS,
    compactMaxUpdates: config.COLLAB_COMPACT_MAX_UPDATES,
    compactMaxBytes: config.COLLAB_COMPACT_MAX_BYTES,
    compactThreadMinMs: config.COLLAB_COMPACT_THREAD_MIN_MS,
    metaDelayMs: config.COLLAB_META_DELAY_MS,
    sessionCheckMs: config.COLLAB_SESSION_CHECK_MS,
    commitIntervalMs: config.COLLAB_COMMIT_INTERVAL_MS,
    pingAfterMs: config.COLLAB_PING_AFTER_MS,
    pongTimeoutMs: config.COLLAB_PONG_TIMEOUT_MS,
    handshakeAccountBurst: config.COLLAB_HANDSHAKE_ACCOUNT_BURST,
    handshakeAccountPerSecond: config.COLLAB_HANDSHAKE_ACCOUNT_PER_SEC,
    handshakeAddressBurst: config.COLLAB_HANDSHAKE_ADDRESS_BURST,
    handshakeAddressPerSecond: config.COLLAB_HANDSHAKE_ADDRESS_PER_SEC,
    backlogBudgetBytes: config.COLLAB_BACKLOG_BUDGET_BYTES,
  };
}

/** How the SQLite document writer commits edits (db/queries/document-writer.ts's options). */
export interface SqliteWriterConfig {
  synchronous: "FULL" | "NORMAL";
  thread: "worker" | "main";
}

export function sqliteWriterFromConfig(config: Config): SqliteWriterConfig {
  return { synchronous: config.COLLAB_SQLITE_SYNCHRONOUS, thread: config.COLLAB_SQLITE_WRITER };
}

// The parsed config lives on globalThis so that the Remix server bundle and the plain Node
// server (which load separate copies of this module) share it (docs/decisions/0005).
const KEY = Symbol.for("coalition-workspace.config");
type Holder = { [KEY]?: Config };

/** The process-wide configuration (set by the server at start, else read from process.env once). */
export function getConfig(): Config {
  const holder = globalThis as Holder;
  if (!holder[KEY]) holder[KEY] = parseConfig();
  return holder[KEY]!;
}

export function setConfig(config: Config): void {
  (globalThis as Holder)[KEY] = config;
}
