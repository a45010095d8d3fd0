import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailTransport } from "../../app/lib/mail/transport.server";
import { getDb, getDbHandle } from "../../db/client";
import { newId } from "../../db/ids";
import { enqueue } from "../../db/queries/jobs";
import type { CoalitionRole, ThreadAudience } from "../../db/schema";
import { FakeClock } from "../../server/jobs/clock";
import { digestJob } from "../../server/jobs/digests";
import { jobHandlers } from "../../server/jobs/handlers";
import { jobLockFor } from "../../server/jobs/lock";
import { JobRunner } from "../../server/jobs/queue";
import { Scheduler } from "../../server/jobs/scheduler";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

// Digests end to end (issue 22): the planner runs on the job scheduler, the digest and its mail on
// the durable job runner, both on a FakeClock that the tests move (nothing sleeps); the mail goes
// over real SMTP to an in-process sink. Rows are written at the clock's times, so "since the last
// digest" is exact. The clock lives in 2030, well away from the server's own (real-time) jobs.

let sink: SmtpSink;
let server: TestServer;
const log = { info() {}, error() {} };
const HOUR = 3600_000;
const clock = new FakeClock(Date.parse("2030-01-06T12:00:00Z")); // a Sunday, noon UTC

function instance() {
  const handle = getDbHandle();
  const mail = createMailTransport({ smtpUrl: sink.url, from: "Workspace <no-reply@example.org>", log });
  const scheduler = new Scheduler({ clock, lock: jobLockFor(handle), log }).add(digestJob({ everyMs: HOUR }));
  const runner = new JobRunner({ db: handle.db, dialect: handle.kind, clock, log, handlers: jobHandlers({ mail }) });
  return { scheduler, runner, close: () => mail.close() };
}
let main: ReturnType<typeof instance>;

beforeAll(async () => {
  sink = await startSmtpSink();
  // The server's own runner polls once an hour: the runners here do the work, on the fake clock.
  server = await startTestServer({ SMTP_URL: sink.url, MAIL_DOMAIN: "lists.example.org", JOBS_POLL_INTERVAL_MS: String(HOUR) });
  main = instance();
  main.scheduler.start();
});
afterAll(async () => {
  await main?.scheduler.stop();
  main?.close();
  await server?.close();
  await sink?.close();
});

/** Moves the clock to `iso` an hour at a time (the planner runs each hour), then runs every due job. */
async function moveTo(iso: string): Promise<void> {
  const target = Date.parse(iso);
  while (clock.now() < target) {
    clock.advance(Math.min(HOUR, target - clock.now()));
    await main.scheduler.idle();
    // A run that ended after its next time schedules that one at once: let it run now.
    clock.advance(0);
    await main.scheduler.idle();
  }
  await main.runner.drain();
}

const at = () => new Date(clock.now()).toISOString();

function digestsTo(user: TestUser): ParsedMail[] {
  return sink.to(user.email).filter((m) => /^<digest-/.test(m.messageId ?? ""));
}

function rawOf(mail: ParsedMail): string {
  return sink.messages.find((m) => m.mail === mail)!.raw;
}

