import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { docJson, writeContent } from "../helpers/documents";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 21 for documents: the list, a document page, the compare page, the publish form and the
// downloads in the reader's language (Arabic right to left, Chinese, Russian, French, Spanish),
// refused forms answered in that language with what was typed kept.

let server: TestServer;
let coalition: Awaited<ReturnType<typeof createCoalition>>;
let coordinator: TestUser;
let observer: TestUser;
let docId: string;

async function clientFor(user: TestUser, lang: string): Promise<TestClient> {
  const client = new TestClient(server.url);
  const c = await sessionCookieFor(user.id);
  client.cookies.set(c.name, c.value);
  client.cookies.set("lang", lang);
  return client;
}
const htmlTag = (body: string) => body.match(/<html[^>]*>/)?.[0] ?? "";
const digits = (n: number) => `(?:${n}|${String(n).replace(/\d/g, (d) => "٠١٢٣٤٥٦٧٨٩"[Number(d)])})`;

beforeAll(async () => {
  server = await startTestServer();
  coalition = await createCoalition({ visibility: "private", name: "Coalition on Multilingualism" });
  coordinator = await createUser({ name: "Amina Haddad" });
  observer = await createUser({ name: "Li Wei" });
  await addMember(coalition.id, coordinator.id, "coordinator");
  await addMember(coalition.id, observer.id, "observer");
  docId = (await createDocument(coalition.id, coordinator.id, { title: "ميثاق الائتلاف" })).id;
  await writeContent(docId, docJson("المبادئ", "Internet access is a right. الوصول إلى الإنترنت حق."));
  await createDocument(coalition.id, coordinator.id, { title: "Work plan" });
});
afterAll(async () => {
  await server?.close();
});

