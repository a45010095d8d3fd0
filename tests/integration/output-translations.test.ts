import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { findCoalitionBySlug } from "../../db/queries/coalitions";
import { accessFor } from "../../app/models/access.server";
import { renderDoc } from "../../app/models/document-render.server";
import { loadYDoc } from "../../app/models/document-state.server";
import { outputLanguages, startTranslation, translationOf } from "../../app/models/translations.server";
import { requireVersion } from "../../app/models/versions.server";
import { inLocale } from "../../app/lib/i18n/request-locale.server";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { docJson, writeContent } from "../helpers/documents";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 21: outputs in every language. A member starts a translation of a published version (a
// co-edited document seeded with its text); publishing it ties it to that source version; a newer
// source version makes it out of date; the output page lists the languages, states the adopted one
// and lets a reader switch.

let server: TestServer;
let coalition: Awaited<ReturnType<typeof createCoalition>>;
const users: Record<"coordinator" | "member" | "observer" | "outsider" | "arabicReader", TestUser> = {} as never;

async function clientFor(user?: TestUser): Promise<TestClient> {
  const client = new TestClient(server.url);
  if (user) {
    const c = await sessionCookieFor(user.id);
    client.cookies.set(c.name, c.value);
  }
  return client;
}

async function accessOf(user: TestUser | null) {
  const row = (await findCoalitionBySlug(getDb(), coalition.slug))!;
  return accessFor(row, user ? { id: user.id, email: user.email, name: user.name, organization: null, stakeholder_group: null, region: null, language: null, isSiteAdmin: false } : null);
}

const publish = async (documentId: string, label: string) => {
  const res = await (await clientFor(users.coordinator)).post(`/coalitions/${coalition.slug}/documents/${documentId}?index`, { intent: "publish", label, confirm: "yes" });
  expect(res.status).toBe(200);
  const row = await getDb().selectFrom("document_versions").select(["id"]).where("document_id", "=", documentId).where("label", "=", label).executeTakeFirstOrThrow();
  return row.id;
};

const outputPath = (versionId: string) => `/coalitions/${coalition.slug}/outputs/${versionId}`;
const htmlTag = (body: string) => body.match(/<html[^>]*>/)?.[0] ?? "";
/** The `<li>` of one language in the page's language list. */
const languageItem = (body: string, language: string) => body.match(new RegExp(`<li[^>]*data-language="${language}"[^>]*>[\\s\\S]*?</li>`))?.[0] ?? "";

beforeAll(async () => {
  server = await startTestServer();
  coalition = await createCoalition({ visibility: "public", name: "Translation Coalition" });
  for (const role of ["coordinator", "member", "observer"] as const) {
    users[role] = await createUser({ name: `Tr ${role}` });
    await addMember(coalition.id, users[role].id, role);
  }
  users.outsider = await createUser({ name: "Tr outsider" });
  // Reads in Arabic (?lang= is remembered on the profile: a reader of their own, so others stay in English).
  users.arabicReader = await createUser({ name: "Tr reader" });
  await addMember(coalition.id, users.arabicReader.id, "member");
});
afterAll(async () => {
  await server?.close();
});

describe("starting a translation (model)", () => {
  let docId: string;
  let versionId: string;
  beforeAll(async () => {
    docId = (await createDocument(coalition.id, users.member.id, { title: "Charter" })).id;
    await writeContent(docId, docJson("Charter", "Everyone may take part.", "Decisions are taken by consensus."));
    versionId = await publish(docId, "First edition");
  });

  it("refuses observers, non-members and visitors, creating nothing", async () => {
    const version = await requireVersion(coalition.id, versionId);
    for (const who of [users.observer, users.outsider, null]) {
      const refused = await startTranslation(await accessOf(who), version, "fr");
      expect(refused).toMatchObject({ ok: false, status: 403 });
    }
    expect(await getDb().selectFrom("document_translations").selectAll().where("source_document_id", "=", docId).execute()).toEqual([]);
  });

  it("refuses an unknown language and the original's own language, with a clear message (in the reader's language too)", async () => {
    const version = await requireVersion(coalition.id, versionId);
    const access = await accessOf(users.member);
    expect(await startTranslation(access, version, "xx")).toMatchObject({ ok: false, status: 400, field: "language", message: expect.stringContaining("Choose one of these languages") });
    expect(await startTranslation(access, version, "en")).toMatchObject({ ok: false, status: 400, message: "The original of this output is already in English." });
    expect(await inLocale("ru", () => startTranslation(access, version, "xx"))).toMatchObject({ message: expect.stringContaining("Выберите один из этих языков") });
  });

  it("creates a document seeded with the version's text, titled with the language, linked to the version, audited", async () => {
    const version = await requireVersion(coalition.id, versionId);
    const started = await startTranslation(await accessOf(users.member), version, "fr");
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const doc = await getDb().selectFrom("documents").selectAll().where("id", "=", started.documentId).executeTakeFirstOrThrow();
    expect(doc.title).toBe("Charter (Français)");
    expect(doc.coalition_id).toBe(coalition.id);
    const ydoc = await loadYDoc(started.documentId);
    expect(renderDoc(ydoc).html).toBe(version.html);
    expect(renderDoc(ydoc).plainText).toBe(version.plainText);
    ydoc.destroy();
    expect(await translationOf(started.documentId)).toMatchObject({ source_document_id: docId, source_version_id: versionId, language: "fr" });
    const audit = await getDb().selectFrom("audit_events").selectAll().where("coalition_id", "=", coalition.id).where("action", "=", "translation.started").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(users.member.id);
  });

  it("refuses a second translation into the same language, saying so", async () => {
    const version = await requireVersion(coalition.id, versionId);
    const again = await startTranslation(await accessOf(users.coordinator), version, "fr");
    expect(again).toMatchObject({ ok: false, status: 409, field: "language", message: "A translation into French has already been started for this output: open it from the list of languages." });
    expect(await getDb().selectFrom("document_translations").selectAll().where("source_document_id", "=", docId).execute()).toHaveLength(1);
  });

  it("refuses to translate a translation", async () => {
    const row = await getDb().selectFrom("document_translations").selectAll().where("source_document_id", "=", docId).executeTakeFirstOrThrow();
    const translated = await publish(row.document_id, "Première édition");
    const refused = await startTranslation(await accessOf(users.member), await requireVersion(coalition.id, translated), "es");
    expect(refused).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("This is a translation") });
  });
});

