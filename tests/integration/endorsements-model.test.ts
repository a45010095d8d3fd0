import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import type { JobTable } from "../../db/queries/jobs";
import { coalitionActivity } from "../../app/models/activity.server";
import { auditPage } from "../../app/models/audit.server";
import { askToReconfirm } from "../../app/models/endorsement-reconfirm.server";
import { endorsementPanel } from "../../app/models/endorsement-views.server";
import { endorseVersion, reconfirmEndorsement, verifyEndorsement, withdrawEndorsement } from "../../app/models/endorsements.server";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { docJson, writeContent } from "../helpers/documents";
import { accessAs, endorsementRows, publishAs, versionOf } from "../helpers/endorsements";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 24, the rules of endorsements at the model: one active endorsement per person per version
// (the database decides races), withdraw and renew keeping the history, organisations declared
// and verified, refusals that save nothing, and re-confirmation on a newer version.

let server: TestServer;
const jobsTable = () => getDb() as unknown as Kysely<{ jobs: JobTable }>;
let coalition: Awaited<ReturnType<typeof createCoalition>>;
const u: Record<"coordinator" | "member" | "observer" | "outsider" | "other", TestUser> = {} as never;
let docId: string;
let v1: string;

const org = { as: "organisation", organisation: "Open Net Alliance", stakeholder_group: "civil", region: "african" };
const page = (versionId: string) => new URL(`http://x/coalitions/${coalition.slug}/outputs/${versionId}`);

