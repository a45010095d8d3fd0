import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserById } from "../../db/queries/users";
import { createUser } from "../helpers/factories";
import { clientAs, TestClient } from "../helpers/http";
import { getDb, startTestServer, type TestServer } from "../helpers/server";

// Issue 21: the language of a page comes from ?lang= (remembered), else the lang cookie, else the
// profile, else Accept-Language, else English; <html lang dir> always match it.

const htmlTag = (body: string) => /<html[^>]*>/.exec(body)?.[0] ?? "";

describe("the language of a page", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("follows the browser's Accept-Language, and says so in Content-Language and Vary", async () => {
    const res = await new TestClient(server.url).get("/login", { headers: { "Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5" } });
    const body = await res.text();
    expect(htmlTag(body)).toContain('lang="fr"');
    expect(htmlTag(body)).toContain('dir="ltr"');
    expect(body).toContain("Créer un compte");
    expect(res.headers.get("content-language")).toBe("fr");
    expect(res.headers.get("vary")).toMatch(/Accept-Language/i);
  });

  it("is English for a language we do not have, and for a broken header", async () => {
    for (const header of ["de-DE,de;q=0.9", "q=;;,,*", ""]) {
      const body = await (await new TestClient(server.url).get("/login", { headers: { "Accept-Language": header } })).text();
      expect(htmlTag(body), header).toContain('lang="en"');
      expect(body).toContain("Sign up");
    }
  });

  it("is set by ?lang= on any page, right-to-left for Arabic, and remembered by a cookie", async () => {
    const client = new TestClient(server.url);
    const first = await client.get("/calendar?lang=ar", { headers: { "Accept-Language": "en" } });
    const body = await first.text();
    expect(htmlTag(body)).toContain('lang="ar"');
    expect(htmlTag(body)).toContain('dir="rtl"');
    expect(body).toContain("إنشاء حساب");
    expect(first.headers.get("set-cookie")).toMatch(/^lang=ar; Path=\/; Max-Age=31536000; SameSite=Lax/);
    const next = await (await client.get("/login", { headers: { "Accept-Language": "en" } })).text();
    expect(htmlTag(next)).toContain('lang="ar"');
  });

  it("ignores an unknown ?lang= (no cookie, the usual choice)", async () => {
    const res = await new TestClient(server.url).get("/login?lang=xx", { headers: { "Accept-Language": "es" } });
    expect(res.headers.get("set-cookie") ?? "").not.toContain("lang=");
    expect(htmlTag(await res.text())).toContain('lang="es"');
  });

  it("saves a signed-in person's ?lang= choice on the profile, which decides on a device without the cookie", async () => {
    const user = await createUser({ name: "Irina Petrova" });
    const client = await clientAs(server.url, user);
    await client.get("/?lang=ru");
    expect((await findUserById(getDb(), user.id))?.language).toBe("ru");
    const elsewhere = await clientAs(server.url, user); // a new device: no lang cookie
    const body = await (await elsewhere.get("/", { headers: { "Accept-Language": "en" } })).text();
    expect(htmlTag(body)).toContain('lang="ru"');
    expect(body).toContain("Выйти");
  });

  it("is switched in place by POST /language (cookie and profile), and refuses what is not one of the six", async () => {
    const user = await createUser({ name: "Li Wei" });
    const client = await clientAs(server.url, user);
    const ok = await client.post("/language", { lang: "zh" });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("set-cookie")).toMatch(/^lang=zh;/);
    expect((await findUserById(getDb(), user.id))?.language).toBe("zh");
    expect(htmlTag(await (await client.get("/")).text())).toContain('lang="zh-Hans"');

    const bad = await client.post("/language", { lang: "klingon" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("en, ar, zh, fr, ru, es");
    expect((await findUserById(getDb(), user.id))?.language).toBe("zh");
    expect((await client.get("/language")).status).toBe(405);
    // Without the page's Origin, the switch is refused like any other POST.
    expect((await client.post("/language", { lang: "fr" }, { origin: "https://evil.example" })).status).toBe(403);
  });
});
