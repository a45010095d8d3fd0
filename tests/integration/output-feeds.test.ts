import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { docJson, writeContent } from "../helpers/documents";
import { clientAs } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 25: Atom and JSON Feed of published outputs list public coalitions' versions only.

let server: TestServer;
let coordinator: TestUser;
let publicC: Awaited<ReturnType<typeof createCoalition>>;
let privateC: Awaited<ReturnType<typeof createCoalition>>;

async function publish(coalition: { id: string; slug: string }, title: string, label: string) {
  const doc = await createDocument(coalition.id, coordinator.id, { title });
  await writeContent(doc.id, docJson(title, `${label} text.`));
  const res = await (await clientAs(server.url, coordinator)).post(`/coalitions/${coalition.slug}/documents/${doc.id}?index`, { intent: "publish", label, confirm: "yes" });
  expect(res.status).toBe(200);
  return getDb().selectFrom("document_versions").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow();
}

const parseXml = (text: string) => new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" || name === "link" }).parse(text);

let publicVersion: { id: string };

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await createUser({ name: "Feed Coordinator" });
  publicC = await createCoalition({ visibility: "public", name: "Open Feed Coalition" });
  privateC = await createCoalition({ visibility: "private", name: "Closed Feed Coalition" });
  await addMember(publicC.id, coordinator.id, "coordinator");
  await addMember(privateC.id, coordinator.id, "coordinator");
  publicVersion = await publish(publicC, "Open statement", "Final");
  await publish(privateC, "Secret statement", "Internal");
});
afterAll(async () => {
  await server?.close();
});

describe("output feeds", () => {
  it("the forum's Atom feed is well-formed, has the required elements and lists only public outputs", async () => {
    const res = await (await clientAs(server.url, null)).get("/outputs.atom");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/atom+xml");
    const text = await res.text();
    const xml = parseXml(text);
    const feed = xml.feed;
    expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toBeTruthy();
    expect(feed.title).toBeTruthy();
    expect(Number.isNaN(Date.parse(feed.updated))).toBe(false);
    const entries = feed.entry as Array<Record<string, unknown>>;
    expect(entries.length).toBe(1);
    for (const entry of entries) {
      expect(entry.id).toBeTruthy();
      expect(entry.title).toBeTruthy();
      expect(Number.isNaN(Date.parse(String(entry.updated)))).toBe(false);
      expect((entry.link as Array<Record<string, string>>)[0]["@_href"]).toContain(`/coalitions/${publicC.slug}/outputs/${publicVersion.id}`);
    }
    expect(text).not.toContain("Secret statement");
  });

  it("the forum's JSON Feed lists the same, and nothing private", async () => {
    const res = await (await clientAs(server.url, null)).get("/outputs.json");
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json.version).toMatch(/^https:\/\/jsonfeed.org\/version\/1/);
    expect(json.items.map((i: { url: string }) => i.url)).toEqual([expect.stringContaining(`/outputs/${publicVersion.id}`)]);
    expect(JSON.stringify(json)).not.toContain("Secret statement");
  });

  it("a coalition's feeds: a public one's for anyone; a private one's is hidden from outsiders and lists nothing even to members", async () => {
    const anon = await clientAs(server.url, null);
    const atom = parseXml(await (await anon.get(`/coalitions/${publicC.slug}/outputs.atom`)).text());
    expect(atom.feed.entry).toHaveLength(1);
    expect((await anon.get(`/coalitions/${publicC.slug}/outputs.json`)).status).toBe(200);
    expect((await anon.get(`/coalitions/${privateC.slug}/outputs.atom`)).status).toBe(404);
    expect((await anon.get(`/coalitions/${privateC.slug}/outputs.json`)).status).toBe(404);
    const asMember = await (await clientAs(server.url, coordinator)).get(`/coalitions/${privateC.slug}/outputs.json`);
    expect(asMember.status).toBe(200);
    expect((await asMember.json()).items).toEqual([]);
  });
});
