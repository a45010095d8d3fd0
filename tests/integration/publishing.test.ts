import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { docJson, writeContent } from "../helpers/documents";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 19: publishing and restoring are deliberate and visible. Withdrawal, the output page's
// heading, the latest marker, export names, and the checkpoint a restore leaves behind.

let server: TestServer;
let coalition: Awaited<ReturnType<typeof createCoalition>>;
const users: Record<"coordinator" | "member" | "observer", TestUser> = {} as never;

async function clientFor(user?: TestUser): Promise<TestClient> {
  const client = new TestClient(server.url);
  if (user) {
    const c = await sessionCookieFor(user.id);
    client.cookies.set(c.name, c.value);
  }
  return client;
}

const publish = async (documentId: string, label: string) => {
  const res = await (await clientFor(users.coordinator)).post(`/coalitions/${coalition.slug}/documents/${documentId}?index`, { intent: "publish", label, confirm: "yes" });
  expect(res.status).toBe(200);
  const row = await getDb().selectFrom("document_versions").select(["id", "number"]).where("document_id", "=", documentId).where("label", "=", label).executeTakeFirstOrThrow();
  return row.id;
};

const versionRow = (id: string) => getDb().selectFrom("document_versions").selectAll().where("id", "=", id).executeTakeFirst();

beforeAll(async () => {
  server = await startTestServer();
  coalition = await createCoalition({ visibility: "public", name: "Publishing Coalition" });
  for (const role of ["coordinator", "member", "observer"] as const) {
    users[role] = await createUser({ name: `Pub ${role}` });
    await addMember(coalition.id, users[role].id, role);
  }
});
afterAll(async () => {
  await server?.close();
});

describe("withdrawing a published version", () => {
  let docId: string;
  let versionId: string;
  beforeAll(async () => {
    docId = (await createDocument(coalition.id, users.member.id, { title: "Net neutrality statement" })).id;
    await writeContent(docId, docJson("Net neutrality", "Traffic is treated equally."));
    versionId = await publish(docId, "First edition");
  });
  const withdraw = async (user: TestUser | undefined, reason: string | undefined) =>
    (await clientFor(user)).post(`/coalitions/${coalition.slug}/outputs/${versionId}?index`, reason === undefined ? { intent: "withdraw" } : { intent: "withdraw", reason });

  it("refuses members, observers and visitors, writing nothing", async () => {
    expect((await withdraw(users.member, "no")).status).toBe(403);
    expect((await withdraw(users.observer, "no")).status).toBe(403);
    const anon = await withdraw(undefined, "no");
    expect([302, 303, 403]).toContain(anon.status);
    expect((await versionRow(versionId))?.withdrawn_at).toBeNull();
  });

  it("requires a reason, with a clear message and the typed value kept", async () => {
    const missing = await withdraw(users.coordinator, "   ");
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Say why the version is withdrawn");
    const long = await withdraw(users.coordinator, `too long ${"x".repeat(400)}`);
    expect(long.status).toBe(400);
    const body = await long.text();
    expect(body).toContain("Use at most 300 characters.");
    expect(body).toContain("too long xxxx");
    expect((await versionRow(versionId))?.withdrawn_at).toBeNull();
  });

  it("lets a coordinator withdraw it with a reason: the permalink stays and says so, nothing is deleted, it is audited", async () => {
    const before = await versionRow(versionId);
    const res = await withdraw(users.coordinator, "Superseded by the joint statement");
    expect(res.status).toBe(200);
    const after = await versionRow(versionId);
    expect(after?.withdrawn_reason).toBe("Superseded by the joint statement");
    expect(after?.withdrawn_by).toBe(users.coordinator.id);
    expect(after?.html).toBe(before?.html);
    expect(after?.plain_text).toBe(before?.plain_text);

    const date = new Date(after!.withdrawn_at!).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    const page = await (await clientFor()).get(`/coalitions/${coalition.slug}/outputs/${versionId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Withdrawn on ${date}: Superseded by the joint statement`);
    expect(html).toContain("Traffic is treated equally.");

    const list = await (await (await clientFor()).get(`/coalitions/${coalition.slug}/outputs`)).text();
    expect(list).toMatch(/data-testid="withdrawn-mark"[^]*Superseded by the joint statement/);

    for (const ext of ["md", "html"]) {
      const file = await (await clientFor()).get(`/coalitions/${coalition.slug}/outputs/${versionId}/export.${ext}`);
      expect(file.status).toBe(200);
      expect(await file.text()).toContain(`WITHDRAWN — Withdrawn on ${date}: Superseded by the joint statement`);
    }

    const audit = await getDb().selectFrom("audit_events").selectAll().where("coalition_id", "=", coalition.id).where("action", "=", "version.withdrawn").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(users.coordinator.id);
    expect(audit[0].reason).toBe("Superseded by the joint statement");
  });

  it("refuses to withdraw it twice (409) and keeps the first reason", async () => {
    const again = await withdraw(users.coordinator, "Another reason");
    expect(again.status).toBe(409);
    expect((await versionRow(versionId))?.withdrawn_reason).toBe("Superseded by the joint statement");
  });
});

