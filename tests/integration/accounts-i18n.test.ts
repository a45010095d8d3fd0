import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserByEmail, findUserById } from "../../db/queries/users";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { clientAs, TestClient } from "../helpers/http";
import { getDb, startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

// Issue 21, the accounts area: log-in, sign-up, the profile (with its language field) and the
// password reset mail speak the reader's language; refused forms answer in it with the typed values kept.

const htmlTag = (body: string) => /<html[^>]*>/.exec(body)?.[0] ?? "";
const title = (body: string) => /<title>([^<]*)<\/title>/.exec(body)?.[1];
const fieldError = (html: string, name: string) => new RegExp(`id="field-${name}-error"[^>]*>([^<]*)<`).exec(html)?.[1];
const label = (html: string, name: string) => new RegExp(`<label[^>]*for="field-${name}"[^>]*>([\\s\\S]*?)</label>`).exec(html)?.[1].replace(/<[^>]+>/g, "").trim();
const selected = (html: string, name: string) =>
  new RegExp(`<select[^>]*name="${name}"[\\s\\S]*?</select>`).exec(html)?.[0].match(/<option[^>]*value="([^"]*)"[^>]*selected/)?.[1];

let server: TestServer;
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, JOBS_POLL_INTERVAL_MS: "50" });
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

