import type { Kysely } from "kysely";

// Issue 19: every account gets a handle, the name people mention it by (`@ada_lovelace`), so no
// part of an e-mail address needs to be shown. Existing accounts get one derived from their name
// (oldest account first; a taken or reserved one gets a number: ada_lovelace2) and a unique index
// holds them apart. Handles are stored lower-case, so the plain unique index is case-insensitive
// on SQLite and PostgreSQL alike. The column stays nullable at the database level (SQLite cannot
// add a NOT NULL column without a default); every insert sets it.
// Posts that mention someone by their email's local part (`@ada.lovelace`, linked when written)
// are rewritten to say the handle, in the stored HTML's mention links and in the Markdown (so
// search and exports no longer hold the email's part either); revisions keep their old text.
// The derivation is copied here, not imported: a migration is frozen once landed.

const MAX = 30;
const RESERVED = new Set([
  "admin", "administrator", "admins", "all", "everyone", "everybody", "here", "channel", "members",
  "coordinators", "observers", "moderator", "moderators",
  "root", "system", "support", "staff", "team", "help", "me", "you", "anonymous", "guest",
  "null", "undefined", "api", "login", "logout", "signup", "settings", "notifications", "search",
]);

function derive(name: string): string {
  let base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, MAX)
    .replace(/_+$/, "");
  if (!base) base = "member";
  else if (base.length < 3) base = `${base}_member`;
  if (/^[0-9]+$/.test(base)) base = `u${base}`.slice(0, MAX);
  return base;
}

function unique(base: string, taken: Set<string>): string {
  if (!RESERVED.has(base) && !taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = String(n);
    const candidate = `${base.slice(0, MAX - suffix.length).replace(/[_-]+$/, "")}${suffix}`;
    if (!RESERVED.has(candidate) && !taken.has(candidate)) return candidate;
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("handle", "text").execute();
  const rows: Array<{ id: string; name: string }> = await db.selectFrom("users").select(["id", "name"]).orderBy("created_at").orderBy("id").execute();
  const taken = new Set<string>();
  for (const row of rows) {
    const handle = unique(derive(row.name), taken);
    taken.add(handle);
    await db.updateTable("users").set({ handle }).where("id", "=", row.id).execute();
  }
  await db.schema.createIndex("users_handle_idx").unique().on("users").column("handle").execute();
  await rewriteMentions(db);
}

// A mention link as sanitize-html writes it: href, class, then title and rel.
const LINK_RE = /(<a href="[^"]*#member-([^"]+)" class="mention"[^>]*>)@([^<]*)(<\/a>)/g;
// The post Markdown's mention pattern when this migration was written.
const MENTION_RE = /(^|[^A-Za-z0-9_.@/\\])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/g;

async function rewriteMentions(db: Kysely<any>): Promise<void> {
  const posts: Array<{ id: string; body: string; body_html: string }> = await db
    .selectFrom("posts")
    .select(["id", "body", "body_html"])
    .where("body_html", "like", '%class="mention"%')
    .execute();
  if (!posts.length) return;
  const handles = new Map<string, string>();
  const ids = [...new Set(posts.flatMap((p) => [...p.body_html.matchAll(LINK_RE)].map((m) => m[2])))];
  for (let i = 0; i < ids.length; i += 500) {
    const rows: Array<{ id: string; handle: string }> = await db.selectFrom("users").select(["id", "handle"]).where("id", "in", ids.slice(i, i + 500)).execute();
    for (const row of rows) handles.set(row.id, row.handle);
  }
  for (const post of posts) {
    const renamed = new Map<string, string>(); // what was written (lower-cased) → the handle
    const html = post.body_html.replace(LINK_RE, (all, open: string, id: string, text: string, close: string) => {
      const handle = handles.get(id);
      if (!handle || text.toLowerCase() === handle) return all;
      renamed.set(text.toLowerCase(), handle);
      return `${open}@${handle}${close}`;
    });
    if (!renamed.size) continue;
    const body = post.body.replace(MENTION_RE, (all, before: string, key: string) => {
      const handle = renamed.get(key.toLowerCase());
      return handle ? `${before}@${handle}` : all;
    });
    await db.updateTable("posts").set({ body, body_html: html }).where("id", "=", post.id).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("users_handle_idx").execute();
  await db.schema.alterTable("users").dropColumn("handle").execute();
}