describe("publishing a translation and a newer source version", () => {
  let docId: string;
  let v1: string;
  let v2: string;
  let frDoc: string;
  let frV1: string;
  let arDoc: string;
  let arV2: string;
  beforeAll(async () => {
    docId = (await createDocument(coalition.id, users.member.id, { title: "Statement on access" })).id;
    await writeContent(docId, docJson("Access", "Access is a right."));
    v1 = await publish(docId, "Draft for comment");
  });

  it("ties a published translation to the source version it translates, listed as current", async () => {
    const started = await startTranslation(await accessOf(users.member), await requireVersion(coalition.id, v1), "fr");
    if (!started.ok) throw new Error(started.message);
    frDoc = started.documentId;
    frV1 = await publish(frDoc, "Projet pour commentaires");
    const tied = await getDb().selectFrom("translation_versions").selectAll().where("version_id", "=", frV1).executeTakeFirstOrThrow();
    expect(tied).toMatchObject({ source_version_id: v1, language: "fr" });
    const seen = await outputLanguages(await requireVersion(coalition.id, v1));
    expect(seen.adopted).toBe("en");
    expect(seen.languages.map((l) => [l.language, l.status, l.versionId])).toEqual([
      ["en", "original", v1],
      ["fr", "current", frV1],
    ]);
  });

  it("marks the translation out of date once the source publishes a newer version, with the source's changes since", async () => {
    await writeContent(docId, docJson("Access", "Access is a right.", "Affordability matters."));
    v2 = await publish(docId, "Final");
    const fromNew = await outputLanguages(await requireVersion(coalition.id, v2));
    expect(fromNew.languages.find((l) => l.language === "fr")).toMatchObject({ status: "outdated", versionId: frV1, sourceNumber: 1, compare: { from: v1, to: v2 } });
    // From the old version it still reads as current: it translates exactly that one.
    expect((await outputLanguages(await requireVersion(coalition.id, v1))).languages.find((l) => l.language === "fr")?.status).toBe("current");
    // The translation's own page knows it is behind.
    const own = await outputLanguages(await requireVersion(coalition.id, frV1));
    expect(own.self).toEqual({ language: "fr", translation: true, outdated: true });
    expect(own.source).toMatchObject({ versionId: v1, latestId: v2, latestNumber: 2 });
    expect(own.languages.find((l) => l.language === "fr")).toMatchObject({ status: "outdated", here: true, compare: { from: v1, to: v2 } });
  });

  it("the outputs list marks translations, and the out-of-date one as such", async () => {
    const body = await (await clientFor(users.member)).get(`/coalitions/${coalition.slug}/outputs`).then((r) => r.text());
    const itemOf = (versionId: string) => {
      const at = body.indexOf(`href="${outputPath(versionId)}"`);
      return at < 0 ? "" : body.slice(at, body.indexOf("</li>", at));
    };
    const item = itemOf(frV1);
    expect(item).toContain("Translation: French");
    expect(item).toContain('data-testid="outdated-mark"');
    const original = itemOf(v2);
    expect(original).not.toContain("Translation:");
    expect(original).not.toContain("outdated-mark");
    // In Chinese: the list's own words, the translation's language named in Chinese.
    const zh = await new TestClient(server.url).get(`/coalitions/${coalition.slug}/outputs`, { headers: { "Accept-Language": "zh-CN" } }).then((r) => r.text());
    expect(htmlTag(zh)).toContain('lang="zh-Hans"');
    expect(zh).toContain("已发布的成果文件");
    expect(zh).toContain("译本：法文");
    expect(zh).toContain("已过时");
  });

  it("a translation of the newer version is current for it; one started and not published is a draft", async () => {
    const started = await startTranslation(await accessOf(users.member), await requireVersion(coalition.id, v2), "ar");
    if (!started.ok) throw new Error(started.message);
    arDoc = started.documentId;
    expect((await outputLanguages(await requireVersion(coalition.id, v2))).languages.find((l) => l.language === "ar")?.status).toBe("draft");
    arV2 = await publish(arDoc, "النسخة النهائية");
    const seen = await outputLanguages(await requireVersion(coalition.id, v2));
    expect(seen.languages.map((l) => [l.language, l.status])).toEqual([
      ["en", "original"],
      ["fr", "outdated"],
      ["ar", "current"],
    ]);
    expect(seen.startable).toEqual(["zh", "ru", "es"]);
    // Seen from version 1, the Arabic text translates a later one.
    expect((await outputLanguages(await requireVersion(coalition.id, v1))).languages.find((l) => l.language === "ar")).toMatchObject({ status: "later", sourceNumber: 2 });
  });

  it("the output page lists the languages in English: adopted, current, out of date with the diff link, switch links with hreflang", async () => {
    const res = await (await clientFor(users.member)).get(outputPath(v2));
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("Adopted in English.");
    const fr = languageItem(body, "fr");
    expect(fr).toContain("Out of date");
    expect(fr).toContain(`href="${outputPath(frV1)}"`);
    expect(fr).toContain('hrefLang="fr"');
    expect(fr).toContain(`/documents/${docId}/compare?from=${v1}&amp;to=${v2}`);
    expect(fr).toContain("Changes since version 1");
    const ar = languageItem(body, "ar");
    expect(ar).toContain("Up to date");
    expect(ar).toContain(`href="${outputPath(arV2)}"`);
    expect(ar).toMatch(/lang="ar"[^>]*dir="rtl"|dir="rtl"[^>]*lang="ar"/);
    expect(languageItem(body, "en")).toContain('aria-current="page"');
    expect(body).toMatch(/<link[^>]+rel="alternate"[^>]+hrefLang="fr"|<link[^>]+hrefLang="fr"[^>]+rel="alternate"/i);
  });

  it("the same page in Arabic: right to left, translated words, the translation's own page says it is out of date", async () => {
    const res = await (await clientFor(users.arabicReader)).get(`${outputPath(v2)}?lang=ar`);
    const body = await res.text();
    expect(htmlTag(body)).toContain('lang="ar"');
    expect(htmlTag(body)).toContain('dir="rtl"');
    expect(body).toContain("لغة الاعتماد: الإنكليزية.");
    expect(languageItem(body, "fr")).toContain("غير محدَّثة");
    expect(languageItem(body, "ar")).toContain("محدَّثة");
    const own = await (await clientFor(users.arabicReader)).get(`${outputPath(frV1)}?lang=ar`);
    const ownBody = await own.text();
    expect(ownBody).toContain("ترجمة غير محدَّثة");
    // The French text keeps its own language and direction inside the Arabic page.
    expect(ownBody).toMatch(/data-testid="output-content" lang="fr" dir="ltr"/);
  });

  it("a translation's HTML download marks its text with its language and direction, the app's lines with the reader's", async () => {
    const res = await (await clientFor()).get(`${outputPath(arV2)}/export.html`, { headers: { "Accept-Language": "es" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es" dir="ltr">');
    expect(html).toContain('<main lang="ar" dir="rtl">');
    expect(html).toContain("Translation Coalition — versión 1: النسخة النهائية");
  });

  it("visitors see the languages without the diff link or the start form", async () => {
    const body = await (await clientFor()).get(outputPath(v2)).then((r) => r.text());
    expect(languageItem(body, "fr")).toContain("Out of date");
    expect(body).not.toContain("/compare?");
    expect(body).not.toContain('data-testid="start-translation"');
  });

  it("updating the translation to the newer version makes its next version current", async () => {
    const res = await (await clientFor(users.member)).post(`${outputPath(v2)}?index`, { intent: "follow", language: "fr" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/coalitions/${coalition.slug}/documents/${frDoc}`);
    const frV2 = await publish(frDoc, "Version finale");
    expect((await getDb().selectFrom("translation_versions").selectAll().where("version_id", "=", frV2).executeTakeFirstOrThrow()).source_version_id).toBe(v2);
    expect((await outputLanguages(await requireVersion(coalition.id, v2))).languages.find((l) => l.language === "fr")).toMatchObject({ status: "current", versionId: frV2 });
  });
});

describe("the start-translation form", () => {
  let versionId: string;
  beforeAll(async () => {
    const docId = (await createDocument(coalition.id, users.member.id, { title: "Principles" })).id;
    await writeContent(docId, docJson("Principles", "Openness."));
    versionId = await publish(docId, "Adopted text");
  });

  it("answers an unknown language with 400, the message and the value kept, in the reader's language", async () => {
    const client = await clientFor(users.member);
    const res = await client.post(`${outputPath(versionId)}?index`, { intent: "translate", language: "xx" });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain("Choose one of these languages: English, العربية, 中文, Français, Русский or Español.");
    expect(body).toContain('<option value="xx" selected="">xx</option>');
    const fr = await (await clientFor(users.outsider)).post(`${outputPath(versionId)}?index`, { intent: "translate", language: "xx" }, { headers: { "Accept-Language": "fr" } });
    expect(fr.status).toBe(403); // not a member: refused before the language is looked at
    const frMember = await (await clientFor(users.coordinator)).post(`${outputPath(versionId)}?index`, { intent: "translate", language: "xx" }, { headers: { "Accept-Language": "fr-CH, fr;q=0.9" } });
    expect(frMember.status).toBe(400);
    const frBody = await frMember.text();
    expect(htmlTag(frBody)).toContain('lang="fr"');
    expect(frBody).toContain("Choisissez l’une de ces langues");
  });

  it("is not offered to observers, and refuses them", async () => {
    const client = await clientFor(users.observer);
    expect(await client.get(outputPath(versionId)).then((r) => r.text())).not.toContain('data-testid="start-translation"');
    expect((await client.post(`${outputPath(versionId)}?index`, { intent: "translate", language: "es" })).status).toBe(403);
  });

  it("starts the translation and opens its editor", async () => {
    const res = await (await clientFor(users.member)).post(`${outputPath(versionId)}?index`, { intent: "translate", language: "es" });
    expect(res.status).toBe(302);
    const row = await getDb().selectFrom("document_translations").selectAll().where("source_version_id", "=", versionId).executeTakeFirstOrThrow();
    expect(res.headers.get("location")).toBe(`/coalitions/${coalition.slug}/documents/${row.document_id}`);
    expect(row.language).toBe("es");
  });

  it("lets a coordinator, not a member, record the adopted language (audited)", async () => {
    expect((await (await clientFor(users.member)).post(`${outputPath(versionId)}?index`, { intent: "adopt-language", language: "fr" })).status).toBe(403);
    const res = await (await clientFor(users.coordinator)).post(`${outputPath(versionId)}?index`, { intent: "adopt-language", language: "fr" });
    expect(res.status).toBe(200);
    const body = await (await clientFor(users.member)).get(outputPath(versionId)).then((r) => r.text());
    expect(body).toContain("Adopted in French.");
    expect(languageItem(body, "fr")).toContain("Original");
    expect(await getDb().selectFrom("audit_events").selectAll().where("action", "=", "output.language_adopted").execute()).toHaveLength(1);
    // Spanish has a translation already: the original cannot be Spanish too (the choice is kept, the reason given).
    const taken = await (await clientFor(users.coordinator)).post(`${outputPath(versionId)}?index`, { intent: "adopt-language", language: "es" });
    expect(taken.status).toBe(409);
    const takenBody = await taken.text();
    expect(takenBody).toContain("This output already has a translation into Spanish");
    expect(takenBody).toMatch(/<option value="es" lang="es" selected="">|<option value="es" selected="" lang="es">/);
  });
});

describe("feeds and link previews in the reader's language", () => {
  it("writes the feed's own words in the requested language and says the answer varies with it", async () => {
    const client = new TestClient(server.url);
    const atom = await client.get(`/coalitions/${coalition.slug}/outputs.atom`, { headers: { "Accept-Language": "es" } });
    expect(atom.status).toBe(200);
    expect(atom.headers.get("vary")).toMatch(/Accept-Language/);
    const xml = await atom.text();
    expect(xml).toContain("Translation Coalition: resultados publicados");
    expect(xml).toContain("Principles, versión 1: Adopted text");
    const json = await (await client.get(`/outputs.json?lang=zh`)).json();
    expect(json.title).toBe("联盟工作区：已发布的成果文件");
    const english = await (await new TestClient(server.url).get(`/coalitions/${coalition.slug}/outputs.json`)).json();
    expect(english.title).toBe("Translation Coalition: published outputs");
  });

  it("names the site in the reader's language on an output's card", async () => {
    const version = await getDb().selectFrom("document_versions").select("id").where("coalition_id", "=", coalition.id).executeTakeFirstOrThrow();
    const body = await (await new TestClient(server.url).get(outputPath(version.id), { headers: { "Accept-Language": "fr" } })).text();
    expect(body).toMatch(/property="og:site_name" content="Espace des coalitions"/);
    expect(body).toContain("Lien permanent");
  });
});

describe("withdrawing, in the reader's language", () => {
  it("a refused reason comes back in Russian, the typed text kept", async () => {
    const docId = (await createDocument(coalition.id, users.member.id, { title: "Roadmap" })).id;
    await writeContent(docId, docJson("Roadmap", "Steps."));
    const versionId = await publish(docId, "Plan");
    const res = await (await clientFor(users.coordinator)).post(`${outputPath(versionId)}?index`, { intent: "withdraw", reason: `слишком длинно ${"x".repeat(400)}` }, { headers: { "Accept-Language": "ru" } });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(htmlTag(body)).toContain('lang="ru"');
    expect(body).toContain("Максимальное число символов: 300.");
    expect(body).toContain("слишком длинно xxxx");
    expect((await getDb().selectFrom("document_versions").select("withdrawn_at").where("id", "=", versionId).executeTakeFirstOrThrow()).withdrawn_at).toBeNull();
  });
});
