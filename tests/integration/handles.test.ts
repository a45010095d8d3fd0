import { Migrator } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, openDatabase } from "../../db/client";
import { newId, now } from "../../db/ids";
import { migrationProvider } from "../../db/migrations/index";
import { HANDLE_MESSAGES } from "../../app/lib/handles";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { createTestPgDatabase } from "../helpers/pg";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, postIn, startThread } from "../helpers/threads";

// Issue 19: handles (chosen at sign-up, editable, given to existing accounts by migration 0014),
// mentions by handle next to the old `@local-part` ones, no part of an email on public pages,
// and the composer's people endpoint.

let server: TestServer;
const tag = Date.now().toString(36);
let coordinator: TestUser, member: TestUser, observer: TestUser, outsider: TestUser;
let pub: { id: string; slug: string }, priv: { id: string; slug: string };

beforeAll(async () => {
  server = await startTestServer();
  coordinator = await createUser({ name: "Cora Coordinator", handle: `cora_${tag}`, email: `cora.mail.${tag}@example.org`, organization: "ISOC" });
  member = await createUser({ name: "Mina Member", handle: `mina_${tag}`, email: `mina.mail.${tag}@example.org`, organization: "EFF" });
  observer = await createUser({ name: "Olive Observer", handle: `olive_${tag}`, email: `olive.mail.${tag}@example.org` });
  outsider = await createUser({ name: "Mina Outsider", handle: `mina_out_${tag}`, email: `otto.mail.${tag}@example.org` });
  pub = await createCoalition({ visibility: "public" });
  priv = await createCoalition({ visibility: "private" });
  for (const c of [pub, priv]) {
    await addMember(c.id, coordinator.id, "coordinator");
    await addMember(c.id, member.id, "member");
    await addMember(c.id, observer.id, "observer");
  }
});
afterAll(async () => {
  await server?.close();
});

const as = (u: TestUser) => clientAs(server.url, u.id);
const anon = () => new TestClient(server.url);
const handleOf = async (email: string) => (await getDb().selectFrom("users").select("handle").where("email", "=", email).executeTakeFirstOrThrow()).handle;
const escaped = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

describe("sign-up", () => {
  const form = (over: Record<string, string>) => ({ name: "Ada Lovelace", email: `ada.${tag}.${Math.random().toString(36).slice(2)}@example.org`, password: "a fine passphrase", ...over });

  it("stores the chosen handle lower-case", async () => {
    const f = form({ handle: `@Ada_${tag}` });
    expect((await anon().post("/signup", f)).status).toBe(302);
    expect(await handleOf(f.email)).toBe(`ada_${tag}`);
  });

  it("refuses a bad, reserved or taken handle with a field error, keeping the values, creating nothing", async () => {
    const cases: Array<[string, string]> = [
      ["ab", HANDLE_MESSAGES.short],
      ["ada lovelace", HANDLE_MESSAGES.characters],
      ["12345", HANDLE_MESSAGES.digits],
      ["Everyone", HANDLE_MESSAGES.reserved("everyone")],
      [`ADA_${tag}`, HANDLE_MESSAGES.taken(`ada_${tag}2`)], // case-insensitive: ada_<tag> exists
    ];
    for (const [handle, message] of cases) {
      const f = form({ handle, name: `Ada ${handle}` });
      const res = await anon().post("/signup", f);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(escaped(message));
      expect(html).toContain(`value="${escaped(handle)}"`);
      expect(html).toContain(`value="${f.email}"`);
      expect(await getDb().selectFrom("users").select("id").where("email", "=", f.email).executeTakeFirst()).toBeUndefined();
    }
  });

  it("suggests one from the name when none is given, numbered when taken", async () => {
    const first = form({ name: `Grace Hopper ${tag}` });
    const second = form({ name: `Grace Hopper ${tag}` });
    expect((await anon().post("/signup", first)).status).toBe(302);
    expect((await anon().post("/signup", second)).status).toBe(302);
    expect(await handleOf(first.email)).toBe(`grace_hopper_${tag}`);
    expect(await handleOf(second.email)).toBe(`grace_hopper_${tag}2`);
  });
});

