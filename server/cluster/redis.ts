import { Redis } from "ioredis";
import type { Logger } from "pino";

export type RedisState = "disabled" | "connecting" | "ready" | "down";

/** How long a command on the publishing connection may take before it fails (callers then fall back). */
export const COMMAND_TIMEOUT_MS = 2000;

/**
 * A publisher and a subscriber connection to Redis. ioredis reconnects by itself; while
 * Redis is away, publishes are dropped (not queued: each instance keeps serving its own
 * clients) and the state says "down". Listeners of `onReady` resynchronise after a return.
 */
export class RedisBus {
  readonly pub: Redis;
  readonly sub: Redis;
  private state: RedisState = "connecting";
  private readonly handlers = new Map<string, Set<(message: Buffer) => void>>();
  private readonly readyListeners = new Set<() => void>();
  private closed = false;

  /**
   * @param namespace prefixes every channel: instances that share a database share channels,
   *   and workspaces on different databases never hear each other on one Redis.
   */
  constructor(url: string, private readonly log: Logger, readonly namespace = "cw") {
    const options = {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times: number) => Math.min(200 * times, 2000),
    };
    // A Redis that accepts connections but does not answer must not hold anything up for long:
    // commands on the publishing connection (publish, claims, connection counts) fail after this.
    this.pub = new Redis(url, { ...options, commandTimeout: COMMAND_TIMEOUT_MS });
    this.sub = new Redis(url, { ...options, maxRetriesPerRequest: null });
    this.sub.on("messageBuffer", (channel: Buffer, message: Buffer) => {
      for (const h of this.handlers.get(channel.toString()) ?? []) h(message);
    });
    const update = () => {
      if (this.closed) return;
      const both = this.pub.status === "ready" && this.sub.status === "ready";
      const next: RedisState = both ? "ready" : this.state === "connecting" ? "connecting" : "down";
      if (next === this.state) return;
      const previous = this.state;
      this.state = next;
      if (next === "ready") {
        this.log.info({ previous }, "redis connected: relaying between instances");
        if (previous === "down") for (const l of this.readyListeners) l();
      } else {
        this.log.warn("redis unavailable: serving local clients only until it returns");
      }
    };
    for (const conn of [this.pub, this.sub]) {
      conn.on("ready", update);
      conn.on("close", update);
      conn.on("end", update);
      conn.on("error", (error: Error) => this.log.debug({ err: error.message }, "redis connection error"));
    }
  }

  get status(): RedisState {
    return this.state;
  }

  /** Subscribes to a channel (re-subscribed by ioredis after reconnects). */
  async subscribe(name: string, handler: (message: Buffer) => void): Promise<void> {
    const channel = `${this.namespace}:${name}`;
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.sub.subscribe(channel).catch((error: Error) => this.log.warn({ err: error.message, channel }, "redis subscribe failed; retried on reconnect"));
    }
    set.add(handler);
  }

  /** Publishes; returns false (and drops the message) while Redis is unavailable. */
  publish(name: string, message: Buffer | string): boolean {
    if (this.pub.status !== "ready") return false;
    this.pub.publish(`${this.namespace}:${name}`, message).catch(() => undefined);
    return true;
  }

  /** Called each time Redis comes back after being down. */
  onReady(listener: () => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Resolves when both connections are ready (or rejects after a timeout). */
  async waitReady(timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    while (this.state !== "ready") {
      if (Date.now() - start > timeoutMs) throw new Error("redis did not become ready");
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.state = "disabled";
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
