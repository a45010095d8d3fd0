import type { JSONContent } from "@tiptap/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId, now } from "../../db/ids";
import { complianceOf } from "../../app/models/compliance/compliance.server";
import { closeEarly, requireDecision, takeStance } from "../../app/models/decisions.server";
import { extensionSections } from "../../app/models/reports/report-sections.server";
import { reportFigures } from "../../app/models/reports/report-figures.server";
import { accessOf, open, runJobsAt } from "../helpers/decisions";
import { insertConsultation, insertConsultationComment } from "../helpers/consultation-fixtures";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { createDocument, publishVersion } from "../helpers/search-fixtures";
import { getDb, startTestServer, type TestServer } from "../helpers/server";

// Issue 25 with issues 24 and 26: the annual report's sections on decisions, dissent annexes,
// endorsements and consultations (every figure recounted in SQL and linked to its source), and the
// checklist's "dissent record on each adopted output" as a real check.

let server: TestServer;
let coalition: Awaited<ReturnType<typeof createCoalition>>;
let coord: TestUser, m1: TestUser, m2: TestUser;
const year = new Date().getUTCFullYear();
const ORIGIN = "https://workspace.example";
let a: { documentId: string; versionId: string };
let b: { documentId: string; versionId: string };

async function output(title: string) {
  const doc = await createDocument({ coalitionId: coalition.id, userId: coord.id, title, text: "x" });
  const v = await publishVersion({ documentId: doc.id, coalitionId: coalition.id, userId: coord.id, text: "Text" });
  return { documentId: doc.id, versionId: v.id };
}

async function endorse(user: TestUser, v: { documentId: string; versionId: string }, o: { organisation?: string; verified?: boolean; withdrawn?: boolean } = {}) {
  const at = now();
  await getDb()
    .insertInto("endorsements")
    .values({ id: newId(), version_id: v.versionId, document_id: v.documentId, coalition_id: coalition.id, user_id: user.id, organisation: o.organisation ?? null, stakeholder_group: o.organisation ? "civil" : null, region: null, verified_at: o.verified ? at : null, verified_by: o.verified ? coord.id : null, reconfirms_id: null, created_at: at, withdrawn_at: o.withdrawn ? at : null })
    .execute();
}

/** Every text of the sections, and every link, flattened. */
function flatten(nodes: JSONContent[]): { texts: string[]; links: Array<{ text: string; href: string }> } {
  const texts: string[] = [];
  const links: Array<{ text: string; href: string }> = [];
  const walk = (n: JSONContent) => {
    if (n.type === "text" && n.text) {
      texts.push(n.text);
      const href = n.marks?.find((m) => m.type === "link")?.attrs?.href as string | undefined;
      if (href) links.push({ text: n.text, href });
    }
    n.content?.forEach(walk);
  };
  nodes.forEach(walk);
  return { texts, links };
}

const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(getDb())).rows[0]!.n);
const from = `${year}-01-01T00:00:00.000Z`;
const to = `${year + 1}-01-01T00:00:00.000Z`;

beforeAll(async () => {
  server = await startTestServer();
  coalition = await createCoalition({ name: "Tally Coalition", visibility: "public" });
  coord = await createUser({ name: "Tia Coordinator", stakeholder_group: "civil" });
  m1 = await createUser({ name: "Tom One", stakeholder_group: "civil" });
  m2 = await createUser({ name: "Tess Two", stakeholder_group: "technical" });
  for (const [u, role] of [[coord, "coordinator"], [m1, "member"], [m2, "member"]] as const) await addMember(coalition.id, u.id, role);
  a = await output("Charter");
  b = await output("Roadmap");
});
afterAll(async () => {
  await server?.close();
});

const stance = async (u: TestUser, id: string, s: string, reason = "", choices: string[] = []) => takeStance(await accessOf(coalition.id, u), await requireDecision(coalition.id, id), { stance: s, reason, choices });