describe("the profile's handle", () => {
  it("is shown and can be changed", async () => {
    const user = await createUser({ name: "Pat Profile", handle: `pat_${tag}` });
    const client = await as(user);
    expect(await (await client.get("/settings/profile")).text()).toContain(`@pat_${tag}`);
    const res = await client.post("/settings/profile", { intent: "profile", name: "Pat Profile", handle: `Pat_New_${tag}`, organization: "", stakeholder_group: "", region: "" });
    expect(res.status).toBe(302);
    expect(await handleOf(user.email)).toBe(`pat_new_${tag}`);
  });

  it("refuses someone else's handle (any case) and invalid ones, keeping what was typed and saving nothing", async () => {
    const user = await createUser({ name: "Quinn", handle: `quinn_${tag}` });
    const client = await as(user);
    for (const [handle, message] of [
      [`MINA_${tag}`, HANDLE_MESSAGES.taken(`mina_${tag}2`)],
      ["admin", HANDLE_MESSAGES.reserved("admin")],
      ["", HANDLE_MESSAGES.required],
      ["-quinn", HANDLE_MESSAGES.edges],
    ]) {
      const res = await client.post("/settings/profile", { intent: "profile", name: "Quinn Renamed", handle, organization: "Typed org", stakeholder_group: "", region: "" });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(escaped(message));
      expect(html).toContain('value="Quinn Renamed"');
      expect(html).toContain('value="Typed org"');
      const row = await getDb().selectFrom("users").select(["handle", "name"]).where("id", "=", user.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ handle: `quinn_${tag}`, name: "Quinn" });
    }
  });
});

describe("mentions and public pages", () => {
  it("a @handle mention and an old @local-part mention both link (showing the handle) and notify", async () => {
    const id = await startThread(await as(coordinator), pub.slug, `Handles ${tag}`, "Opening.");
    const res = await postIn(await as(member), pub.slug, id, { body: `Hi @olive_${tag} and @Cora.Mail.${tag}!` });
    expect(res.status).toBe(302);
    const html = await (await anon().get(`/coalitions/${pub.slug}/threads/${id}`)).text();
    expect(html).toMatch(new RegExp(`<a href="/coalitions/${pub.slug}/members#member-${observer.id}" class="mention"[^>]*>@olive_${tag}</a>`));
    expect(html).toMatch(new RegExp(`<a href="/coalitions/${pub.slug}/members#member-${coordinator.id}" class="mention"[^>]*>@cora_${tag}</a>`));
    for (const u of [observer, coordinator]) {
      const notes = await getDb().selectFrom("notifications").select(["kind", "link"]).where("user_id", "=", u.id).where("link", "like", `%${id}%`).execute();
      expect(notes.map((n) => n.kind)).toContain("mention");
    }
    // The stored text says the handle too (search, exports and excerpts read it).
    const post = await getDb().selectFrom("posts").select("body").where("thread_id", "=", id).where("number", "=", 2).executeTakeFirstOrThrow();
    expect(post.body).toBe(`Hi @olive_${tag} and @cora_${tag}!`);
    const md = await (await as(member)).get(`/coalitions/${pub.slug}/threads/${id}/export`);
    expect(await md.text()).not.toContain("mail.");
  });

  it("shows no part of a member's email on the public thread page or the members page; the members page shows handles", async () => {
    const id = await startThread(await as(member), pub.slug, `Public ${tag}`, `Ping @mina.mail.${tag} and @olive_${tag}`);
    for (const client of [anon(), await as(outsider), await as(member)]) {
      const thread = await (await client.get(`/coalitions/${pub.slug}/threads/${id}`)).text();
      const members = await (await client.get(`/coalitions/${pub.slug}/members`)).text();
      for (const page of [thread, members]) {
        for (const u of [coordinator, member, observer]) {
          expect(page).not.toContain(u.email.split("@")[0]);
          expect(page).not.toContain(u.email);
        }
      }
      for (const u of [coordinator, member, observer]) expect(members).toContain(`@${u.handle}`);
    }
  });
});

