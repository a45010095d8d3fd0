import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../../app/lib/config.server";

// The container recipe (Dockerfile, compose.yaml, .env.example) was never run here (no Docker
// engine): this test checks what can be checked by reading it.

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
const schema = new Set<string>(CONFIG_VARIABLES);

/** `ENV A=1 B=2` instructions (with continuation lines) → the variables they set. */
function dockerfileEnv(text: string): string[] {
  const joined = text.replace(/\\\r?\n/g, " ");
  const names: string[] = [];
  for (const line of joined.split("\n")) {
    const m = /^\s*ENV\s+(.*)$/i.exec(line);
    if (!m) continue;
    for (const pair of m[1]!.trim().split(/\s+/)) {
      const name = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(pair)?.[1];
      if (!name) throw new Error(`unreadable ENV: ${line}`);
      names.push(name);
    }
  }
  return names;
}

/**
 * A small line-based reader of compose.yaml: each service under `services:` and the keys of its
 * `environment:` mapping (the only form this file uses; a list form would be refused).
 */
function composeServices(text: string): Map<string, { env: string[]; lines: string[] }> {
  const services = new Map<string, { env: string[]; lines: string[] }>();
  let inServices = false;
  let current: { env: string[]; lines: string[] } | undefined;
  let envIndent: number | null = null;
  for (const raw of text.split("\n")) {
    if (!raw.trim() || raw.trimStart().startsWith("#")) continue;
    const indent = raw.length - raw.trimStart().length;
    if (indent === 0) {
      inServices = raw.startsWith("services:");
      current = undefined;
      continue;
    }
    if (!inServices) continue;
    if (indent === 2) {
      current = { env: [], lines: [] };
      services.set(raw.trim().replace(/:$/, ""), current);
      envIndent = null;
      continue;
    }
    current!.lines.push(raw.trim());
    if (envIndent !== null && indent > envIndent) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*):/.exec(raw.trim());
      if (!m) throw new Error(`environment: expected KEY: value, got ${raw.trim()}`);
      current!.env.push(m[1]!);
      continue;
    }
    envIndent = raw.trim() === "environment:" ? indent : null;
  }
  return services;
}

/** `NAME=` lines of .env.example, set or commented out (`# NAME=default`). */
function envExample(text: string): string[] {
  return text
    .split("\n")
    .map((l) => /^(?:#\s*)?([A-Z][A-Z0-9_]*)=/.exec(l.trim())?.[1])
    .filter((n): n is string => Boolean(n));
}

describe("the container recipe", () => {
  it("Dockerfile: sets only schema variables, runs as a non-root user on Node 24, checks /healthz", () => {
    const text = read("Dockerfile");
    const env = dockerfileEnv(text);
    expect(env.length).toBeGreaterThan(0);
    for (const name of env) expect(schema, `Dockerfile ENV ${name}`).toContain(name);
    expect(text).toMatch(/^FROM node:24[\w.-]* AS build$/m);
    expect(text.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    const user = [...text.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(user.at(-1)).toBeDefined();
    expect(user.at(-1)).not.toMatch(/^(root|0)$/);
    expect(text).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
  });

  it("compose.yaml: two app instances behind a proxy, with PostgreSQL and Redis, setting only schema variables, TRUST_PROXY included", () => {
    const services = composeServices(read("compose.yaml"));
    const apps = [...services].filter(([, s]) => s.lines.includes("build: ."));
    expect(apps.map(([name]) => name)).toHaveLength(2);
    for (const [name, service] of apps) {
      for (const variable of service.env) expect(schema, `${name} sets ${variable}`).toContain(variable);
      for (const needed of ["DATABASE_URL", "REDIS_URL", "TRUST_PROXY", "APP_ORIGIN", "INSTANCE_ID", "HOST"]) expect(service.env, `${name} sets ${needed}`).toContain(needed);
    }
    const images = [...services.values()].flatMap((s) => s.lines.filter((l) => l.startsWith("image:")));
    expect(images.some((l) => /postgres/.test(l))).toBe(true);
    expect(images.some((l) => /redis/.test(l))).toBe(true);
    expect(images.some((l) => /caddy|nginx/.test(l))).toBe(true);
    // The proxy's configuration, mounted from the repository, sends to both instances.
    const caddy = read("deploy/Caddyfile");
    for (const [name] of apps) expect(caddy).toContain(`${name}:3000`);
  });

  it(".env.example lists every variable of the schema, and nothing else but compose's database password", () => {
    const listed = envExample(read(".env.example"));
    for (const name of CONFIG_VARIABLES) expect(listed, `.env.example lacks ${name}`).toContain(name);
    const extra = listed.filter((name) => !schema.has(name));
    expect(extra).toEqual(["POSTGRES_PASSWORD"]);
    expect(read("compose.yaml")).toContain("${POSTGRES_PASSWORD");
    expect(new Set(listed).size).toBe(listed.length);
  });
});
