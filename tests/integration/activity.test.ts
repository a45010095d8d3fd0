import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { createDocument, createThread, publishVersion } from "../helpers/search-fixtures";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let alice: TestUser; // member who does things
let bob: TestUser; // member who reads the feeds
let stranger: TestUser;
let pub: { id: string; slug: string };
let priv: { id: string; slug: string };

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

function visible(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");
}

function types(html: string): string[] {
  return [...html.matchAll(/data-testid="activity-item" data-type="([\w.]+)"/g)].map((m) => m[1]);
}

beforeAll(async () => {
  server = await startTestServer();
  alice = await createUser({ name: "Alice Activity" });
  bob = await createUser({ name: "Bob Reader" });
  stranger = await createUser({ name: "Stranger" });
  pub = await createCoalition({ name: "Busy Public", visibility: "public" });
  priv = await createCoalition({ name: "Busy Private", visibility: "private" });
  for (const c of [pub, priv]) {
    await addMember(c.id, alice.id, "coordinator");
    await addMember(c.id, bob.id, "member");
  }
  const doc = await createDocument({ coalitionId: pub.id, userId: alice.id, title: "Draft charter alpha", text: "…" });
  await publishVersion({ documentId: doc.id, coalitionId: pub.id, userId: alice.id, text: "…", label: "Charter v1" });
  await createThread({ coalitionId: pub.id, userId: alice.id, title: "Agenda for the annual meeting" });
  await createDocument({ coalitionId: priv.id, userId: alice.id, title: "Secret strategy memo", text: "…" });
  await createDocument({ coalitionId: pub.id, userId: alice.id, title: "Archived leftovers", text: "…", archived: true });
});
afterAll(async () => {
  await server?.close();
});

describe("coalition overview activity", () => {
  it("shows a member documents edited and by whom, versions published, threads started and members joined", async () => {
    const res = await (await clientAs(server.url, bob)).get(`/coalitions/${pub.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const text = visible(html);
    expect(new Set(types(html))).toEqual(new Set(["document.edited", "version.published", "thread.started", "member.joined"]));
    expect(text).toContain("Alice Activity edited Draft charter alpha");
    expect(text).toContain("Alice Activity published Draft charter alpha (Charter v1)");
    expect(text).toContain("Alice Activity started the thread Agenda for the annual meeting");
    expect(text).toContain("Bob Reader joined as member");
    expect(text).not.toContain("Archived leftovers");
  });

  it("shows a visitor only what the permission table lets them read (no drafts)", async () => {
    for (const client of [await clientAs(server.url, null), await clientAs(server.url, stranger)]) {
      const html = await (await client.get(`/coalitions/${pub.slug}`)).text();
      expect(types(html)).not.toContain("document.edited");
      expect(html).toContain("Agenda for the annual meeting");
      expect(html).toContain("Charter v1");
      expect(html).not.toContain("Secret strategy memo");
    }
    expect((await (await clientAs(server.url, null)).get(`/coalitions/${priv.slug}`)).status).toBe(404);
  });
});

describe("home page: since your last visit", () => {
  it("shows others' activity in the user's coalitions, never their own and never other coalitions'", async () => {
    const html = await (await (await clientAs(server.url, bob)).get("/")).text();
    const text = visible(html);
    expect(html).toContain('data-testid="home-activity"');
    expect(text).toContain("Recently in your coalitions");
    expect(text).toContain("Secret strategy memo"); // bob is a member of the private coalition
    expect(text).not.toContain("Bob Reader joined");
    const strangerHtml = await (await (await clientAs(server.url, stranger)).get("/")).text();
    expect(strangerHtml).not.toContain('data-testid="home-activity"');
    expect(strangerHtml).not.toContain("Secret strategy memo");
    expect((await (await clientAs(server.url, null)).get("/")).status).toBe(200);
  });

  it("starts a new visit after a while away and shows only what happened since", async () => {
    const reader = await createUser({ name: "Carol Returning" });
    await addMember(pub.id, reader.id, "observer");
    const client = await clientAs(server.url, reader);
    await client.get("/"); // first visit
    // Carol left three hours ago; one thing happened two hours ago, another before she left.
    await getDb().updateTable("users").set({ last_seen_at: hoursAgo(3), previous_visit_at: hoursAgo(50) }).where("id", "=", reader.id).execute();
    const before = await createDocument({ coalitionId: pub.id, userId: alice.id, title: "Edited before Carol left", text: "…" });
    await getDb().updateTable("documents").set({ last_edited_at: hoursAgo(4) }).where("id", "=", before.id).execute();
    const after = await createDocument({ coalitionId: pub.id, userId: alice.id, title: "Edited while Carol was away", text: "…" });
    await getDb().updateTable("documents").set({ last_edited_at: hoursAgo(2) }).where("id", "=", after.id).execute();

    const text = visible(await (await client.get("/")).text());
    expect(text).toContain("Since your last visit");
    expect(text).toContain("Edited while Carol was away");
    expect(text).not.toContain("Edited before Carol left");
    // A reload during the same visit keeps showing it.
    expect(visible(await (await client.get("/")).text())).toContain("Edited while Carol was away");

    const seen = await client.post("/activity/seen", {});
    expect(seen.status).toBe(302);
    const cleared = await (await client.get("/")).text();
    expect(cleared).toContain('data-testid="home-activity-empty"');
  });

  it("refuses 'mark as seen' without a session", async () => {
    const res = await (await clientAs(server.url, null)).post("/activity/seen", {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });
});
