import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { deliver, message } from "../helpers/mail-in";
import { startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

// Mail to <slug>@MAIL_DOMAIN from a signed-up non-member (issue 22): refused unless the coalition
// accepts outside mail; then held, never posted, until a coordinator approves (a thread by the
// sender) or rejects it (an optional answer by mail). Real SMTP in and out.

const DOMAIN = "lists.example.org";
let sink: SmtpSink;
let server: TestServer;
let port: number;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, MAIL_DOMAIN: DOMAIN, MAIL_INBOUND_PORT: "0", JOBS_POLL_INTERVAL_MS: "50" });
  port = server.mailPort!;
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

let n = 0;
const uniqueId = () => `<held-${Date.now()}-${++n}@mail.example.net>`;
const threadsOf = (coalitionId: string) => getDb().selectFrom("threads").select(["id", "title", "author_id"]).where("coalition_id", "=", coalitionId).execute();
const held = () => getDb().withTables<{ held_mail: { id: string; coalition_id: string; state: string; thread_id: string | null; subject: string } }>();

async function scene() {
  const coalition = await createCoalition({ name: `Outside ${Math.random().toString(36).slice(2, 7)}` });
  const coordinator = await createUser({ name: "Cora Coordinator" });
  const member = await createUser({ name: "Mo Member" });
  const outsider = await createUser({ name: "Otto <Outsider>" });
  await addMember(coalition.id, coordinator.id, "coordinator");
  await addMember(coalition.id, member.id, "member");
  const to = `${coalition.slug}@${DOMAIN}`;
  const send = (subject: string, body: string, from = outsider.email) =>
    deliver(port, { from, to: [to] }, message({ From: from, To: to, Subject: subject, "Authentication-Results": `mx.${DOMAIN}; dmarc=pass header.from=example.org`, "Message-ID": uniqueId() }, body));
  return { coalition, coordinator, member, outsider, to, send, coord: await clientAs(server.url, coordinator.id) };
}

