import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { roleOf } from "../helpers/membership";
import { createPost, createThread } from "../helpers/search-fixtures";
import { startTestServer, type TestServer } from "../helpers/server";

// Keyboard only (issue 21): three everyday tasks done with page.keyboard alone, no mouse — join
// an open coalition, write in a document, reply in a discussion. Every element the Tab key
// stops on shows its focus (an outline at 3:1 or more, or a box shadow), and where the focus is is read from
// document.activeElement.

interface Focused {
  tag: string;
  id: string;
  testId: string | null;
  name: string | null;
  value: string | null;
  type: string | null;
  href: string | null;
  inSummary: boolean;
  text: string;
  editable: boolean;
  formRole: string | null;
  formId: string | null;
  visible: boolean;
  contrast: number;
  outline: string;
  shadow: string;
}

/** What has the focus, and whether it shows (a non-"none" outline of some width at 3:1 or more against what it is drawn on, or a box shadow). */
function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && style.outlineColor !== "rgba(0, 0, 0, 0)";
    const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
    const form = el.closest("form");
    // The outline's contrast with what it is drawn on: the nearest opaque background outside the
    // element (inside it when the outline is drawn inward), colours read back through a canvas.
    const canvas = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
    const rgba = (color: string) => {
      canvas.clearRect(0, 0, 1, 1);
      canvas.fillStyle = color;
      canvas.fillRect(0, 0, 1, 1);
      return Array.from(canvas.getImageData(0, 0, 1, 1).data);
    };
    const luminance = ([r, g, b]: number[]) => {
      const c = [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
    };
    let under: Element | null = parseFloat(style.outlineOffset) < 0 ? el : el.parentElement;
    let background = [255, 255, 255, 255];
    for (; under; under = under.parentElement) {
      const bg = rgba(getComputedStyle(under).backgroundColor);
      if (bg[3]! > 200) {
        background = bg;
        break;
      }
    }
    const [a, b] = [luminance(rgba(style.outlineColor)), luminance(background)];
    const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      testId: el.getAttribute("data-testid"),
      name: el.getAttribute("name"),
      value: el.getAttribute("value"),
      type: el.getAttribute("type"),
      text: (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 60),
      href: el.getAttribute("href"),
      inSummary: Boolean(el.closest('[data-testid="error-summary"]')),
      editable: el.isContentEditable,
      formRole: form?.querySelector<HTMLInputElement>('input[name="role"]')?.value ?? null,
      formId: form?.id ?? null,
      visible: (outline && contrast >= 3) || (!outline && shadow),
      contrast: Math.round(contrast * 100) / 100,
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      shadow: style.boxShadow,
    };
  });
}

const describeFocus = (f: Focused) => `<${f.tag}${f.id ? ` id=${f.id}` : ""}${f.testId ? ` data-testid=${f.testId}` : ""}> “${f.text}” (outline: ${f.outline}, contrast ${f.contrast}:1; shadow: ${f.shadow})`;

/**
 * Presses Tab until the focus is on what `target` recognises (at most `limit` times), checking at
 * every stop that the focus can be seen. Returns the element reached.
 */
async function tabTo(page: Page, target: (f: Focused) => boolean, what: string, limit = 80, key: "Tab" | "Shift+Tab" = "Tab"): Promise<Focused> {
  const unseen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (!f) continue;
    if (!f.visible) unseen.push(describeFocus(f));
    if (target(f)) {
      expect(unseen, `focus not visible on the way to ${what}`).toEqual([]);
      return f;
    }
  }
  throw new Error(`${what}: not reached with ${limit} presses of Tab`);
}