describe(`the report's decisions, annexes, endorsements and consultations (${process.env.TEST_PG_URL ? "PostgreSQL" : "SQLite"})`, () => {
  it("the checklist: not applicable before anything is published, then red for an output adopted by no decision", async () => {
    const empty = await createCoalition({ name: "Empty Coalition" });
    const fresh = (id: string) => getDb().selectFrom("coalitions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect((await complianceOf(await fresh(empty.id))).find((i) => i.id === "dissent")).toMatchObject({ status: "na", summary: expect.stringContaining("No output was published") });

    const consent = await open(coalition.id, coord, a.versionId);
    await stance(m1, consent.id, "agree");
    await stance(coord, consent.id, "agree");
    await stance(m2, consent.id, "object", "The scope is too wide.");
    expect(await closeEarly(await accessOf(coalition.id, coord), await requireDecision(coalition.id, consent.id), "Call agreed")).toEqual({ ok: true });
    const item = (await complianceOf(await fresh(coalition.id))).find((i) => i.id === "dissent")!;
    expect(item.status).toBe("fail");
    expect(item.summary).toBe("Outputs published in the last 12 months: 2; adopted by a decision with its dissent annex: 1; dissenting stances recorded: 1. Without a dissent record: 1, for example “Roadmap” (version 1).");
    expect(item.todo).toContain("open a consent, consensus or silence decision");
    expect(item.evidenceHref).toBe(`/coalitions/${coalition.slug}/outputs/${b.versionId}`);
  });

  it("the checklist: a block that stops adoption is not an adoption; green once every output is adopted with its annex", async () => {
    const consensus = await open(coalition.id, coord, b.versionId, { kind: "consensus" });
    await stance(m2, consensus.id, "block", "Not ready");
    await runJobsAt(Date.parse(consensus.deadline_at) + 60_000);
    const fresh = await getDb().selectFrom("coalitions").selectAll().where("id", "=", coalition.id).executeTakeFirstOrThrow();
    expect((await complianceOf(fresh)).find((i) => i.id === "dissent")!.status).toBe("fail");

    const poll = await open(coalition.id, coord, b.versionId, { kind: "poll", question: "When do we meet?", options: "Monday\nFriday" });
    await stance(m1, poll.id, "vote", "", ["0"]);
    await closeEarly(await accessOf(coalition.id, coord), await requireDecision(coalition.id, poll.id), "Enough");
    const silence = await open(coalition.id, coord, b.versionId, { kind: "silence" });
    await runJobsAt(Date.parse(silence.deadline_at) + 60_000);
    const item = (await complianceOf(fresh)).find((i) => i.id === "dissent")!;
    expect(item).toMatchObject({ status: "pass", todo: null });
    expect(item.summary).toBe("Outputs published in the last 12 months: 2; adopted by a decision with its dissent annex: 2; dissenting stances recorded: 1.");
    expect(item.evidenceHref).toBe(`/coalitions/${coalition.slug}/outputs/${a.versionId}#dissent-annex`);
  });

  it("the report's sections equal an SQL recount, each figure linked to its source", async () => {
    await endorse(m1, a);
    await endorse(m2, a, { organisation: "Open Net", verified: true });
    await endorse(coord, b, { withdrawn: true });
    const consultation = await insertConsultation({ coalitionId: coalition.id, ...b, userId: coord.id, closesAt: new Date(Date.now() + 86_400_000).toISOString() });
    const c1 = await insertConsultationComment({ consultationId: consultation.id, userId: m1.id, body: "Add a timeline", answer: "accepted", group: "civil" });
    await insertConsultationComment({ consultationId: consultation.id, userId: m2.id, body: "Shorter", answer: "noted", group: "technical" });
    await insertConsultationComment({ consultationId: consultation.id, userId: m2.id, body: "And costs?", group: "technical" });
    await insertConsultationComment({ consultationId: consultation.id, userId: m2.id, body: "Spam", hidden: true });
    await insertConsultationComment({ consultationId: consultation.id, userId: coord.id, body: "Thanks", parentId: c1.id });

    const figures = await reportFigures(coalition.id, year);
    const nodes = await extensionSections({ coalitionId: coalition.id, slug: coalition.slug, year, figures, link: (p) => new URL(p, ORIGIN).href });
    const { texts, links } = flatten(nodes);
    const base = `${ORIGIN}/coalitions/${coalition.slug}`;
    const where = sql`coalition_id = ${coalition.id}`;

    // Decisions: closed in the year, by outcome, with dissent.
    const closed = await count(sql<{ n: number }>`SELECT COUNT(*) AS n FROM decisions WHERE ${where} AND closed_at >= ${from} AND closed_at < ${to}`);
    const outcome = (o: string) => count(sql<{ n: number }>`SELECT COUNT(*) AS n FROM decisions WHERE ${where} AND closed_at >= ${from} AND closed_at < ${to} AND outcome = ${o}`);
    const withDissent = await count(sql<{ n: number }>`SELECT COUNT(DISTINCT a.decision_id) AS n FROM decision_annex_entries a JOIN decisions d ON d.id = a.decision_id WHERE d.coalition_id = ${coalition.id}`);
    expect(closed).toBe(4);
    expect(texts).toContain(`Decisions closed in ${year}: ${closed}`);
    expect(texts).toContain(`Adopted: ${await outcome("adopted")}; not adopted: ${await outcome("not_adopted")}; polls: ${await outcome("poll")}; restarted: ${await outcome("restarted")}`);
    expect(texts).toContain(`With dissent recorded: ${withDissent}`);
    const decisionLinks = links.filter((l) => l.href.startsWith(`${base}/decisions/`));
    expect(decisionLinks).toHaveLength(closed);
    expect(decisionLinks.find((l) => l.text.includes("Charter"))!.text).toMatch(/^Adopt version 1 of “Charter”\?: Adopted, .* \(dissenting stances recorded: 1\)$/);

    // Dissent annexes: one objection, one block.
    const annexed = await count(sql<{ n: number }>`SELECT COUNT(*) AS n FROM decision_annex_entries a JOIN decisions d ON d.id = a.decision_id WHERE d.coalition_id = ${coalition.id}`);
    expect(texts).toContain(`Stances recorded in dissent annexes: ${annexed} (Object: 1, Block: 1)`);
    expect(links.filter((l) => l.href.endsWith("#dissent-annex")).map((l) => l.href).sort()).toEqual([`${base}/outputs/${a.versionId}#dissent-annex`, `${base}/outputs/${b.versionId}#dissent-annex`].sort());

    // Endorsements: given in the year and standing (the withdrawn one does not count).
    const endorsements = await count(sql<{ n: number }>`SELECT COUNT(*) AS n FROM endorsements WHERE ${where} AND withdrawn_at IS NULL`);
    expect(endorsements).toBe(2);
    expect(texts).toContain(`Endorsements given in ${year} and not withdrawn: ${endorsements} (on behalf of organisations: 1; verified: 1)`);
    expect(links).toContainEqual({ text: "Charter, version 1: 2 endorsements (1 from organisations)", href: `${base}/outputs/${a.versionId}#endorsements` });

    // Consultations: shown comments (not replies, not hidden) and their disposition.
    const shown = await count(sql<{ n: number }>`SELECT COUNT(*) AS n FROM consultation_comments WHERE consultation_id = ${consultation.id} AND parent_id IS NULL AND hidden_at IS NULL`);
    expect(shown).toBe(3);
    expect(texts).toContain(`Consultations opened in ${year}: 1`);
    expect(texts).toContain(`Comments received: ${shown}, from 2 stakeholder groups`);
    expect(links).toContainEqual({ text: "Roadmap, version 1: 3 comments", href: `${base}/consultations/${consultation.id}` });
    expect(links).toContainEqual({ text: "accepted 1, partly accepted 0, not accepted 0, noted 1, not answered 1", href: `${base}/consultations/${consultation.id}#disposition` });

    // Every figure is a link into the workspace; the sections come in the slots' order.
    expect(links.every((l) => l.href.startsWith(`${ORIGIN}/`))).toBe(true);
    const headings = nodes.filter((n) => n.type === "heading").map((n) => n.content![0]!.text);
    expect(headings).toEqual(["Decisions", "Dissent annexes", "Endorsements", "Public consultations"]);
  });

  it("writes nothing for a year without decisions, endorsements or consultations", async () => {
    const figures = await reportFigures(coalition.id, year - 1);
    expect(await extensionSections({ coalitionId: coalition.id, slug: coalition.slug, year: year - 1, figures, link: (p) => p })).toEqual([]);
  });
});
