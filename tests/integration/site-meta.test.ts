import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let coordinator: TestUser;

const clientFor = (user?: TestUser) => clientAs(server.url, user ?? null);

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await createUser({ name: "Meta Coordinator" });
});
afterAll(async () => {
  await server?.close();
});

/** robots.txt as Google reads it: the longest matching rule wins, Allow on a tie; `*` matches anything. */
function allowed(robots: string, path: string): boolean {
  let best: { length: number; allow: boolean } = { length: -1, allow: true };
  for (const line of robots.split("\n")) {
    const m = line.match(/^(Allow|Disallow):\s*(\S*)/i);
    if (!m || !m[2]) continue;
    const pattern = new RegExp("^" + m[2].replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*"));
    if (!pattern.test(path)) continue;
    const allow = m[1].toLowerCase() === "allow";
    if (m[2].length > best.length || (m[2].length === best.length && allow)) best = { length: m[2].length, allow };
  }
  return best.allow;
}

/** The <meta> tags in a page's <head>, as [key, content] pairs (key: name or property). */
function metaTags(html: string): Array<[string, string]> {
  const head = html.slice(0, html.indexOf("</head>"));
  return [...head.matchAll(/<meta (?:name|property)="([^"]+)" content="([^"]*)"\/?>/g)].map((m) => [m[1], m[2]]);
}
const metaOf = (html: string, key: string) => metaTags(html).find(([k]) => k === key)?.[1];

async function publishOutput(coalition: Awaited<ReturnType<typeof createCoalition>>, title: string, text: string, label: string): Promise<string> {
  const doc = await createDocument(coalition.id, coordinator.id, { title });
  await writeContent(doc.id, docJson(title, text));
  const res = await (await clientFor(coordinator)).post(`/coalitions/${coalition.slug}/documents/${doc.id}?index`, { intent: "publish", label, confirm: "yes" });
  expect(res.status).toBe(200);
  return (await getDb().selectFrom("document_versions").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow()).id;
}

describe("robots.txt", () => {
  it("lets crawlers index coalitions and published outputs, and keeps them out of drafts, settings and account pages", async () => {
    const res = await (await clientFor()).get("/robots.txt");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const robots = await res.text();
    expect(robots).toMatch(/^User-agent: \*$/m);
    for (const path of ["/", "/coalitions/privacy", "/coalitions/privacy/outputs", "/coalitions/privacy/outputs/abc123", "/coalitions/privacy/outputs/abc123/export.docx", "/favicon.svg"]) {
      expect([path, allowed(robots, path)]).toEqual([path, true]);
    }
    for (const path of [
      "/coalitions/privacy/documents",
      "/coalitions/privacy/documents/abc123",
      "/coalitions/privacy/documents/abc123/export.md",
      "/coalitions/privacy/settings",
      "/settings/profile",
      "/admin/coalitions/new",
      "/login",
      "/notifications",
      "/search?q=x",
    ]) {
      expect([path, allowed(robots, path)]).toEqual([path, false]);
    }
  });
});

describe("web manifest and icons", () => {
  it("serves a manifest that parses as JSON with SVG and PNG icons of the sizes it says, linked from every page", async () => {
    const client = await clientFor();
    const res = await client.get("/manifest.webmanifest");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/manifest+json");
    const manifest = JSON.parse(await res.text());
    expect(manifest).toMatchObject({ name: "Coalition Workspace", start_url: "/" });
    const pngs = manifest.icons.filter((i: { type: string }) => i.type === "image/png");
    expect(pngs.map((i: { sizes: string }) => i.sizes).sort()).toEqual(["192x192", "512x512"]);
    expect(manifest.icons.some((i: { type: string }) => i.type === "image/svg+xml")).toBe(true);
    for (const icon of pngs) {
      const png = await client.get(icon.src);
      expect(png.status).toBe(200);
      expect(png.headers.get("content-type")).toBe("image/png");
      const bytes = Buffer.from(await png.arrayBuffer());
      expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
      // IHDR: width and height as big-endian 32-bit integers at bytes 16 and 20.
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    const home = await (await client.get("/")).text();
    expect(home).toContain('<link rel="manifest" href="/manifest.webmanifest"/>');
    expect(home).toContain('<link rel="icon" href="/icon-192.png" type="image/png" sizes="192x192"/>');
  });
});

describe("description and Open Graph tags", () => {
  it("describe a public coalition and its published output, with absolute URLs, escaped", async () => {
    const pub = await createCoalition({ visibility: "public", name: `Spam "Fighters" <Coalition> & co`, description: "We fight   spam\nacross the Internet & beyond." });
    await addMember(pub.id, coordinator.id, "coordinator");
    const anon = await clientFor();
    const overview = await (await anon.get(`/coalitions/${pub.slug}`)).text();
    expect(metaOf(overview, "og:title")).toBe("Spam &quot;Fighters&quot; &lt;Coalition&gt; &amp; co");
    expect(metaOf(overview, "description")).toBe("We fight spam across the Internet &amp; beyond.");
    expect(metaOf(overview, "og:type")).toBe("website");
    expect(metaOf(overview, "og:url")).toBe(new URL(`/coalitions/${pub.slug}`, server.url).href);
    expect(metaOf(overview, "og:image")).toBe(new URL("/icon-512.png", server.url).href);
    expect(overview).not.toContain("<Coalition>");

    const long = "Spam harms trust online. ".repeat(20);
    const v = await publishOutput(pub, "Statement on spam", long, "Final <edition>");
    const output = await (await anon.get(`/coalitions/${pub.slug}/outputs/${v}`)).text();
    expect(metaOf(output, "og:title")).toBe("Statement on spam — Final &lt;edition&gt; (version 1)");
    expect(metaOf(output, "og:type")).toBe("article");
    expect(metaOf(output, "og:url")).toBe(new URL(`/coalitions/${pub.slug}/outputs/${v}`, server.url).href);
    const description = metaOf(output, "og:description")!;
    expect(description.startsWith("Statement on spam Spam harms trust online.")).toBe(true);
    expect(description.length).toBeLessThanOrEqual(200);
    expect(description.endsWith("…")).toBe(true);
    expect(metaOf(output, "description")).toBe(description);
    expect(metaOf(output, "article:published_time")).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(output).toContain(`<link rel="canonical" href="${new URL(`/coalitions/${pub.slug}/outputs/${v}`, server.url).href}"/>`);
  });

  it("are absent on a private coalition's pages, even for its members", async () => {
    const priv = await createCoalition({ visibility: "private", name: "Quiet Coalition", description: "Members only, please." });
    await addMember(priv.id, coordinator.id, "coordinator");
    const v = await publishOutput(priv, "Internal note", "Nothing for link previews.", "v1");
    const member = await clientFor(coordinator);
    for (const path of [`/coalitions/${priv.slug}`, `/coalitions/${priv.slug}/outputs/${v}`]) {
      const res = await member.get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("Quiet Coalition");
      expect(metaTags(html).filter(([k]) => k.startsWith("og:") || k === "description" || k.startsWith("twitter:"))).toEqual([]);
      expect(html).not.toContain('rel="canonical"');
    }
  });
});