describe("the documents list in Arabic", () => {
  it("is right to left, in Arabic words, with the dual for two documents", async () => {
    const res = await (await clientFor(coordinator, "ar")).get(`/coalitions/${coalition.slug}/documents`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(htmlTag(html)).toContain('lang="ar"');
    expect(htmlTag(html)).toContain('dir="rtl"');
    expect(html).toContain("وثيقتان · الأحدث تعديلًا أولًا");
    expect(html).toContain("وثيقة جديدة");
    expect(html).toContain("إنشاء وفتح");
    expect(html).toContain(">أرشفة<");
    expect(html).toMatch(/<title>الوثائق · Coalition on Multilingualism · [^<]+<\/title>/);
    // Titles people typed keep their own direction.
    expect(html).toContain("<bdi>ميثاق الائتلاف</bdi>");
    expect(html).not.toContain("most recently edited first");
  });

  it("refuses an empty or too long title in Arabic, keeping what was typed", async () => {
    const client = await clientFor(coordinator, "ar");
    const empty = await client.post(`/coalitions/${coalition.slug}/documents?index`, { intent: "create", title: "  " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("يُرجى إدخال عنوان للوثيقة.");
    const long = "ع".repeat(201);
    const tooLong = await client.post(`/coalitions/${coalition.slug}/documents?index`, { intent: "create", title: long });
    expect(tooLong.status).toBe(400);
    const body = await tooLong.text();
    expect(htmlTag(body)).toContain('dir="rtl"');
    expect(body).toMatch(new RegExp(`استخدم ${digits(200)} حرفًا على الأكثر\\.`));
    expect(body).toContain(`value="${long}"`);
  });

  it("says an archive in Arabic", async () => {
    const doc = await createDocument(coalition.id, coordinator.id, { title: "Old notes" });
    const res = await (await clientFor(coordinator, "ar")).post(`/coalitions/${coalition.slug}/documents?index`, { intent: "archive", documentId: doc.id });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("أُرشفت الوثيقة «Old notes».");
    expect(html).toMatch(new RegExp(`المؤرشفة \\(${digits(1)}\\)`));
  });
});

describe("a document page in Chinese", () => {
  it("renders the reading view, outline, versions panel and downloads in Chinese", async () => {
    const res = await (await clientFor(coordinator, "zh")).get(`/coalitions/${coalition.slug}/documents/${docId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(htmlTag(html)).toContain('lang="zh-Hans"');
    expect(htmlTag(html)).toContain('dir="ltr"');
    for (const words of ["正在加载编辑器…", "大纲", "下载", "已发布的版本", "尚未发布任何内容。", "发布版本", "重命名", "最后编辑于"]) expect(html, words).toContain(words);
    expect(html).toMatch(/data-testid="word-count">\d+ 个词</);
    // The text as people wrote it, each paragraph in its own direction.
    expect(html).toMatch(/class="prose-content document-content" dir="auto" data-testid="document-ssr"/);
    expect(html).toContain('data-draft-label="工作草稿 — 非已发布版本"');
    expect(html).not.toContain("Published versions");
  });

  it("refuses a too long label in Chinese and keeps the note", async () => {
    const res = await (await clientFor(coordinator, "zh")).post(`/coalitions/${coalition.slug}/documents/${docId}?index`, {
      intent: "publish",
      label: "标".repeat(101),
      note: "经全体会议同意",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("最多可使用 100 个字符。");
    expect(html).toContain("经全体会议同意");
  });
});

describe("publishing, comparing and downloading in other languages", () => {
  it("asks for confirmation in French, then publishes", async () => {
    const client = await clientFor(coordinator, "fr");
    const ask = await client.post(`/coalitions/${coalition.slug}/documents/${docId}?index`, { intent: "publish", label: "Charte, 1re édition", note: "" });
    expect(ask.status).toBe(400);
    const body = await ask.text();
    expect(body).toContain("Publier la version 1\u202f?");
    expect(body).toContain("sera publié dans son état actuel comme version 1");
    expect(body).toContain("Oui, publier la version 1");
    const done = await client.post(`/coalitions/${coalition.slug}/documents/${docId}?index`, { intent: "publish", label: "Charte, 1re édition", note: "", confirm: "yes" });
    expect(done.status).toBe(200);
  });

  it("compares in Russian", async () => {
    const res = await (await clientFor(coordinator, "ru")).get(`/coalitions/${coalition.slug}/documents/${docId}/compare`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(htmlTag(html)).toContain('lang="ru"');
    for (const words of ["Сравнение версий", "Текущий проект", "Более ранняя", "Более поздняя", "В тексте нет различий.", "Версия 1: Charte, 1re édition"]) expect(html, words).toContain(words);
  });

  it("heads the downloads in the reader's language: Arabic HTML right to left, Spanish Markdown", async () => {
    const draft = await (await clientFor(observer, "ar")).get(`/coalitions/${coalition.slug}/documents/${docId}/export.html`);
    expect(draft.status).toBe(200);
    const html = await draft.text();
    expect(htmlTag(html)).toBe('<html lang="ar" dir="rtl">');
    expect(html).toContain("Coalition on Multilingualism — مسودة عمل");
    expect(html).toContain("صُدِّرت في");
    const md = await (await clientFor(observer, "es")).get(`/coalitions/${coalition.slug}/documents/${docId}/export.md`);
    const text = await md.text();
    expect(text).toContain("_Coalition on Multilingualism — borrador de trabajo_");
    expect(text).toMatch(/_Exportado el \d{1,2} de [a-z]+ de \d{4}_/);
  });

  it("writes a Word file's title block and footer in Russian, and a published version's lines in Arabic", async () => {
    const res = await (await clientFor(observer, "ru")).get(`/coalitions/${coalition.slug}/documents/${docId}/export.docx`);
    expect(res.status).toBe(200);
    const files = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(await res.arrayBuffer()))).map(([name, bytes]) => [name, strFromU8(bytes)]));
    expect(files["word/document.xml"]).toContain("Coalition on Multilingualism — рабочий проект");
    const footer = files["word/footer1.xml"];
    expect(footer).toContain("страница ");
    expect(footer).toContain(" из ");
    expect(footer).toMatch(/PAGE[\s\S]*NUMPAGES/);
    const outputs = await (await clientFor(observer, "ar")).get(`/coalitions/${coalition.slug}/documents/${docId}`);
    const versionId = (await outputs.text()).match(/\/outputs\/([a-z0-9]+)"/)?.[1];
    expect(versionId).toBeTruthy();
    const md = await (await clientFor(observer, "ar")).get(`/coalitions/${coalition.slug}/outputs/${versionId}/export.md`);
    const text = await md.text();
    expect(text).toMatch(new RegExp(`Coalition on Multilingualism — الإصدار ${digits(1)}: Charte, 1re édition`));
    expect(text).toContain("نُشر في");
    expect(text).toContain("بواسطة Amina Haddad");
  });
});