describe("the composer's people endpoint", () => {
  const people = (client: TestClient, slug: string, q: string) => client.get(`/coalitions/${slug}/people?q=${encodeURIComponent(q)}`);

  it("offers the coalition's people by handle or name: handle, name and organisation, no email", async () => {
    const res = await people(await as(coordinator), pub.slug, "mina");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const body = (await res.json()) as { people: Array<Record<string, unknown>> };
    expect(body.people).toEqual([{ handle: `mina_${tag}`, name: "Mina Member", organization: "EFF" }]); // not the outsider
    const byName = (await (await people(await as(member), pub.slug, "observ")).json()) as { people: Array<{ handle: string }> };
    expect(byName.people.map((p) => p.handle)).toEqual([`olive_${tag}`]);
    const raw = JSON.stringify(await (await people(await as(member), pub.slug, "")).json());
    expect(raw).not.toMatch(/mail\.|@example\.org|"email"/);
  });

  it("answers only someone who may post there", async () => {
    expect((await people(await as(observer), pub.slug, "mina")).status).toBe(403);
    expect((await people(await as(outsider), pub.slug, "mina")).status).toBe(403);
    expect((await people(await as(outsider), priv.slug, "mina")).status).toBe(404);
    const visitor = await people(anon(), pub.slug, "mina");
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("location")).toContain("/login");
    expect((await people(anon(), priv.slug, "mina")).status).toBe(404);
  });
});

describe("migration 0014", () => {
  it("gives existing accounts unique handles derived from their names", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cw-handles-"));
    const pgDb = process.env.TEST_PG_URL ? await createTestPgDatabase(process.env.TEST_PG_URL) : null;
    const handle = openDatabase(pgDb?.url ?? `file:${join(dir, "m.db")}`);
    try {
      const migrator = new Migrator({ db: handle.db, provider: migrationProvider, allowUnorderedMigrations: true });
      expect((await migrator.migrateTo("0012-version-withdrawal")).error).toBeUndefined();
      const names = ["Ada Lovelace", "ada lovelace", "Admin", "李雷", "Jo", "Zoë Ångström", "ADA-LOVELACE"];
      const ids: string[] = [];
      for (const [i, name] of names.entries()) {
        const id = newId();
        ids.push(id);
        const t = new Date(Date.parse(now()) + i * 1000).toISOString();
        await (handle.db as any).insertInto("users").values({ id, email: `u${i}@example.org`, name, organization: null, stakeholder_group: null, region: null, password_hash: "x", is_site_admin: 0, created_at: t, updated_at: t }).execute();
      }
      // A post from before handles, mentioning the first account by its email's local part.
      const t = now();
      const db = handle.db as any;
      await db.insertInto("coalitions").values({ id: "c1", slug: "c1", name: "C", description: "d", founders: "[]", visibility: "public", join_policy: "open", open_roles: "[]", archived_at: null, created_at: t, updated_at: t }).execute();
      await db.insertInto("threads").values({ id: "t1", coalition_id: "c1", title: "T", author_id: ids[1], document_id: null, pinned: 0, locked: 0, audience: "public", post_count: 1, last_post_number: 1, last_activity_at: t, last_post_by: ids[1], created_at: t, updated_at: t }).execute();
      const link = (text: string) => `<a href="/coalitions/c1/members#member-${ids[0]}" class="mention" title="Ada Lovelace" rel="nofollow ugc noopener">${text}</a>`;
      const post = { id: "p1", thread_id: "t1", number: 1, author_id: ids[1], reply_to_id: null, edited_at: null, deleted_at: null, hidden_at: null, hidden_by: null, hidden_reason: null, created_at: t };
      await db.insertInto("posts").values({ ...post, body: "Hi @U0, mail u0@example.org, not @u1.", body_html: `<p>Hi ${link("@U0")}, mail u0@example.org, not @u1.</p>` }).execute();
      expect((await migrator.migrateTo("0014-user-handles")).error).toBeUndefined();
      const rewritten = await db.selectFrom("posts").select(["body", "body_html"]).where("id", "=", "p1").executeTakeFirstOrThrow();
      expect(rewritten).toEqual({ body: "Hi @ada_lovelace, mail u0@example.org, not @u1.", body_html: `<p>Hi ${link("@ada_lovelace")}, mail u0@example.org, not @u1.</p>` });
      const rows = await handle.db.selectFrom("users").select(["id", "handle"]).execute();
      const byId = new Map(rows.map((r) => [r.id, r.handle]));
      expect(ids.map((id) => byId.get(id))).toEqual(["ada_lovelace", "ada_lovelace2", "admin2", "member", "jo_member", "zoe_angstrom", "ada_lovelace3"]);
      // The unique index holds them apart.
      await expect(handle.db.updateTable("users").set({ handle: "ada_lovelace" }).where("id", "=", ids[1]).execute()).rejects.toThrow(/unique|duplicate/i);
    } finally {
      await handle.db.destroy();
      await pgDb?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
