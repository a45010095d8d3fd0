import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCALES } from "../../common/locales";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 27: /privacy lists exactly the cookies the code sets, says there is no tracking, in every
// language, and every page's footer links to it.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** Every cookie name the code sets: Set-Cookie headers built from *_COOKIE constants, and document.cookie writes. */
function cookieNamesInCode(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
  for (const file of [...walk("app"), ...walk("server")].filter((f) => /\.tsx?$/.test(f))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/export const \w*COOKIE\w* = "([a-z_]+)"/g)) names.add(m[1]);
    for (const m of text.matchAll(/document\.cookie = `([a-z_]+)=/g)) names.add(m[1]);
  }
  return names;
}

describe("the privacy notice", () => {
  it("lists exactly the cookies the code sets", async () => {
    const html = await (await new TestClient(server.url).get("/privacy")).text();
    const listed = [...html.matchAll(/data-testid="cookie-row"[\s\S]*?<bdi dir="ltr">([^<]+)<\/bdi>/g)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(cookieNamesInCode());
    expect(listed.sort()).toEqual(["cw_device", "cw_pending_login", "cw_session", "lang", "tz"]);
    expect(html).toContain("There is no tracking here");
  });

  it("reads in each of the six languages, and the footer links to it", async () => {
    for (const lang of LOCALES) {
      const res = await new TestClient(server.url).get(`/privacy?lang=${lang}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`data-testid="privacy-notice"`);
      expect(html.match(/data-testid="cookie-row"/g)).toHaveLength(5);
      expect(html).toContain('href="/privacy"');
    }
    const home = await (await new TestClient(server.url).get("/")).text();
    expect(home).toContain('href="/privacy"');
  });
});
