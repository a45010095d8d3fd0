import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Site administrators create and archive coalitions; coordinators and administrators edit them.

let server: TestServer;
let admin: TestClient;
let adminUser: TestUser;
beforeAll(async () => {
  server = await startTestServer();
  adminUser = await createUser({ name: "Site Admin", isSiteAdmin: true });
  admin = new TestClient(server.url);
  await admin.login(adminUser);
});
afterAll(async () => {
  await server?.close();
});

async function signedIn(user?: TestUser): Promise<TestClient> {
  const client = new TestClient(server.url);
  await client.login(user ?? (await createUser()));
  return client;
}
const coalition = (slug: string) => getDb().selectFrom("coalitions").selectAll().where("slug", "=", slug).executeTakeFirst();
const countCoalitions = async () => Number((await getDb().selectFrom("coalitions").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
const auditOf = (coalitionId: string) => getDb().selectFrom("audit_events").selectAll().where("coalition_id", "=", coalitionId).orderBy("id").execute();
const fieldError = (html: string, name: string) => new RegExp(`id="field-${name}-error"[^>]*>([^<]*)<`).exec(html)?.[1];

const form = (overrides: Record<string, string | string[]> = {}) => ({
  name: "Net Neutrality",
  slug: "net-neutrality",
  description: "A coalition on network neutrality & openness.",
  founders: "ISOC\nEFF, Council of Europe",
  visibility: "public",
  join_policy: "open",
  open_roles: ["member"],
  ...overrides,
});

describe("creating a coalition", () => {
  it("sends anonymous visitors to log in and refuses non-administrators, writing nothing", async () => {
    const before = await countCoalitions();
    const anon = new TestClient(server.url);
    const page = await anon.get("/admin/coalitions/new");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Fcoalitions%2Fnew");
    expect((await anon.post("/admin/coalitions/new", form())).status).toBe(302);

    const user = await signedIn();
    expect((await user.get("/admin/coalitions/new")).status).toBe(403);
    expect((await user.post("/admin/coalitions/new", form())).status).toBe(403);
    // Even a coordinator of another coalition is not a site administrator.
    const coordinator = await createUser();
    await addMember((await coalition("privacy"))!.id, coordinator.id, "coordinator");
    expect((await (await signedIn(coordinator)).post("/admin/coalitions/new", form())).status).toBe(403);
    expect(await countCoalitions()).toBe(before);
    // The directory offers the button only to administrators.
    expect(await (await user.get("/")).text()).not.toContain("/admin/coalitions/new");
    expect(await (await admin.get("/")).text()).toContain("/admin/coalitions/new");
  });

  it("creates it for an administrator, with an audit event, and shows its page", async () => {
    expect((await admin.get("/admin/coalitions/new")).status).toBe(200);
    const res = await admin.post("/admin/coalitions/new", form());
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/coalitions/net-neutrality");
    const row = (await coalition("net-neutrality"))!;
    expect(row).toMatchObject({
      name: "Net Neutrality",
      description: "A coalition on network neutrality & openness.",
      visibility: "public",
      join_policy: "open",
      archived_at: null,
    });
    expect(JSON.parse(row.founders)).toEqual(["ISOC", "EFF", "Council of Europe"]);
    expect(JSON.parse(row.open_roles)).toEqual(["member"]);
    const audit = await auditOf(row.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "coalition.created", actor_id: adminUser.id });
    const page = await (await new TestClient(server.url).get("/coalitions/net-neutrality")).text();
    expect(page).toContain("Net Neutrality");
    expect(page).toContain("network neutrality &amp; openness");
    expect(page).toContain("Council of Europe");
  });

  it("refuses bad input with 400, messages on the fields and the typed values kept", async () => {
    const before = await countCoalitions();
    const res = await admin.post("/admin/coalitions/new", form({ name: "X", slug: "Bad Slug!", description: "", visibility: "hidden", open_roles: [] }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(fieldError(html, "name")).toMatch(/at least 2/);
    expect(fieldError(html, "slug")).toMatch(/lower-case letters/);
    expect(fieldError(html, "description")).toMatch(/Describe/);
    expect(fieldError(html, "visibility")).toMatch(/public or private/);
    expect(html).toContain('value="Bad Slug!"');
    expect(html).toMatch(/<textarea[^>]*name="founders"[^>]*>ISOC\nEFF, Council of Europe<\/textarea>/);
    // Open joining with no role ticked (checked once the other fields are fine).
    const noRoles = await admin.post("/admin/coalitions/new", form({ slug: "no-roles", open_roles: [] }));
    expect(noRoles.status).toBe(400);
    expect(fieldError(await noRoles.text(), "open_roles")).toMatch(/at least one role/);
    expect(await countCoalitions()).toBe(before);
  });

  it("refuses a slug that is taken (even by an archived coalition) with a field error", async () => {
    const archived = await createCoalition({ slug: "old-archived" });
    await getDb().updateTable("coalitions").set({ archived_at: new Date().toISOString() }).where("id", "=", archived.id).execute();
    for (const slug of ["privacy", "PRIVACY", "old-archived"]) {
      const before = await countCoalitions();
      const res = await admin.post("/admin/coalitions/new", form({ name: "Another Privacy", slug }));
      expect(res.status, slug).toBe(400);
      const html = await res.text();
      expect(fieldError(html, "slug")).toMatch(/already uses this address/);
      expect(html).toContain('value="Another Privacy"');
      expect(await countCoalitions()).toBe(before);
    }
    expect((await coalition("privacy"))!.name).toBe("Privacy");
  });
});

describe("coalition settings", () => {
  it("is for coordinators and administrators: others get 403, anonymous visitors log in, private ones are 404", async () => {
    const c = await createCoalition({ slug: "settings-perms" });
    const roles = { coordinator: await createUser(), member: await createUser(), observer: await createUser() };
    for (const [role, user] of Object.entries(roles)) await addMember(c.id, user.id, role as "member");
    const save = form({ slug: "settings-perms", name: "Renamed", intent: "save" });

    for (const role of ["member", "observer"] as const) {
      const client = await signedIn(roles[role]);
      const refused = await client.get("/coalitions/settings-perms/settings");
      expect(refused.status, role).toBe(403);
      // The refusal is shown inside the coalition's page: its header and tabs stay.
      const refusedHtml = await refused.text();
      expect(refusedHtml, role).toContain(`>${c.name}</h1>`);
      expect(refusedHtml, role).toContain('aria-label="Coalition"');
      expect(refusedHtml, role).toContain("Only the coalition&#x27;s coordinators and site administrators can change its settings.");
      expect((await client.post("/coalitions/settings-perms/settings", save)).status, role).toBe(403);
    }
    const outsider = await signedIn();
    expect((await outsider.get("/coalitions/settings-perms/settings")).status).toBe(403);
    expect((await outsider.post("/coalitions/settings-perms/settings", save)).status).toBe(403);
    const anon = new TestClient(server.url);
    expect((await anon.get("/coalitions/settings-perms/settings")).headers.get("location")).toBe("/login?redirectTo=%2Fcoalitions%2Fsettings-perms%2Fsettings");
    expect((await anon.post("/coalitions/settings-perms/settings", save)).status).toBe(302);
    expect((await coalition("settings-perms"))!.name).toBe(c.name);

    const coordinator = await signedIn(roles.coordinator);
    const page = await coordinator.get("/coalitions/settings-perms/settings");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Save settings");
    expect(html).not.toContain("Archive coalition"); // archiving is for administrators
    expect((await coordinator.post("/coalitions/settings-perms/settings", { intent: "archive" })).status).toBe(403);
    expect((await coalition("settings-perms"))!.archived_at).toBeNull();

    const hidden = await createCoalition({ slug: "settings-private", visibility: "private" });
    expect((await outsider.get("/coalitions/settings-private/settings")).status).toBe(404);
    expect((await anon.get("/coalitions/settings-private/settings")).status).toBe(404);
    expect((await outsider.post("/coalitions/settings-private/settings", { ...save, slug: "settings-private" })).status).toBe(404);
    expect((await admin.get("/coalitions/settings-private/settings")).status).toBe(200);
    expect(hidden.visibility).toBe("private");
  });

  it("saves a coordinator's edit, audits what changed, and follows a new slug", async () => {
    const c = await createCoalition({ slug: "edit-me", name: "Edit Me" });
    const coordinatorUser = await createUser();
    await addMember(c.id, coordinatorUser.id, "coordinator");
    const coordinator = await signedIn(coordinatorUser);
    const res = await coordinator.post(
      "/coalitions/edit-me/settings",
      form({ intent: "save", name: "Edited", slug: "edited", visibility: "private", join_policy: "invitation", founders: "W3C" }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/coalitions/edited/settings?saved=saved");
    const row = (await coalition("edited"))!;
    expect(row).toMatchObject({ id: c.id, name: "Edited", visibility: "private", join_policy: "invitation", founders: '["W3C"]' });
    expect(await coalition("edit-me")).toBeUndefined();
    const [event] = await auditOf(c.id);
    expect(event).toMatchObject({ action: "coalition.updated", actor_id: coordinatorUser.id });
    const detail = JSON.parse(event.detail!);
    expect(detail.name).toEqual({ from: "Edit Me", to: "Edited" });
    expect(detail.visibility).toEqual({ from: "public", to: "private" });
    expect((await coordinator.get("/coalitions/edited/settings?saved=saved")).status).toBe(200);
    expect(await (await coordinator.get("/coalitions/edited/settings?saved=saved")).text()).toContain("The settings are saved.");
    // The coalition is now private: outsiders no longer see it at all.
    expect((await new TestClient(server.url).get("/coalitions/edited")).status).toBe(404);

    // Saving the same values again changes nothing and writes no audit event.
    await coordinator.post("/coalitions/edited/settings", form({ intent: "save", name: "Edited", slug: "edited", visibility: "private", join_policy: "invitation", founders: "W3C" }));
    expect(await auditOf(c.id)).toHaveLength(1);
  });

  it("refuses a slug taken by another coalition, and bad input, with 400 and nothing changed", async () => {
    const c = await createCoalition({ slug: "keep-my-slug", name: "Keep" });
    const taken = await admin.post("/coalitions/keep-my-slug/settings", form({ intent: "save", name: "Keep", slug: "open-standards" }));
    expect(taken.status).toBe(400);
    expect(fieldError(await taken.text(), "slug")).toMatch(/already uses this address/);
    const bad = await admin.post("/coalitions/keep-my-slug/settings", form({ intent: "save", name: "", slug: "keep-my-slug", join_policy: "raffle" }));
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(fieldError(html, "name")).toBeTruthy();
    expect(fieldError(html, "join_policy")).toMatch(/how people join/);
    expect(await coalition("keep-my-slug")).toMatchObject({ id: c.id, name: "Keep" });
    expect(await auditOf(c.id)).toEqual([]);
  });

  it("lets an administrator archive and bring back a coalition; archived ones are read-only and listed only for administrators", async () => {
    const c = await createCoalition({ slug: "to-archive", name: "Archivable Coalition" });
    const coordinatorUser = await createUser();
    await addMember(c.id, coordinatorUser.id, "coordinator");
    const coordinator = await signedIn(coordinatorUser);

    const res = await admin.post("/coalitions/to-archive/settings", { intent: "archive" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/coalitions/to-archive/settings?saved=archived");
    expect((await coalition("to-archive"))!.archived_at).not.toBeNull();

    const anonDirectory = await (await new TestClient(server.url).get("/")).text();
    expect(anonDirectory).not.toContain("Archivable Coalition");
    const adminDirectory = await (await admin.get("/")).text();
    expect(adminDirectory).toMatch(/Archivable Coalition[\s\S]*?>Archived</);
    // Still readable at its address, marked archived.
    const page = await (await new TestClient(server.url).get("/coalitions/to-archive")).text();
    expect(page).toContain(">Archived<");
    // Nobody edits an archived coalition, not even its coordinator or an administrator.
    expect((await coordinator.get("/coalitions/to-archive/settings")).status).toBe(403);
    expect((await coordinator.post("/coalitions/to-archive/settings", form({ intent: "save", slug: "to-archive" }))).status).toBe(403);
    expect((await admin.post("/coalitions/to-archive/settings", form({ intent: "save", slug: "to-archive" }))).status).toBe(403);
    const adminSettings = await (await admin.get("/coalitions/to-archive/settings")).text();
    expect(adminSettings).toContain("Bring back");
    expect(adminSettings).not.toContain("Save settings");

    expect((await admin.post("/coalitions/to-archive/settings", { intent: "unarchive" })).status).toBe(302);
    expect((await coalition("to-archive"))!.archived_at).toBeNull();
    expect(await (await new TestClient(server.url).get("/")).text()).toContain("Archivable Coalition");
    expect((await auditOf(c.id)).map((e) => [e.action, e.actor_id])).toEqual([
      ["coalition.archived", adminUser.id],
      ["coalition.unarchived", adminUser.id],
    ]);
  });
});

describe("private coalitions", () => {
  it("are 404 for anonymous visitors and non-members, visible to members and administrators", async () => {
    const c = await createCoalition({ slug: "secret-club", name: "Secret Club", visibility: "private" });
    const member = await createUser();
    await addMember(c.id, member.id, "observer");
    const anon = new TestClient(server.url);
    const outsider = await signedIn();
    for (const client of [anon, outsider]) {
      const res = await client.get("/coalitions/secret-club");
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("Secret Club");
      expect(await (await client.get("/")).text()).not.toContain("Secret Club");
    }
    expect((await (await signedIn(member)).get("/coalitions/secret-club")).status).toBe(200);
    expect(await (await (await signedIn(member)).get("/")).text()).toContain("Secret Club");
    expect((await admin.get("/coalitions/secret-club")).status).toBe(200);
  });
});

describe("npm run admin:grant", () => {
  const run = promisify(execFile);
  const grant = (args: string[]) =>
    run(process.execPath, ["--import", "tsx", resolve("scripts/grant-admin.ts"), ...args], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it("grants site administration to an existing account", async () => {
    const user = await createUser({ email: "future-admin@example.org" });
    const result = await grant(["Future-Admin@example.org"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("future-admin@example.org is now a site administrator");
    const row = await getDb().selectFrom("users").select("is_site_admin").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.is_site_admin).toBe(1);
    // The new administrator can now open the admin page.
    expect((await (await signedIn(user)).get("/admin/coalitions/new")).status).toBe(200);
  });

  it("exits 1 with a clear message when no account has the email, and 2 without an email", async () => {
    const missing = await grant(["nobody@example.org"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No account uses the email address nobody@example.org");
    const usage = await grant([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Usage: npm run admin:grant");
  });
});
