import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { parseIcs } from "../helpers/ics";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 21 for the calendar (issue 25): the forum calendar, a meeting's page, the event forms and
// the ICS feeds speak the reader's language; dates are written by Intl in that language and in
// the reader's time zone.

let server: TestServer;
let admin: TestUser, coordinator: TestUser, member: TestUser;
let coalition: Awaited<ReturnType<typeof createCoalition>>;
let meetingId: string;

const htmlTag = (body: string) => /<html[^>]*>/.exec(body)?.[0] ?? "";
const lang = (l: string) => ({ headers: { "Accept-Language": l } });

const forumEvent = {
  intent: "save",
  title: "Plenary of July",
  kind: "call_for_sessions",
  starts_at: "2027-07-05T09:00",
  ends_at: "2027-07-05T17:00",
  deadline_at: "2027-07-20T23:59",
  time_zone: "Europe/Paris",
  location: "Geneva",
  url: "",
  description: "Proposals welcome.",
};

const meeting = {
  intent: "save",
  title: "March coordination call",
  mode: "online",
  starts_at: "2027-03-04T15:00",
  ends_at: "2027-03-04T16:00",
  time_zone: "UTC",
  location: "",
  url: "https://meet.example.org/room",
  description: "",
};

beforeAll(async () => {
  server = await startTestServer();
  admin = await createUser({ isSiteAdmin: true, name: "I18n Admin" });
  coordinator = await createUser({ name: "I18n Coordinator" });
  member = await createUser({ name: "I18n Member" });
  coalition = await createCoalition({ visibility: "public", name: "Polyglot Coalition" });
  await addMember(coalition.id, coordinator.id, "coordinator");
  await addMember(coalition.id, member.id, "member");
  expect((await (await clientAs(server.url, admin)).post("/admin/calendar/new", forumEvent)).status).toBe(302);
  const res = await (await clientAs(server.url, coordinator)).post(`/coalitions/${coalition.slug}/calendar/new`, meeting);
  expect(res.status).toBe(302);
  meetingId = res.headers.get("location")!.split("/").pop()!;
});
afterAll(async () => {
  await server?.close();
});

describe("the forum calendar in another language", () => {
  it("is right-to-left in Arabic, with Arabic headings, kinds and month names", async () => {
    const anon = await clientAs(server.url, null);
    anon.cookies.set("tz", "Europe%2FParis");
    const html = await (await anon.get("/calendar", lang("ar"))).text();
    expect(htmlTag(html)).toContain('lang="ar"');
    expect(htmlTag(html)).toContain('dir="rtl"');
    expect(html).toContain("تقويم المنتدى");
    expect(html).toContain("تُعرض الأوقات بتوقيت \u2068Europe/Paris\u2069."); // the zone isolated in the right-to-left sentence
    expect(html).toContain("الدعوة إلى تقديم مقترحات الجلسات"); // the kind "Call for sessions"
    expect(html).toContain("يوليو"); // July
    expect(html).not.toContain("Jul 2027");
    expect(html).not.toContain("Forum calendar");
  });

  it("is in French, dates included", async () => {
    const anon = await clientAs(server.url, null);
    anon.cookies.set("tz", "Europe%2FParis");
    const html = await (await anon.get("/calendar", lang("fr"))).text();
    expect(htmlTag(html)).toContain('lang="fr"');
    expect(htmlTag(html)).toContain('dir="ltr"');
    expect(html).toContain("Calendrier du Forum");
    expect(html).toContain("Appel à propositions de sessions");
    expect(html).toContain("lun. 5 juil. 2027, 09:00"); // Monday 5 July, Paris time
    expect(html).toContain("S’abonner au calendrier du Forum");
    // Calendar programs fetch a feed without the reader's language: the link names it.
    expect(html).toMatch(/href="webcal:\/\/[^"]+\/calendar\.ics\?lang=fr"/);
  });

  it("hands out its feed without ?lang= in English", async () => {
    const html = await (await (await clientAs(server.url, null)).get("/calendar")).text();
    expect(html).toMatch(/href="webcal:\/\/[^"]+\/calendar\.ics"/);
  });
});

describe("a meeting's page in another language", () => {
  it("is right-to-left in Arabic, with the date in Arabic", async () => {
    const html = await (await (await clientAs(server.url, member)).get(`/coalitions/${coalition.slug}/calendar/${meetingId}`, lang("ar"))).text();
    expect(htmlTag(html)).toContain('dir="rtl"');
    expect(html).toContain("جدول الأعمال والمحضر");
    expect(html).toContain("عبر الإنترنت");
    expect(html).toContain("مارس"); // March
    expect(html).toContain("لم يحضر أي عضو."); // nobody recorded yet: the Arabic "zero" form
    expect(html).not.toContain("Agenda and minutes");
  });

  it("is in French, with the count of those present in French", async () => {
    const client = await clientAs(server.url, coordinator);
    const saved = await client.post(`/coalitions/${coalition.slug}/calendar/${meetingId}?index`, { intent: "attendance", present: [member.id] }, lang("fr"));
    expect(saved.status).toBe(200);
    const html = await (await client.get(`/coalitions/${coalition.slug}/calendar/${meetingId}`, lang("fr"))).text();
    expect(htmlTag(html)).toContain('lang="fr"');
    expect(html).toContain("Ordre du jour et compte rendu");
    expect(html).toContain("Rejoindre la réunion");
    expect(html).toContain("jeu. 4 mars 2027");
    expect(html).toContain("1 membre était présent.");
  });
});

