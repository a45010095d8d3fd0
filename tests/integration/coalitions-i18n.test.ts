import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { clientAs, TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 21, the coalitions and membership pages in other languages: the directory, a coalition's
// page, its members page and the join form, in Arabic (right to left) and Russian (its plural
// forms), and a refused join form in French that keeps what was typed.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const htmlTag = (body: string) => /<html[^>]*>/.exec(body)?.[0] ?? "";
/** The page's text without tags and React's text separators. */
const textOf = (html: string) => html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

async function withMembers(count: number, over: Parameters<typeof createCoalition>[0] = {}) {
  const coalition = await createCoalition(over);
  const coordinator = await createUser({ stakeholder_group: "civil", region: "african" });
  await addMember(coalition.id, coordinator.id, "coordinator");
  for (let i = 1; i < count; i++) await addMember(coalition.id, (await createUser({ stakeholder_group: "technical" })).id, "member");
  return { coalition, coordinator };
}

async function askToJoin(coalitionId: string) {
  const user = await createUser();
  await getDb()
    .insertInto("join_requests")
    .values({ id: newId(), coalition_id: coalitionId, user_id: user.id, statement: "Я хочу участвовать.", stakeholder_group: "academic", organization: "Университет", region: null, status: "pending", decided_by: null, decided_role: null, decision_reason: null, decided_at: null, created_at: now() })
    .execute();
  return user;
}

describe("the coalitions pages in other languages", () => {
  it("shows the directory in Arabic, right to left, with member counts in Arabic plural forms", async () => {
    await withMembers(2, { name: "Arabic Two" });
    const res = await new TestClient(server.url).get("/?lang=ar");
    const html = await res.text();
    expect(htmlTag(html)).toContain('lang="ar"');
    expect(htmlTag(html)).toContain('dir="rtl"');
    expect(html).toContain("الائتلافات الديناميكية");
    expect(html).toContain("منتدى حوكمة الإنترنت");
    expect(html).toContain("أي فئة من فئات أصحاب المصلحة");
    expect(html).toContain("<title>دليل الائتلافات · مساحة عمل الائتلافات</title>");
    // Two members: the dual, not "2 members".
    expect(textOf(html)).toContain("عضوان");
    expect(html).not.toContain("Dynamic coalitions");
  });

  it("counts members in Russian: 1 участник, 2 участника, 5 участников", async () => {
    await withMembers(1, { name: "Russian One" });
    await withMembers(2, { name: "Russian Two" });
    await withMembers(5, { name: "Russian Five" });
    const html = await (await new TestClient(server.url).get("/", { headers: { "Accept-Language": "ru-RU,ru;q=0.9" } })).text();
    expect(htmlTag(html)).toContain('lang="ru"');
    expect(htmlTag(html)).toContain('dir="ltr"');
    expect(html).toContain("Динамические коалиции");
    const text = textOf(html);
    expect(text).toMatch(/ 1 участник /);
    expect(text).toMatch(/ 2 участника /);
    expect(text).toMatch(/ 5 участников /);
    expect(text).toContain("Группы заинтересованных сторон:");
  });

  it("shows a coalition's page in Arabic: tabs, the reader's role, joining, the stakeholder balance", async () => {
    const { coalition, coordinator } = await withMembers(3, { join_policy: "approval", name: "Arabic Page" });
    const client = await clientAs(server.url, coordinator.id);
    const html = await (await client.get(`/coalitions/${coalition.slug}?lang=ar`)).text();
    expect(htmlTag(html)).toContain('dir="rtl"');
    for (const word of ["نظرة عامة", "الأعضاء", "الوثائق", "النقاشات", "الإعدادات", "دورك: منسق", "التوازن بين أصحاب المصلحة", "يقدّم الأشخاص طلبات الانضمام، ويوافق عليها المنسقون.", "المجتمع المدني", "النشاط الأخير"]) {
      expect(html, word).toContain(word);
    }
    expect(html).not.toContain(">Overview<");
    // React 18's stream once padded its chunks with NUL bytes inside multi-byte words (see entry.server.tsx).
    expect(html).not.toContain("\u0000");
  });

  it("shows the members page in Russian: table, roles, requests with their plural, the audit log", async () => {
    const { coalition, coordinator } = await withMembers(2, { join_policy: "approval", name: "Russian Members" });
    const client = await clientAs(server.url, coordinator.id);
    await client.get("/?lang=ru"); // the choice is remembered (cookie and profile)
    const path = `/coalitions/${coalition.slug}/members`;
    await askToJoin(coalition.id);
    await askToJoin(coalition.id);
    const member = await getDb().selectFrom("memberships").select("id").where("coalition_id", "=", coalition.id).where("role", "=", "member").executeTakeFirstOrThrow();
    expect((await client.post(path, { intent: "change-role", membershipId: member.id, role: "observer" })).status).toBe(302);

    const html = await (await client.get(path)).text();
    expect(htmlTag(html)).toContain('lang="ru"');
    const text = textOf(html);
    for (const word of ["Участники коалиции", "Организация", "Группа заинтересованных сторон", "Координатор", "Наблюдатель", "Заявки на вступление", "Одобрить", "Отклонить", "Пригласить участника", "Журнал аудита", "1 координатор"]) {
      expect(text, word).toContain(word);
    }
    // The badge on the Members tab, heard by screen readers, in Russian's "few" form.
    expect(text).toContain("2 заявки ожидают решения");
    // The audit log's sentence, with the roles in Russian.
    expect(text).toMatch(/изменил\(а\) роль .+: участник → наблюдатель/);
  });

  it("shows the join form in Arabic with translated groups and regions", async () => {
    const coalition = await createCoalition({ join_policy: "approval", name: "Arabic Join" });
    const user = await createUser();
    const client = await clientAs(server.url, user.id);
    client.cookies.set("lang", "ar"); // the switcher's choice on this device
    const html = await (await client.get(`/coalitions/${coalition.slug}/join`)).text();
    expect(htmlTag(html)).toContain('dir="rtl"');
    for (const word of ["لماذا ترغب في الانضمام؟", "فئة أصحاب المصلحة", "المجتمع المدني", "المجموعة الأفريقية", "إرسال الطلب", "ملفك الشخصي"]) {
      expect(html, word).toContain(word);
    }
  });

  it("refuses a join request without a statement in French, keeping what was typed", async () => {
    const coalition = await createCoalition({ join_policy: "approval", name: "French Join" });
    const client = await clientAs(server.url, (await createUser()).id);
    const res = await client.post(
      `/coalitions/${coalition.slug}/join`,
      { intent: "request", statement: "  ", stakeholder_group: "civil", organization: "Association du numérique", region: "weog" },
      { headers: { "Accept-Language": "fr-FR,fr;q=0.9" } },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(htmlTag(html)).toContain('lang="fr"');
    expect(html).toContain("Veuillez corriger les champs signalés ci-dessous.");
    expect(html).toContain("Expliquez en quelques mots pourquoi vous souhaitez adhérer.");
    expect(html).toContain('value="Association du numérique"');
    expect(html).toMatch(/<option value="civil" selected="">Société civile<\/option>/);
    expect(html).toMatch(/<option value="weog" selected="">/);
    expect(html).toContain("Envoyer la demande");
  });

  it("answers a refused membership change in the reader's language (Spanish)", async () => {
    const { coalition, coordinator } = await withMembers(1, { name: "Spanish Last" });
    const client = await clientAs(server.url, coordinator.id);
    const res = await client.post(`/coalitions/${coalition.slug}/join`, { intent: "leave" }, { headers: { "Accept-Language": "es" } });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Una coalición siempre necesita un coordinador");
  });
});
