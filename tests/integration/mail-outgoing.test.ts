import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { clientAs, TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { postIn, startThread } from "../helpers/threads";

// Outgoing mail end to end: a reply creates the bell notification and, in the same transaction,
// a mail:send job; the server's job runner hands it over real SMTP to an in-process smtp-server.

let sink: SmtpSink;
let server: TestServer;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, MAIL_FROM: "Workspace <no-reply@example.org>", MAIL_DOMAIN: "lists.example.org", JOBS_POLL_INTERVAL_MS: "50" });
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

/** A header of the raw message as sent (unfolded), or undefined. */
function header(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
  const line = head.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

async function replyScenario(opts: { visibility: "public" | "private" }) {
  const coalition = await createCoalition({ name: `Mail <Test> & Co ${Math.random().toString(36).slice(2, 6)}`, visibility: opts.visibility });
  const author = await createUser({ name: "Olive <b>Bold</b> & \"Quotes\"" });
  const replier = await createUser({ name: "Rémi <script>alert(1)</script>" });
  await addMember(coalition.id, author.id, "member");
  await addMember(coalition.id, replier.id, "member");
  const threadId = await startThread(await clientAs(server.url, author.id), coalition.slug, "Budget <img src=x onerror=alert(1)>", "First post");
  const first = await getDb().selectFrom("posts").select("id").where("thread_id", "=", threadId).executeTakeFirstOrThrow();
  expect((await postIn(await clientAs(server.url, replier.id), coalition.slug, threadId, { body: "A reply", reply_to: first.id })).status).toBe(302);
  await expect.poll(() => sink.to(author.email).length, { timeout: 20_000 }).toBe(1);
  const raw = sink.messages.find((m) => m.to.includes(author.email))!.raw;
  return { coalition, author, replier, threadId, mail: sink.to(author.email)[0], raw };
}

describe("mail for a reply to my post", () => {
  it("carries both parts, escapes every user field, links to the post and says why; list and thread headers are set", async () => {
    const { coalition, author, replier, threadId, mail, raw } = await replyScenario({ visibility: "public" });
    expect(mail.from?.text).toContain("no-reply@example.org");
    expect(mail.subject).toContain(`[${coalition.name}]`);
    expect(mail.subject).toContain("replied to your post");
    // Text part: plain, unescaped, with the link and the reason.
    expect(mail.text).toContain(`Hello ${author.name},`);
    expect(mail.text).toContain(`${replier.name} replied to your post`);
    expect(mail.text).toMatch(new RegExp(`/coalitions/${coalition.slug}/threads/${threadId}\\?page=1#post-2`));
    expect(mail.text).toContain("You got this because someone replied to your post");
    // HTML part: every user-given field escaped, no remote resources.
    const html = String(mail.html);
    expect(html).toContain("Hello Olive &lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Quotes&quot;,");
    expect(html).toContain("Rémi &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("Budget &lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toMatch(/<script|<img|<b>|onerror=alert\(1\)>/);
    expect(html).not.toMatch(/<link|@import|url\(|src=["']?https?:/i);
    // Headers.
    expect(header(raw, "List-Id")).toContain(`<${coalition.slug}.lists.example.org>`);
    expect(header(raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(header(raw, "List-Unsubscribe")).toMatch(/^<http:\/\/[^>]+\/unsubscribe\/[A-Za-z0-9_.-]+>$/);
    expect(header(raw, "List-Archive")).toContain(`/coalitions/${coalition.slug}/threads>`);
    expect(header(raw, "Archived-At")).toContain(`/coalitions/${coalition.slug}/threads/${threadId}>`);
    expect(mail.inReplyTo).toBe(`<thread-${threadId}@lists.example.org>`);
    expect(mail.references).toContain(`<thread-${threadId}@lists.example.org>`);
    expect(mail.messageId).toMatch(/@lists\.example\.org>$/);
  });

  it("has no Archived-At when the coalition is private", async () => {
    const { raw } = await replyScenario({ visibility: "private" });
    expect(header(raw, "Archived-At")).toBeUndefined();
    expect(header(raw, "List-Unsubscribe")).toMatch(/\/unsubscribe\//);
  });

  it("one-click unsubscribe works without a session or Origin, and then no more such mail is sent", async () => {
    const { coalition, author, replier, threadId, raw } = await replyScenario({ visibility: "public" });
    const url = /^<(.+)>$/.exec(header(raw, "List-Unsubscribe")!)![1];
    const path = new URL(url).pathname;
    const anonymous = new TestClient(server.url);
    // GET only shows the question.
    const page = await anonymous.get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Stop mail when someone replies to your posts?");
    // A forged or altered token does nothing.
    expect((await anonymous.request(`${path.slice(0, -2)}xx`, { method: "POST", origin: null, body: "List-Unsubscribe=One-Click", headers: { "Content-Type": "application/x-www-form-urlencoded" } })).status).toBe(404);
    // The mail provider's POST: no cookie, no Origin (RFC 8058).
    const res = await anonymous.request(path, { method: "POST", origin: null, body: "List-Unsubscribe=One-Click", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(200);
    const pref = await getDb().withTables<{ mail_personal_preferences: { user_id: string; replies: string; mentions: string } }>().selectFrom("mail_personal_preferences").selectAll().where("user_id", "=", author.id).executeTakeFirst();
    expect(pref).toMatchObject({ replies: "off", mentions: "immediate" });

    // The next reply still rings the bell, but mails nothing.
    const posts = await getDb().selectFrom("posts").select("id").where("thread_id", "=", threadId).orderBy("number").execute();
    expect((await postIn(await clientAs(server.url, replier.id), coalition.slug, threadId, { body: "Another reply", reply_to: posts[0].id })).status).toBe(302);
    const bells = await getDb().selectFrom("notifications").select("id").where("user_id", "=", author.id).execute();
    expect(bells).toHaveLength(2);
    const jobs = await getDb().withTables<{ jobs: { id: number; payload: string } }>().selectFrom("jobs").select("payload").execute();
    expect(jobs.filter((j) => JSON.parse(j.payload).to === author.email)).toHaveLength(1);
  });
});

describe("mail for a new thread", () => {
  it("goes once to each member who chose the coalition's mail immediately, as the thread's root message; not to the author or the others", async () => {
    const coalition = await createCoalition({ name: "Fan Out Test", visibility: "public" });
    const author = await createUser();
    const eager = await createUser({ name: "Eager Reader" });
    const weekly = await createUser();
    const off = await createUser();
    for (const u of [author, eager, weekly, off]) await addMember(coalition.id, u.id, "member");
    const prefs = getDb().withTables<{ mail_preferences: { user_id: string; coalition_id: string; delivery: string; digest_day: number; updated_at: string } }>();
    const at = new Date().toISOString();
    await prefs
      .insertInto("mail_preferences")
      .values([
        { user_id: eager.id, coalition_id: coalition.id, delivery: "immediate", digest_day: 1, updated_at: at },
        { user_id: author.id, coalition_id: coalition.id, delivery: "immediate", digest_day: 1, updated_at: at },
        { user_id: off.id, coalition_id: coalition.id, delivery: "off", digest_day: 1, updated_at: at },
      ])
      .execute();
    const threadId = await startThread(await clientAs(server.url, author.id), coalition.slug, "Agenda for <Tuesday>", "Please add your items.\n\nThanks & see you.");
    await expect.poll(() => sink.to(eager.email).length, { timeout: 20_000 }).toBe(1);
    const mail = sink.to(eager.email)[0];
    expect(mail.messageId).toBe(`<thread-${threadId}@lists.example.org>`);
    expect(mail.subject).toBe(`[Fan Out Test] ${author.name} started a thread: “Agenda for <Tuesday>”`);
    expect(mail.text).toContain("Please add your items.\n\nThanks & see you.");
    expect(String(mail.html)).toContain("Agenda for &lt;Tuesday&gt;");
    expect(String(mail.html)).toContain("Thanks &amp; see you.");
    // The fan-out job is done and queued nothing for the others.
    const j = getDb().withTables<{ jobs: { kind: string; state: string; payload: string } }>();
    await expect.poll(async () => (await j.selectFrom("jobs").select("state").where("kind", "=", "mail:thread-started").where("payload", "like", `%${threadId}%`).executeTakeFirst())?.state).toBe("done");
    const recipients = (await j.selectFrom("jobs").select("payload").where("kind", "=", "mail:send").execute()).map((r) => JSON.parse(r.payload).to);
    expect(recipients.filter((to) => [author.email, weekly.email, off.email].includes(to))).toEqual([]);
    expect(recipients.filter((to) => to === eager.email)).toHaveLength(1);
  });
});
