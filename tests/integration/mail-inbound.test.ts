import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { replyAddress } from "../../app/models/mail/reply-address.server";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { deliver, message } from "../helpers/mail-in";
import { startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { startThread } from "../helpers/threads";

// Issue 22, mail in: real SMTP into the app's receiver (MAIL_INBOUND_PORT), real SMTP out to an
// in-process sink for the answers. Replies post through the same model as the web; refusals are
// answered by mail and never posted; machines are ignored; unknown addresses are refused at RCPT.

const DOMAIN = "lists.example.org";
let sink: SmtpSink;
let server: TestServer;
let port: number;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, MAIL_DOMAIN: DOMAIN, MAIL_INBOUND_PORT: "0", JOBS_POLL_INTERVAL_MS: "50", MAIL_INBOUND_MAX_BYTES: "200000" });
  port = server.mailPort!;
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

let n = 0;
const uniqueId = () => `<test-${Date.now()}-${++n}@mail.example.net>`;
const postsOf = (threadId: string) =>
  getDb().selectFrom("posts").select(["number", "body", "author_id"]).where("thread_id", "=", threadId).orderBy("number").execute();

async function scene(role: "member" | "observer" = "member") {
  const coalition = await createCoalition({ name: `Mail In ${Math.random().toString(36).slice(2, 7)}` });
  const starter = await createUser({ name: "Ada Starter" });
  const replier: TestUser = await createUser({ name: "Bruno Replier" });
  await addMember(coalition.id, starter.id, "coordinator");
  await addMember(coalition.id, replier.id, role);
  const threadId = await startThread(await clientAs(server.url, starter.id), coalition.slug, "Draft principles", "Please comment by Friday.");
  const to = await replyAddress(getDb(), replier.id, threadId);
  return { coalition, starter, replier, threadId, to };
}

const GMAIL_REPLY = `I agree with the principles.

One more point: let us cite the 2009 text.

On Mon, Dec 7, 2026 at 10:00 AM Ada Starter <ada@example.org> wrote:
> Please comment by Friday.
`;

