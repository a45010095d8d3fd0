import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";
import { getDb } from "../../db/client";
import { emitDomainEvent } from "../../app/models/events.server";

// Two people write in one document at once; an observer follows; the server restarts; a
// coordinator publishes and a visitor reads the output. SCREENSHOT_DIR keeps the screenshots.

const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });

describe.runIf(browserAvailable())("co-editing documents in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let dbDir: string;
  let databaseUrl: string;
  let slug: string;
  let documentId: string;
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  let amina: TestUser;
  let bruno: TestUser;
  let chen: TestUser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  const editor = (page: Page) => page.getByTestId("editor-content");
  // The document's text without other people's caret labels (which sit inside the editor's DOM).
  const text = (page: Page) =>
    editor(page).evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll(".collaboration-carets__caret").forEach((c) => c.remove());
      document.body.appendChild(copy);
      const out = copy.textContent ?? "";
      copy.remove();
      return out.replace(/\s+/g, " ").trim();
    });
  const status = (page: Page) => page.getByTestId("editor-status").getAttribute("data-state");

  async function open(user: TestUser | null, width = 1280): Promise<Page> {
    const context = user ? await loggedInContext(browser, server.url, user.id) : await browser.newContext({ baseURL: server.url });
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    return page;
  }

  async function openDocument(user: TestUser): Promise<Page> {
    const page = await open(user);
    await page.goto(`/coalitions/${slug}/documents/${documentId}`);
    await editor(page).waitFor();
    await expect.poll(() => status(page), { timeout: 15_000 }).toMatch(/saved|reading/);
    return page;
  }

  beforeAll(async () => {
    dbDir = mkdtempSync(join(tmpdir(), "cw-e2e-docs-"));
    databaseUrl = `file:${join(dbDir, "workspace.db")}`;
    server = await startTestServer({ DATABASE_URL: databaseUrl });
    browser = await launchBrowser();
    const coalition = await createCoalition({ visibility: "public", name: "Internet Rights and Principles" });
    slug = coalition.slug;
    amina = await createUser({ name: "Amina Diallo" });
    bruno = await createUser({ name: "Bruno Costa" });
    chen = await createUser({ name: "Chen Wei" });
    await addMember(coalition.id, amina.id, "coordinator");
    await addMember(coalition.id, bruno.id, "member");
    await addMember(coalition.id, chen.id, "observer");
    documentId = (await createDocument(coalition.id, amina.id, { title: "Charter of Internet Rights" })).id;
    await writeContent(documentId, docJson("Charter of Internet Rights", "Everyone has the right to access and use the Internet."));
    // The charter's first text was written yesterday (its log row says so): the timeline's day before today.
    await getDb().updateTable("document_updates").set({ created_at: yesterday }).where("document_id", "=", documentId).execute();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    rmSync(dbDir, { recursive: true, force: true });
  });

  let pageA: Page;
  let pageB: Page;
  let pageC: Page;

  it("two people type at the same time and both end with the same text, seeing each other's named caret", { timeout: 90_000 }, async () => {
    pageA = await openDocument(amina);
    pageB = await openDocument(bruno);
    expect(await editor(pageA).getAttribute("contenteditable")).toBe("true");

    // Both put the caret at the end of the paragraph and type at once.
    for (const page of [pageA, pageB]) {
      await editor(page).locator("p").last().click();
      await page.keyboard.press("End");
    }
    await Promise.all([
      pageA.keyboard.type(" Amina adds access for all.", { delay: 25 }),
      pageB.keyboard.type(" Bruno adds privacy online.", { delay: 25 }),
    ]);
    await expect.poll(async () => (await text(pageA)).includes("Bruno adds privacy online.") && (await text(pageB)).includes("Amina adds access for all."), { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => [await text(pageA), await text(pageB)].reduce((a, b) => (a === b ? a : `${a} ≠ ${b}`)), { timeout: 15_000 }).not.toContain("≠");
    expect(await text(pageA)).toContain("Amina adds access for all.");

    // Names on the carets come from the server's record of each user.
    await expect.poll(() => pageA.locator(".collaboration-carets__label").allInnerTexts(), { timeout: 10_000 }).toContain("Bruno Costa");
    await expect.poll(() => pageB.locator(".collaboration-carets__label").allInnerTexts(), { timeout: 10_000 }).toContain("Amina Diallo");
    await expect.poll(() => status(pageA), { timeout: 10_000 }).toBe("saved");
    await expect.poll(() => pageA.getByTestId("presence-avatar").count(), { timeout: 15_000 }).toBe(2);

    // The documents list shows who is in the document now.
    const list = await pageA.context().newPage();
    await list.goto(`/coalitions/${slug}/documents`);
    expect(await list.getByTestId("document-present").innerText()).toContain("2 people here now");
    const here = await list.getByTestId("document-present").locator("[aria-label]").getAttribute("aria-label");
    expect(here).toContain("Amina Diallo");
    expect(here).toContain("Bruno Costa");
    await list.close();

    // Undo takes back only your own edits: Amina's undo leaves Bruno's later words alone.
    // (A pause like a person's: the undo manager folds edits less than 500 ms apart into one step.)
    await pageA.waitForTimeout(700);
    await pageA.keyboard.type(" UNDOABLE");
    await expect.poll(() => text(pageB), { timeout: 15_000 }).toContain("UNDOABLE");
    await pageB.keyboard.type(" Bruno stays.");
    await expect.poll(() => text(pageA), { timeout: 15_000 }).toContain("Bruno stays.");
    await pageA.keyboard.press("Control+z");
    await expect.poll(() => text(pageB), { timeout: 15_000 }).not.toContain("UNDOABLE");
    expect(await text(pageB)).toContain("Bruno stays.");
    expect(await text(pageB)).toContain("Amina adds access for all.");
    if (shots) {
      await pageB.keyboard.press("Shift+Home"); // a visible selection in Bruno's colour
      await pageA.waitForTimeout(300);
      await pageA.screenshot({ path: join(shots, "editor-two-people.png"), fullPage: true });
      await pageB.screenshot({ path: join(shots, "editor-two-people-b.png") });
    }
  });

  it("an observer sees the text appear live and cannot type", { timeout: 60_000 }, async () => {
    pageC = await openDocument(chen);
    await expect.poll(() => pageC.getByTestId("read-only-note").innerText(), { timeout: 15_000 }).toContain("observer");
    expect(await editor(pageC).getAttribute("contenteditable")).toBe("false");
    // The end of the document, not of the visual line ("End"): the paragraph wraps, and a line end
    // can fall inside Bruno's sentence.
    await pageA.keyboard.press("Control+End");
    await pageA.keyboard.type(" Written while Chen watches.");
    await expect.poll(() => text(pageC), { timeout: 15_000 }).toContain("Written while Chen watches.");
    await editor(pageC).locator("p").last().click();
    await pageC.keyboard.type("observer was here");
    expect(await text(pageC)).not.toContain("observer was here");
    await expect.poll(() => status(pageA), { timeout: 15_000 }).toBe("saved");
    expect(await text(pageA)).not.toContain("observer was here");
    if (shots) await pageC.screenshot({ path: join(shots, "editor-observer.png") });
  });

  it("keeps all the text across a server restart, and editors reconnect", async () => {
    await expect.poll(() => status(pageA), { timeout: 10_000 }).toBe("saved");
    await expect.poll(() => status(pageB), { timeout: 10_000 }).toBe("saved");
    const before = await text(pageA);
    const port = server.port;
    await server.close();
    await expect.poll(() => status(pageA), { timeout: 10_000 }).toBe("offline");
    // Offline edits are kept and counted, on this device (IndexedDB) until the server is back.
    const storedUpdates = () =>
      pageA.evaluate(
        (name) =>
          new Promise<number>((resolve) => {
            const req = indexedDB.open(name);
            req.onsuccess = () => {
              const all = req.result.transaction("updates", "readonly").objectStore("updates").count();
              all.onsuccess = () => {
                resolve(all.result);
                req.result.close();
              };
            };
          }),
        `coalition-workspace:document:${amina.id}:${documentId}`,
      );
    const storedBefore = await storedUpdates();
    // At the end of the document: Amina's caret is wherever her undo left it, which after two
    // people typed at one spot may be inside Bruno's sentence.
    await pageA.keyboard.press("Control+End");
    await pageA.keyboard.type(" Offline line.");
    await expect.poll(() => pageA.getByTestId("editor-status").innerText(), { timeout: 15_000 }).toMatch(/^Offline — changes since \d{2}:\d{2} not yet saved/);
    await expect.poll(storedUpdates, { timeout: 15_000 }).toBeGreaterThan(storedBefore);
    if (shots) await pageA.screenshot({ path: join(shots, "editor-offline.png") });
    // The tab is closed while offline; the edits come back with the next visit from this browser.
    const aminaContext = pageA.context();
    await pageA.close({ runBeforeUnload: false });
    server = await startTestServer({ DATABASE_URL: databaseUrl, PORT: String(port) });
    pageA = await aminaContext.newPage();
    await pageA.goto(`/coalitions/${slug}/documents/${documentId}`);
    await editor(pageA).waitFor();
    await expect.poll(() => text(pageA), { timeout: 15_000 }).toContain("Offline line.");
    await expect.poll(() => status(pageA), { timeout: 30_000 }).toBe("saved");
    const fresh = await open(bruno);
    // Server-rendered (before any JavaScript), then live.
    const ssr = await fresh.context().request.get(`/coalitions/${slug}/documents/${documentId}`);
    expect(await ssr.text()).toContain("Amina adds access for all.");
    await fresh.goto(`/coalitions/${slug}/documents/${documentId}`);
    await editor(fresh).waitFor();
    await expect.poll(() => text(fresh), { timeout: 15_000 }).toContain("Offline line.");
    expect(await text(fresh)).toContain(before);
  }, 120_000);

  it("a coordinator publishes a version and a visitor who is not signed in reads it", async () => {
    await pageA.reload();
    await editor(pageA).waitFor();
    await pageA.getByLabel("Label").fill("Charter, 1st edition");
    await pageA.getByLabel("Note (optional)").fill("Adopted at the Kyoto meeting.");
    await pageA.getByRole("button", { name: "Publish version…" }).click();
    // Publishing asks first, saying what will happen.
    await expect.poll(() => pageA.getByTestId("publish-confirm").innerText(), { timeout: 15_000 }).toContain("as version 1, “Charter, 1st edition”");
    await pageA.getByRole("button", { name: "Yes, publish version 1" }).click();
    const link = pageA.getByTestId("published-link");
    await link.waitFor({ timeout: 15_000 });
    const href = (await link.getAttribute("href"))!;
    await expect.poll(() => pageA.getByTestId("versions-list").innerText(), { timeout: 15_000 }).toContain("Charter, 1st edition");

    // Restoring a version is a new edit that open editors receive live.
    pageB = await openDocument(bruno);
    await editor(pageB).locator("p").last().click();
    await pageB.keyboard.press("End");
    await pageB.keyboard.type(" After publication.");
    await expect.poll(() => status(pageB), { timeout: 15_000 }).toBe("saved");
    const versionPage = await open(amina);
    await versionPage.goto(href);
    await versionPage.getByRole("button", { name: "Restore into the draft…" }).click();
    await expect.poll(() => versionPage.getByTestId("restore-confirm").innerText(), { timeout: 15_000 }).toContain("replaces the working draft");
    await versionPage.getByRole("button", { name: "Yes, restore version 1" }).click();
    await expect.poll(() => versionPage.getByRole("status").allInnerTexts(), { timeout: 15_000 }).toContainEqual(expect.stringContaining("The draft now reads as version 1"));
    await expect.poll(() => text(pageB), { timeout: 15_000 }).not.toContain("After publication.");
    expect(await text(pageB)).toContain("Bruno adds privacy online.");

    const visitor = await open(null, 390);
    const res = await visitor.goto(href);
    expect(res?.status()).toBe(200);
    expect(await visitor.getByTestId("output-label").innerText()).toBe("Charter, 1st edition");
    const content = await visitor.getByTestId("output-content").innerText();
    expect(content).toContain("Amina adds access for all.");
    expect(content).toContain("Bruno adds privacy online.");
    expect(await visitor.getByText("Internet Rights and Principles").first().isVisible()).toBe(true);
    // The draft itself stays private to members and observers.
    const draft = await visitor.goto(`/coalitions/${slug}/documents/${documentId}`);
    expect(draft?.url()).toMatch(/\/login/);
    if (shots) await visitor.goto(href).then(() => visitor.screenshot({ path: join(shots, "output-phone.png"), fullPage: true }));
    expect(errors.filter((e) => /Content Security Policy|Refused to|hydrat/i.test(e))).toEqual([]);
  }, 60_000);

  it("the timeline opens yesterday's state, read-only", async () => {
    await pageA.getByTestId("timeline-link").click();
    const point = pageA.locator(`[data-point="day-${yesterday.slice(0, 10)}"]`);
    await point.waitFor({ timeout: 15_000 });
    await point.getByRole("link").first().click();
    const content = pageA.getByTestId("point-content");
    await content.waitFor({ timeout: 15_000 });
    expect(await content.innerText()).toContain("Everyone has the right to access and use the Internet.");
    expect(await content.innerText()).not.toContain("Amina adds access for all.");
    expect(await content.getAttribute("contenteditable")).toBeNull();
  });

  it("switches a demoted member to read-only and closes the editor of someone removed, with a message", { timeout: 60_000 }, async () => {
    pageB = await openDocument(bruno);
    pageC = await openDocument(chen);
    expect(await editor(pageB).getAttribute("contenteditable")).toBe("true");
    const coalitionId = (await getDb().selectFrom("coalitions").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
    await getDb().updateTable("memberships").set({ role: "observer" }).where("user_id", "=", bruno.id).where("coalition_id", "=", coalitionId).execute();
    emitDomainEvent({ type: "membership.changed", coalitionId, userId: bruno.id, role: "observer" });
    await expect.poll(() => editor(pageB).getAttribute("contenteditable"), { timeout: 15_000 }).toBe("false");
    await expect.poll(() => pageB.getByTestId("read-only-note").innerText(), { timeout: 15_000 }).toContain("observer");

    await getDb().deleteFrom("memberships").where("user_id", "=", chen.id).where("coalition_id", "=", coalitionId).execute();
    emitDomainEvent({ type: "membership.changed", coalitionId, userId: chen.id, role: null });
    await expect.poll(() => pageC.getByTestId("editor-closed").innerText(), { timeout: 15_000 }).toContain("You no longer have access");
    expect(await status(pageC)).toBe("closed");
    if (shots) await pageC.screenshot({ path: join(shots, "editor-removed.png") });
  });
});
