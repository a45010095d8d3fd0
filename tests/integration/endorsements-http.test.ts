import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { docJson, writeContent } from "../helpers/documents";
import { endorsementRows, publishAs } from "../helpers/endorsements";
import { clientAs } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

// Issue 24 over HTTP: who may endorse (the policy through the page's action), what the public
// page and the exports show (never an email address), the stakeholder-group filter, a private
// coalition's version invisible to outsiders (page, CSV and JSON alike), CSV cells safe in a
// spreadsheet, and the re-confirmation mail when a newer version is published.

let sink: SmtpSink;
let server: TestServer;
let pub: Awaited<ReturnType<typeof createCoalition>>;
let secret: Awaited<ReturnType<typeof createCoalition>>;
const u: Record<"coordinator" | "member" | "outsider" | "trickster" | "secretMember", TestUser> = {} as never;
let v1: string;
let docId: string;
let secretVersion: string;

const out = (slug: string, id: string, rest = "") => `/coalitions/${slug}/outputs/${id}${rest}`;
const post = async (who: TestUser | null, path: string, form: Record<string, string>) => (await clientAs(server.url, who?.id ?? null)).post(`${path}?index`, form);
const get = async (who: TestUser | null, path: string) => (await clientAs(server.url, who?.id ?? null)).get(path);

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, MAIL_FROM: "Workspace <no-reply@example.org>", JOBS_POLL_INTERVAL_MS: "50" });
  pub = await createCoalition({ visibility: "public", name: "Open Endorsers" });
  secret = await createCoalition({ visibility: "private", name: "Closed Endorsers" });
  u.coordinator = await createUser({ name: "Coordinator Ada" });
  u.member = await createUser({ name: "Member Bo", stakeholder_group: "technical", region: "asia_pacific" });
  u.outsider = await createUser({ name: "Outsider Cy", stakeholder_group: "private", region: "weog" });
  u.trickster = await createUser({ name: "=HYPERLINK(\"http://evil.example\",\"x\")", handle: "trickster" });
  u.secretMember = await createUser({ name: "Secret Dee" });
  await addMember(pub.id, u.coordinator.id, "coordinator");
  await addMember(pub.id, u.member.id, "member");
  await addMember(pub.id, u.trickster.id, "member");
  await addMember(secret.id, u.coordinator.id, "coordinator");
  await addMember(secret.id, u.secretMember.id, "member");
  docId = (await createDocument(pub.id, u.coordinator.id, { title: "Declaration" })).id;
  await writeContent(docId, docJson("Declaration", "We agree."));
  v1 = await publishAs(server.url, u.coordinator, pub.slug, docId, "First");
  const secretDoc = await createDocument(secret.id, u.coordinator.id, { title: "Internal" });
  secretVersion = await publishAs(server.url, u.coordinator, secret.slug, secretDoc.id, "S1");
}, 120_000);
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