describe("replying by mail", () => {
  it("posts the new text only, as the key's person, once however often the MTA delivers it", async () => {
    const { replier, threadId, to } = await scene();
    const raw = message({ From: `Bruno <${replier.email}>`, To: to, Subject: "Re: Draft principles", "Message-ID": uniqueId() }, GMAIL_REPLY);
    const first = await deliver(port, { from: replier.email, to: [to] }, raw);
    expect(first.accepted).toEqual([to]);
    const posts = await postsOf(threadId);
    expect(posts).toHaveLength(2);
    expect(posts[1]).toMatchObject({ author_id: replier.id, body: "I agree with the principles.\n\nOne more point: let us cite the 2009 text." });
    await deliver(port, { from: replier.email, to: [to] }, raw); // the same Message-ID again
    expect(await postsOf(threadId)).toHaveLength(2);
  });

  it("round trip: the mention mail of that reply carries the starter's own Reply-To, and answering it posts as the starter", async () => {
    const { starter, replier, threadId, to } = await scene();
    const handle = (await getDb().selectFrom("users").select("handle").where("id", "=", starter.id).executeTakeFirstOrThrow()).handle;
    await deliver(port, { from: replier.email, to: [to] }, message({ From: replier.email, To: to, Subject: "Re: Draft principles", "Message-ID": uniqueId() }, `First answer by mail, @${handle}.`));
    // The mention notifies the starter (mentions are mailed at once by default), with their Reply-To.
    await expect.poll(() => sink.to(starter.email).length, { timeout: 15_000 }).toBe(1);
    const notice = sink.to(starter.email)[0]!;
    const replyTo = notice.replyTo?.value[0]?.address ?? "";
    expect(replyTo).toBe(await replyAddress(getDb(), starter.id, threadId));
    expect(notice.inReplyTo).toBe(`<thread-${threadId}@${DOMAIN}>`);
    await deliver(port, { from: starter.email, to: [replyTo] }, message({ From: starter.email, To: replyTo, Subject: `Re: ${notice.subject}`, "Message-ID": uniqueId(), "In-Reply-To": notice.messageId ?? "" }, "Thanks, noted.\n\n> First answer by mail."));
    const posts = await postsOf(threadId);
    expect(posts.map((p) => [p.author_id, p.body])).toEqual([
      [starter.id, "Please comment by Friday."],
      [replier.id, `First answer by mail, @${handle}.`],
      [starter.id, "Thanks, noted."],
    ]);
  });

  it("refuses, by mail and in the person's language, a reply from another address, to a locked thread, or with an attachment", async () => {
    const { replier, threadId, to, coalition } = await scene();
    await getDb().updateTable("users").set({ language: "fr" }).where("id", "=", replier.id).execute();
    await deliver(port, { from: "someone@else.example", to: [to] }, message({ From: "Mallory <someone@else.example>", To: to, Subject: "Re: Draft", "Message-ID": uniqueId() }, "Posting as Bruno!"));
    await expect.poll(() => sink.to(replier.email).length, { timeout: 15_000 }).toBe(1);
    const answer = sink.to(replier.email)[0]!;
    expect(answer.subject).toBe("Non publié : Re: Draft");
    expect(answer.text).toContain(replier.email);
    expect(answer.headers.get("auto-submitted")).toBe("auto-replied");
    expect(sink.to("someone@else.example")).toHaveLength(0); // a forged sender is never answered

    await getDb().updateTable("threads").set({ locked: 1 }).where("id", "=", threadId).execute();
    await deliver(port, { from: replier.email, to: [to] }, message({ From: replier.email, To: to, Subject: "Re: Draft", "Message-ID": uniqueId() }, "Late comment"));
    await expect.poll(() => sink.to(replier.email).length, { timeout: 15_000 }).toBe(2);
    // The lock refusal is the policy module's, in French once it is translated.
    expect(sink.to(replier.email)[1]!.text).toMatch(/Votre message a bien été reçu[^\n]*\n\n.*(locked|verrouill)/is);
    await getDb().updateTable("threads").set({ locked: 0 }).where("id", "=", threadId).execute();

    const withFile = [
      `From: ${replier.email}`, `To: ${to}`, "Subject: Re: Draft", `Message-ID: ${uniqueId()}`, "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"', "", "--b1", "Content-Type: text/plain; charset=utf-8", "", "See the attached file.", "--b1",
      'Content-Type: application/pdf; name="draft.pdf"', 'Content-Disposition: attachment; filename="draft.pdf"', "Content-Transfer-Encoding: base64", "", "JVBERi0xLjQK", "--b1--", "",
    ].join("\r\n");
    await deliver(port, { from: replier.email, to: [to] }, withFile);
    await expect.poll(() => sink.to(replier.email).length, { timeout: 15_000 }).toBe(3);
    expect(sink.to(replier.email)[2]!.text).toContain("pièces jointes");
    expect(await postsOf(threadId)).toHaveLength(1);
    expect(coalition.slug).toBeTruthy();
  });

  it("lets an observer's reply be refused by the same rules as the web, with the reason", async () => {
    const { replier, threadId, to } = await scene("observer");
    await deliver(port, { from: replier.email, to: [to] }, message({ From: replier.email, To: to, Subject: "Re: Draft", "Message-ID": uniqueId() }, "An observer's view."));
    await expect.poll(() => sink.to(replier.email).length, { timeout: 15_000 }).toBe(1);
    expect(sink.to(replier.email)[0]!.text).toContain("Your mail was received but not posted.");
    expect(await postsOf(threadId)).toHaveLength(1);
  });

  it("drops auto-replies and bounces silently", async () => {
    const { replier, threadId, to } = await scene();
    await deliver(port, { from: replier.email, to: [to] }, message({ From: replier.email, To: to, Subject: "Out of office", "Auto-Submitted": "auto-replied", "Message-ID": uniqueId() }, "I am away until January."));
    await deliver(port, { from: replier.email, to: [to] }, message({ From: replier.email, To: to, Subject: "Re: Draft", Precedence: "bulk", "Message-ID": uniqueId() }, "Newsletter"));
    await new Promise((r) => setTimeout(r, 500));
    expect(await postsOf(threadId)).toHaveLength(1);
    expect(sink.to(replier.email)).toHaveLength(0);
  });

  it("refuses at RCPT an altered key, an unknown coalition and another domain; and a message over the size limit", async () => {
    const { replier, to } = await scene();
    const altered = to.replace(/-([a-z2-7])([a-z2-7]{15})@/, (_m, c: string, rest: string) => `-${c === "a" ? "b" : "a"}${rest}@`);
    for (const rcpt of [altered, `no-such-coalition@${DOMAIN}`, `${to.split("@")[0]}@elsewhere.example`]) {
      await expect(deliver(port, { from: replier.email, to: [rcpt] }, message({ From: replier.email, To: rcpt, Subject: "x" }, "x"))).rejects.toThrow(/550/);
    }
    const big = message({ From: replier.email, To: to, Subject: "Re: big", "Message-ID": uniqueId() }, "x".repeat(300_000));
    await expect(deliver(port, { from: replier.email, to: [to] }, big)).rejects.toThrow(/552/);
  });
});

describe("a new thread by mail", () => {
  it("starts one for a member whose address the MTA vouched for, and ignores an unauthenticated From", async () => {
    const coalition = await createCoalition({ name: `Mail Threads ${Math.random().toString(36).slice(2, 7)}` });
    const member = await createUser({ name: "Chen Member", email: `chen-${Date.now()}@example.org` });
    await addMember(coalition.id, member.id, "member");
    const to = `${coalition.slug}@${DOMAIN}`;
    const threads = () => getDb().selectFrom("threads").select(["id", "title", "author_id"]).where("coalition_id", "=", coalition.id).execute();

    await deliver(port, { from: member.email, to: [to] }, message({ From: member.email, To: to, Subject: "Forged?", "Message-ID": uniqueId() }, "No authentication results."));
    expect(await threads()).toHaveLength(0);

    const auth = `mx.${DOMAIN}; spf=pass smtp.mailfrom=${member.email}; dkim=pass header.d=example.org; dmarc=pass header.from=example.org`;
    await deliver(port, { from: member.email, to: [to] }, message({ From: member.email, To: to, Subject: "Workshop proposal for the IGF", "Authentication-Results": auth, "Message-ID": uniqueId() }, "Shall we propose a workshop?\n\n-- \nChen"));
    const [thread] = await threads();
    expect(thread).toMatchObject({ title: "Workshop proposal for the IGF", author_id: member.id });
    expect((await postsOf(thread!.id))[0]!.body).toBe("Shall we propose a workshop?");
  });
});
