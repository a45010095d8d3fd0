import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";

// A member types a phrase into a document of a private coalition and finds it by search
// moments later (the collaboration server writes the text, the index follows); a visitor
// searching the same phrase finds nothing. SCREENSHOT_DIR keeps screenshots.

const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });
const PHRASE = "turquoise lighthouse covenant";

describe.runIf(browserAvailable())("search in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let slug: string;
  let documentId: string;
  let mei: TestUser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  async function open(user: TestUser | null, width = 1280): Promise<Page> {
    const context = user ? await loggedInContext(browser, server.url, user.id) : await browser.newContext({ baseURL: server.url });
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    page.on("pageerror", (e) => errors.push(e.message));
    return page;
  }

  async function searchFromHeader(page: Page, query: string) {
    await page.locator("#site-search").fill(query);
    await page.locator("#site-search").press("Enter");
    await page.waitForURL(/\/search\?q=/);
  }

  beforeAll(async () => {
    // A short debounce for the last-edited / plain-text write keeps the test quick; the
    // behaviour is the same with the default of a few seconds.
    server = await startTestServer({ COLLAB_META_DELAY_MS: "300" });
    browser = await launchBrowser();
    const coalition = await createCoalition({ visibility: "private", name: "Lighthouse Keepers" });
    slug = coalition.slug;
    mei = await createUser({ name: "Mei Lin" });
    await addMember(coalition.id, mei.id, "member");
    documentId = (await createDocument(coalition.id, mei.id, { title: "Harbour principles" })).id;
    await writeContent(documentId, docJson("Harbour principles", "Ships are welcome in every port."));
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  it("a member finds a phrase typed into a document a moment ago", { timeout: 90_000 }, async () => {
    const page = await open(mei);
    await page.goto(`/coalitions/${slug}/documents/${documentId}`);
    const editor = page.getByTestId("editor-content");
    await editor.waitFor();
    await expect.poll(() => page.getByTestId("editor-status").getAttribute("data-state"), { timeout: 15_000 }).toMatch(/saved/);
    await editor.locator("p").last().click();
    await page.keyboard.press("End");
    await page.keyboard.type(` We sign the ${PHRASE} today.`, { delay: 10 });
    await expect.poll(() => page.getByTestId("editor-status").getAttribute("data-state"), { timeout: 15_000 }).toBe("saved");

    const finder = await open(mei);
    await finder.goto("/");
    await searchFromHeader(finder, `"${PHRASE}"`);
    // The text reaches the index when the debounced write lands: reload until it does.
    await expect
      .poll(
        async () => {
          await finder.reload();
          return finder.getByTestId("search-result").count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    const result = finder.getByTestId("search-result");
    expect(await result.getAttribute("data-kind")).toBe("document");
    expect(await result.locator("mark").first().textContent()).toBe(PHRASE);
    expect(await result.getByTestId("result-link").textContent()).toBe("Harbour principles");
    if (shots) await finder.screenshot({ path: join(shots, "search-e2e-member.png"), fullPage: true });
    await result.getByTestId("result-link").click();
    await finder.waitForURL(new RegExp(`/coalitions/${slug}/documents/${documentId}$`));
    await finder.getByTestId("editor-content").waitFor();
  });

  it("a visitor searching the same phrase finds nothing, not even a count", async () => {
    const page = await open(null, 390);
    await page.goto("/");
    await searchFromHeader(page, `"${PHRASE}"`);
    await page.getByTestId("search-no-results").waitFor();
    expect(await page.getByTestId("search-result").count()).toBe(0);
    expect(await page.getByTestId("search-count").textContent()).toMatch(/^No results/);
    expect(await page.content()).not.toContain("Harbour principles");
    if (shots) await page.screenshot({ path: join(shots, "search-e2e-visitor-phone.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
