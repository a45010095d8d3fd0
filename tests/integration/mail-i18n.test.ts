import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { clientAs, TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { startThread } from "../helpers/threads";

// Issue 21: every mail is written in its recipient's language (users.language ?? "en"; an
// invitation to an address without an account: the inviter's), whatever the language of the
// request that caused it; the HTML part says which (lang) and which way it reads (dir).

let sink: SmtpSink;
let server: TestServer;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, MAIL_FROM: "Workspace <no-reply@example.org>", JOBS_POLL_INTERVAL_MS: "50" });
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

async function speaking(language: string, name?: string): Promise<TestUser> {
  const user = await createUser(name ? { name } : {});
  await getDb().updateTable("users").set({ language }).where("id", "=", user.id).execute();
  return user;
}

async function onlyMailTo(email: string): Promise<ParsedMail> {
  await expect.poll(() => sink.to(email).length, { timeout: 20_000 }).toBe(1);
  return sink.to(email)[0];
}

const htmlRoot = (mail: ParsedMail) => /<html[^>]*>/.exec(String(mail.html))?.[0] ?? "";

describe("password reset mail", () => {
  it("is in Chinese for a person whose language is Chinese, whatever the request's", async () => {
    const user = await speaking("zh", "王小明");
    const res = await new TestClient(server.url).post("/forgot-password", { email: user.email }, { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(200);
    const mail = await onlyMailTo(user.email);
    expect(mail.subject).toBe("为联盟工作区设置新密码");
    expect(mail.text).toContain("王小明，您好：");
    expect(mail.text).toMatch(/设置新密码：http:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}/);
    expect(mail.text).toContain("您收到此邮件，是因为有人在联盟工作区为此地址申请了密码重置。");
    expect(htmlRoot(mail)).toBe('<html lang="zh-Hans" dir="ltr">');
    expect(String(mail.html)).toContain("联盟工作区");
    expect(mail.text).not.toContain("Hello");
  });

  it("is right-to-left in Arabic", async () => {
    const user = await speaking("ar", "Layla");
    await new TestClient(server.url).post("/forgot-password", { email: user.email });
    const mail = await onlyMailTo(user.email);
    expect(mail.subject).toBe("اختر كلمة مرور جديدة لمساحة عمل الائتلافات");
    expect(htmlRoot(mail)).toBe('<html lang="ar" dir="rtl">');
    expect(String(mail.html)).toContain('<body dir="rtl"');
    expect(mail.text).toContain("مرحبًا Layla،");
  });

  it("is in the language the reset was asked in for a person without one", async () => {
    const user = await createUser({ name: "Plain Person" });
    await new TestClient(server.url).post("/forgot-password", { email: user.email }, { headers: { "Accept-Language": "fr" } });
    const mail = await onlyMailTo(user.email);
    expect(mail.subject).toBe("Choisissez un nouveau mot de passe pour l’Espace des coalitions");
    expect(htmlRoot(mail)).toBe('<html lang="fr" dir="ltr">');
  });
});

describe("invitation mail", () => {
  let coalition: Awaited<ReturnType<typeof createCoalition>>;
  let coordinator: TestUser;
  beforeAll(async () => {
    coalition = await createCoalition({ name: "Babel Coalition" });
    coordinator = await createUser({ name: "Ines Viter" });
    await addMember(coalition.id, coordinator.id, "coordinator");
  });

  it("is in Chinese for an account whose language is Chinese, though the coordinator works in English", async () => {
    const invitee = await speaking("zh", "李华");
    const res = await (await clientAs(server.url, coordinator.id)).post(`/coalitions/${coalition.slug}/members`, { intent: "invite", email: invitee.email, role: "member" });
    expect(res.status).toBe(200);
    const mail = await onlyMailTo(invitee.email);
    expect(mail.subject).toBe("加入“Babel Coalition”联盟的邀请");
    expect(mail.text).toContain("李华，您好：");
    expect(mail.text).toContain("Ines Viter 邀请您以成员身份加入动态联盟“Babel Coalition”。");
    expect(mail.text).toMatch(/接受邀请：http:\/\/\S+\/invitations\/[A-Za-z0-9_-]{43}/);
    expect(mail.text).toMatch(/有效期至 20\d\d年\d{1,2}月\d{1,2}日/);
    expect(htmlRoot(mail)).toBe('<html lang="zh-Hans" dir="ltr">');
  });

  it("to an address without an account, is in the language the coordinator works in", async () => {
    const email = `sans-compte-${Date.now()}@example.org`;
    const res = await (await clientAs(server.url, coordinator.id)).post(`/coalitions/${coalition.slug}/members`, { intent: "invite", email, role: "observer" }, { headers: { "Accept-Language": "fr" } });
    expect(res.status).toBe(200);
    const mail = await onlyMailTo(email);
    expect(mail.subject).toBe("Invitation à rejoindre la coalition Babel Coalition");
    expect(mail.text).toContain("Bonjour,");
    expect(mail.text).toContain("Ines Viter vous invite à rejoindre la coalition dynamique Babel Coalition (rôle\u202f: observateur");
    expect(mail.text).toMatch(/Accepter l’invitation\u202f: http:\/\/\S+\/invitations\//);
    expect(htmlRoot(mail)).toBe('<html lang="fr" dir="ltr">');
  });
});

describe("coalition news", () => {
  it("a new thread is mailed to each member in their own language", async () => {
    const coalition = await createCoalition({ name: "Mixed Tongues", visibility: "public" });
    const author = await createUser({ name: "Thread Author" });
    const russian = await speaking("ru", "Ivan");
    const arabic = await speaking("ar", "Amal");
    const english = await createUser({ name: "Eve" });
    const at = new Date().toISOString();
    const prefs = getDb().withTables<{ mail_preferences: { user_id: string; coalition_id: string; delivery: string; digest_day: number; updated_at: string } }>();
    for (const u of [author, russian, arabic, english]) {
      await addMember(coalition.id, u.id, "member");
      await prefs.insertInto("mail_preferences").values({ user_id: u.id, coalition_id: coalition.id, delivery: "immediate", digest_day: 1, updated_at: at }).execute();
    }
    await startThread(await clientAs(server.url, author.id), coalition.slug, "Budget 2027", "Numbers inside.");

    const ru = await onlyMailTo(russian.email);
    expect(ru.subject).toBe("[Mixed Tongues] Новое обсуждение, открытое пользователем Thread Author: «Budget 2027»");
    expect(ru.text).toContain("Здравствуйте, Ivan!");
    expect(ru.text).toContain("Прочитать обсуждение: http");
    expect(ru.text).toContain("Вы получили это письмо, потому что просили сразу сообщать вам о новых обсуждениях и итоговых документах коалиции «Mixed Tongues».");
    expect(ru.text).toContain("Отписаться от этих писем: http");
    expect(htmlRoot(ru)).toBe('<html lang="ru" dir="ltr">');

    const ar = await onlyMailTo(arabic.email);
    expect(ar.subject).toBe("[Mixed Tongues] بدأ Thread Author نقاشًا: «Budget 2027»");
    expect(htmlRoot(ar)).toBe('<html lang="ar" dir="rtl">');

    const en = await onlyMailTo(english.email);
    expect(en.subject).toBe("[Mixed Tongues] Thread Author started a thread: “Budget 2027”");
    expect(en.text).toContain("Hello Eve,");
    expect(htmlRoot(en)).toBe('<html lang="en" dir="ltr">');
  });
});
