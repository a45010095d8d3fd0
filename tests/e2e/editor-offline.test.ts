import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userColor } from "../../common/user-color";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 19, "the editor tells the truth quickly": offline at once, unsaved work in words, an
// offline reload that opens the document from the device, "last edited by" live, one colour
// per person. SCREENSHOT_DIR keeps the screenshots.

const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });

const hexToRgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;

describe.runIf(browserAvailable())("the editor offline, in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let slug: string;
  let documentId: string;
  let ada: TestUser;
  let bruno: TestUser;
  let adaContext: BrowserContext;
  let ada1: Page;
  let bruno1: Page;
  const errors: string[] = [];

  const editor = (page: Page) => page.getByTestId("editor-content");
  const text = (page: Page) =>
    editor(page).evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll(".collaboration-carets__caret").forEach((c) => c.remove());
      return (copy.textContent ?? "").replace(/\s+/g, " ").trim();
    });
  const statusText = (page: Page) => page.getByTestId("editor-status").innerText();
  const state = (page: Page) => page.getByTestId("editor-status").getAttribute("data-state");

  async function openDocument(context: BrowserContext, width = 1280): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text()) && errors.push(m.text()));
    await page.goto(`/coalitions/${slug}/documents/${documentId}`);
    await editor(page).waitFor();
    await expect.poll(() => state(page), { timeout: 15_000 }).toMatch(/saved|reading/);
    return page;
  }

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const coalition = await createCoalition({ name: "Net Neutrality Coalition" });
    slug = coalition.slug;
    ada = await createUser({ name: "Ada Lovelace" });
    bruno = await createUser({ name: "Bruno Costa" });
    await addMember(coalition.id, ada.id, "member");
    await addMember(coalition.id, bruno.id, "member");
    documentId = (await createDocument(coalition.id, ada.id, { title: "Zero rating" })).id;
    await writeContent(documentId, docJson("Zero rating", "Zero-rating practices and the open Internet."));
    adaContext = await loggedInContext(browser, server.url, ada.id);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows who edited last, live, with whole initials in the same colour for everyone", async () => {
    ada1 = await openDocument(adaContext);
    bruno1 = await openDocument(await loggedInContext(browser, server.url, bruno.id));
    await editor(ada1).click();
    await ada1.keyboard.press("Control+End");
    await ada1.keyboard.type(" Ada writes this.");
    await expect.poll(() => bruno1.getByTestId("last-edited").innerText(), { timeout: 15_000 }).toBe("Last edited by Ada Lovelace, just now");
    await expect.poll(() => ada1.getByTestId("last-edited").innerText(), { timeout: 15_000 }).toBe("Last edited by you, just now");
    // Ada's avatar: "AL", in the colour derived from her id, on her screen and on Bruno's.
    const adaAvatar = (page: Page) => page.getByTestId("presence-avatar").filter({ hasText: "Ada Lovelace" });
    for (const page of [ada1, bruno1]) {
      await expect.poll(() => adaAvatar(page).count(), { timeout: 15_000 }).toBe(1);
      expect(await adaAvatar(page).locator("[aria-hidden=true]").innerText()).toBe("AL");
      expect(await adaAvatar(page).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(hexToRgb(userColor(ada.id)));
    }
    await expect.poll(() => state(ada1), { timeout: 15_000 }).toBe("saved");
  }, 90_000);

  it("says Offline as soon as the browser loses the network, never Saving…, and names the time of the unsaved work", { timeout: 60_000 }, async () => {
    // Every text the status pill shows from now on.
    await ada1.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { statusSeen: string[] }).statusSeen = seen;
      const pill = document.querySelector('[data-testid="editor-status"]')!.parentElement!;
      new MutationObserver(() => seen.push(pill.textContent ?? "")).observe(pill, { subtree: true, childList: true, characterData: true });
    });
    await adaContext.setOffline(true);
    await expect.poll(() => statusText(ada1), { timeout: 10_000 }).toMatch(/^Offline/);
    await ada1.keyboard.type(" Typed without network.");
    await expect.poll(() => statusText(ada1), { timeout: 10_000 }).toMatch(/^Offline — changes since \d{2}:\d{2} not yet saved/);
    expect(await statusText(ada1)).not.toMatch(/\d+ (unsent )?changes?\b(?! since)/);
    const seen = await ada1.evaluate(() => (window as unknown as { statusSeen: string[] }).statusSeen);
    expect(seen.some((t) => t.includes("Offline"))).toBe(true);
    expect(seen.filter((t) => t.includes("Saving"))).toEqual([]);
    if (shots) await ada1.screenshot({ path: join(shots, "issue19-editor-offline-desktop.png") });
  });

  it("reopens the document offline from the device, with the unsaved edits, and saves them once back online", async () => {
    await expect.poll(() => ada1.getByTestId("document-editor").getAttribute("data-offline-ready"), { timeout: 15_000 }).toBe("yes");
    await ada1.reload({ waitUntil: "domcontentloaded" });
    await editor(ada1).waitFor({ timeout: 15_000 });
    await expect.poll(() => text(ada1), { timeout: 15_000 }).toContain("Ada writes this. Typed without network.");
    await expect.poll(() => statusText(ada1), { timeout: 15_000 }).toMatch(/^Offline — changes since \d{2}:\d{2} not yet saved/);
    const phone = await adaContext.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`/coalitions/${slug}/documents/${documentId}`);
    await expect.poll(() => text(phone), { timeout: 15_000 }).toContain("Typed without network.");
    await expect.poll(() => statusText(phone), { timeout: 15_000 }).toMatch(/^Offline — changes since/);
    if (shots) await phone.screenshot({ path: join(shots, "issue19-editor-offline-phone.png") });
    await phone.close({ runBeforeUnload: false });

    await adaContext.setOffline(false);
    await expect.poll(() => state(ada1), { timeout: 20_000 }).toBe("saved");
    expect(await statusText(ada1)).toBe("Connected · all changes saved");
    await expect.poll(() => text(bruno1), { timeout: 15_000 }).toContain("Typed without network.");
    expect(errors).toEqual([]);
  }, 60_000);

  it("notices a server that stopped answering (no offline event) through its heartbeat, says Offline, and reconnects", { timeout: 60_000 }, async () => {
    const context = await loggedInContext(browser, server.url, bruno.id);
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    // Between the page and the server: the first connection goes silent on demand; later ones are left alone.
    let connections = 0;
    let silent = false;
    let stepOnesWhileSilent = 0;
    await page.routeWebSocket(/\/collab\//, (ws) => {
      const first = ++connections === 1;
      const upstream = ws.connectToServer();
      ws.onMessage((m) => {
        if (first && silent && typeof m !== "string" && m[0] === 0 && m[1] === 0) stepOnesWhileSilent += 1;
        upstream.send(m);
      });
      upstream.onMessage((m) => {
        if (!(first && silent)) ws.send(m);
      });
    });
    await page.goto(`/coalitions/${slug}/documents/${documentId}`);
    await editor(page).waitFor();
    await expect.poll(() => state(page), { timeout: 15_000 }).toBe("saved");
    // Every text the pill shows from now on: the reconnection that follows can be quick enough that
    // "Offline" is on screen for only a moment, so it is recorded rather than polled for.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { statusSeen: string[] }).statusSeen = seen;
      const pill = document.querySelector('[data-testid="editor-status"]')!.parentElement!;
      new MutationObserver(() => seen.push(pill.textContent ?? "")).observe(pill, { subtree: true, childList: true, characterData: true });
    });
    silent = true;
    const seenOffline = () => page.evaluate(() => (window as unknown as { statusSeen: string[] }).statusSeen.filter((t) => /Offline/.test(t)));
    await expect.poll(seenOffline, { timeout: 20_000 }).toContainEqual(expect.stringMatching(/Offline — The server stopped answering/));
    expect(stepOnesWhileSilent).toBeGreaterThan(0); // the heartbeat kept asking
    await expect.poll(() => state(page), { timeout: 20_000 }).toBe("saved");
    expect(connections).toBeGreaterThan(1);
  });
});