describe("a refused event form in Russian", () => {
  it("answers with Russian messages and keeps what was typed (the forum's form)", async () => {
    const res = await (await clientAs(server.url, admin)).post("/admin/calendar/new", { ...forumEvent, title: "Сохранённое название", deadline_at: "", time_zone: "Mars/Base" }, lang("ru"));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(htmlTag(html)).toContain('lang="ru"');
    expect(html).toContain("Выберите часовой пояс из списка, например Europe/Paris.");
    expect(html).toContain("Ничего не сохранено. Исправьте отмеченные ниже поля.");
    expect(html).toContain('value="Сохранённое название"');
    expect(html).toContain('value="2027-07-05T09:00"');
    expect(html).not.toContain("Choose a time zone");
  });

  it("and for a meeting", async () => {
    const res = await (await clientAs(server.url, coordinator)).post(`/coalitions/${coalition.slug}/calendar/new`, { ...meeting, title: "Без ссылки", url: "", ends_at: "2027-03-04T14:00" }, lang("ru"));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Для онлайн-заседания нужна ссылка для подключения.");
    expect(html).toContain("Окончание не может быть раньше начала.");
    expect(html).toContain('value="Без ссылки"');
  });
});

describe("the ICS feeds in the requester's language", () => {
  it("writes the app's own words in Spanish (titles and descriptions stay as typed)", async () => {
    const text = await (await (await clientAs(server.url, null)).get("/calendar.ics", lang("es"))).text();
    expect(text).toContain("X-WR-CALNAME:Calendario del Foro");
    const event = parseIcs(text).find((e) => e.summary === forumEvent.title)!;
    expect(event.description).toContain("Convocatoria de propuestas de sesiones");
    expect(event.description).toContain("Fecha límite: 2027-07-20 21:59 UTC");
    expect(event.description).toContain("Proposals welcome.");
    expect(event.description).toMatch(/Detalles: http/);
    expect(event.description).not.toContain("Details:");

    const coalitionFeed = await (await (await clientAs(server.url, null)).get(`/coalitions/${coalition.slug}/calendar.ics`, lang("es"))).text();
    expect(coalitionFeed).toContain("X-WR-CALNAME:Polyglot Coalition: reuniones");
    const call = parseIcs(coalitionFeed).find((e) => e.summary === meeting.title)!;
    expect(call.description).toContain("Unirse en línea: https://meet.example.org/room");
    expect(call.location).toBe("En línea");
  });

  it("stays English without a language", async () => {
    const text = await (await (await clientAs(server.url, null)).get("/calendar.ics")).text();
    expect(text).toContain("X-WR-CALNAME:Forum calendar");
    expect(parseIcs(text).find((e) => e.summary === forumEvent.title)!.description).toContain("Deadline: 2027-07-20 21:59 UTC");
  });

  it("the feed named with ?lang= is in that language, whatever the calendar program asks for", async () => {
    const text = await (await (await clientAs(server.url, null)).get("/calendar.ics?lang=fr", lang("en"))).text();
    expect(text).toContain("X-WR-CALNAME:Calendrier du Forum");
  });

  it("the personal feed is in its owner's language, unless its address names another", async () => {
    await getDb().updateTable("users").set({ language: "ru" }).where("id", "=", member.id).execute();
    const made = await (await clientAs(server.url, member)).post("/settings/calendar", { intent: "feed" });
    const token = /\/calendar\/feeds\/([A-Za-z0-9_-]+)\.ics/.exec(await made.text())![1];
    const anon = await clientAs(server.url, null);
    const own = await (await anon.get(`/calendar/feeds/${token}.ics`)).text();
    expect(own).toContain("X-WR-CALNAME:Мой календарь");
    const titles = parseIcs(own).map((e) => e.summary);
    expect(titles).toContain(`[${coalition.name}] ${meeting.title}`);
    expect(parseIcs(own).find((e) => e.summary === forumEvent.title)!.description).toContain("Приём заявок на сессии");
    expect(await (await anon.get(`/calendar/feeds/${token}.ics?lang=es`)).text()).toContain("X-WR-CALNAME:Mi calendario");
  });

  it("the personal feed's refusal is in the requester's language", async () => {
    const res = await (await clientAs(server.url, null)).get("/calendar/feeds/AAAAAAAAAAAAAAAAAAAAAAAA.ics", lang("es"));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("No hay ningún feed de calendario en esta dirección.");
  });
});