beforeAll(async () => {
  server = await startTestServer();
  coalition = await createCoalition({ visibility: "public", name: "Endorsing Coalition" });
  for (const role of ["coordinator", "member", "observer"] as const) {
    u[role] = await createUser({ name: `En ${role}`, stakeholder_group: "academic", region: "weog" });
    await addMember(coalition.id, u[role].id, role);
  }
  u.outsider = await createUser({ name: "En outsider", stakeholder_group: "private" });
  u.other = await createUser({ name: "En other" });
  await addMember(coalition.id, u.other.id, "member");
  docId = (await createDocument(coalition.id, u.member.id, { title: "Principles" })).id;
  await writeContent(docId, docJson("Principles", "Openness.", "Inclusion."));
  v1 = await publishAs(server.url, u.coordinator, coalition.slug, docId, "First");
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe("one endorsement per person per version", () => {
  it("lets eight simultaneous endorsements by one person through once; the others are told they already endorse", async () => {
    const version = await versionOf(coalition.id, v1);
    const access = await accessAs(coalition.slug, u.member);
    const results = await Promise.all(Array.from({ length: 8 }, () => endorseVersion(access, version, { as: "self" })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) expect(r).toMatchObject({ ok: false, status: 409, message: "You already endorse this version." });
    expect((await endorsementRows(v1)).filter((r) => r.user_id === u.member.id && !r.withdrawn_at)).toHaveLength(1);
  });

  it("the database itself refuses a second active row for the same person and version", async () => {
    const [row] = (await endorsementRows(v1)).filter((r) => r.user_id === u.member.id);
    await expect(getDb().insertInto("endorsements").values({ ...row, id: "duplicaterow00001" }).execute()).rejects.toThrow();
  });

  it("withdraw, then renew: a new active row, the withdrawn one kept; withdrawing twice is refused", async () => {
    const version = await versionOf(coalition.id, v1);
    const access = await accessAs(coalition.slug, u.other);
    expect(await endorseVersion(access, version, { as: "self" })).toMatchObject({ ok: true });
    expect(await withdrawEndorsement(access, version)).toEqual({ ok: true });
    expect(await withdrawEndorsement(access, version)).toMatchObject({ ok: false, status: 409, message: "You do not endorse this version." });
    expect(await endorseVersion(access, version, org)).toMatchObject({ ok: true });
    const mine = (await endorsementRows(v1)).filter((r) => r.user_id === u.other.id);
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({ organisation: null });
    expect(mine[0].withdrawn_at).not.toBeNull();
    expect(mine[1]).toMatchObject({ organisation: "Open Net Alliance", stakeholder_group: "civil", region: "african", withdrawn_at: null });
  });
});

describe("refusals save nothing", () => {
  it("bad organisation input: 400 with a message per field", async () => {
    const version = await versionOf(coalition.id, v1);
    const before = (await endorsementRows(v1)).length;
    const access = await accessAs(coalition.slug, u.observer);
    expect(await endorseVersion(access, version, { as: "organisation", organisation: "  ", stakeholder_group: "pirates", region: "" })).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { organisation: "Enter the organisation’s name.", stakeholder_group: "Choose the organisation’s stakeholder group.", region: "Choose the organisation’s region." },
    });
    expect(await endorseVersion(access, version, { as: "nobody" })).toMatchObject({ ok: false, status: 400, fieldErrors: { as: expect.stringContaining("Choose whether") } });
    expect(await endorseVersion(access, version, { ...org, organisation: "x".repeat(201) })).toMatchObject({ ok: false, status: 400, fieldErrors: { organisation: expect.stringContaining("200") } });
    expect((await endorsementRows(v1)).length).toBe(before);
  });

  it("a visitor (403) and, in a private coalition, an outsider (404)", async () => {
    const version = await versionOf(coalition.id, v1);
    expect(await endorseVersion(await accessAs(coalition.slug, null), version, { as: "self" })).toMatchObject({ ok: false, status: 403 });
    const secret = await createCoalition({ visibility: "private" });
    await addMember(secret.id, u.coordinator.id, "coordinator");
    const doc = await createDocument(secret.id, u.coordinator.id, { title: "Secret" });
    const sv = await versionOf(secret.id, await publishAs(server.url, u.coordinator, secret.slug, doc.id, "S1"));
    expect(await endorseVersion(await accessAs(secret.slug, u.outsider), sv, { as: "self" })).toMatchObject({ ok: false, status: 404 });
    expect(await endorseVersion(await accessAs(secret.slug, u.coordinator), sv, { as: "self" })).toMatchObject({ ok: true });
    expect(await endorsementRows(sv.id)).toHaveLength(1);
  });

  it("a withdrawn version cannot be endorsed (409), but one's endorsement of it can still be withdrawn", async () => {
    const doc = await createDocument(coalition.id, u.member.id, { title: "Old text" });
    const id = await publishAs(server.url, u.coordinator, coalition.slug, doc.id, "Old");
    const access = await accessAs(coalition.slug, u.member);
    expect(await endorseVersion(access, await versionOf(coalition.id, id), { as: "self" })).toMatchObject({ ok: true });
    await getDb().updateTable("document_versions").set({ withdrawn_at: new Date().toISOString(), withdrawn_reason: "superseded" }).where("id", "=", id).execute();
    const withdrawn = await versionOf(coalition.id, id);
    expect(await endorseVersion(await accessAs(coalition.slug, u.observer), withdrawn, { as: "self" })).toMatchObject({ ok: false, status: 409, message: "This version has been withdrawn: it can no longer be endorsed." });
    expect(await withdrawEndorsement(access, withdrawn)).toEqual({ ok: true });
  });

  it("an archived coalition takes no new endorsements (403), but one may still withdraw", async () => {
    const archived = await createCoalition({ visibility: "public" });
    await addMember(archived.id, u.coordinator.id, "coordinator");
    const doc = await createDocument(archived.id, u.coordinator.id);
    const version = await versionOf(archived.id, await publishAs(server.url, u.coordinator, archived.slug, doc.id, "A1"));
    expect(await endorseVersion(await accessAs(archived.slug, u.coordinator), version, { as: "self" })).toMatchObject({ ok: true });
    await getDb().updateTable("coalitions").set({ archived_at: new Date().toISOString() }).where("id", "=", archived.id).execute();
    expect(await endorseVersion(await accessAs(archived.slug, u.outsider), version, { as: "self" })).toMatchObject({ ok: false, status: 403 });
    expect(await withdrawEndorsement(await accessAs(archived.slug, u.coordinator), version)).toEqual({ ok: true });
  });
});

describe("verification of organisation endorsements", () => {
  it("coordinators only; verify, unverify, and clear refusals; audited", async () => {
    const version = await versionOf(coalition.id, v1);
    const orgRow = (await endorsementRows(v1)).find((r) => r.user_id === u.other.id && !r.withdrawn_at)!;
    const selfRow = (await endorsementRows(v1)).find((r) => r.user_id === u.member.id && !r.withdrawn_at)!;
    expect(await verifyEndorsement(await accessAs(coalition.slug, u.member), version, orgRow.id, true)).toMatchObject({ ok: false, status: 403 });
    const coordinator = await accessAs(coalition.slug, u.coordinator);
    expect(await verifyEndorsement(coordinator, version, orgRow.id, true)).toEqual({ ok: true });
    expect(await verifyEndorsement(coordinator, version, orgRow.id, true)).toMatchObject({ ok: false, status: 409 });
    expect(await verifyEndorsement(coordinator, version, "nosuchendorsement", true)).toMatchObject({ ok: false, status: 404 });
    expect(await verifyEndorsement(coordinator, version, selfRow.id, true)).toMatchObject({ ok: false, status: 409 });
    const panel = await endorsementPanel(await accessAs(coalition.slug, null), version, page(v1));
    expect(panel.items.find((i) => i.id === orgRow.id)).toMatchObject({ kind: "organisation", organisation: "Open Net Alliance", verified: true, group: "civil", region: "african" });
    expect(await verifyEndorsement(coordinator, version, orgRow.id, false)).toEqual({ ok: true });
    expect(await verifyEndorsement(coordinator, version, orgRow.id, false)).toMatchObject({ ok: false, status: 409 });
    const audit = await getDb().selectFrom("audit_events").select(["action", "actor_id", "subject_user_id"]).where("coalition_id", "=", coalition.id).where("action", "like", "endorsement.%").execute();
    expect(audit.filter((a) => a.action === "endorsement.verified")).toEqual([{ action: "endorsement.verified", actor_id: u.coordinator.id, subject_user_id: u.other.id }]);
    expect(audit.filter((a) => a.action === "endorsement.unverified")).toHaveLength(1);
    expect(audit.filter((a) => a.action === "endorsement.withdrawn").length).toBeGreaterThanOrEqual(1);
    const log = await auditPage(coalition.id, 1);
    expect(log.entries.map((e) => e.text)).toContain("En coordinator verified the endorsement of version 1 of “Principles” by En other on behalf of Open Net Alliance");
  });

  it("the activity feed tells of endorsements, withdrawals and verification", async () => {
    const version = await versionOf(coalition.id, v1);
    const orgRow = (await endorsementRows(v1)).find((r) => r.user_id === u.other.id && !r.withdrawn_at)!;
    await verifyEndorsement(await accessAs(coalition.slug, u.coordinator), version, orgRow.id, true);
    const types = (await coalitionActivity(await accessAs(coalition.slug, null), 50)).map((i) => i.type);
    expect(types).toContain("endorsement.added");
    expect(types).toContain("endorsement.withdrawn");
    expect(types).toContain("endorsement.verified");
  });
});

describe("a newer version: nothing carries over, endorsers are asked to re-confirm", () => {
  let v2: string;
  beforeAll(async () => {
    await writeContent(docId, docJson("Principles", "Openness.", "Inclusion.", "Accountability."));
    v2 = await publishAs(server.url, u.coordinator, coalition.slug, docId, "Second");
  });

  it("publishing queues the re-confirmation with the version; the new version starts with no endorsements", async () => {
    const jobs = await jobsTable().selectFrom("jobs").select(["kind", "payload"]).where("kind", "=", "endorsements:reconfirm").execute();
    expect(jobs.map((j) => JSON.parse(j.payload).versionId)).toContain(v2);
    expect(await endorsementRows(v2)).toHaveLength(0);
  });

  it("asks each active endorser of the previous version (a notification each), and no one else", async () => {
    // The server's job runner runs the queued job; then the fan-out is run again here, on a clean slate.
    const state = async () => (await jobsTable().selectFrom("jobs").select(["state", "payload"]).where("kind", "=", "endorsements:reconfirm").execute()).find((j) => JSON.parse(j.payload).versionId === v2)?.state;
    await expect.poll(state, { timeout: 20_000 }).toBe("done");
    expect(await getDb().selectFrom("notifications").select("user_id").where("kind", "=", "endorsement").where("link", "like", `%${v2}%`).execute()).toHaveLength(2);
    await getDb().deleteFrom("notifications").where("kind", "=", "endorsement").execute();
    const asked = await getDb().transaction().execute((tx) => askToReconfirm(tx, v2));
    expect(asked).toBe(2);
    const rows = await getDb().selectFrom("notifications").select(["user_id", "text", "link"]).where("kind", "=", "endorsement").execute();
    expect(rows.map((r) => r.user_id).sort()).toEqual([u.member.id, u.other.id].sort());
    expect(rows[0].text).toBe("Version 2 of “Principles” is published: re-confirm your endorsement of version 1?");
    expect(rows[0].link).toBe(`/coalitions/${coalition.slug}/outputs/${v2}#endorsements`);
  });

  it("counts k of m re-confirmed; one action re-confirms with the same capacity, unverified; a second is refused", async () => {
    const version = await versionOf(coalition.id, v2);
    const visitor = await accessAs(coalition.slug, null);
    expect((await endorsementPanel(visitor, version, page(v2))).reconfirm).toMatchObject({ previousId: v1, previousNumber: 1, reconfirmed: 0, endorsers: 2 });
    const other = await accessAs(coalition.slug, u.other);
    expect((await endorsementPanel(other, version, page(v2))).canReconfirm).toBe(true);
    expect(await reconfirmEndorsement(other, version)).toMatchObject({ ok: true });
    expect(await reconfirmEndorsement(other, version)).toMatchObject({ ok: false, status: 409 });
    const [row] = await endorsementRows(v2);
    const previous = (await endorsementRows(v1)).find((r) => r.user_id === u.other.id && !r.withdrawn_at)!;
    expect(row).toMatchObject({ user_id: u.other.id, organisation: "Open Net Alliance", stakeholder_group: "civil", region: "african", verified_at: null, reconfirms_id: previous.id });
    expect((await endorsementPanel(visitor, version, page(v2))).reconfirm).toMatchObject({ reconfirmed: 1, endorsers: 2 });
    // Someone who did not endorse version 1 has nothing to re-confirm.
    expect(await reconfirmEndorsement(await accessAs(coalition.slug, u.observer), version)).toMatchObject({ ok: false, status: 409, message: "You have no endorsement of the previous version to re-confirm." });
    expect((await getDb().selectFrom("audit_events").select("action").where("action", "=", "endorsement.reconfirmed").execute()).length).toBe(1);
  });

  it("counts by stakeholder group and filters the list (organisations by their group, people by their profile's)", async () => {
    const version = await versionOf(coalition.id, v1);
    const panel = await endorsementPanel(await accessAs(coalition.slug, null), version, page(v1));
    expect(panel.total).toBe(2);
    expect(panel.groups.find((g) => g.id === "civil")?.count).toBe(1);
    expect(panel.groups.find((g) => g.id === "academic")?.count).toBe(1);
    const civil = await endorsementPanel(await accessAs(coalition.slug, null), version, new URL(`${page(v1).href}?group=civil`));
    expect(civil.items.map((i) => i.organisation)).toEqual(["Open Net Alliance"]);
    expect(civil.group).toBe("civil");
    const bogus = await endorsementPanel(await accessAs(coalition.slug, null), version, new URL(`${page(v1).href}?group=pirates`));
    expect(bogus.group).toBeNull();
    expect(bogus.items).toHaveLength(2);
  });
});