describe("the output page and the outputs list", () => {
  it("heads the output page with the document's title and the version label under it", async () => {
    const doc = await createDocument(coalition.id, users.member.id, { title: "Charter of the coalition" });
    await writeContent(doc.id, docJson("Charter", "Article one."));
    const id = await publish(doc.id, "Adopted text");
    const html = await (await (await clientFor()).get(`/coalitions/${coalition.slug}/outputs/${id}`)).text();
    const heading = html.match(/<h2[^>]*data-testid="output-title"[^>]*>([^<]*)<\/h2>\s*<p[^>]*>([^]*?)<\/p>/);
    expect(heading?.[1]).toBe("Charter of the coalition");
    expect(heading?.[2].replace(/<[^>]+>/g, "")).toContain("Version 1 · Adopted text");
    expect(html).toContain("<title>Charter of the coalition, version 1: Adopted text");
  });

  it("marks the latest version of each document, and only that one", async () => {
    const a = await createDocument(coalition.id, users.member.id, { title: "Doc Alpha" });
    const b = await createDocument(coalition.id, users.member.id, { title: "Doc Beta" });
    await writeContent(a.id, docJson("Alpha", "a"));
    await writeContent(b.id, docJson("Beta", "b"));
    await publish(a.id, "Alpha one");
    await publish(b.id, "Beta one");
    await publish(a.id, "Alpha two");
    const html = await (await (await clientFor()).get(`/coalitions/${coalition.slug}/outputs`)).text();
    const items = html.split("<li").slice(1);
    const marked = (label: string) => {
      const item = items.find((i) => i.includes(`>${label}<`));
      expect(item, label).toBeDefined();
      return item!.includes('data-testid="latest-mark"');
    };
    expect(marked("Alpha two")).toBe(true);
    expect(marked("Alpha one")).toBe(false);
    expect(marked("Beta one")).toBe(true);
  });
});

describe("export file names", () => {
  it("contain no spaces, for drafts and versions in every format", async () => {
    const doc = await createDocument(coalition.id, users.member.id, { title: "Joint  statement on\tdata flows" });
    await writeContent(doc.id, docJson("Data flows", "Text."));
    const id = await publish(doc.id, "First");
    const client = await clientFor(users.member);
    for (const path of [`/documents/${doc.id}/export`, `/outputs/${id}/export`]) {
      for (const ext of ["md", "html", "docx"]) {
        const res = await client.get(`/coalitions/${coalition.slug}${path}.${ext}`);
        expect(res.status).toBe(200);
        const disposition = res.headers.get("content-disposition") ?? "";
        const names = [...disposition.matchAll(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/g)].map((m) => decodeURIComponent(m[1]));
        expect(names).toHaveLength(2);
        for (const name of names) expect(name, disposition).not.toMatch(/\s/);
        await res.arrayBuffer();
      }
    }
  });
});

describe("restore keeps a checkpoint that undoes it", () => {
  it("keeps the draft from before the restore, and one click brings it back", async () => {
    const doc = await createDocument(coalition.id, users.member.id, { title: "Roadmap" });
    await writeContent(doc.id, docJson("Roadmap", "Phase one."));
    const v1 = await publish(doc.id, "Roadmap v1");
    await writeContent(doc.id, docJson("Roadmap", "Phase one.", "Phase two, added after v1."));
    const coord = await clientFor(users.coordinator);
    const draft = async () => (await (await coord.get(`/coalitions/${coalition.slug}/documents/${doc.id}`)).text()).match(/data-testid="document-ssr"[^>]*>([^]*?)<\/div>/)?.[1] ?? "";
    expect(await draft()).toContain("Phase two");

    const res = await coord.post(`/coalitions/${coalition.slug}/outputs/${v1}?index`, { intent: "restore", confirm: "yes" });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("Undo restore");
    expect(await draft()).not.toContain("Phase two");
    const checkpoints = await getDb().selectFrom("document_checkpoints").selectAll().where("document_id", "=", doc.id).execute();
    expect(checkpoints).toHaveLength(1);
    expect(checkpoints[0].version_id).toBe(v1);
    expect(checkpoints[0].created_by).toBe(users.coordinator.id);
    // Nothing published: the checkpoint is not a numbered version.
    expect(await getDb().selectFrom("document_versions").select("id").where("document_id", "=", doc.id).execute()).toHaveLength(1);

    const member = await (await clientFor(users.member)).post(`/coalitions/${coalition.slug}/outputs/${v1}?index`, { intent: "undo-restore", checkpoint: checkpoints[0].id });
    expect(member.status).toBe(403);
    const undo = await coord.post(`/coalitions/${coalition.slug}/outputs/${v1}?index`, { intent: "undo-restore", checkpoint: checkpoints[0].id });
    expect(undo.status).toBe(200);
    expect(await undo.text()).toContain("Restore undone");
    expect(await draft()).toContain("Phase two, added after v1.");
    const again = await coord.post(`/coalitions/${coalition.slug}/outputs/${v1}?index`, { intent: "undo-restore", checkpoint: checkpoints[0].id });
    expect(again.status).toBe(409);
    expect((await coord.post(`/coalitions/${coalition.slug}/outputs/${v1}?index`, { intent: "undo-restore", checkpoint: "nosuch" })).status).toBe(404);
  });
});
