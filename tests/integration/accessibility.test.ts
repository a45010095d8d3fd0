import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCALES } from "../../common/locales";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 21: the accessibility statement in every language, its contact, and what forms and
// error pages say to assistive technology, in a language other than English.

const catalogue = (locale: string) => JSON.parse(readFileSync(`app/locales/${locale}.json`, "utf8")) as Record<string, string>;
const htmlTag = (body: string) => /<html[^>]*>/.exec(body)?.[0] ?? "";
const tagOf = (body: string, id: string) => new RegExp(`<(?:input|textarea|select)[^>]*id="${id}"[^>]*>`).exec(body)?.[0] ?? "";
const decode = (s: string) => s.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

describe("the accessibility statement", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("is there in all six languages, with its language and direction on <html>", async () => {
    for (const locale of LOCALES) {
      const res = await new TestClient(server.url).get(`/accessibility?lang=${locale}`);
      expect(res.status).toBe(200);
      const body = decode(await res.text());
      const m = catalogue(locale);
      expect(htmlTag(body)).toContain(`dir="${locale === "ar" ? "rtl" : "ltr"}"`);
      expect(body, locale).toContain(`<h1 class="text-3xl font-semibold tracking-tight">${m["accessibility.title"]}</h1>`);
      expect(body).toContain(`<title>${m["accessibility.title"]} · ${m["site.name"]}</title>`);
      // React 18 streamed stray zero bytes where a multi-byte character met its buffer's end.
      expect(body.includes("\u0000"), `${locale}: a NUL character in the page`).toBe(false);
      for (const id of ["accessibility.met.target", "accessibility.tested.axe", "accessibility.limits.heading", "accessibility.report.heading"]) expect(body, `${locale} ${id}`).toContain(m[id]);
    }
  });

  it("without ADMIN_EMAIL, asks the reader to tell a coordinator (no address to write to)", async () => {
    const without = await (await new TestClient(server.url).get("/accessibility")).text();
    expect(without).not.toContain("mailto:");
    expect(decode(without)).toContain(catalogue("en")["accessibility.report.noEmail"]);
  });

  it("is linked from the footer of every page", async () => {
    const body = await (await new TestClient(server.url).get("/login?lang=ar")).text();
    expect(body).toMatch(/<footer[^>]*>[\s\S]*<a href="\/accessibility">إمكانية الوصول<\/a>[\s\S]*<\/footer>/);
  });
});

describe("the accessibility statement of a site with a contact", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_EMAIL: "access@igf-coalitions.example.org" });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("links to ADMIN_EMAIL (a mailto with a subject in the reader's language)", async () => {
    const body = await (await new TestClient(server.url).get("/accessibility?lang=fr")).text();
    expect(body).toMatch(/<a href="mailto:access@igf-coalitions\.example\.org\?subject=Probl%C3%A8me%20d%E2%80%99accessibilit%C3%A9"[^>]*>access@igf-coalitions\.example\.org<\/a>/);
    expect(decode(body)).toContain("veuillez écrire à");
  });
});

describe("forms and error pages, to assistive technology", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("a refused form ties each error to its field, marks it invalid and required, and keeps the values (in Arabic)", async () => {
    const client = new TestClient(server.url);
    await client.get("/signup?lang=ar");
    const res = await client.post("/signup", { name: "", email: "not-an-email", handle: "", password: "short" });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(htmlTag(body)).toContain('dir="rtl"');
    const email = tagOf(body, "field-email");
    expect(email).toContain('aria-invalid="true"');
    expect(email).toContain('aria-required="true"');
    expect(email).toMatch(/aria-describedby="[^"]*field-email-error/);
    expect(email).toContain('value="not-an-email"');
    expect(body).toMatch(/<p id="field-email-error"[^>]*role="alert"[^>]*data-field-error=""/);
    // The summary at the top is the form's alert.
    expect(body).toMatch(/data-testid="form-alert"/);
  });

  it("a hint is read with its field", async () => {
    const body = await (await new TestClient(server.url).get("/signup")).text();
    const withHint = [...body.matchAll(/<p id="(field-[a-z_]+)-hint"/g)].map((m) => m[1]!);
    expect(withHint.length).toBeGreaterThan(0);
    for (const id of withHint) expect(tagOf(body, id)).toMatch(new RegExp(`aria-describedby="[^"]*${id}-hint`));
  });

  it("a missing page says so in the reader's language", async () => {
    const res = await new TestClient(server.url).get("/coalitions/no-such-coalition?lang=ar");
    expect(res.status).toBe(404);
    const body = await res.text();
    const ar = catalogue("ar");
    expect(body).toContain(ar["errors.notFound.title"]);
    expect(body).toContain(ar["errors.backToDirectory"]);
    const zh = await (await new TestClient(server.url).get("/no/such/page?lang=zh")).text();
    expect(zh).toContain(catalogue("zh")["errors.notFound.title"]);
  });
});
