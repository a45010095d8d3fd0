import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../../app/lib/i18n/catalogues.server";
import { format } from "../../app/lib/i18n/messages";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { clientAs, insertPosts, postIn, startThread } from "../helpers/threads";

// Issue 21 for threads, posts, search and notifications: the pages speak the reader's language
// (Arabic right to left, Spanish, French for a refused form that keeps what was typed), plurals
// take each language's forms, and a notification is shown, and mailed, in its reader's language
// whatever the language of the person whose action caused it.

let sink: SmtpSink;
let server: TestServer;
let coordinator: TestUser, member: TestUser, reader: TestUser;
let pub: { id: string; slug: string };
let threadId: string;
const tag = Date.now().toString(36);

const htmlTag = (body: string) => /<html[^>]*>/.exec(body)?.[0] ?? "";
/** A number as the language writes it (Arabic digits, a narrow no-break space in French…). */
const num = (locale: string, n: number) => new Intl.NumberFormat(locale).format(n);

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, MAIL_FROM: "Workspace <no-reply@example.org>", MAIL_DOMAIN: "lists.example.org", JOBS_POLL_INTERVAL_MS: "50" });
  coordinator = await createUser({ name: "Cleo Coordinator", email: `cleo.i18n.${tag}@example.org` });
  member = await createUser({ name: "Mateo Miembro", email: `mateo.i18n.${tag}@example.org` });
  reader = await createUser({ name: "Irina Petrova", email: `irina.i18n.${tag}@example.org` });
  await getDb().updateTable("users").set({ language: "ru" }).where("id", "=", reader.id).execute();
  pub = await createCoalition({ name: `Coalition multilingue ${tag}`, visibility: "public" });
  await addMember(pub.id, coordinator.id, "coordinator");
  await addMember(pub.id, member.id, "member");
  await addMember(pub.id, reader.id, "member");
  threadId = await startThread(await clientAs(server.url, coordinator.id), pub.slug, "حوكمة الإنترنت and open standards", "First post, **bold**.");
  await startThread(await clientAs(server.url, member.id), pub.slug, "Second thread", "Another first post.");
  expect((await postIn(await clientAs(server.url, member.id), pub.slug, threadId, { body: "A reply in English." })).status).toBe(302);
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

const listUrl = () => `/coalitions/${pub.slug}/threads`;
const threadUrl = (id: string) => `/coalitions/${pub.slug}/threads/${id}`;

