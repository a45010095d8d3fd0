import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 21 in Chromium: a member reading in Arabic starts a French translation from the output
// page and lands in its editor; once published, a reader switches between the languages. The
// pages hydrate without errors in a right-to-left language.

describe.runIf(browserAvailable())("translations of an output in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let dbDir: string;
  let slug: string;
  let versionId: string;
  let coordinator: TestUser;
  let member: TestUser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  async function open(user: TestUser | null): Promise<Page> {
    const context = user ? await loggedInContext(browser, server.url, user.id) : await browser.newContext({ baseURL: server.url });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    return page;
  }

  beforeAll(async () => {
    dbDir = mkdtempSync(join(tmpdir(), "cw-e2e-translate-"));
    server = await startTestServer({ DATABASE_URL: `file:${join(dbDir, "workspace.db")}` });
    browser = await launchBrowser();
    const coalition = await createCoalition({ visibility: "public", name: "Dynamic Coalition on Languages" });
    slug = coalition.slug;
    coordinator = await createUser({ name: "Amina Haddad" });
    member = await createUser({ name: "Li Wei" });
    await addMember(coalition.id, coordinator.id, "coordinator");
    await addMember(coalition.id, member.id, "member");
    const documentId = (await createDocument(coalition.id, coordinator.id, { title: "Charter" })).id;
    await writeContent(documentId, docJson("Charter", "Everyone may take part."));
    const client = new TestClient(server.url);
    const cookie = await sessionCookieFor(coordinator.id);
    client.cookies.set(cookie.name, cookie.value);
    expect((await client.post(`/coalitions/${slug}/documents/${documentId}?index`, { intent: "publish", label: "First edition", confirm: "yes" })).status).toBe(200);
    versionId = (await getDb().selectFrom("document_versions").select("id").where("document_id", "=", documentId).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it("a member reading in Arabic starts a French translation and lands in its editor", { timeout: 90_000 }, async () => {
    const page = await open(member);
    await page.goto(`/coalitions/${slug}/outputs/${versionId}?lang=ar`);
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    const languages = page.getByTestId("output-languages");
    expect(await languages.innerText()).toContain("لغة الاعتماد: الإنكليزية.");
    await page.getByLabel("بدء ترجمة").selectOption("fr");
    await Promise.all([page.waitForURL(/\/documents\/[a-z0-9]+$/), page.getByRole("button", { name: "بدء الترجمة" }).click()]);
    await page.getByTestId("editor-content").waitFor();
    await expect.poll(() => page.getByTestId("editor-content").innerText(), { timeout: 15_000 }).toContain("Everyone may take part.");
    const row = await getDb().selectFrom("document_translations").selectAll().where("source_version_id", "=", versionId).executeTakeFirstOrThrow();
    expect(row.language).toBe("fr");
    expect(page.url()).toContain(`/documents/${row.document_id}`);
  });

  it("once published, a reader switches from the original to the French text and back", { timeout: 90_000 }, async () => {
    const row = await getDb().selectFrom("document_translations").selectAll().where("source_version_id", "=", versionId).executeTakeFirstOrThrow();
    const client = new TestClient(server.url);
    const cookie = await sessionCookieFor(coordinator.id);
    client.cookies.set(cookie.name, cookie.value);
    expect((await client.post(`/coalitions/${slug}/documents/${row.document_id}?index`, { intent: "publish", label: "Première édition", confirm: "yes" })).status).toBe(200);

    const page = await open(null);
    await page.goto(`/coalitions/${slug}/outputs/${versionId}`);
    await page.getByTestId("output-languages").getByRole("link", { name: "Français" }).click();
    await expect.poll(() => page.getByTestId("output-title").innerText(), { timeout: 15_000 }).toBe("Charter (Français)");
    expect(await page.getByTestId("output-content").getAttribute("lang")).toBe("fr");
    expect(await page.getByTestId("translation-notice").innerText()).toContain("Translation into French of Charter, version 1.");
    await page.getByTestId("output-languages").getByRole("link", { name: "English" }).click();
    await expect.poll(() => page.getByTestId("output-title").innerText(), { timeout: 15_000 }).toBe("Charter");
    expect(errors.filter((e) => /Content Security Policy|Refused|Hydration|hydrat/i.test(e))).toEqual([]);
  });
});
