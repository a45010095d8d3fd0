import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import { annexForExport, decisionPage, versionDecisions } from "../../app/models/decision-view.server";
import { exportVersionDocx } from "../../app/models/docx-export.server";
import { findCoalitionById } from "../../db/queries/coalitions";
import { closeDueDecision, closeEarly, openDecision, requireDecision, takeStance } from "../../app/models/decisions.server";
import { tally } from "../../app/models/decision-results.server";
import { requireVersion, withdrawVersion } from "../../app/models/versions.server";
import { listStances } from "../../db/queries/decisions";
import { accessOf, HOUR, open, openValues, runJobsAt } from "../helpers/decisions";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { createTestPgDatabase } from "../helpers/pg";
import { createDocument, publishVersion } from "../helpers/search-fixtures";
import { getDb, startTestServer, type TestServer } from "../helpers/server";

// Issue 24, the model: the four kinds, one stance per person under concurrency, tallies by
// stakeholder group equal to a SQL recount, the frozen dissent annex, and the close at the
// deadline by the durable job across a server restart (the clock moved, never waited for).

const GROUPS = ["civil", "civil", "private", "academic", "government", null] as const;
let server: TestServer;
let databaseUrl: string;
let dropPg: (() => Promise<void>) | undefined;
let dataDir: string;
let coalitionId: string;
let coordinator: TestUser;
let observer: TestUser;
const members: TestUser[] = [];
let documentId: string;
let v1: string;
let v2: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "cw-decisions-"));
  const pg = process.env.TEST_PG_URL ? await createTestPgDatabase(process.env.TEST_PG_URL) : null;
  dropPg = pg?.drop;
  databaseUrl = pg?.url ?? `file:${join(dataDir, "workspace.db")}`;
  server = await startTestServer({ DATABASE_URL: databaseUrl });
  const c = await createCoalition({ name: "Decisions Coalition", visibility: "public" });
  coalitionId = c.id;
  coordinator = await createUser({ name: "Cora Coordinator", stakeholder_group: "civil", region: "weog" });
  observer = await createUser({ name: "Otto Observer" });
  await addMember(c.id, coordinator.id, "coordinator");
  await addMember(c.id, observer.id, "observer");
  for (const [i, g] of GROUPS.entries()) {
    const u = await createUser({ name: `Member ${i}`, ...(g ? { stakeholder_group: g } : {}), region: i % 2 ? "african" : "asia_pacific" });
    await addMember(c.id, u.id, "member");
    members.push(u);
  }
  const doc = await createDocument({ coalitionId, userId: coordinator.id, title: "Charter", text: "x" });
  documentId = doc.id;
  v1 = (await publishVersion({ documentId, coalitionId, userId: coordinator.id, text: "One", number: 1 })).id;
  v2 = (await publishVersion({ documentId, coalitionId, userId: coordinator.id, text: "Two", number: 2 })).id;
});

afterAll(async () => {
  await server?.close();
  await dropPg?.();
  rmSync(dataDir, { recursive: true, force: true });
});

