import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, openEditorPage } from "../helpers/browser";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 23, authorship: two members type in one draft; "colour by author" shows both names on
// their own text (by hover title, the key, and the cursor line), by stakeholder group too, and a
// published version's page says who wrote what share.

describe.runIf(browserAvailable())("authorship colours in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let slug: string;
  let documentId: string;
  let amina: TestUser;
  let bruno: TestUser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  const editor = (page: Page) => page.getByTestId("editor-content");

  const openDocument = (user: TestUser) => openEditorPage(browser, server.url, user.id, `/coalitions/${slug}/documents/${documentId}`, { contexts, errors });

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const coalition = await createCoalition({ visibility: "public", name: "Dynamic Coalition on Accessibility" });
    slug = coalition.slug;
    amina = await createUser({ name: "Amina Diallo", stakeholder_group: "civil" });
    bruno = await createUser({ name: "Bruno Costa", stakeholder_group: "technical" });
    await addMember(coalition.id, amina.id, "member");
    await addMember(coalition.id, bruno.id, "coordinator");
    documentId = (await createDocument(coalition.id, amina.id, { title: "Statement on accessible meetings" })).id;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  it("colours each author's text, names them, and follows new text", async () => {
    const a = await openDocument(amina);
    await editor(a).click();
    await a.keyboard.type("Meetings must be captioned. ");
    const b = await openDocument(bruno);
    await expect.poll(() => editor(b).textContent()).toContain("captioned");
    await editor(b).click();
    await b.keyboard.press("End");
    await b.keyboard.type("Slides go out a day before.");
    await expect.poll(() => editor(a).textContent()).toContain("day before");
    await expect.poll(() => a.getByTestId("editor-status").getAttribute("data-state")).toBe("saved");

    await a.getByLabel("Colour by author").check();
    const legend = a.getByTestId("authorship-legend");
    await expect.poll(() => legend.textContent()).toMatch(/Amina Diallo[\s\S]*Bruno Costa/);
    await expect.poll(() => a.locator('[data-author="Amina Diallo"]').count()).toBeGreaterThan(0);
    await expect.poll(() => a.locator('[data-author="Bruno Costa"]').count()).toBeGreaterThan(0);
    expect(await a.locator('[data-author="Amina Diallo"]').first().textContent()).toContain("captioned");
    expect(await a.locator('[data-author="Bruno Costa"]').first().textContent()).toContain("Slides");
    // Not colour alone: each has its own underline style, and a name on hover.
    const styles = await a.locator(".author-run").evaluateAll((els) => [...new Set(els.map((e) => getComputedStyle(e).textDecorationStyle))]);
    expect(styles.length).toBe(2);
    expect(await a.locator('[data-author="Bruno Costa"]').first().getAttribute("title")).toBe("Bruno Costa");

    // The cursor line says who wrote the text where the cursor is (keyboard users, screen readers).
    await a.locator('[data-author="Amina Diallo"]').first().click();
    await expect.poll(() => a.getByTestId("authorship-at-cursor").textContent()).toContain("Amina Diallo");
    await a.keyboard.press("End");
    await a.keyboard.press("ArrowLeft");
    await expect.poll(() => a.getByTestId("authorship-at-cursor").textContent()).toContain("Bruno Costa");

    // By stakeholder group, and in high contrast (no backgrounds).
    await a.getByLabel("Colour by stakeholder group").check();
    await expect.poll(() => legend.textContent()).toMatch(/Internet institutions[\s\S]*Civil society/);
    await expect.poll(() => a.locator('[data-author="Civil society"]').count()).toBeGreaterThan(0);
    await a.getByLabel("High-contrast colours").check();
    await expect.poll(() => a.locator(".author-run").first().evaluate((e) => getComputedStyle(e).backgroundColor)).toBe("rgba(0, 0, 0, 0)");

    // Off again: no decorations left.
    await a.getByLabel("No colours").check();
    await expect.poll(() => a.locator(".author-run").count()).toBe(0);
    expect(errors).toEqual([]);
  }, 90_000);
});
