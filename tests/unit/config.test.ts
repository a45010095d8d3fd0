import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, collabLimitsFromConfig, parseConfig, sqliteWriterFromConfig } from "../../app/lib/config.server";

function fails(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe("configuration", () => {
  it("runs on defaults alone", () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe("file:./data/workspace.db");
    expect(config.TRUST_PROXY).toBe(false);
    expect(config.PG_POOL_SIZE).toBe(10);
    expect(config.BUILD_DIR).toBe("build");
    expect(config.INSTANCE_ID).toBeUndefined();
    expect(sqliteWriterFromConfig(config)).toEqual({ synchronous: "FULL", thread: "worker" });
  });

  it("treats an empty value as unset and ignores variables it does not know", () => {
    const config = parseConfig({ PORT: "", LOG_LEVEL: "", SOMETHING_ELSE: "x" });
    expect(config.PORT).toBe(3000);
    expect(config.LOG_LEVEL).toBe("info");
    expect(config).not.toHaveProperty("SOMETHING_ELSE");
  });

  it("names the variable and its value when one is invalid, and lists every problem", () => {
    const message = fails({ PORT: "http", PG_POOL_SIZE: "0", COLLAB_RATE_BYTES_BURST: "-1" });
    expect(message).toMatch(/PORT="http"/);
    expect(message).toMatch(/PG_POOL_SIZE="0"/);
    expect(message).toMatch(/COLLAB_RATE_BYTES_BURST="-1"/);
    expect(fails({ LOG_LEVEL: "loud" })).toMatch(/LOG_LEVEL="loud"/);
    expect(fails({ COLLAB_SQLITE_SYNCHRONOUS: "off" })).toMatch(/COLLAB_SQLITE_SYNCHRONOUS="off"/);
    expect(fails({ COLLAB_SQLITE_WRITER: "thread" })).toMatch(/COLLAB_SQLITE_WRITER/);
    expect(fails({ APP_ORIGIN: "workspace.example.org" })).toMatch(/APP_ORIGIN/);
  });

  it("maps TRUST_PROXY to Express's trust proxy: a hop count or proxy addresses, never every hop", () => {
    expect(parseConfig({ TRUST_PROXY: "0" }).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseConfig({ TRUST_PROXY: "10.0.0.0/8, 192.168.1.7,::1,loopback" }).TRUST_PROXY).toEqual(["10.0.0.0/8", "192.168.1.7", "::1", "loopback"]);
    expect(parseConfig({ TRUST_PROXY: "fd00::/8" }).TRUST_PROXY).toEqual(["fd00::/8"]);
    expect(fails({ TRUST_PROXY: "true" })).toMatch(/TRUST_PROXY="true"/);
    expect(fails({ TRUST_PROXY: "10.0.0.0/33" })).toMatch(/TRUST_PROXY/);
    expect(fails({ TRUST_PROXY: "proxy.example.org" })).toMatch(/TRUST_PROXY/);
  });

  it("reads the collaboration limits and the SQLite writer choice", () => {
    const config = parseConfig({ COLLAB_COMMIT_INTERVAL_MS: "0", COLLAB_MAX_CONNECTIONS_PER_USER: "3", COLLAB_SQLITE_SYNCHRONOUS: " Normal ", COLLAB_SQLITE_WRITER: "main" });
    const limits = collabLimitsFromConfig(config);
    expect(limits.commitIntervalMs).toBe(0);
    expect(limits.maxConnectionsPerUser).toBe(3);
    expect(limits.maxMessageBytes).toBe(1024 * 1024);
    expect(limits.sessionCheckMs).toBe(60_000);
    expect(sqliteWriterFromConfig(config)).toEqual({ synchronous: "NORMAL", thread: "main" });
  });

  it("every variable is in the README's configuration table, and the table names no other", () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 1));
    const documented = new Set<string>();
    for (const line of section.split("\n")) {
      const first = line.startsWith("| `") ? line.split("|")[1]! : "";
      for (const m of first.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) documented.add(m[1]!);
    }
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});