function header(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
  const line = head.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

async function prefer(user: TestUser, coalitionId: string, delivery: "immediate" | "daily" | "weekly" | "off", day = 1) {
  await getDb()
    .withTables<{ mail_preferences: { user_id: string; coalition_id: string; delivery: string; digest_day: number; updated_at: string } }>()
    .insertInto("mail_preferences")
    .values({ user_id: user.id, coalition_id: coalitionId, delivery, digest_day: day, updated_at: at() })
    .execute();
}

async function insertThread(coalitionId: string, author: TestUser, title: string, audience: ThreadAudience = "public"): Promise<string> {
  const id = newId();
  const t = at();
  await getDb()
    .insertInto("threads")
    .values({ id, coalition_id: coalitionId, title, author_id: author.id, document_id: null, pinned: 0, locked: 0, audience, post_count: 1, last_post_number: 1, last_activity_at: t, last_post_by: author.id, created_at: t, updated_at: t })
    .execute();
  await insertPost(id, author, 1);
  return id;
}

async function insertPost(threadId: string, author: TestUser, number: number) {
  const t = at();
  await getDb()
    .insertInto("posts")
    .values({ id: newId(), thread_id: threadId, number, author_id: author.id, body: `Post ${number}`, body_html: `<p>Post ${number}</p>`, reply_to_id: null, edited_at: null, deleted_at: null, hidden_at: null, hidden_by: null, hidden_reason: null, created_at: t })
    .execute();
}

async function insertReply(threadId: string, author: TestUser): Promise<number> {
  const row = await getDb().selectFrom("threads").select("last_post_number").where("id", "=", threadId).executeTakeFirstOrThrow();
  const number = Number(row.last_post_number) + 1;
  await insertPost(threadId, author, number);
  await getDb().updateTable("threads").set({ last_post_number: number, post_count: number, last_activity_at: at() }).where("id", "=", threadId).execute();
  return number;
}

async function insertOutput(coalitionId: string, publisher: TestUser, title: string): Promise<string> {
  const t = at();
  const documentId = newId();
  await getDb()
    .insertInto("documents")
    .values({ id: documentId, coalition_id: coalitionId, title, created_by: publisher.id, created_at: t, updated_at: t, last_edited_by: null, last_edited_at: null, archived_at: null, plain_text: "" })
    .execute();
  const id = newId();
  await getDb()
    .insertInto("document_versions")
    .values({ id, document_id: documentId, coalition_id: coalitionId, number: 1, label: "Final", note: null, html: "<p></p>", state: new Uint8Array([0, 0]), plain_text: "", published_by: publisher.id, published_at: t })
    .execute();
  return id;
}

async function insertMeeting(coalitionId: string, creator: TestUser, title: string, startsAt: string): Promise<string> {
  const id = newId();
  const t = at();
  await getDb()
    .insertInto("calendar_events")
    .values({
      id,
      coalition_id: coalitionId,
      kind: "meeting",
      title,
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + HOUR).toISOString(),
      deadline_at: null,
      time_zone: "UTC",
      mode: "online",
      location: null,
      url: null,
      description: "",
      description_html: "",
      agenda_document_id: null,
      minutes_document_id: null,
      created_by: creator.id,
      created_at: t,
      updated_at: t,
    })
    .execute();
  return id;
}

async function group(roles: Record<string, CoalitionRole>, options: { visibility?: "public" | "private"; name?: string } = {}) {
  const coalition = await createCoalition({ visibility: options.visibility ?? "public", name: options.name });
  const people: Record<string, TestUser> = {};
  for (const [key, role] of Object.entries(roles)) {
    people[key] = await createUser({ name: `Person ${key} ${newId(4)}` });
    await addMember(coalition.id, people[key].id, role);
  }
  return { coalition, people };
}