describe("the thread list and a thread in another language", () => {
  it("reads right to left in Arabic, with Arabic plurals and the typed titles in dir=auto", async () => {
    const list = await (await new TestClient(server.url).get(`${listUrl()}?lang=ar`)).text();
    expect(htmlTag(list)).toContain('lang="ar"');
    expect(htmlTag(list)).toContain('dir="rtl"');
    expect(list).toContain("النقاشات");
    // Two threads: Arabic's dual form.
    expect(list).toContain("نقاشان · المثبّتة أولًا، ثم حسب آخر نشاط");
    expect(list).toMatch(/dir="auto"[^>]*>حوكمة الإنترنت and open standards</);
    expect(list).not.toContain("Discussion threads");

    const page = await (await new TestClient(server.url).get(`${threadUrl(threadId)}?lang=ar`)).text();
    expect(htmlTag(page)).toContain('dir="rtl"');
    expect(page).toContain("→ كل النقاشات");
    expect(page).toContain("مشاركتان"); // two posts
    expect(page).toContain("تصدير بصيغة Markdown");
    expect(page).toMatch(/<h2[^>]*data-testid="thread-title"[^>]*dir="auto"/);
    // Post bodies follow their own text's direction.
    expect(page).toMatch(/<div dir="auto" class="prose-content/);
  });

  it("speaks Spanish from Accept-Language, the composer included", async () => {
    const client = await clientAs(server.url, member.id);
    const list = await (await client.get(listUrl(), { headers: { "Accept-Language": "es-MX,es;q=0.9" } })).text();
    expect(htmlTag(list)).toContain('lang="es"');
    expect(htmlTag(list)).toContain('dir="ltr"');
    expect(list).toContain("Conversaciones");
    expect(list).toContain("2 conversaciones · primero las fijadas, luego por actividad más reciente");
    expect(list).toContain("Iniciar una conversación");
    expect(list).toContain("Solo para miembros: miembros, coordinadores/as y observadores/as");

    const page = await (await client.get(threadUrl(threadId), { headers: { "Accept-Language": "es" } })).text();
    expect(page).toContain("2 mensajes");
    expect(page).toContain("Añadir un mensaje");
    expect(page).toContain("Vista previa");
    expect(page).toMatch(/<textarea[^>]*dir="auto"/);
    expect(page).not.toContain("Add a post");
  });
});

describe("a refused reply in French", () => {
  it("comes back in French (400) with what was typed", async () => {
    const client = await clientAs(server.url, member.id);
    client.cookies.set("lang", "fr");
    const empty = await postIn(client, pub.slug, threadId, { body: "  \n  " });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(htmlTag(emptyHtml)).toContain('lang="fr"');
    expect(emptyHtml).toContain("Écrivez quelque chose avant de publier.");
    expect(emptyHtml).not.toContain("Write something before posting.");

    const typed = `GARDER-${tag} ${"x".repeat(50_001)}`;
    const tooLong = await postIn(client, pub.slug, threadId, { body: typed });
    expect(tooLong.status).toBe(400);
    const html = await tooLong.text();
    expect(html).toContain(`Les messages sont limités à ${num("fr", 50_000)} caractères.`);
    expect(html).toContain(`GARDER-${tag} xxxx`);
    expect(html).toContain("Ajouter un message");
  });
});

describe("plurals", () => {
  it("give Arabic and Russian every form for posts and replies", () => {
    const posts = (locale: "ar" | "ru", n: number) => format(locale, "threads.postCount", { count: n });
    expect(posts("ar", 1)).toBe("مشاركة واحدة");
    expect(posts("ar", 2)).toBe("مشاركتان");
    expect(posts("ar", 3)).toBe(`${num("ar", 3)} مشاركات`);
    expect(posts("ar", 11)).toBe(`${num("ar", 11)} مشاركة`);
    expect(posts("ar", 100)).toBe(`${num("ar", 100)} مشاركة`);
    expect(posts("ru", 1)).toBe("1 сообщение");
    expect(posts("ru", 3)).toBe("3 сообщения");
    expect(posts("ru", 5)).toBe("5 сообщений");
    expect(posts("ru", 21)).toBe("21 сообщение");
    expect(format("ru", "threads.page.pending", { count: 2 })).toBe("2 новых сообщения с тех пор, как вы открыли эту страницу.");
    expect(format("ar", "threads.page.pending", { count: 2 })).toBe("مشاركتان جديدتان منذ فتحت هذه الصفحة.");
  });

  it("show on a thread's page in Russian and Arabic", async () => {
    const id = await startThread(await clientAs(server.url, coordinator.id), pub.slug, "Длинное обсуждение", "Первое сообщение.");
    await insertPosts(id, member.id, 4); // 5 posts
    const ru = await (await new TestClient(server.url).get(`${threadUrl(id)}?lang=ru`)).text();
    expect(ru).toContain("5 сообщений");
    const ar = await (await new TestClient(server.url).get(`${threadUrl(id)}?lang=ar`)).text();
    expect(ar).toContain(`${num("ar", 5)} مشاركات`);
  });
});

describe("a notification in its reader's language", () => {
  it("is stored with its message and English text, and shown in Russian in the bell, on /notifications and in the mail", async () => {
    const rid = await startThread(await clientAs(server.url, reader.id), pub.slug, "Бюджет 2027", "Моё первое сообщение.");
    const first = await getDb().selectFrom("posts").select("id").where("thread_id", "=", rid).where("number", "=", 1).executeTakeFirstOrThrow();
    // The replier reads the site in French: the notification is still Russian for its reader.
    const replier = await clientAs(server.url, member.id);
    replier.cookies.set("lang", "fr");
    expect((await postIn(replier, pub.slug, rid, { body: "Une réponse.", reply_to: first.id })).status).toBe(302);

    const row = await getDb().selectFrom("notifications").selectAll().where("user_id", "=", reader.id).where("kind", "=", "reply").executeTakeFirstOrThrow();
    expect(row.message_id).toBe("notifications.message.reply");
    expect(JSON.parse(row.message_values ?? "{}")).toEqual({ name: "Mateo Miembro", title: "Бюджет 2027" });
    expect(row.text).toBe("Mateo Miembro replied to your post in “Бюджет 2027”");

    const russian = "Mateo Miembro ответил(а) на ваше сообщение в обсуждении «Бюджет 2027»";
    const client = await clientAs(server.url, reader.id); // no cookie: the profile's language decides
    const home = await (await client.get("/")).text();
    expect(htmlTag(home)).toContain('lang="ru"');
    expect(home).toContain(russian);
    expect(home).toMatch(/aria-label="Уведомления, 1 непрочитанное"/);
    const page = await (await client.get("/notifications")).text();
    expect(page).toContain(russian);
    expect(page).toContain("Ответ");
    expect(page).toContain("1 непрочитанное.");
    expect(page).not.toContain("replied to your post");

    // The same row read in English (this device's cookie; ?lang= would change the profile) is English.
    const inEnglish = await clientAs(server.url, reader.id);
    inEnglish.cookies.set("lang", "en");
    const english = await (await inEnglish.get("/notifications")).text();
    expect(english).toContain("Mateo Miembro replied to your post in “Бюджет 2027”");

    await expect.poll(() => sink.to(reader.email).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const mail = sink.to(reader.email).find((m) => String(m.subject).includes("Бюджет 2027"))!;
    expect(mail.subject).toContain(russian);
    expect(mail.text).toContain(russian);
    expect(mail.text).toContain("Прочитать ответ");
    expect(mail.text).toContain("Вы получили это письмо, потому что на ваше сообщение ответили");
    expect(String(mail.html)).toContain("Прочитать ответ");
  });

  it("shows a row from before messages were stored with its English text", async () => {
    await getDb()
      .insertInto("notifications")
      .values({ user_id: reader.id, kind: "membership", text: `Legacy line ${tag}`, message_id: null, message_values: null, link: "/notifications", read_at: null, created_at: new Date().toISOString() })
      .execute();
    const page = await (await (await clientAs(server.url, reader.id)).get("/notifications")).text();
    expect(page).toContain(`Legacy line ${tag}`);
    expect(page).toContain("Участие");
  });

  it("says membership decisions in the reader's language, roles included", () => {
    const values = { coalition: "Coalition X", role: "observer" };
    expect(format("ru", "notifications.message.joinApproved", values)).toBe("Ваша заявка на вступление в коалицию Coalition X одобрена: теперь вы наблюдатель.");
    expect(format("en", "notifications.message.joinApproved", values)).toBe("Your request to join Coalition X was approved: you are now an observer.");
    expect(format("en", "notifications.message.joinApproved", { ...values, role: "member" })).toBe("Your request to join Coalition X was approved: you are now a member.");
    expect(format("ar", "notifications.message.roleChanged", { coalition: "X", role: "coordinator" })).toBe("أصبح دورك في X الآن: منسق.");
  });
});

describe("search in another language", () => {
  it("renders the form, the empty state and a refused filter in Chinese", async () => {
    const res = await new TestClient(server.url).get("/search?lang=zh&from=2026-13-45");
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(htmlTag(html)).toContain('lang="zh-Hans"');
    expect(html).toContain("请按 YYYY-MM-DD 格式输入开始日期。");
    expect(html).toContain("所有联盟");
    const empty = await (await new TestClient(server.url).get("/search?lang=zh")).text();
    expect(empty).toContain("您要查找什么？");
  });
});