describe("endorsing through the output page", () => {
  it("a visitor is sent to sign in; nothing is saved", async () => {
    const res = await post(null, out(pub.slug, v1), { intent: "endorse", as: "self" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect(await endorsementRows(v1)).toHaveLength(0);
  });

  it("a signed-in non-member of a public coalition endorses as themselves; a member for an organisation", async () => {
    expect((await post(u.outsider, out(pub.slug, v1), { intent: "endorse", as: "self" })).status).toBe(200);
    const res = await post(u.member, out(pub.slug, v1), { intent: "endorse", as: "organisation", organisation: "Asia Net Forum", stakeholder_group: "civil", region: "asia_pacific" });
    expect(res.status).toBe(200);
    expect(await endorsementRows(v1)).toHaveLength(2);
  });

  it("bad input: 400, the page again with the message and the values kept, nothing saved", async () => {
    const res = await post(u.trickster, out(pub.slug, v1), { intent: "endorse", as: "organisation", organisation: "Half Filled Org", stakeholder_group: "", region: "weog" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Choose the organisation’s stakeholder group.");
    expect(html).toContain('value="Half Filled Org"');
    expect(await endorsementRows(v1)).toHaveLength(2);
  });

  it("a second endorsement is refused with 409", async () => {
    const res = await post(u.outsider, out(pub.slug, v1), { intent: "endorse", as: "self" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("You already endorse this version.");
  });

  it("an unpublished version (a draft's id) is not found", async () => {
    const res = await post(u.member, out(pub.slug, docId), { intent: "endorse", as: "self" });
    expect(res.status).toBe(404);
  });

  it("verification is for coordinators (403 for a member); the coordinator verifies", async () => {
    const row = (await endorsementRows(v1)).find((r) => r.organisation)!;
    expect((await post(u.member, out(pub.slug, v1), { intent: "endorse-verify", endorsement: row.id })).status).toBe(403);
    expect((await post(u.coordinator, out(pub.slug, v1), { intent: "endorse-verify", endorsement: row.id })).status).toBe(200);
    expect((await endorsementRows(v1)).find((r) => r.id === row.id)?.verified_by).toBe(u.coordinator.id);
  });

  it("the trickster endorses as themselves (their name will test the CSV)", async () => {
    expect((await post(u.trickster, out(pub.slug, v1), { intent: "endorse", as: "organisation", organisation: "@SUM(1+1)", stakeholder_group: "academic", region: "weog" })).status).toBe(200);
  });
});

describe("the public page and the exports", () => {
  it("a visitor sees endorsers by name and handle, organisations with group, region and the verified badge, never an email", async () => {
    const html = await (await get(null, out(pub.slug, v1))).text();
    expect(html).toContain("Outsider Cy");
    expect(html).toContain("Asia Net Forum");
    expect(html).toContain("Civil society");
    expect(html).toContain('data-testid="verified-badge"');
    expect(html).toContain("3 endorsements");
    for (const user of Object.values(u)) expect(html).not.toContain(user.email);
    expect(html).toContain("Sign in to endorse this version");
  });

  it("filters by stakeholder group with a plain GET", async () => {
    const html = await (await get(null, out(pub.slug, v1, "?group=civil"))).text();
    expect(html).toContain("Asia Net Forum");
    expect(html).not.toContain("Outsider Cy");
    expect(html).toMatch(/<option value="civil" selected="">Civil society \(1\)<\/option>/);
  });

  it("CSV: a header and a row per endorsement, formula-looking cells neutralised, no email; ?group= filters", async () => {
    const res = await get(null, out(pub.slug, v1, "/endorsements.csv"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("endorsements-v1.csv");
    const text = (await res.text()).replace(/^\uFEFF/, "");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe('"kind","name","handle","organisation","stakeholder_group","stakeholder_group_label","region","region_label","verified","reconfirmed","endorsed_at"');
    expect(lines).toHaveLength(4);
    expect(text).toContain('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(text).toContain('"\'@SUM(1+1)"');
    expect(text).toContain('"organisation","Member Bo"');
    expect(text).toMatch(/"Asia Net Forum","civil","Civil society","asia_pacific","Asia-Pacific Group","yes"/);
    for (const user of Object.values(u)) expect(text).not.toContain(user.email);
    const civil = (await (await get(null, out(pub.slug, v1, "/endorsements.csv?group=civil"))).text()).trim().split("\r\n");
    expect(civil).toHaveLength(2);
  });

  it("JSON: the version, counts per group and each endorsement, no email", async () => {
    const res = await get(null, out(pub.slug, v1, "/endorsements.json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = await res.json();
    expect(body.version).toMatchObject({ id: v1, number: 1, title: "Declaration", withdrawn: false });
    expect(body.counts).toEqual({ total: 3, byGroup: { civil: 1, private: 1, academic: 1 } });
    expect(body.endorsements).toHaveLength(3);
    expect(body.endorsements.find((e: { organisation: string | null }) => e.organisation === "Asia Net Forum")).toMatchObject({ kind: "organisation", name: "Member Bo", stakeholderGroup: "civil", region: "asia_pacific", verified: true });
    expect(JSON.stringify(body)).not.toMatch(/@example\.org/);
  });
});

describe("a private coalition's version", () => {
  it("is not found for outsiders and visitors: page, CSV, JSON and endorsing alike", async () => {
    for (const who of [u.outsider, null]) {
      for (const path of ["", "/endorsements.csv", "/endorsements.json"]) expect((await get(who, out(secret.slug, secretVersion, path))).status, `${who?.name ?? "visitor"} ${path}`).toBe(404);
    }
    expect((await post(u.outsider, out(secret.slug, secretVersion), { intent: "endorse", as: "self" })).status).toBe(404);
    expect(await endorsementRows(secretVersion)).toHaveLength(0);
  });

  it("members endorse it and read its exports", async () => {
    expect((await post(u.secretMember, out(secret.slug, secretVersion), { intent: "endorse", as: "self" })).status).toBe(200);
    const csv = await get(u.secretMember, out(secret.slug, secretVersion, "/endorsements.csv"));
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain("Secret Dee");
    expect((await get(u.coordinator, out(secret.slug, secretVersion, "/endorsements.json"))).status).toBe(200);
  });
});

describe("a newer version", () => {
  it("starts with no endorsements; endorsers get a notification and a mail; re-confirming is one action; the page says k of m", async () => {
    await writeContent(docId, docJson("Declaration", "We agree.", "And we add this."));
    const v2 = await publishAs(server.url, u.coordinator, pub.slug, docId, "Second");
    expect(await endorsementRows(v2)).toHaveLength(0);
    await expect.poll(() => sink.to(u.member.email).filter((m) => m.text?.includes("re-confirm your endorsement of version 1")).length, { timeout: 20_000 }).toBe(1);
    const mail = sink.to(u.member.email).find((m) => m.text?.includes("re-confirm"))!;
    expect(mail.text).toContain(`/coalitions/${pub.slug}/outputs/${v2}#endorsements`);
    expect(mail.text).toContain("You receive this because you endorsed an earlier version of this output.");
    const bells = await getDb().selectFrom("notifications").select(["user_id"]).where("kind", "=", "endorsement").where("link", "like", `%${v2}%`).execute();
    expect(bells.map((b) => b.user_id).sort()).toEqual([u.member.id, u.outsider.id, u.trickster.id].sort());
    let html = await (await get(null, out(pub.slug, v2))).text();
    expect(html).toContain("0 of 3 endorsers re-confirmed");
    expect((await get(u.member, out(pub.slug, v2))).status).toBe(200);
    expect(await (await get(u.member, out(pub.slug, v2))).text()).toContain("Re-confirm on version 2");
    expect((await post(u.member, out(pub.slug, v2), { intent: "endorse-reconfirm" })).status).toBe(200);
    html = await (await get(null, out(pub.slug, v2))).text();
    expect(html).toContain("1 of 3 endorsers re-confirmed");
    expect(html).toContain("Asia Net Forum");
  });
});
