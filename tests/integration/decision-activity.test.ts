import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coalitionActivity, homeActivity } from "../../app/models/activity.server";
import { closeEarly, requireDecision, takeStance } from "../../app/models/decisions.server";
import { accessOf, open, runJobsAt } from "../helpers/decisions";
import { insertConsultation, insertConsultationComment } from "../helpers/consultation-fixtures";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { createDocument, publishVersion } from "../helpers/search-fixtures";
import { getDb, startTestServer, type TestServer } from "../helpers/server";

// Issues 24 and 26 in the activity feed: decisions opened and closed with their outcome, public
// consultations opened and closed (explicitly or by their date), each shown only to those who
// may read it (the feed's scopes come from THE permission table: version:read, consultation:read).

let server: TestServer;
let pub: Awaited<ReturnType<typeof createCoalition>>;
let priv: Awaited<ReturnType<typeof createCoalition>>;
let coordinator: TestUser;
let member: TestUser;
let outsider: TestUser;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer();
  pub = await createCoalition({ name: "Feed Public", visibility: "public" });
  priv = await createCoalition({ name: "Feed Private", visibility: "private" });
  coordinator = await createUser({ name: "Fay Coordinator" });
  member = await createUser({ name: "Max Member", stakeholder_group: "civil" });
  outsider = await createUser({ name: "Otis Outsider" });
  for (const c of [pub, priv]) {
    await addMember(c.id, coordinator.id, "coordinator");
    await addMember(c.id, member.id, "member");
  }
});
afterAll(async () => {
  await server?.close();
});

async function versionIn(coalitionId: string, title: string) {
  const doc = await createDocument({ coalitionId, userId: coordinator.id, title, text: "x" });
  const v = await publishVersion({ documentId: doc.id, coalitionId, userId: coordinator.id, text: "Text" });
  return { documentId: doc.id, versionId: v.id };
}

const itemsOf = async (coalitionId: string, user: TestUser | null, type: string) => (await coalitionActivity(await accessOf(coalitionId, user), 50)).filter((i) => i.type === type);

