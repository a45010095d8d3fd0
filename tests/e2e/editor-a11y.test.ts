import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 21 (accessibility of the editor, WCAG 2.1 AA): a document edited with the keyboard only
// (Tab to the text, type, a toolbar button by arrow keys and Enter), and the page's one polite
// live region, which says a second person joining and a change of connection once, never a
// keystroke's "Saving…".

describe.runIf(browserAvailable())("the editor with the keyboard and a screen reader's ears, in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let slug: string;
  let documentId: string;
  let ada: TestUser;
  let bruno: TestUser;
  let adaContext: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  const editor = (p: Page) => p.getByTestId("editor-content");
  const state = (p: Page) => p.getByTestId("editor-status").getAttribute("data-state");
  const focused = (p: Page) =>
    p.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { testid: el?.dataset.testid ?? null, label: el?.getAttribute("aria-label") ?? null, inToolbar: Boolean(el?.closest('[role="toolbar"]')) };
    });
  /** Everything the live region has said since the page opened, in order. */
  const announced = (p: Page) => p.evaluate(() => (window as unknown as { __announced: string[] }).__announced.slice());

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const coalition = await createCoalition({ name: "Accessible Drafting Coalition" });
    slug = coalition.slug;
    ada = await createUser({ name: "Ada Lovelace" });
    bruno = await createUser({ name: "Bruno Costa" });
    await addMember(coalition.id, ada.id, "member");
    await addMember(coalition.id, bruno.id, "member");
    documentId = (await createDocument(coalition.id, ada.id, { title: "Keyboard charter" })).id;
    await writeContent(documentId, docJson("Keyboard charter", "Everyone can edit."));
    adaContext = await loggedInContext(browser, server.url, ada.id);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("edits with the keyboard only: Tab to the text, type, Shift+Tab to the toolbar, arrows to Bold, Enter", async () => {
    page = await adaContext.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    // Records the live region's words as they change (what a screen reader would be given).
    await page.addInitScript(() => {
      const w = window as unknown as { __announced: string[] };
      w.__announced = [];
      new MutationObserver(() => {
        const region = document.querySelector('[data-testid="editor-announcer"]');
        const text = region?.textContent?.trim();
        if (text && text !== w.__announced[w.__announced.length - 1]) w.__announced.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(`/coalitions/${slug}/documents/${documentId}`);
    await editor(page).waitFor();
    await expect.poll(() => state(page), { timeout: 15_000 }).toBe("saved");
    await expect.poll(() => page.getByTestId("editor-announcer").getAttribute("data-listening"), { timeout: 15_000 }).toBe("yes");

    // One polite live region on the page, and the remote carets' names are not in it.
    expect(await page.locator('[aria-live="polite"]').count()).toBe(1);
    const content = editor(page);
    expect(await content.getAttribute("dir")).toBe("auto");
    expect(await content.getAttribute("role")).toBe("textbox");
    expect(await content.getAttribute("aria-label")).toBe("Document text");

    // The toolbar: named, one Tab stop, every button named.
    const toolbar = page.getByRole("toolbar", { name: "Formatting" });
    expect(await toolbar.locator('button[tabindex="0"]').count()).toBe(1);
    const names = await toolbar.locator("button").evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label")));
    expect(names.every((n) => n && n.trim().length > 0)).toBe(true);
    expect(await toolbar.getByRole("button", { name: "Bold" }).getAttribute("aria-pressed")).toBe("false");

    // Tab from the top of the page until the text has the focus (the toolbar is a single stop on the way).
    await page.locator("body").focus();
    let toolbarStops = 0;
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      const f = await focused(page);
      if (f.inToolbar) toolbarStops++;
      if (f.testid === "editor-content") break;
    }
    expect((await focused(page)).testid).toBe("editor-content");
    expect(toolbarStops).toBe(1);
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" Typed by keyboard.");
    await expect.poll(() => content.innerText()).toContain("Typed by keyboard.");

    // Back to the toolbar (past the comments bar, which sits between it and the text),
    // along it with the arrow keys to Bold, and Enter.
    const passed: (string | null)[] = [];
    for (let i = 0; i < 6 && !(await focused(page)).inToolbar; i++) {
      await page.keyboard.press("Shift+Tab");
      const f = await focused(page);
      if (!f.inToolbar) passed.push(f.testid);
    }
    expect((await focused(page)).inToolbar).toBe(true);
    expect(passed).toEqual(["comment-new"]); // Previous and Next are disabled while there are no comments
    for (let i = 0; i < 20 && (await focused(page)).label !== "Bold"; i++) await page.keyboard.press("ArrowRight");
    expect((await focused(page)).label).toBe("Bold");
    // Still one Tab stop: the roving focus moved with the arrows.
    expect(await toolbar.locator('button[tabindex="0"]').getAttribute("aria-label")).toBe("Bold");
    await page.keyboard.press("Enter");
    // The command returns the focus to the text, where the next words are bold.
    await expect.poll(async () => (await focused(page)).testid).toBe("editor-content");
    await page.keyboard.type("strong words");
    await expect.poll(() => content.locator("strong").allInnerTexts()).toContainEqual(expect.stringContaining("strong words"));
    expect(await toolbar.getByRole("button", { name: "Bold" }).getAttribute("aria-pressed")).toBe("true");

    // Alt+F10 goes to the toolbar (where the roving stop was left), Escape comes back.
    await page.keyboard.press("Alt+F10");
    await expect.poll(async () => (await focused(page)).label).toBe("Bold");
    await page.keyboard.press("Escape");
    await expect.poll(async () => (await focused(page)).testid).toBe("editor-content");
    await expect.poll(() => state(page), { timeout: 15_000 }).toBe("saved");
  });

  it("announces a second person joining, and a change of connection once, never each keystroke", async () => {
    const brunoPage = await (await loggedInContext(browser, server.url, bruno.id)).newPage();
    await brunoPage.goto(`/coalitions/${slug}/documents/${documentId}`);
    await expect.poll(() => state(brunoPage), { timeout: 15_000 }).toBe("saved");
    await expect.poll(() => announced(page), { timeout: 15_000 }).toContainEqual(expect.stringContaining("Bruno Costa joined the document."));
    // Bruno's caret label is drawn for the eyes only.
    await brunoPage.getByTestId("editor-content").click();
    await brunoPage.keyboard.press("Control+End");
    await brunoPage.keyboard.type(" Bruno was here.");
    await expect.poll(() => page.locator(".collaboration-carets__caret").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.locator(".collaboration-carets__caret").first().getAttribute("aria-hidden")).toBe("true");

    // Offline, typing while offline, back online.
    await adaContext.setOffline(true);
    await expect.poll(() => state(page), { timeout: 15_000 }).toBe("offline");
    await editor(page).focus();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" Written offline, letter by letter.");
    await expect.poll(() => announced(page), { timeout: 15_000 }).toContainEqual(expect.stringMatching(/^Offline — /));
    await adaContext.setOffline(false);
    await expect.poll(() => state(page), { timeout: 20_000 }).toBe("saved");
    await expect.poll(() => announced(page), { timeout: 15_000 }).toContainEqual(expect.stringContaining("Connected: your changes are saved as you type."));

    // Many keystrokes online, each one "Saving…" then saved on the pill.
    await page.keyboard.type(" And many more words typed one key at a time.");
    await expect.poll(() => state(page), { timeout: 15_000 }).toBe("saved");

    // Bruno leaves: said once; by then anything the typing would have made the page say was said too.
    await brunoPage.close();
    await expect.poll(() => announced(page), { timeout: 20_000 }).toContainEqual(expect.stringContaining("Bruno Costa left the document."));
    const said = await announced(page);
    const count = (re: RegExp) => said.filter((s) => re.test(s)).length;
    expect(count(/Bruno Costa joined the document\./), said.join(" | ")).toBe(1);
    expect(count(/Bruno Costa left the document\./), said.join(" | ")).toBe(1);
    expect(count(/^Offline — |Offline — /), said.join(" | ")).toBe(1);
    expect(count(/Connected: your changes are saved as you type\./), said.join(" | ")).toBe(1);
    expect(count(/Saving…|all changes saved/), said.join(" | ")).toBe(0);
    expect(said.length, said.join(" | ")).toBeLessThanOrEqual(4);
    expect(errors).toEqual([]);
  });

  it("speaks Arabic right to left: named toolbar whose arrows follow the reading order, and each paragraph in its own direction", async () => {
    const consoleErrors: string[] = [];
    const ar = await adaContext.newPage();
    ar.on("pageerror", (e) => errors.push(e.message));
    ar.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    await ar.goto(`/coalitions/${slug}/documents/${documentId}?lang=ar`);
    expect(await ar.locator("html").getAttribute("dir")).toBe("rtl");
    await expect.poll(() => state(ar), { timeout: 15_000 }).toBe("saved");
    expect(await ar.getByTestId("editor-status").innerText()).toBe("متصل · حُفظت جميع التغييرات");
    const toolbar = ar.getByRole("toolbar", { name: "التنسيق" });
    await toolbar.waitFor();
    expect(await toolbar.getByRole("button", { name: "غامق" }).getAttribute("aria-pressed")).toBe("false");
    expect(await editor(ar).getAttribute("aria-label")).toBe("نص الوثيقة");

    // An Arabic paragraph after the English ones.
    await editor(ar).focus();
    await ar.keyboard.press("Control+End");
    await ar.keyboard.press("Enter");
    await ar.keyboard.type("الوصول إلى الإنترنت حق للجميع.");
    await expect.poll(() => editor(ar).innerText()).toContain("الوصول إلى الإنترنت حق للجميع.");
    // Each paragraph sits on the side its own script starts from.
    const sides = await editor(ar).evaluate((root) =>
      Array.from(root.querySelectorAll("p"))
        .filter((p) => p.textContent?.trim())
        .map((p) => {
          const range = document.createRange();
          range.selectNodeContents(p);
          const text = range.getBoundingClientRect();
          const box = p.getBoundingClientRect();
          return { text: p.textContent!.trim().slice(0, 12), left: Math.round(text.left - box.left), right: Math.round(box.right - text.right) };
        }),
    );
    const english = sides.find((s) => s.text.startsWith("Everyone"))!;
    const arabic = sides.find((s) => s.text.startsWith("الوصول"))!;
    expect(english.left, JSON.stringify(sides)).toBeLessThan(4);
    expect(arabic.right, JSON.stringify(sides)).toBeLessThan(4);

    // Alt+F10 to the toolbar; in a right-to-left page ArrowLeft goes on to the next button.
    await ar.keyboard.press("Alt+F10");
    const label = async () => ar.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? null);
    const first = await label();
    expect(first).not.toBeNull();
    const order = await toolbar.locator("button").evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-label")));
    await ar.keyboard.press("ArrowLeft");
    expect(await label()).toBe(order[(order.indexOf(first) + 1) % order.length]);
    await ar.keyboard.press("ArrowRight");
    expect(await label()).toBe(first);
    await ar.keyboard.press("Escape");
    await expect.poll(async () => (await focused(ar)).testid).toBe("editor-content");
    if (process.env.SCREENSHOT_DIR) await ar.screenshot({ path: `${process.env.SCREENSHOT_DIR}/issue21-editor-arabic.png` });
    // The page the server wrote in Arabic is the page the browser took over: no hydration mismatch.
    expect(consoleErrors.filter((e) => /hydrat|#418|#423|#425/i.test(e))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