describe.runIf(browserAvailable())("keyboard only, in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let nadia: TestUser;
  const contexts: BrowserContext[] = [];
  const tag = Date.now().toString(36);

  beforeAll(async () => {
    // A short debounce for the document's plain-text copy, so the saved text is quick to see.
    server = await startTestServer({ COLLAB_META_DELAY_MS: "300" });
    browser = await launchBrowser();
    nadia = await createUser({ name: "Nadia Keys", organization: "Screen Reader Users Network", stakeholder_group: "civil", region: "african" });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  async function open(user: TestUser, path: string): Promise<Page> {
    const context = await loggedInContext(browser, server.url, user.id);
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(path);
    return page;
  }

  it("joins an open coalition", { timeout: 90_000 }, async () => {
    const coalition = await createCoalition({ name: "Open Keyboard Coalition", join_policy: "open", visibility: "public" });
    const page = await open(nadia, `/coalitions/${coalition.slug}`);
    await page.getByTestId("join-button").waitFor();

    // The skip link comes first and leads past the header.
    const skip = await tabTo(page, (f) => f.tag === "a", "the skip link", 3);
    expect(skip.text).toBe("Skip to content");

    await tabTo(page, (f) => f.testId === "join-button", "the Join link");
    await Promise.all([page.waitForURL(/\/join$/), page.keyboard.press("Enter")]);
    await page.locator("form input[name=role][value=member]").waitFor({ state: "attached" });

    const join = await tabTo(page, (f) => f.tag === "button" && f.formRole === "member", "Join as member");
    expect(join.text).toBe("Join as member");
    await page.keyboard.press("Enter");
    await expect.poll(() => roleOf(coalition.id, nadia.id), { timeout: 15_000 }).toBe("member");
  });

  it("writes in a document: Tab into the editor, type, and the text is saved", { timeout: 90_000 }, async () => {
    const coalition = await createCoalition({ name: "Keyboard Writers", visibility: "private" });
    await addMember(coalition.id, nadia.id, "member");
    const documentId = (await createDocument(coalition.id, nadia.id, { title: "Keyboard charter" })).id;
    await writeContent(documentId, docJson("Keyboard charter", "Every control can be reached with Tab."), nadia.id);
    const page = await open(nadia, `/coalitions/${coalition.slug}/documents/${documentId}`);
    await page.getByTestId("editor-content").waitFor();
    await expect.poll(() => page.getByTestId("editor-status").getAttribute("data-state"), { timeout: 20_000 }).toMatch(/saved/);

    const editor = await tabTo(page, (f) => f.editable, "the editor");
    expect(editor.editable).toBe(true);
    const phrase = `Typed without a mouse ${tag}.`;
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type(phrase);

    await expect.poll(() => page.getByTestId("editor-content").textContent(), { timeout: 15_000 }).toContain(phrase);
    await expect
      .poll(async () => (await getDb().selectFrom("documents").select("plain_text").where("id", "=", documentId).executeTakeFirstOrThrow()).plain_text, { timeout: 20_000 })
      .toContain(phrase);
    await expect.poll(() => page.getByTestId("editor-status").getAttribute("data-state"), { timeout: 20_000 }).toBe("saved");
  });

  it("posts a reply in a thread", { timeout: 90_000 }, async () => {
    const coalition = await createCoalition({ name: "Keyboard Discussions", visibility: "public" });
    await addMember(coalition.id, nadia.id, "member");
    const author = await createUser({ name: "Omar Opening" });
    await addMember(coalition.id, author.id, "member");
    const threadId = (await createThread({ coalitionId: coalition.id, userId: author.id, title: "Shortcuts we rely on" })).id;
    await createPost({ threadId, userId: author.id, body: "Which keyboard shortcuts do you use every day?" });
    const page = await open(nadia, `/coalitions/${coalition.slug}/threads/${threadId}`);
    await expect.poll(() => page.getByTestId("thread-page").getAttribute("data-live"), { timeout: 20_000 }).toBe("connected");

    await tabTo(page, (f) => f.tag === "textarea" && f.formId === "post-form", "the reply box", 120);
    const reply = `Tab, Shift+Tab and Enter, mostly ${tag}.`;
    await page.keyboard.type(reply);
    const post = await tabTo(page, (f) => f.tag === "button" && f.type === "submit" && f.formId === "post-form" && f.value !== "preview", "the Post button", 5);
    expect(post.text).toBe("Post");
    await page.keyboard.press("Enter");

    await expect
      .poll(async () => (await getDb().selectFrom("posts").select("body").where("thread_id", "=", threadId).execute()).map((p) => p.body), { timeout: 15_000 })
      .toContain(reply);
    await expect.poll(() => page.getByTestId("thread-page").textContent(), { timeout: 15_000 }).toContain(reply);
  });

  it("a refused form lists its errors at the top, and each link takes the focus to its field", { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ baseURL: server.url });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto("/signup");
    await page.locator("#field-email").waitFor();
    await page.waitForFunction(() => Boolean((window as unknown as { __remixContext?: unknown }).__remixContext));

    await tabTo(page, (f) => f.id === "field-email", "the Email field");
    await page.keyboard.type("not an address");
    await tabTo(page, (f) => f.tag === "button" && f.type === "submit", "the submit button");
    await page.keyboard.press("Enter");
    await page.getByTestId("error-summary").waitFor();
    // The focus moved to the summary, so the next Tab reaches its links.
    await expect.poll(async () => (await focused(page))?.testId).toBe("form-alert");
    expect((await focused(page))!.visible).toBe(true);

    const link = await tabTo(page, (f) => f.inSummary && f.href === "#field-email", "the summary's link to Email", 5);
    expect(link.text).toMatch(/^Email: /);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("field-email");
    expect(await page.locator("#field-email").inputValue()).toBe("not an address");
    expect(await page.locator("#field-email").getAttribute("aria-invalid")).toBe("true");
  });
});