describe("mail from a non-member", () => {
  it("is refused while the coalition does not accept outside mail", async () => {
    const { coalition, outsider, send } = await scene();
    await send("Not yet", "Hello?");
    await expect.poll(() => sink.to(outsider.email).length, { timeout: 20_000 }).toBe(1);
    expect(sink.to(outsider.email)[0].text).toContain("not posted");
    expect(await threadsOf(coalition.id)).toHaveLength(0);
    expect(await held().selectFrom("held_mail").select("id").where("coalition_id", "=", coalition.id).execute()).toHaveLength(0);
  });

  it("is held, not posted, until a coordinator approves it; then it is a thread by the sender", async () => {
    const { coalition, coordinator, member, outsider, send, coord } = await scene();
    // Only a coordinator may open the queue or change the setting.
    expect((await (await clientAs(server.url, member.id)).get(`/coalitions/${coalition.slug}/held-mail`)).status).toBe(403);
    const on = await coord.post(`/coalitions/${coalition.slug}/held-mail`, { intent: "setting", outside_mail: "on" });
    expect(on.status).toBe(302);

    await send("A proposal from outside", "Could the coalition look at <b>this</b>?\n\n-- \nOtto");
    await expect.poll(async () => (await held().selectFrom("held_mail").selectAll().where("coalition_id", "=", coalition.id).execute()).length, { timeout: 20_000 }).toBe(1);
    expect(await threadsOf(coalition.id)).toHaveLength(0);
    // The sender is told it waits; the coordinator is asked to review it.
    await expect.poll(() => sink.to(outsider.email).map((m) => m.subject), { timeout: 20_000 }).toEqual([`[${coalition.name}] Your mail “A proposal from outside” is waiting for approval`]);
    await expect.poll(() => sink.to(coordinator.email).length, { timeout: 20_000 }).toBe(1);
    expect(sink.to(coordinator.email)[0].text).toContain(`/coalitions/${coalition.slug}/held-mail`);
    expect(sink.to(member.email)).toHaveLength(0);

    const page = await (await coord.get(`/coalitions/${coalition.slug}/held-mail`)).text();
    expect(page).toContain("A proposal from outside");
    expect(page).toContain("Otto &lt;Outsider&gt;");
    expect(page).toContain("Could the coalition look at &lt;b&gt;this&lt;/b&gt;?");
    const [item] = await held().selectFrom("held_mail").selectAll().where("coalition_id", "=", coalition.id).execute();

    const approved = await coord.post(`/coalitions/${coalition.slug}/held-mail`, { intent: "approve", id: item!.id });
    expect(approved.status).toBe(302);
    const [thread] = await threadsOf(coalition.id);
    expect(thread).toMatchObject({ title: "A proposal from outside", author_id: outsider.id });
    const post = await getDb().selectFrom("posts").select("body").where("thread_id", "=", thread!.id).executeTakeFirstOrThrow();
    expect(post.body).toBe("Could the coalition look at <b>this</b>?");
    expect((await held().selectFrom("held_mail").select(["state", "thread_id"]).where("id", "=", item!.id).executeTakeFirstOrThrow())).toEqual({ state: "approved", thread_id: thread!.id });
    // Once: a second approval changes nothing.
    expect((await coord.post(`/coalitions/${coalition.slug}/held-mail`, { intent: "approve", id: item!.id })).status).toBe(409);
    expect(await threadsOf(coalition.id)).toHaveLength(1);
    await expect.poll(() => sink.to(outsider.email).length, { timeout: 20_000 }).toBe(2);
  });

  it("a rejection posts nothing and mails the coordinator's answer when there is one", async () => {
    const { coalition, outsider, send, coord } = await scene();
    await coord.post(`/coalitions/${coalition.slug}/held-mail`, { intent: "setting", outside_mail: "on" });
    await send("Buy cheap watches", "Spam, really.");
    await send("A real question", "What is the next meeting?");
    await expect.poll(async () => (await held().selectFrom("held_mail").select("id").where("coalition_id", "=", coalition.id).execute()).length, { timeout: 20_000 }).toBe(2);
    const items = await held().selectFrom("held_mail").selectAll().where("coalition_id", "=", coalition.id).orderBy("subject").execute();
    const spam = items.find((i) => i.subject.startsWith("Buy"))!;
    const question = items.find((i) => i.subject.startsWith("A real"))!;
    await expect.poll(() => sink.to(outsider.email).length, { timeout: 20_000 }).toBe(2); // "waiting" notices
    expect((await coord.post(`/coalitions/${coalition.slug}/held-mail`, { intent: "reject", id: spam.id, answer: "" })).status).toBe(302);
    expect((await coord.post(`/coalitions/${coalition.slug}/held-mail`, { intent: "reject", id: question.id, answer: "We meet on <Tuesday>; please join first." })).status).toBe(302);
    await expect.poll(() => sink.to(outsider.email).length, { timeout: 20_000 }).toBe(3);
    const answer = sink.to(outsider.email).find((m) => m.subject?.includes("was not posted"))!;
    expect(answer.subject).toContain("A real question");
    expect(answer.text).toContain("We meet on <Tuesday>; please join first.");
    expect(String(answer.html)).toContain("We meet on &lt;Tuesday&gt;; please join first.");
    expect(await threadsOf(coalition.id)).toHaveLength(0);
    expect((await (await coord.get(`/coalitions/${coalition.slug}/held-mail`)).text())).toContain("No mail is waiting.");
  });

  it("a member's mail is still posted at once, and an address without an account is still refused", async () => {
    const { coalition, member, send, coord } = await scene();
    await coord.post(`/coalitions/${coalition.slug}/held-mail`, { intent: "setting", outside_mail: "on" });
    await send("From a member", "Straight in.", member.email);
    await expect.poll(async () => (await threadsOf(coalition.id)).map((t) => t.title), { timeout: 20_000 }).toEqual(["From a member"]);
    const stranger = `stranger-${Date.now()}@example.org`;
    await send("From nobody", "Hello.", stranger);
    await expect.poll(() => sink.to(stranger).length, { timeout: 20_000 }).toBe(1);
    expect(await held().selectFrom("held_mail").select("id").where("coalition_id", "=", coalition.id).execute()).toHaveLength(0);
  });
});