describe("digests", () => {
  it("a daily digest goes at 07:00 UTC with what is new and unseen, once; an empty one is not sent", async () => {
    const { coalition, people } = await group({ reader: "member", author: "member" }, { name: "Daily Digest Coalition" });
    const { reader, author } = people;
    await prefer(reader, coalition.id, "daily");
    await moveTo("2030-01-06T13:00:00Z");
    const threadId = await insertThread(coalition.id, author, "Budget <b>2030</b>");
    await insertReply(threadId, author);
    const outputId = await insertOutput(coalition.id, author, "Annual report");
    const meetingId = await insertMeeting(coalition.id, author, "Monthly call", "2030-01-09T15:00:00Z");
    const own = await insertThread(coalition.id, reader, "My own thread");

    await moveTo("2030-01-07T06:59:00Z");
    expect(digestsTo(reader)).toHaveLength(0);
    await moveTo("2030-01-07T07:00:00Z");
    await expect.poll(() => digestsTo(reader).length).toBe(1);
    const mail = digestsTo(reader)[0];
    expect(mail.subject).toBe("Your daily digest: 3 new items");
    const text = mail.text!;
    expect(text).toContain(`Hello ${reader.name},`);
    expect(text).toContain(`“Budget <b>2030</b>”, started by ${author.name} (1 reply)`);
    expect(text).toMatch(new RegExp(`/coalitions/${coalition.slug}/threads/${threadId}\\n`));
    expect(text).toContain(`“Annual report”, version 1: Final, published by ${author.name}`);
    expect(text).toContain(`/coalitions/${coalition.slug}/outputs/${outputId}`);
    expect(text).toContain("Monthly call: ");
    expect(text).toContain(`/coalitions/${coalition.slug}/calendar/${meetingId}`);
    expect(text).not.toContain("My own thread");
    expect(text).not.toContain(own);
    expect(text).toContain("You got this because you chose a daily digest for Daily Digest Coalition.");
    const html = String(mail.html);
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain("Budget &lt;b&gt;2030&lt;/b&gt;");
    expect(html).not.toContain("<b>2030");
    const raw = rawOf(mail);
    expect(header(raw, "List-Id")).toContain(`<${coalition.slug}.lists.example.org>`);
    expect(header(raw, "List-Unsubscribe")).toMatch(/^<http:\/\/[^>]+\/unsubscribe\/[A-Za-z0-9_.-]+>$/);
    expect(header(raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");

    // Nothing new by the next morning: no mail.
    await moveTo("2030-01-08T07:00:00Z");
    expect(digestsTo(reader)).toHaveLength(1);

    // A reply on Tuesday is in Wednesday's digest; what Monday's carried is not again.
    await moveTo("2030-01-08T10:00:00Z");
    const number = await insertReply(threadId, author);
    await moveTo("2030-01-09T07:00:00Z");
    await expect.poll(() => digestsTo(reader).length).toBe(2);
    const second = digestsTo(reader)[1];
    expect(second.subject).toBe("Your daily digest: 1 new item");
    expect(second.text).toContain(`1 new reply in “Budget <b>2030</b>”, from ${author.name}`);
    expect(second.text).toContain(`/threads/${threadId}?page=1#post-${number}`);
    expect(second.text).not.toContain("Annual report");
    expect(second.text).not.toContain("Monthly call");
  });

  it("a weekly digest goes on its day at 07:00 in the person's time zone, not before", async () => {
    const { coalition, people } = await group({ reader: "member", author: "coordinator" });
    const { reader, author } = people;
    await getDb().updateTable("users").set({ time_zone: "Asia/Tokyo" }).where("id", "=", reader.id).execute();
    await prefer(reader, coalition.id, "weekly", 3); // Wednesday
    await moveTo("2030-01-09T12:00:00Z");
    await insertThread(coalition.id, author, "Weekly topic");
    // Thursday 07:00 in Tokyo, the following Wednesday 06:00 in Tokyo: nothing.
    await moveTo("2030-01-15T21:00:00Z");
    expect(digestsTo(reader)).toHaveLength(0);
    // Wednesday 16 January, 07:00 in Tokyo = Tuesday 22:00 UTC.
    await moveTo("2030-01-15T22:00:00Z");
    await expect.poll(() => digestsTo(reader).length).toBe(1);
    expect(digestsTo(reader)[0].subject).toBe("Your weekly digest: 1 new item");
    expect(digestsTo(reader)[0].text).toContain("“Weekly topic”");
    expect(digestsTo(reader)[0].text).toContain("You got this because you chose a weekly digest for");
  });

  it("leaves out what the person has seen: read threads, read or mailed notifications, the home page's feed", async () => {
    const { coalition, people } = await group({ reader: "member", author: "member" });
    const { reader, author } = people;
    await prefer(reader, coalition.id, "daily");
    await moveTo("2030-01-16T08:00:00Z");
    const seenOutput = await insertOutput(coalition.id, author, "Seen output");
    // The reader opens the home page now: what happened before is in its "since your last visit".
    await moveTo("2030-01-16T09:00:00Z");
    await getDb().updateTable("users").set({ last_seen_at: at(), previous_visit_at: at() }).where("id", "=", reader.id).execute();
    await moveTo("2030-01-16T10:00:00Z");
    const read = await insertThread(coalition.id, author, "Read thread");
    const unread = await insertThread(coalition.id, author, "Unread thread");
    const told = await insertThread(coalition.id, reader, "Reader's thread");
    const toldReply = await insertReply(told, author);
    const tellsNothing = await insertReply(told, author);
    await getDb().insertInto("thread_reads").values({ user_id: reader.id, thread_id: read, last_read_number: 1, updated_at: at() }).execute();
    // The bell told them of one reply (replies are mailed at once by default, too).
    await getDb()
      .insertInto("notifications")
      .values({ user_id: reader.id, kind: "reply", text: "A reply", link: `/coalitions/${coalition.slug}/threads/${told}?page=1#post-${toldReply}`, read_at: null, created_at: at() })
      .execute();

    await moveTo("2030-01-17T07:00:00Z");
    await expect.poll(() => digestsTo(reader).length).toBe(1);
    const text = digestsTo(reader)[0].text!;
    expect(text).toContain("“Unread thread”");
    expect(text).not.toContain("“Read thread”");
    expect(text).not.toContain("Seen output");
    expect(text).not.toContain(seenOutput);
    expect(text).toContain(`1 new reply in “Reader's thread”`);
    expect(text).toContain(`#post-${tellsNothing}`);
    expect(text).not.toContain(`#post-${toldReply}`);
    expect(text).not.toContain(read);
    expect(text).toContain(unread);
  });

  it("a person who has seen everything gets no digest", async () => {
    const { coalition, people } = await group({ reader: "member", author: "member" });
    await prefer(people.reader, coalition.id, "daily");
    await moveTo("2030-01-17T08:00:00Z");
    const id = await insertThread(coalition.id, people.author, "Already read");
    await getDb().insertInto("thread_reads").values({ user_id: people.reader.id, thread_id: id, last_read_number: 1, updated_at: at() }).execute();
    await moveTo("2030-01-18T07:00:00Z");
    expect(digestsTo(people.reader)).toHaveLength(0);
  });

  it("is sent once per period, whatever runs again: the planner, the job, a second instance", async () => {
    const { coalition, people } = await group({ reader: "member", author: "member" });
    await prefer(people.reader, coalition.id, "daily");
    await moveTo("2030-01-18T08:00:00Z");
    await insertThread(coalition.id, people.author, "Only once");
    // A second instance: its own scheduler and runner on the same database and clock.
    const other = instance();
    try {
      clock.advance(Date.parse("2030-01-19T07:00:00Z") - clock.now());
      await main.scheduler.idle();
      await Promise.all([main.scheduler.runNow("mail.digests"), other.scheduler.runNow("mail.digests"), main.scheduler.runNow("mail.digests")]);
      await Promise.all([main.runner.drain(), other.runner.drain()]);
      await expect.poll(() => digestsTo(people.reader).length).toBe(1);
      // The same period again: the planner finds the job done, and the job (run again without its key) finds the marks moved.
      clock.advance(HOUR);
      await main.scheduler.idle();
      await Promise.all([main.scheduler.runNow("mail.digests"), other.scheduler.runNow("mail.digests")]);
      await enqueue(getDb(), "mail:digest", { userId: people.reader.id, date: "2030-01-19" }, { runAt: new Date(clock.now()) });
      await Promise.all([main.runner.drain(), other.runner.drain()]);
      const jobs = await getDb()
        .withTables<{ jobs: { kind: string; payload: string; state: string } }>()
        .selectFrom("jobs")
        .select(["kind", "payload", "state"])
        .where("kind", "=", "mail:digest")
        .execute();
      const today = jobs.filter((j) => JSON.parse(j.payload).userId === people.reader.id && JSON.parse(j.payload).date === "2030-01-19");
      expect(today.map((j) => j.state)).toEqual(["done", "done"]);
      expect(digestsTo(people.reader)).toHaveLength(1);
    } finally {
      await other.scheduler.stop();
      other.close();
    }
    await moveTo("2030-01-19T09:00:00Z");
    expect(digestsTo(people.reader)).toHaveLength(1);
  });

  it("covers every digest coalition in one mail, whose one-click unsubscribe stops every digest", async () => {
    const a = await group({ reader: "member", author: "member" }, { name: "Alpha Digest" });
    const b = await createCoalition({ name: "Beta Digest" });
    const { reader, author } = a.people;
    await addMember(b.id, reader.id, "observer");
    await addMember(b.id, author.id, "member");
    await prefer(reader, a.coalition.id, "daily");
    // Beta: no choice stored, so the default (weekly, on Monday) applies.
    await moveTo("2030-01-20T08:00:00Z"); // Sunday
    await insertThread(a.coalition.id, author, "Alpha news");
    await insertThread(b.id, author, "Beta news");
    await moveTo("2030-01-21T07:00:00Z"); // Monday
    await expect.poll(() => digestsTo(reader).length).toBe(1);
    const mail = digestsTo(reader)[0];
    expect(mail.subject).toBe("Your digest: 2 new items");
    expect(mail.text).toContain("== Alpha Digest ==");
    expect(mail.text).toContain("== Beta Digest ==");
    expect(mail.text).toContain("You got this because you chose a daily or weekly digest for Alpha Digest and Beta Digest.");
    expect(mail.text).toContain("Stop all digests: ");
    expect(header(rawOf(mail), "List-Id")).toBe('"Coalition Workspace digest" <digest.lists.example.org>');
    expect(header(rawOf(mail), "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const url = /^<(.+)>$/.exec(header(rawOf(mail), "List-Unsubscribe")!)![1];
    const anonymous = new TestClient(server.url);
    expect(await (await anonymous.get(new URL(url).pathname)).text()).toContain("Stop daily and weekly digests?");
    expect(await (await anonymous.get(`${new URL(url).pathname}?lang=fr`)).text()).toContain("les résumés quotidiens et hebdomadaires");
    const res = await anonymous.request(new URL(url).pathname, { method: "POST", origin: null, body: "List-Unsubscribe=One-Click", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(200);
    const prefs = await getDb()
      .withTables<{ mail_preferences: { user_id: string; coalition_id: string; delivery: string } }>()
      .selectFrom("mail_preferences")
      .select(["coalition_id", "delivery"])
      .where("user_id", "=", reader.id)
      .execute();
    expect(Object.fromEntries(prefs.map((p) => [p.coalition_id, p.delivery]))).toEqual({ [a.coalition.id]: "off", [b.id]: "off" });
    await moveTo("2030-01-21T09:00:00Z");
    await insertThread(a.coalition.id, author, "After unsubscribing");
    await moveTo("2030-01-22T07:00:00Z");
    expect(digestsTo(reader)).toHaveLength(1);
  });

  it("holds only what the person may read now: members-only threads reach the coalition's roles, a former member gets nothing", async () => {
    const { coalition, people } = await group({ member: "member", observer: "observer", leaver: "member", author: "coordinator" }, { visibility: "public" });
    const outsider = await createUser();
    for (const p of [people.member, people.observer, people.leaver, outsider]) await prefer(p, coalition.id, "daily");
    await moveTo("2030-01-22T08:00:00Z");
    const secret = await insertThread(coalition.id, people.author, "Members-only plans", "members");
    const open = await insertThread(coalition.id, people.author, "Open discussion");
    // Removed from the coalition after the threads were started, before the digest.
    await getDb().deleteFrom("memberships").where("coalition_id", "=", coalition.id).where("user_id", "=", people.leaver.id).execute();
    await moveTo("2030-01-23T07:00:00Z");
    await expect.poll(() => digestsTo(people.member).length).toBe(1);
    expect(digestsTo(people.member)[0].text).toContain(secret);
    expect(digestsTo(people.member)[0].text).toContain(open);
    // Observers are among the roles a members-only thread reaches (app/lib/policy.ts), so the digest follows.
    await expect.poll(() => digestsTo(people.observer).length).toBe(1);
    expect(digestsTo(people.observer)[0].text).toContain(secret);
    expect(digestsTo(people.leaver)).toHaveLength(0);
    expect(digestsTo(outsider)).toHaveLength(0);
    expect(sink.messages.filter((m) => m.raw.includes(secret) && (m.to.includes(people.leaver.email) || m.to.includes(outsider.email)))).toHaveLength(0);
  });

  it("carries mentions and replies to the person's posts when they chose a digest for them, once, and only while readable", async () => {
    const { coalition, people } = await group({ reader: "member", author: "member" });
    const { reader, author } = people;
    await prefer(reader, coalition.id, "off");
    await getDb()
      .withTables<{ mail_personal_preferences: { user_id: string; mentions: string; replies: string; digest_day: number; updated_at: string } }>()
      .insertInto("mail_personal_preferences")
      .values({ user_id: reader.id, mentions: "daily", replies: "weekly", digest_day: 5, updated_at: at() })
      .execute();
    await moveTo("2030-01-24T08:00:00Z"); // Thursday
    const thread = await insertThread(coalition.id, reader, "Reader's question");
    const mention = await insertReply(thread, author);
    const reply = await insertReply(thread, author);
    const gone = await insertReply(thread, author);
    const note = (kind: "mention" | "reply", n: number) => ({ user_id: reader.id, kind, text: "x", link: `/coalitions/${coalition.slug}/threads/${thread}?page=1#post-${n}`, read_at: null, created_at: at() });
    await getDb().insertInto("notifications").values([note("mention", mention), note("reply", reply), note("reply", gone)]).execute();
    await getDb().updateTable("posts").set({ hidden_at: at() }).where("thread_id", "=", thread).where("number", "=", gone).execute();
    // Friday 07:00: mentions (daily) and replies (weekly, on Friday) are both due.
    await moveTo("2030-01-25T07:00:00Z");
    await expect.poll(() => digestsTo(reader).length).toBe(1);
    const mail = digestsTo(reader)[0];
    expect(mail.subject).toBe("Your digest: 2 new items");
    expect(mail.text).toContain(`- ${author.name} mentioned you in “Reader's question” (${coalition.name})`);
    expect(mail.text).toContain(`- ${author.name} replied to your post in “Reader's question” (${coalition.name})`);
    expect(mail.text).not.toContain(`#post-${gone}`);
    expect(mail.text).toContain("You got this because you chose a digest for mentions and replies to your posts.");
    // Saturday: nothing new, nothing sent.
    await moveTo("2030-01-26T07:00:00Z");
    expect(digestsTo(reader)).toHaveLength(1);
  });

  it("speaks the person's language: an Arabic digest is right to left and in Arabic", async () => {
    const { coalition, people } = await group({ reader: "member", author: "member" }, { name: "Arabic Digest Coalition" });
    await getDb().updateTable("users").set({ language: "ar" }).where("id", "=", people.reader.id).execute();
    await prefer(people.reader, coalition.id, "daily");
    await moveTo("2030-01-26T08:00:00Z");
    const id = await insertThread(coalition.id, people.author, "Budget review");
    await insertReply(id, people.author);
    await insertReply(id, people.author);
    await moveTo("2030-01-27T07:00:00Z");
    await expect.poll(() => digestsTo(people.reader).length).toBe(1);
    const mail = digestsTo(people.reader)[0];
    expect(mail.subject).toBe("موجزك اليومي: عنصر جديد واحد");
    const html = String(mail.html);
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain("النقاشات الجديدة");
    expect(html).toContain('<bdi dir="auto">Budget review</bdi>');
    expect(html).toContain("ردّان");
    expect(mail.text).toContain(`مرحبًا ${people.reader.name}،`);
    expect(mail.text).toContain("تلقّيت هذه الرسالة لأنك اخترت تلقّي موجز يومي عن Arabic Digest Coalition.");
    expect(mail.text).not.toContain("Hello");
  });
});