describe("the accounts pages in another language", () => {
  it("renders /login and /signup in Arabic, right to left", async () => {
    const client = new TestClient(server.url);
    const login = await (await client.get("/login?lang=ar")).text();
    expect(htmlTag(login)).toContain('lang="ar"');
    expect(htmlTag(login)).toContain('dir="rtl"');
    expect(title(login)).toBe("تسجيل الدخول · مساحة عمل الائتلافات");
    expect(label(login, "email")).toBe("البريد الإلكتروني");
    expect(label(login, "password")).toBe("كلمة المرور");
    expect(login).toContain("هل نسيت كلمة المرور؟");
    expect(login).toContain("أنشئ حسابًا</a>");

    const signup = await (await client.get("/signup")).text(); // the cookie remembers Arabic
    expect(htmlTag(signup)).toContain('dir="rtl"');
    expect(signup).toContain("أنشئ حسابك");
    expect(label(signup, "name")).toBe("الاسم");
    expect(signup).toContain("من 8 إلى 256 حرفًا. لا تُقبل كلمات المرور الشائعة.");
  });

  it("renders /login and /signup in French", async () => {
    const headers = { "Accept-Language": "fr-FR,fr;q=0.9" };
    const login = await (await new TestClient(server.url).get("/login", { headers })).text();
    expect(htmlTag(login)).toContain('lang="fr"');
    expect(htmlTag(login)).toContain('dir="ltr"');
    expect(label(login, "email")).toBe("Adresse électronique");
    expect(login).toContain("Mot de passe oublié\u202f?");
    const signup = await (await new TestClient(server.url).get("/signup", { headers })).text();
    expect(signup).toContain("Créer votre compte");
    expect(label(signup, "handle")).toBe("Identifiant");
    expect(signup).toContain("Vous avez déjà un compte\u202f? <a");
  });

  it("answers a refused log-in in the reader's language", async () => {
    const res = await new TestClient(server.url).post("/login", { email: "nobody@example.org", password: "wrong password" }, { headers: { "Accept-Language": "ru" } });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Этот адрес электронной почты и пароль не соответствуют ни одной учётной записи.");
    expect(html).toContain('value="nobody@example.org"');
  });

  it("refuses an invalid sign-up in Spanish, keeping the typed name and email", async () => {
    const res = await new TestClient(server.url).post(
      "/signup",
      { name: "   ", email: "José <no-es-correo>", password: "corta", handle: "" },
      { headers: { "Accept-Language": "es-ES,es;q=0.9" } },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(htmlTag(html)).toContain('lang="es"');
    expect(html).toContain("Corrija los campos señalados a continuación.");
    expect(fieldError(html, "name")).toBe("Escriba su nombre.");
    expect(fieldError(html, "email")).toBe("Escriba una dirección de correo electrónico válida, por ejemplo nombre@example.org.");
    expect(fieldError(html, "password")).toBe("Utilice al menos 8 caracteres.");
    // The typed email comes back (escaped); the password never does.
    expect(html).toContain('value="José &lt;no-es-correo&gt;"');
    expect(html).not.toContain("corta");

    const named = await new TestClient(server.url).post(
      "/signup",
      { name: "Lucía Fernández", email: "lucia@", password: "una frase de paso larga", handle: "admin" },
      { headers: { "Accept-Language": "es" } },
    );
    const again = await named.text();
    expect(again).toContain('value="Lucía Fernández"');
    expect(again).toContain('value="lucia@"');
    expect(fieldError(again, "handle")).toBe("«admin» está reservado. Elija otro identificador.");
  });

  it("stores the language a person signs up in", async () => {
    const email = `firmante-${Date.now()}@example.org`;
    const res = await new TestClient(server.url).post("/signup", { name: "Inés Ruiz", email, password: "una frase de paso larga 7" }, { headers: { "Accept-Language": "es" } });
    expect(res.status).toBe(302);
    expect((await findUserByEmail(getDb(), email))?.language).toBe("es");
  });

  it("renders /settings/profile in Arabic and French, with the language field naming each language in itself", async () => {
    const user = await createUser({ name: "Amina Haddad" });
    const client = await clientAs(server.url, user);
    const ar = await (await client.get("/settings/profile?lang=ar")).text();
    expect(htmlTag(ar)).toContain('dir="rtl"');
    expect(ar).toContain("ملفك الشخصي");
    expect(label(ar, "organization")).toBe("المنظمة");
    expect(label(ar, "language")).toBe("اللغة");
    expect(ar).toContain('<option value="">استخدام لغة المتصفح</option>');
    // Each language named in itself, marked as written in it (a screen reader then says it right).
    for (const [tag, dir, name] of [["en", "ltr", "English"], ["ar", "rtl", "العربية"], ["zh-Hans", "ltr", "中文"], ["fr", "ltr", "Français"], ["ru", "ltr", "Русский"], ["es", "ltr", "Español"]]) {
      expect(ar).toMatch(new RegExp(`<option value="[a-z]+" lang="${tag}" dir="${dir}"( selected="")?>${name}</option>`));
    }
    // ?lang= saved the choice on the profile.
    expect(selected(ar, "language")).toBe("ar");

    const fr = await (await client.get("/settings/profile?lang=fr")).text();
    expect(htmlTag(fr)).toContain('lang="fr"');
    expect(fr).toContain("Votre profil");
    expect(label(fr, "stakeholder_group")).toBe("Groupe de parties prenantes");
    expect(fr).toContain("Modifier le mot de passe");
    expect(fr).toContain(`data-testid="profile-handle" dir="ltr">@${user.handle}<`);
  });

  it("saves the language chosen on the profile and shows the page in it at once; an unknown one is refused", async () => {
    const user = await createUser({ name: "Chen Jing" });
    const client = await clientAs(server.url, user);
    const base = { intent: "profile", name: "Chen Jing", handle: user.handle, organization: "", stakeholder_group: "", region: "" };

    const bad = await client.post("/settings/profile", { ...base, name: "Chen Jing (edited)", language: "tlh" }, { headers: { "Accept-Language": "ru" } });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(fieldError(badHtml, "language")).toBe("Выберите один из языков в списке.");
    expect(badHtml).toContain('value="Chen Jing (edited)"');
    expect((await findUserById(getDb(), user.id))).toMatchObject({ name: "Chen Jing", language: null });

    const ok = await client.post("/settings/profile", { ...base, language: "zh" }, { headers: { "Accept-Language": "en" } });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("set-cookie")).toMatch(/^lang=zh; Path=\/;/);
    expect((await findUserById(getDb(), user.id))?.language).toBe("zh");
    const after = await (await client.get(ok.headers.get("location")!, { headers: { "Accept-Language": "en" } })).text();
    expect(htmlTag(after)).toContain('lang="zh-Hans"');
    expect(after).toContain("您的个人资料已保存。");
    expect(selected(after, "language")).toBe("zh");

    // "Use my browser's language": the profile forgets it, the cookie goes, Accept-Language decides.
    const browser = await client.post("/settings/profile", { ...base, language: "" });
    expect(browser.status).toBe(302);
    expect(browser.headers.get("set-cookie")).toMatch(/^lang=; Path=\/; Max-Age=0/);
    expect((await findUserById(getDb(), user.id))?.language).toBeNull();
    const es = await (await client.get("/settings/profile", { headers: { "Accept-Language": "es" } })).text();
    expect(htmlTag(es)).toContain('lang="es"');
    expect(selected(es, "language")).toBe("");

    // A form without the field (from before it) leaves the language alone.
    await getDb().updateTable("users").set({ language: "ru" }).where("id", "=", user.id).execute();
    expect((await client.post("/settings/profile", base)).status).toBe(302);
    expect((await findUserById(getDb(), user.id))?.language).toBe("ru");
  });

  it("mails the password reset link in the account's language", async () => {
    const user = await createUser({ name: "Olga Ivanova" });
    await getDb().updateTable("users").set({ language: "ru" }).where("id", "=", user.id).execute();
    const res = await new TestClient(server.url).post("/forgot-password", { email: user.email }, { headers: { "Accept-Language": "fr" } });
    expect(res.status).toBe(200);
    // The page answers in the reader's language…
    expect(await res.text()).toContain("Si un compte utilise cette adresse");
    // …the mail in the account's.
    await expect.poll(() => sink.to(user.email).length, { timeout: 20_000 }).toBe(1);
    const mail = sink.to(user.email)[0];
    expect(mail.subject).toBe("Выберите новый пароль для Рабочего пространства коалиций");
    expect(mail.text).toContain("Ссылка ниже действует один раз в течение часа.");
  });

  it("shows an invitation in Spanish to a visitor and in Russian to someone signed in with another address", async () => {
    const coalition = await createCoalition({ visibility: "private", join_policy: "invitation", name: "Coalición de Prueba" });
    const coord = await createUser({ name: "Rosa Díaz" });
    await addMember(coalition.id, coord.id, "coordinator");
    const members = await clientAs(server.url, coord);
    const made = await (await members.post(`/coalitions/${coalition.slug}/members`, { intent: "invite", email: "invitada@example.org", role: "observer" })).text();
    const token = /\/invitations\/([A-Za-z0-9_-]{43})/.exec(made)![1];

    const es = await (await new TestClient(server.url).get(`/invitations/${token}`, { headers: { "Accept-Language": "es" } })).text();
    expect(es).toContain("Unirse a Coalición de Prueba");
    expect(es).toContain("Rosa Díaz le invita a unirse a la coalición.");
    expect(es).toContain("Podrá seguir los documentos en directo y leer los resultados y las conversaciones.");
    expect(es).toContain('Para aceptar, cree una cuenta con <strong class="break-all">invitada@example.org</strong>');
    expect(es).toContain("Válida hasta");

    const other = await createUser({ name: "Otra Persona" });
    const ru = await (await (await clientAs(server.url, other)).get(`/invitations/${token}`, { headers: { "Accept-Language": "ru" } })).text();
    expect(ru).toContain("Это приглашение предназначено для другого адреса электронной почты.");
    expect(ru).toContain(`Вы вошли как <span class="break-all">${other.email}</span>`);
    expect(ru).toContain("Выйти</button>");
  });

  it("renders the notification and calendar settings and the unsubscribe page in other languages", async () => {
    const user = await createUser();
    const client = await clientAs(server.url, user);
    const ru = await (await client.get("/settings/notifications", { headers: { "Accept-Language": "ru" } })).text();
    expect(ru).toContain("Уведомления по электронной почте");
    expect(ru).toContain(">Еженедельная сводка</option>");
    expect(ru).toMatch(/>понедельник<\/option>/i);

    const zh = await (await client.get("/settings/calendar", { headers: { "Accept-Language": "zh-CN" } })).text();
    expect(htmlTag(zh)).toContain('lang="zh-Hans"');
    expect(zh).toContain("日历设置");
    expect(zh).toContain("创建我的订阅源地址");
    const badZone = await client.post("/settings/calendar", { intent: "zone", time_zone: "Mars/Olympus" }, { headers: { "Accept-Language": "zh-CN" } });
    expect(badZone.status).toBe(400);
    expect(await badZone.text()).toContain("请从列表中选择一个时区。");

    const fr = await new TestClient(server.url).get("/unsubscribe/not-a-token", { headers: { "Accept-Language": "fr" } });
    expect(fr.status).toBe(404);
    expect(await fr.text()).toContain("Ce lien de désabonnement n’est pas valable.");
  });
});
