import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import * as m0035 from "../../db/migrations/0035-consultation-search";
import { insertConsultation, insertConsultationComment } from "../helpers/consultation-fixtures";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { createDocument, publishVersion } from "../helpers/search-fixtures";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 26: search finds consultation comments (and replies, and the coordinators' public answer
// reasons) that the reader may see: consultation:read from THE permission table decides per
// coalition; hidden comments, and replies to hidden ones, are never found. Both dialects (0035).

let server: TestServer;
type Who = "visitor" | "nonMember" | "observer" | "member" | "coordinator" | "admin";
const users: Partial<Record<Who, TestUser>> = {};
let pub: Awaited<ReturnType<typeof createCoalition>>;
let priv: Awaited<ReturnType<typeof createCoalition>>;
let pubConsultation: string;
let shownId: string;
let hiddenId: string;

async function found(who: Who, q: string, extra: Record<string, string> = {}): Promise<{ kinds: string[]; html: string }> {
  const client = await clientAs(server.url, who === "visitor" ? null : users[who]!);
  const res = await client.get(`/search?${new URLSearchParams({ q, ...extra })}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  return { kinds: [...html.matchAll(/data-testid="search-result" data-kind="(\w+)"/g)].map((m) => m[1]!), html };
}

async function consultationIn(coalitionId: string, title: string, author: TestUser) {
  const doc = await createDocument({ coalitionId, userId: author.id, title, text: "x" });
  const v = await publishVersion({ documentId: doc.id, coalitionId, userId: author.id, text: "Text" });
  return (await insertConsultation({ coalitionId, versionId: v.id, documentId: doc.id, userId: author.id, closesAt: new Date(Date.now() + 86_400_000).toISOString() })).id;
}

beforeAll(async () => {
  server = await startTestServer();
  for (const k of ["nonMember", "observer", "member", "coordinator"] as const) users[k] = await createUser({ name: `Seeker ${k}` });
  users.admin = await createUser({ name: "Seeker admin", isSiteAdmin: true });
  pub = await createCoalition({ name: "Open Consultation Coalition", visibility: "public" });
  priv = await createCoalition({ name: "Closed Consultation Coalition", visibility: "private" });
  for (const c of [pub, priv]) {
    await addMember(c.id, users.observer!.id, "observer");
    await addMember(c.id, users.member!.id, "member");
    await addMember(c.id, users.coordinator!.id, "coordinator");
  }
  pubConsultation = await consultationIn(pub.id, "Spectrum charter", users.coordinator!);
  // Anyone signed in comments on a public consultation, member or not.
  shownId = (await insertConsultationComment({ consultationId: pubConsultation, userId: users.nonMember!.id, body: "Please add quasarmark to paragraph two.", paragraph: 2, answer: "accepted" })).id;
  await getDb().updateTable("consultation_comments").set({ answer_reason: "Added with the nebulamark wording." }).where("id", "=", shownId).execute();
  await insertConsultationComment({ consultationId: pubConsultation, userId: users.member!.id, body: "Agreed, pulsarmark too.", parentId: shownId });
  hiddenId = (await insertConsultationComment({ consultationId: pubConsultation, userId: users.nonMember!.id, body: "Buy hiddenmark pills", hidden: true })).id;
  await insertConsultationComment({ consultationId: pubConsultation, userId: users.member!.id, body: "Replying to spam orphanmark", parentId: hiddenId });
  const privConsultation = await consultationIn(priv.id, "Internal charter", users.coordinator!);
  await insertConsultationComment({ consultationId: privConsultation, userId: users.member!.id, body: "Inside privcommentmark only." });
});
afterAll(async () => {
  await server?.close();
});

describe(`consultation comments in search (${process.env.TEST_PG_URL ? "PostgreSQL" : "SQLite"})`, () => {
  it("finds a public consultation's comment, reply and answer reason for everyone, linking to the comment", async () => {
    for (const who of ["visitor", "nonMember", "observer", "member", "coordinator", "admin"] as const) {
      expect((await found(who, "quasarmark")).kinds, who).toEqual(["consultation"]);
      expect((await found(who, "pulsarmark")).kinds, who).toEqual(["consultation"]);
      expect((await found(who, "nebulamark")).kinds, who).toEqual(["consultation"]);
    }
    const { html } = await found("visitor", "quasarmark");
    expect(html).toContain(`href="/coalitions/${pub.slug}/consultations/${pubConsultation}#comment-${shownId}"`);
    expect(html).toContain("Spectrum charter");
    expect(html).toContain("Consultation comment");
    expect(html).toContain("Commented by Seeker nonMember");
  });

  it("never finds a hidden comment, nor a reply to one, for anyone", async () => {
    for (const who of ["visitor", "nonMember", "member", "coordinator", "admin"] as const) {
      expect((await found(who, "hiddenmark")).kinds, who).toEqual([]);
      expect((await found(who, "orphanmark")).kinds, who).toEqual([]);
    }
  });

  it("finds a private coalition's consultation comments only for those who may read it (the permission table)", async () => {
    expect((await found("visitor", "privcommentmark")).kinds).toEqual([]);
    expect((await found("nonMember", "privcommentmark")).kinds).toEqual([]);
    // The table lets site administrators read every coalition's consultations, as its outputs.
    for (const who of ["observer", "member", "coordinator", "admin"] as const) expect((await found(who, "privcommentmark")).kinds, who).toEqual(["consultation"]);
  });

  it("follows hiding at once, and filters by kind", async () => {
    const extra = await insertConsultationComment({ consultationId: pubConsultation, userId: users.nonMember!.id, body: "Soon hidden cometmark." });
    expect((await found("visitor", "cometmark")).kinds).toEqual(["consultation"]);
    await getDb().updateTable("consultation_comments").set({ hidden_at: new Date().toISOString(), hidden_by: users.coordinator!.id, hidden_reason: "Off topic" }).where("id", "=", extra.id).execute();
    expect((await found("visitor", "cometmark")).kinds).toEqual([]);
    expect((await found("member", "quasarmark", { kind: "consultations" })).kinds).toEqual(["consultation"]);
    expect((await found("member", "quasarmark", { kind: "threads" })).kinds).toEqual([]);
  });

  it("migration 0035 indexes the comments that existed before it, and its down step removes them", async () => {
    await m0035.down(getDb());
    expect((await found("visitor", "quasarmark")).kinds).toEqual([]);
    await m0035.up(getDb());
    expect((await found("visitor", "quasarmark")).kinds).toEqual(["consultation"]);
    expect((await found("member", "privcommentmark")).kinds).toEqual(["consultation"]);
    expect((await found("visitor", "hiddenmark")).kinds).toEqual([]);
  });
});