const as = (u: TestUser | null) => accessOf(coalitionId, u);
const stance = async (u: TestUser, decisionId: string, s: string, reason = "", choices: string[] = []) => takeStance(await as(u), await requireDecision(coalitionId, decisionId), { stance: s, reason, choices });
const count = async (table: "decisions" | "decision_stances" | "decision_annex_entries") => Number((await getDb().selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

describe(`decisions on a version (${process.env.TEST_PG_URL ? "PostgreSQL" : "SQLite"})`, () => {
  it("refuses bad openings and changes nothing", async () => {
    const version = await requireVersion(coalitionId, v2);
    const before = await count("decisions");
    const past = await openDecision(await as(coordinator), version, openValues({ deadline: "2020-01-01T10:00" }));
    expect(past).toMatchObject({ ok: false, status: 400, fieldErrors: { deadline: "The deadline must be in the future." } });
    expect(await openDecision(await as(coordinator), version, openValues({ kind: "poll", question: "When?", options: "Only one" }))).toMatchObject({ ok: false, fieldErrors: { options: expect.any(String) } });
    expect(await openDecision(await as(members[0]!), version, openValues())).toMatchObject({ ok: false, status: 403 });
    expect(await count("decisions")).toBe(before);
  });

  it("consent: reasons required for objections, one stance per person, adopted at the deadline with the objection in the annex", async () => {
    const d = await open(coalitionId, coordinator, v2);
    expect(await stance(members[0]!, d.id, "agree")).toMatchObject({ ok: true });
    expect(await stance(members[1]!, d.id, "object")).toMatchObject({ ok: false, status: 400, fieldErrors: { reason: expect.any(String) } });
    expect(await stance(members[1]!, d.id, "block", "no")).toMatchObject({ ok: false, fieldErrors: { stance: expect.any(String) } });
    expect(await listStances(getDb(), d.id)).toHaveLength(1);
    expect(await stance(members[1]!, d.id, "object", "The **budget** section <script>alert(1)</script> is unclear.")).toMatchObject({ ok: true });
    expect(await stance(members[2]!, d.id, "abstain")).toMatchObject({ ok: true });
    expect(await stance(members[2]!, d.id, "agree")).toMatchObject({ ok: true }); // changed, not added
    expect(await listStances(getDb(), d.id)).toHaveLength(3);
    // Observers take part only when the decision lets them.
    expect(await stance(observer, d.id, "agree")).toMatchObject({ ok: false, status: 403 });

    await expect(closeDueDecision(getDb(), d.id, new Date(Date.now()))).rejects.toThrow(/not due/);
    await runJobsAt(Date.parse(d.deadline_at) + 60_000);
    const closed = await requireDecision(coalitionId, d.id);
    expect(closed.outcome).toBe("adopted");
    expect(JSON.parse(closed.outcome_detail!).counts).toEqual({ agree: 2, abstain: 0, object: 1 });
    const panel = await versionDecisions(await as(null), await requireVersion(coalitionId, v2), "UTC");
    expect(panel.adoptedBy).toHaveLength(1);
    expect(panel.annex[0]!.entries).toEqual([expect.objectContaining({ stance: "Object", author: "Member 1", group: "Civil society" })]);
    expect(panel.annex[0]!.entries[0]!.reasonHtml).toContain("<strong>budget</strong>");
    expect(panel.annex[0]!.entries[0]!.reasonHtml).not.toContain("<script");
    // After the close: a stance changes nothing, and the annex is frozen.
    expect(await stance(members[3]!, d.id, "object", "late")).toMatchObject({ ok: false, status: 409 });
    expect(await closeEarly(await as(coordinator), closed, "again")).toMatchObject({ ok: false, status: 409 });
    expect(await listStances(getDb(), d.id)).toHaveLength(3);
    expect((await versionDecisions(await as(null), await requireVersion(coalitionId, v2), "UTC")).annex[0]!.entries).toHaveLength(1);
  });

  it("the Word export carries the adoption line and the frozen annex, the reason's Markdown as formatting and its HTML as text", async () => {
    const version = await requireVersion(coalitionId, v2);
    const coalition = (await findCoalitionById(getDb(), coalitionId))!;
    const file = await exportVersionDocx(coalition, version, await annexForExport(version));
    const xml = strFromU8(unzipSync(file.body as Uint8Array)["word/document.xml"]!);
    const texts = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("|");
    expect(texts).toMatch(/Adopted on .* by the decision “Adopt version 2 of “Charter”\?”/);
    expect(texts).toContain("Dissent annex");
    expect(texts).toContain("Object · Member 1 · Civil society");
    // **budget** is a bold run; the <script> the objector typed is text, escaped, never markup.
    expect(xml).toMatch(/<w:r><w:rPr><w:b\/>(?:(?!<\/w:r>).)*<w:t[^>]*>budget<\/w:t><\/w:r>/);
    expect(xml).not.toMatch(/<w:r><w:rPr><w:b\/>(?:(?!<\/w:r>).)*<w:t[^>]*> section/);
    expect(xml).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(xml).not.toContain("<script");
    // Without the annex the file has none (the draft export, or a version nothing was decided on).
    const v1File = await exportVersionDocx(coalition, await requireVersion(coalitionId, v1), await annexForExport(await requireVersion(coalitionId, v1)));
    expect(strFromU8(unzipSync(v1File.body as Uint8Array)["word/document.xml"]!)).not.toContain("Dissent annex");
  });

  it("consensus: a block stops adoption; stand aside and abstain go into the annex; closing early needs a reason", async () => {
    const d = await open(coalitionId, coordinator, v2, { kind: "consensus", anonymous: true });
    await stance(members[0]!, d.id, "agree");
    await stance(members[1]!, d.id, "stand_aside", "Not my field");
    expect(await stance(members[2]!, d.id, "block")).toMatchObject({ ok: false, fieldErrors: { reason: expect.any(String) } });
    await stance(members[2]!, d.id, "block", "Breaks the charter");
    expect(await closeEarly(await as(members[0]!), d, "x")).toMatchObject({ ok: false, status: 403 });
    expect(await closeEarly(await as(coordinator), d, "  ")).toMatchObject({ ok: false, fieldErrors: { closeReason: expect.any(String) } });
    expect(await closeEarly(await as(coordinator), d, "The meeting decided")).toEqual({ ok: true });
    const closed = await requireDecision(coalitionId, d.id);
    expect(closed.outcome).toBe("not_adopted");
    const annex = await getDb().selectFrom("decision_annex_entries").selectAll().where("decision_id", "=", d.id).orderBy("position").execute();
    expect(annex.map((a) => [a.stance, a.author_name])).toEqual([["stand_aside", null], ["block", null]]); // anonymous: no names
    // The anonymous decision's log counts stances and names no one.
    const audit = await getDb().selectFrom("audit_events").select(["actor_id", "detail"]).where("action", "=", "decision.stance_taken").where("detail", "like", `%${d.id}%`).execute();
    expect(audit.every((a) => a.actor_id === null && !String(a.detail).includes("block"))).toBe(true);
    const page = await decisionPage(await as(null), closed, "UTC");
    expect(page.participants).toHaveLength(3);
    expect(page.stances.every((s) => s.name === null)).toBe(true);
  });

  it("silence: an objection ends it, or restarts it for a new period; without one it is adopted at the deadline", async () => {
    const ended = await open(coalitionId, coordinator, v1, { kind: "silence" });
    expect(await stance(members[4]!, ended.id, "object", "Wrong figures")).toMatchObject({ ok: true, closed: true, restartedAs: null });
    expect((await requireDecision(coalitionId, ended.id)).outcome).toBe("not_adopted");

    const restarting = await open(coalitionId, coordinator, v2, { kind: "silence", onObjection: "restart" });
    const r = await stance(members[4]!, restarting.id, "object", "Still wrong");
    expect(r).toMatchObject({ ok: true, closed: true, restartedAs: expect.any(String) });
    const next = await requireDecision(coalitionId, (r as { restartedAs: string }).restartedAs);
    expect(next.restarted_from).toBe(restarting.id);
    expect(next.closed_at).toBeNull();
    expect((await requireDecision(coalitionId, restarting.id)).outcome).toBe("restarted");
  });

  it("poll: single and multiple choice, and its result", async () => {
    const single = await open(coalitionId, coordinator, v2, { kind: "poll", question: "Which day?", options: "Monday\nTuesday\nFriday" });
    expect(await stance(members[0]!, single.id, "", "", ["0", "1"])).toMatchObject({ ok: false, fieldErrors: { choices: expect.any(String) } });
    expect(await stance(members[0]!, single.id, "", "", ["7"])).toMatchObject({ ok: false });
    await stance(members[0]!, single.id, "", "", ["1"]);
    await stance(members[1]!, single.id, "", "", ["1"]);
    await stance(members[2]!, single.id, "", "", ["2"]);
    const multi = await open(coalitionId, coordinator, v2, { kind: "poll", question: "Which days?", options: "Mon\nTue", multiple: true });
    await stance(members[0]!, multi.id, "", "", ["0", "1"]);
    await closeEarly(await as(coordinator), await requireDecision(coalitionId, single.id), "Enough answers");
    const closed = await requireDecision(coalitionId, single.id);
    expect(closed.outcome).toBe("poll");
    expect(JSON.parse(closed.outcome_detail!)).toMatchObject({ counts: { "0": 0, "1": 2, "2": 1 }, winners: [1] });
    expect((await decisionPage(await as(null), closed, "UTC")).statement).toBe("Most chosen: Tuesday (0 Monday, 2 Tuesday, 1 Friday).");
    expect(tally(multi, await listStances(getDb(), multi.id)).byStance.map((s) => s.count)).toEqual([1, 1]);
  });

  it("tallies by stakeholder group and region equal a SQL recount", async () => {
    const d = await open(coalitionId, coordinator, v2, { observers: true });
    const choices = ["agree", "object", "abstain", "agree", "agree", "object"];
    for (const [i, m] of members.entries()) await stance(m, d.id, choices[i]!, "because");
    await stance(observer, d.id, "abstain");
    const t = tally(d, await listStances(getDb(), d.id));
    const recount = await sql<{ grp: string | null; stance: string; n: number }>`
      SELECT u.stakeholder_group AS grp, s.stance AS stance, COUNT(*) AS n FROM decision_stances s JOIN users u ON u.id = s.user_id
      WHERE s.decision_id = ${d.id} GROUP BY u.stakeholder_group, s.stance`.execute(getDb());
    for (const row of recount.rows) expect(t.byGroup.find((g) => g.id === (row.grp ?? "unknown"))!.counts[row.stance]).toBe(Number(row.n));
    expect(t.byGroup.reduce((sum, g) => sum + g.people, 0)).toBe(members.length + 1);
    const regions = await sql<{ region: string | null; n: number }>`SELECT u.region AS region, COUNT(*) AS n FROM decision_stances s JOIN users u ON u.id = s.user_id WHERE s.decision_id = ${d.id} GROUP BY u.region`.execute(getDb());
    for (const row of regions.rows) expect(t.byRegion.find((g) => g.id === (row.region ?? "unknown"))!.people).toBe(Number(row.n));
  });

  it("concurrent stance changes never double-count", async () => {
    const d = await open(coalitionId, coordinator, v2);
    const tries = members.flatMap((m) => ["agree", "abstain", "object", "agree"].map((s) => () => stance(m, d.id, s, "reason")));
    const results = await Promise.all(tries.map((f) => f()));
    expect(results.every((r) => r.ok)).toBe(true);
    const rows = await listStances(getDb(), d.id);
    expect(rows).toHaveLength(members.length);
    expect(tally(d, rows).total).toBe(members.length);
    expect(tally(d, rows).byStance.reduce((s, c) => s + c.count, 0)).toBe(members.length);
  });

  it("refuses a decision on a withdrawn version", async () => {
    const v3 = (await publishVersion({ documentId, coalitionId, userId: coordinator.id, text: "Three", number: 3 })).id;
    await withdrawVersion(await as(coordinator), await requireVersion(coalitionId, v3), "Mistake");
    expect(await openDecision(await as(coordinator), await requireVersion(coalitionId, v3), openValues())).toMatchObject({ ok: false, status: 409 });
  });

  it("a silence procedure closes by itself at the deadline across a server restart", async () => {
    const d = await open(coalitionId, coordinator, v2, { kind: "silence", deadline: new Date(Date.now() + 3 * HOUR).toISOString().slice(0, 16) });
    await stance(members[0]!, d.id, "agree");
    await server.close();
    server = await startTestServer({ DATABASE_URL: databaseUrl });
    // The job queued at the opening is still there after the restart, due at the deadline.
    const job = await getDb().selectFrom("jobs" as never).select(["state", "run_at"] as never).where("key" as never, "=", `decision-close:${d.id}` as never).executeTakeFirstOrThrow() as { state: string; run_at: string };
    expect(job).toEqual({ state: "queued", run_at: d.deadline_at });
    await runJobsAt(Date.parse(d.deadline_at) - 60_000);
    expect((await requireDecision(coalitionId, d.id)).closed_at).toBeNull();
    await runJobsAt(Date.parse(d.deadline_at) + 60_000);
    const closed = await requireDecision(coalitionId, d.id);
    expect(closed.outcome).toBe("adopted");
    expect(closed.closed_by).toBeNull();
  });
});
