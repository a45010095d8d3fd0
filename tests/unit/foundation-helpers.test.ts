import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../app/lib/config.server";
import { safeRedirectTarget } from "../../app/lib/redirect-target";
import { hashSessionId } from "../../app/models/session-adapter.server";
import { parseDatabaseUrl } from "../../db/client";

describe("safeRedirectTarget", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirectTarget("/coalitions/privacy")).toBe("/coalitions/privacy");
    expect(safeRedirectTarget("/search?q=spam#top")).toBe("/search?q=spam#top");
  });

  it("refuses anything that could leave the site", () => {
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "evil", "", null, undefined, 42, ["/x"]]) {
      expect(safeRedirectTarget(bad), String(bad)).toBe("/");
    }
    expect(safeRedirectTarget("//evil.example", "/login")).toBe("/login");
  });
});

describe("parseDatabaseUrl", () => {
  it("reads SQLite files with or without file:", () => {
    expect(parseDatabaseUrl("file:./data/workspace.db")).toEqual({ kind: "sqlite", path: "./data/workspace.db", url: "file:./data/workspace.db" });
    expect(parseDatabaseUrl("/var/lib/cw.db")).toMatchObject({ kind: "sqlite", path: "/var/lib/cw.db" });
    expect(parseDatabaseUrl("file::memory:")).toMatchObject({ kind: "sqlite", path: ":memory:" });
  });

  it("recognises PostgreSQL URLs", () => {
    expect(parseDatabaseUrl("postgres://u:p@db:5432/cw")).toEqual({ kind: "postgres", url: "postgres://u:p@db:5432/cw" });
    expect(parseDatabaseUrl("postgresql://db/cw").kind).toBe("postgres");
  });

  it("refuses a file: URL that names no file", () => {
    expect(() => parseDatabaseUrl("file:")).toThrow(/names no file/);
  });
});

describe("hashSessionId", () => {
  it("is the hex SHA-256 of the id, stable and different from the id", () => {
    const id = "abcdefghijklmnopqrstuvwxyz234567";
    const hashed = hashSessionId(id);
    expect(hashed).toBe(createHash("sha256").update(id).digest("hex"));
    expect(hashed).toMatch(/^[0-9a-f]{64}$/);
    expect(hashed).not.toContain(id);
    expect(hashSessionId(id)).toBe(hashed);
    expect(hashSessionId(id + "x")).not.toBe(hashed);
  });
});

describe("parseConfig", () => {
  it("runs with nothing set: port 3000 on 127.0.0.1 with SQLite in ./data", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: "127.0.0.1", DATABASE_URL: "file:./data/workspace.db", LOG_LEVEL: "info" });
    expect(c.APP_ORIGIN).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
  });

  it("reads the variables and reduces APP_ORIGIN to an origin", () => {
    const c = parseConfig({ PORT: "8080", APP_ORIGIN: "https://workspace.example.org/some/path", LOG_LEVEL: "debug", DATABASE_URL: "postgres://db/cw" });
    expect(c).toMatchObject({ PORT: 8080, APP_ORIGIN: "https://workspace.example.org", LOG_LEVEL: "debug", DATABASE_URL: "postgres://db/cw" });
  });

  it("treats empty variables as unset", () => {
    const c = parseConfig({ PORT: "", APP_ORIGIN: "" });
    expect(c.PORT).toBe(3000);
    expect(c.APP_ORIGIN).toBeUndefined();
  });

  it("lists every problem at once", () => {
    let message = "";
    try {
      parseConfig({ PORT: "99999", APP_ORIGIN: "not a url", LOG_LEVEL: "loud" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration/);
    for (const name of ["PORT", "APP_ORIGIN", "LOG_LEVEL"]) expect(message).toContain(name);
  });
});
