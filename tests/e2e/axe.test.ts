import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import { hashInvitationToken } from "../../app/models/invitations.server";
import { hashVerifyToken } from "../../app/models/email-verification.server";
import { browserAvailable, launchBrowser } from "../helpers/browser";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { createPost, createThread, publishVersion } from "../helpers/search-fixtures";
import { seedConsultation } from "../helpers/consultations";
import { startTestServer, type TestServer } from "../helpers/server";
import { open as openDecision } from "../helpers/decisions";

// Accessibility as a gate (issue 21): axe-core checks the key pages against WCAG 2.1 A and AA,
// in English and in Arabic (right to left). A "serious" or "critical" violation fails the run,
// and the report names the rule, the element and the page. Every page also says its language
// and direction on <html>.

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(join(dirname(require.resolve("axe-core")), "axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const LANGUAGES = [
  { lang: "en", tag: "en", dir: "ltr" },
  { lang: "ar", tag: "ar", dir: "rtl" },
] as const;

interface AxeNode { target: unknown[]; failureSummary?: string; html: string }
interface AxeViolation { id: string; impact: string | null; help: string; nodes: AxeNode[] }

type Who = "member" | "admin" | "invitee" | null;
interface KeyPage {
  name: string;
  path: () => string;
  who: Who;
  /** Waits until the page shows what it is for (the editor connected, the results listed…). */
  ready?: (page: Page) => Promise<void>;
}

describe.runIf(browserAvailable())("accessibility of the key pages (axe-core, WCAG 2.1 AA)", () => {
  let server: TestServer;
  let browser: Browser;
  let member: TestUser, admin: TestUser, invitee: TestUser;
  let slug: string, documentId: string, versionId: string, threadId: string, consultationId: string, decisionId: string;
  const token = `axe-invitation-${Date.now().toString(36)}-token-abcdefghijklmnopqrstuv`;
  const verifyToken = "axeVerifyToken_0123456789abcdefghijklmnopqrs"; // 43 characters, like a real one
  const contexts = new Map<Who, BrowserContext>();

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    member = await createUser({ name: "Amina Haddad", organization: "Open Networks", stakeholder_group: "civil", region: "african" });
    admin = await createUser({ name: "Site Admin", isSiteAdmin: true });
    invitee = await createUser({ name: "Ivo Invitee" });
    const coalition = await createCoalition({ name: "Dynamic Coalition on Accessibility", visibility: "public", join_policy: "open", description: "We work on accessible internet governance." });
    await createCoalition({ name: "Open Standards", visibility: "public" });
    slug = coalition.slug;
    await addMember(coalition.id, member.id, "coordinator");
    await addMember(coalition.id, admin.id, "member");
    documentId = (await createDocument(coalition.id, member.id, { title: "Accessibility guidelines" })).id;
    await writeContent(documentId, docJson("Accessibility guidelines", "Every page works with a keyboard and a screen reader."), member.id);
    versionId = (await publishVersion({ documentId, coalitionId: coalition.id, userId: member.id, text: "Every page works with a keyboard and a screen reader.", label: "First edition" })).id;
    consultationId = (await seedConsultation({ coalitionId: coalition.id, coordinatorId: member.id, commenterId: admin.id })).id;
    decisionId = (await openDecision(coalition.id, member, versionId, { question: "Adopt the first edition?" })).id;
    threadId = (await createThread({ coalitionId: coalition.id, userId: member.id, title: "Keyboard navigation in the editor" })).id;
    await createPost({ threadId, userId: member.id, body: "Which shortcuts should the editor document?" });
    await createPost({ threadId, userId: admin.id, body: "The list of keyboard shortcuts belongs in the help." });
    await getDb()
      .insertInto("invitations")
      .values({ id: newId(), coalition_id: coalition.id, email: invitee.email, role: "member", token_hash: hashInvitationToken(token), invited_by: member.id, expires_at: new Date(Date.now() + 7 * 86_400_000).toISOString(), accepted_at: null, accepted_by: null, revoked_at: null, created_at: now() })
      .execute();
    await getDb()
      .insertInto("notifications")
      .values({ user_id: member.id, kind: "mention", text: "Site Admin mentioned you in “Keyboard navigation in the editor”", link: `/coalitions/${slug}/threads/${threadId}`, created_at: now(), read_at: null })
      .execute();
    // Issue 22: a pending address change (every member page shows its banner), a sign-up link, a held mail.
    const links = getDb().withTables<{ email_verifications: { token_hash: string; user_id: string; purpose: string; email: string; details: string | null; expires_at: string; used_at: string | null; created_at: string } }>();
    const unverified = await createUser({ name: "Una Unverified", unverified: true });
    const later = new Date(Date.now() + 86_400_000).toISOString();
    await links
      .insertInto("email_verifications")
      .values([
        { token_hash: hashVerifyToken(`${verifyToken}-pending`), user_id: member.id, purpose: "change", email: "amina.new@example.org", details: null, expires_at: later, used_at: null, created_at: now() },
        { token_hash: hashVerifyToken(verifyToken), user_id: unverified.id, purpose: "signup", email: unverified.email, details: null, expires_at: later, used_at: null, created_at: now() },
      ])
      .execute();
    const outsider = await createUser({ name: "Otto Outsider" });
    await getDb()
      .withTables<{ held_mail: { id: string; coalition_id: string; sender_id: string; message_id: string; subject: string; body: string; state: string; created_at: string } }>()
      .insertInto("held_mail")
      .values({ id: newId(), coalition_id: coalition.id, sender_id: outsider.id, message_id: "<axe@example.net>", subject: "Captions for the webinar", body: "Could the coalition review our captioning guide?", state: "held", created_at: now() })
      .execute();
    contexts.set(null, await context(null));
    contexts.set("member", await context(member));
    contexts.set("admin", await context(admin));
    contexts.set("invitee", await context(invitee));
  });
  afterAll(async () => {
    for (const c of contexts.values()) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  /** A context (signed in as the user, or not) that lets axe's script tag past the page's CSP. */
  async function context(user: TestUser | null): Promise<BrowserContext> {
    const ctx = await browser.newContext({ baseURL: server.url, bypassCSP: true });
    if (user) {
      const cookie = await sessionCookieFor(user.id);
      await ctx.addCookies([{ name: cookie.name, value: cookie.value, domain: new URL(server.url).hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
    }
    return ctx;
  }

  const pages: KeyPage[] = [
    { name: "the coalition directory", path: () => "/", who: "member" },
    { name: "a coalition's overview", path: () => `/coalitions/${slug}`, who: "member" },
    { name: "the members page", path: () => `/coalitions/${slug}/members`, who: "member" },
    { name: "the documents list", path: () => `/coalitions/${slug}/documents`, who: "member" },
    {
      name: "a document in the editor",
      path: () => `/coalitions/${slug}/documents/${documentId}`,
      who: "member",
      ready: async (page) => {
        await page.getByTestId("editor-content").waitFor();
        await expect.poll(() => page.getByTestId("editor-status").getAttribute("data-state"), { timeout: 20_000 }).toMatch(/saved|reading/);
      },
    },
    { name: "the outputs list", path: () => `/coalitions/${slug}/outputs`, who: "member" },
    { name: "an output (a published version)", path: () => `/coalitions/${slug}/outputs/${versionId}`, who: "member" },
    { name: "a draft's timeline", path: () => `/coalitions/${slug}/documents/${documentId}/timeline`, who: "member" },
    { name: "a point of the timeline (read-only, restore)", path: () => `/coalitions/${slug}/documents/${documentId}/timeline/version-${versionId}`, who: "member" },
    { name: "an output's endorsements filtered by group (visitor)", path: () => `/coalitions/${slug}/outputs/${versionId}?group=civil`, who: null },
    { name: "a public consultation", path: () => `/coalitions/${slug}/consultations/${consultationId}`, who: "member" },
    { name: "opening a decision on a version", path: () => `/coalitions/${slug}/outputs/${versionId}/decisions/new`, who: "member" },
    { name: "a decision", path: () => `/coalitions/${slug}/decisions/${decisionId}`, who: "member" },
    { name: "the threads list", path: () => `/coalitions/${slug}/threads`, who: "member" },
    {
      name: "a thread",
      path: () => `/coalitions/${slug}/threads/${threadId}`,
      who: "member",
      ready: (page) => expect.poll(() => page.getByTestId("thread-page").getAttribute("data-live"), { timeout: 20_000 }).toBe("connected"),
    },
    { name: "search with results", path: () => "/search?q=keyboard", who: "member" },
    { name: "the calendar", path: () => "/calendar", who: "member" },
    { name: "the notifications", path: () => "/notifications", who: "member" },
    { name: "the profile settings", path: () => "/settings/profile", who: "member" },
    { name: "the notification settings", path: () => "/settings/notifications", who: "member" },
    { name: "the security settings", path: () => "/settings/security", who: "member" },
    { name: "the site security settings", path: () => "/admin/security", who: "admin" },
    { name: "the sign-up form", path: () => "/signup", who: null },
    { name: "the login form", path: () => "/login", who: null },
    {
      name: "a refused sign-up form (errors, summary)",
      path: () => "/signup",
      who: null,
      ready: async (page) => {
        await page.waitForFunction(() => Boolean((window as unknown as { __remixContext?: unknown }).__remixContext));
        await page.locator("#field-email").fill("not an address");
        await page.locator("#field-email").press("Enter");
        await page.getByTestId("error-summary").waitFor();
      },
    },
    { name: "an invitation", path: () => `/invitations/${token}`, who: "invitee" },
    { name: "the check-your-inbox page after sign-up", path: () => "/signup/check-inbox", who: null },
    { name: "an address verification link", path: () => `/verify-email/${verifyToken}`, who: null },
    { name: "the held mail queue (coordinator)", path: () => `/coalitions/${slug}/held-mail`, who: "member" },
    { name: "the job queue (admin)", path: () => "/admin/jobs", who: "admin" },
    { name: "a coalition's forum checklist", path: () => `/coalitions/${slug}/compliance`, who: "member" },
    { name: "every coalition's checklist (admin)", path: () => "/admin/compliance", who: "admin" },
    { name: "a new coalition (admin)", path: () => "/admin/coalitions/new", who: "admin" },
    { name: "the accessibility statement", path: () => "/accessibility", who: null },
    { name: "the security settings (sessions, leaving)", path: () => "/settings/security", who: "member" },
    { name: "the data export", path: () => "/settings/data", who: "member" },
    { name: "the privacy notice", path: () => "/privacy", who: null },
    { name: "a page that does not exist", path: () => "/coalitions/no-such-coalition", who: null },
  ];

  async function audit(page: Page): Promise<AxeViolation[]> {
    await page.addScriptTag({ content: AXE_SOURCE });
    return page.evaluate(async (tags) => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
      const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary, html: n.html.slice(0, 200) })) }));
    }, TAGS);
  }

  function report(violations: AxeViolation[], where: string): string[] {
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `[${v.impact}] ${v.id} (${v.help}) on ${where}: ${JSON.stringify(n.target)}\n    ${n.html}\n    ${(n.failureSummary ?? "").replace(/\n/g, "\n    ")}`));
  }

  for (const key of pages) {
    it(`${key.name}: no serious or critical violation, in English and in Arabic`, { timeout: 120_000 }, async () => {
      const problems: string[] = [];
      for (const { lang, tag, dir } of LANGUAGES) {
        const page = await contexts.get(key.who)!.newPage();
        try {
          await page.setViewportSize({ width: 1280, height: 900 });
          const path = key.path();
          const url = `${path}${path.includes("?") ? "&" : "?"}lang=${lang}`;
          await page.goto(url);
          await page.waitForLoadState("load");
          // Hydrated: the client has run (the skip link is the first thing every page has).
          await page.locator("html").waitFor();
          if (key.ready) await key.ready(page);
          const html = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
          expect(html, `<html lang dir> on ${url}`).toEqual({ lang: tag, dir });
          problems.push(...report(await audit(page), url));
        } finally {
          await page.close();
        }
      }
      if (problems.length) console.error(`\n${problems.join("\n")}\n`);
      expect(problems, problems.join("\n")).toEqual([]);
    });
  }

  it("honours prefers-reduced-motion: no transition, animation or smooth scrolling then", { timeout: 60_000 }, async () => {
    const moving = (page: Page) =>
      page.evaluate(() =>
        [document.documentElement, ...Array.from(document.querySelectorAll("body *"))]
          .map((el) => ({ el, style: getComputedStyle(el) }))
          .filter(({ style }) => style.transitionDuration.split(",").some((d) => parseFloat(d) > 0) || style.animationName !== "none" || style.scrollBehavior === "smooth")
          .map(({ el }) => `<${el.tagName.toLowerCase()} class="${el.getAttribute("class") ?? ""}">`),
      );
    const page = await contexts.get("member")!.newPage();
    try {
      const path = `/coalitions/${slug}/documents/${documentId}`;
      await page.goto(path);
      await page.getByRole("toolbar").waitFor();
      expect((await moving(page)).length, "the editor's toolbar has transitions when motion is welcome").toBeGreaterThan(0);
      await page.emulateMedia({ reducedMotion: "reduce" });
      await page.goto(path);
      await page.getByRole("toolbar").waitFor();
      expect(await moving(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