describe(`decisions and consultations in the activity feed (${process.env.TEST_PG_URL ? "PostgreSQL" : "SQLite"})`, () => {
  it("tells of a decision opened and closed with its outcome: adopted early by a coordinator, blocked at its deadline", async () => {
    const { versionId } = await versionIn(pub.id, "Public charter");
    const consent = await open(pub.id, coordinator, versionId);
    await takeStance(await accessOf(pub.id, member), consent, { stance: "agree", reason: "", choices: [] });
    expect(await closeEarly(await accessOf(pub.id, coordinator), await requireDecision(pub.id, consent.id), "The meeting agreed")).toEqual({ ok: true });
    const consensus = await open(pub.id, coordinator, versionId, { kind: "consensus" });
    await takeStance(await accessOf(pub.id, member), consensus, { stance: "block", reason: "Breaks the charter", choices: [] });
    await runJobsAt(Date.parse(consensus.deadline_at) + 60_000);

    const opened = await itemsOf(pub.id, null, "decision.opened");
    expect(opened.map((i) => [i.extra, i.actor, i.title])).toEqual(expect.arrayContaining([["consent", "Fay Coordinator", "Public charter"], ["consensus", "Fay Coordinator", "Public charter"]]));
    expect(opened.find((i) => i.extra === "consent")!.href).toBe(`/coalitions/${pub.slug}/decisions/${consent.id}`);
    const closed = await itemsOf(pub.id, null, "decision.closed");
    expect(closed.map((i) => [i.extra, i.actor]).sort()).toEqual([["adopted", "Fay Coordinator"], ["blocked", ""]]);
    // Who took part, never what they chose (an anonymous decision shows its participants too).
    const took = await itemsOf(pub.id, null, "decision.took-part");
    expect(took.map((i) => [i.actor, i.extra, i.href]).sort()).toEqual([consensus.id, consent.id].map((id) => ["Max Member", null, `/coalitions/${pub.slug}/decisions/${id}`]).sort());

    // The page says it in words (a visitor on a public coalition).
    const page = await (await (await clientAs(server.url, null)).get(`/coalitions/${pub.slug}`)).text();
    expect(page).toContain('data-type="decision.closed"');
    expect(page).toMatch(/Fay Coordinator closed the decision on <a[^>]*>Public charter<\/a>: adopted/);
    expect(page).toMatch(/The decision on <a[^>]*>Public charter<\/a> closed: blocked/);
    expect(page).toMatch(/opened a decision \(Consensus with block\) on/);
    expect(page).toMatch(/Max Member took part in the decision on <a[^>]*>Public charter<\/a>/);
  });

  it("keeps a private coalition's decisions from non-members, and shows them to members on their home page", async () => {
    const { versionId } = await versionIn(priv.id, "Private charter");
    await open(priv.id, coordinator, versionId);
    expect(await itemsOf(priv.id, outsider, "decision.opened")).toEqual([]);
    expect(await itemsOf(priv.id, null, "decision.opened")).toEqual([]);
    expect((await itemsOf(priv.id, member, "decision.opened")).map((i) => i.title)).toEqual(["Private charter"]);
    const home = await homeActivity({ id: member.id, email: member.email, name: member.name, organization: null, stakeholder_group: null, region: null, language: null, isSiteAdmin: false }, 50);
    expect(home.items.filter((i) => i.type === "decision.opened").map((i) => i.coalition.slug)).toContain(priv.slug);
    // An outsider's home lists only their own coalitions (none here).
    const outsiderHome = await homeActivity({ id: outsider.id, email: outsider.email, name: outsider.name, organization: null, stakeholder_group: null, region: null, language: null, isSiteAdmin: false }, 50);
    expect(outsiderHome.items).toEqual([]);
  });

  it("tells of consultations opened and closed (explicitly, or when the date passed), counting shown comments only", async () => {
    const a = await versionIn(pub.id, "Open text");
    const b = await versionIn(pub.id, "Past text");
    const c = await versionIn(pub.id, "Closed text");
    const running = await insertConsultation({ coalitionId: pub.id, ...a, userId: coordinator.id, closesAt: new Date(Date.now() + 3 * DAY).toISOString() });
    const lapsed = await insertConsultation({ coalitionId: pub.id, ...b, userId: coordinator.id, closesAt: new Date(Date.now() - DAY).toISOString() });
    const closedEarly = await insertConsultation({ coalitionId: pub.id, ...c, userId: coordinator.id, closesAt: new Date(Date.now() + 3 * DAY).toISOString(), closedAt: new Date().toISOString() });
    const first = await insertConsultationComment({ consultationId: lapsed.id, userId: outsider.id, body: "One" });
    await insertConsultationComment({ consultationId: lapsed.id, userId: outsider.id, body: "Two" });
    await insertConsultationComment({ consultationId: lapsed.id, userId: outsider.id, body: "Spam", hidden: true });
    await insertConsultationComment({ consultationId: lapsed.id, userId: member.id, body: "Reply", parentId: first.id });
    // Its date passes now (no job closes it: closed by date is computed), so it is among the overview's newest.
    await getDb().updateTable("consultations").set({ closes_at: new Date().toISOString() }).where("id", "=", lapsed.id).execute();

    const opened = await itemsOf(pub.id, null, "consultation.opened");
    expect(opened.map((i) => i.href).sort()).toEqual([running.id, lapsed.id, closedEarly.id].map((id) => `/coalitions/${pub.slug}/consultations/${id}`).sort());
    expect(opened.find((i) => i.title === "Open text")!.extra).toBe("1");
    const closed = await itemsOf(pub.id, null, "consultation.closed");
    expect(closed.map((i) => [i.title, i.extra, i.actor]).sort()).toEqual([["Closed text", "0", "Fay Coordinator"], ["Past text", "2", ""]]);

    const page = await (await (await clientAs(server.url, null)).get(`/coalitions/${pub.slug}`)).text();
    expect(page).toMatch(/The public consultation on <a[^>]*>Past text<\/a> closed on its date \(2 comments\)/);
    expect(page).toMatch(/opened version 1 of <a[^>]*>Open text<\/a> for public consultation/);
  });

  it("keeps a private coalition's consultations from non-members", async () => {
    const v = await versionIn(priv.id, "Quiet text");
    await insertConsultation({ coalitionId: priv.id, ...v, userId: coordinator.id, closesAt: new Date(Date.now() - DAY).toISOString() });
    for (const type of ["consultation.opened", "consultation.closed"]) {
      expect(await itemsOf(priv.id, outsider, type)).toEqual([]);
      expect((await itemsOf(priv.id, member, type)).map((i) => i.title)).toEqual(["Quiet text"]);
    }
  });
});
