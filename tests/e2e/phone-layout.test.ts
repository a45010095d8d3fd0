import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { JSONContent } from "@tiptap/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, startThread } from "../helpers/threads";

// Issue 19 at 390 px: no page scrolls sideways (wide tables and long words scroll or wrap in
// their own box), the site header stays within 120 px, the coalition's tab bar scrolls by itself
// with its focus rings whole. SCREENSHOT_DIR keeps the screenshots.

const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });

const LONG = "https://example.org/a-very-long-address-without-any-place-to-break-it-for-a-narrow-phone-screen";
const cells = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ type: "tableCell", content: [{ type: "paragraph", content: [{ type: "text", text: `${prefix} column ${i + 1} wide words` }] }] }));
const wideDocument: JSONContent = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "Regional internet exchange points" }] },
    { type: "paragraph", content: [{ type: "text", text: `Sources: ${LONG}` }] },
    { type: "table", content: [{ type: "tableRow", content: cells(6, "Header") }, { type: "tableRow", content: cells(6, "Value") }] },
  ],
};

describe.runIf(browserAvailable())("the phone layout (390 px) in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let coordinator: TestUser;
  let slug: string;
  let documentId: string;
  let threadId: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    coordinator = await createUser({ name: "Grace Brewster Murray Hopper", email: `grace.hopper.with.a.long.address.${Date.now()}@example.org` });
    const coalition = await createCoalition({ name: "Dynamic Coalition on Accessibility and Disability" });
    slug = coalition.slug;
    await addMember(coalition.id, coordinator.id, "coordinator");
    for (const name of ["Ada Lovelace", "Bruno Costa", "Chen Wei"]) await addMember(coalition.id, (await createUser({ name, organization: "Organisation with a rather long official name" })).id, "member");
    documentId = (await createDocument(coalition.id, coordinator.id, { title: "Exchange points" })).id;
    await writeContent(documentId, wideDocument);
    threadId = await startThread(await clientAs(server.url, coordinator.id), slug, "Captioning at the annual meeting", `Long link: ${LONG}\n\n| a | b | c | d | e | f |\n|---|---|---|---|---|---|\n| one wide cell | two wide cell | three wide cell | four wide cell | five wide cell | six wide cell |`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phonePage(): Promise<Page> {
    const context = await loggedInContext(browser, server.url, coordinator.id);
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    return page;
  }
  const overflow = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  const headerHeight = (page: Page) => page.getByTestId("site-header").evaluate((el) => el.getBoundingClientRect().height);

  it("scrolls no page sideways and keeps the header within 120 px", async () => {
    const page = await phonePage();
    for (const [name, path] of [
      ["document", `/coalitions/${slug}/documents/${documentId}`],
      ["thread", `/coalitions/${slug}/threads/${threadId}`],
      ["members", `/coalitions/${slug}/members`],
    ] as const) {
      await page.goto(path);
      if (name === "document") await page.getByTestId("editor-content").waitFor();
      await page.waitForLoadState("networkidle");
      const { scroll, client } = await overflow(page);
      expect(scroll, `${name} page scrolls sideways`).toBeLessThanOrEqual(client);
      expect(await headerHeight(page), `${name} page header`).toBeLessThanOrEqual(120);
      if (shots) await page.screenshot({ path: join(shots, `issue19-editor-phone-${name}.png`) });
    }
    // The members table did not just get cut off: it scrolls inside its box.
    const box = page.getByTestId("members-table-box");
    expect(await box.evaluate((el) => getComputedStyle(el).overflowX)).toBe("auto");
  }, 60_000);

  it("lets the coalition tab bar scroll by itself, snapping, with whole focus rings", async () => {
    const page = await phonePage();
    await page.goto(`/coalitions/${slug}/members`);
    const tabs = page.getByTestId("coalition-tabs");
    const bar = await tabs.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX, snap: getComputedStyle(el).scrollSnapType }));
    expect(bar.scroll).toBeGreaterThan(bar.client); // six tabs do not fit in 390 px…
    expect(bar.overflow).toBe("auto"); // …so the bar scrolls, not the page
    expect(bar.snap).toContain("x");
    if (shots) await page.screenshot({ path: join(shots, "issue19-editor-phone-tabs.png"), clip: { x: 0, y: 0, width: 390, height: 320 } });
    // Keyboard focus on the last tab (brought into view): its ring is drawn inside the bar.
    const last = tabs.getByRole("link").last();
    await last.focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    const geometry = await last.evaluate((el) => {
      const s = getComputedStyle(el);
      const ring = parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset);
      const r = el.getBoundingClientRect();
      const b = el.parentElement!.getBoundingClientRect();
      return { focused: document.activeElement === el, style: s.outlineStyle, top: r.top - ring - b.top, bottom: b.bottom - (r.bottom + ring), left: r.left - ring - b.left, right: b.right - (r.right + ring) };
    });
    expect(geometry.focused).toBe(true);
    expect(geometry.style).not.toBe("none");
    for (const side of ["top", "bottom", "left", "right"] as const) expect(geometry[side], `ring clipped at the ${side}`).toBeGreaterThanOrEqual(-0.5);
    if (shots) await page.screenshot({ path: join(shots, "issue19-editor-phone-tab-focus.png"), clip: { x: 0, y: 0, width: 390, height: 320 } });
  }, 60_000);
});
