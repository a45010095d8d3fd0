import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { createPost, createThread } from "../helpers/search-fixtures";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 21: five key pages in Arabic (right to left) and Chinese, on a desktop and on a phone:
// nothing runs past the screen's edge, and a paragraph people wrote in another script takes its
// own direction.
// SCREENSHOT_DIR keeps screenshots: <lang>-<page>.png (1280 px; docs/screenshots/ has that set) and
// <lang>-<page>-phone.png (390 px).

const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });

describe.runIf(browserAvailable())("Arabic and Chinese layouts in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let member: TestUser;
  let slug: string, documentId: string, threadId: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    member = await createUser({ name: "ليلى حداد", organization: "شبكة الإنترنت المفتوحة", stakeholder_group: "civil", region: "african" });
    const other = await createUser({ name: "王芳" });
    const coalition = await createCoalition({ name: "الائتلاف الديناميكي المعني بإمكانية الوصول", visibility: "public", join_policy: "open", description: "نعمل من أجل إنترنت يمكن للجميع الوصول إليه. 我们致力于让每个人都能使用互联网。" });
    await createCoalition({ name: "动态联盟：开放标准", visibility: "public", description: "开放标准与互操作性。" });
    slug = coalition.slug;
    await addMember(coalition.id, member.id, "coordinator");
    await addMember(coalition.id, other.id, "member");
    documentId = (await createDocument(coalition.id, member.id, { title: "مبادئ إمكانية الوصول" })).id;
    await writeContent(documentId, docJson("مبادئ إمكانية الوصول", "يجب أن تعمل كل صفحة بلوحة المفاتيح وحدها (WCAG 2.1).", "每个页面都应能仅用键盘操作。"), member.id);
    threadId = (await createThread({ coalitionId: coalition.id, userId: member.id, title: "التنقل بلوحة المفاتيح في المحرر" })).id;
    await createPost({ threadId, userId: member.id, body: "ما اختصارات لوحة المفاتيح التي ينبغي توثيقها؟ Ctrl+B مثلًا." });
    await createPost({ threadId, userId: other.id, body: "我认为应在帮助页面中列出所有快捷键。" });
    context = await loggedInContext(browser, server.url, member.id);
  });
  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  const pages = [
    { name: "directory", path: () => "/" },
    { name: "coalition", path: () => `/coalitions/${slug}` },
    {
      name: "document",
      path: () => `/coalitions/${slug}/documents/${documentId}`,
      ready: (page: Page) => expect.poll(() => page.getByTestId("editor-status").getAttribute("data-state"), { timeout: 20_000 }).toMatch(/saved|reading/),
    },
    { name: "thread", path: () => `/coalitions/${slug}/threads/${threadId}` },
    { name: "accessibility", path: () => "/accessibility" },
  ];

  for (const lang of ["ar", "zh"] as const) {
    for (const p of pages) {
      it(`${lang}: ${p.name} fits the screen, desktop and phone`, { timeout: 60_000 }, async () => {
        const page = await context.newPage();
        try {
          for (const width of [1280, 390]) {
            await page.setViewportSize({ width, height: 900 });
            await page.goto(`${p.path()}?lang=${lang}`);
            if (p.ready) await p.ready(page);
            await page.evaluate(() => document.fonts.ready.then(() => undefined));
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            expect(overflow, `${lang} ${p.name} at ${width} px runs past the edge by ${overflow} px`).toBeLessThanOrEqual(0);
            if (shots && width === 1280) await page.screenshot({ path: join(shots, `${lang}-${p.name}.png`), fullPage: true });
            if (shots && width === 390) await page.screenshot({ path: join(shots, `${lang}-${p.name}-phone.png`), fullPage: true });
          }
        } finally {
          await page.close();
        }
      });
    }
  }

  it("a paragraph in another script takes its own direction: Chinese left to right in Arabic, Arabic right to left in Chinese", { timeout: 60_000 }, async () => {
    const page = await context.newPage();
    try {
      /** Where a one-line paragraph's text sits in its box (its own direction's start), and where its last character is drawn. */
      const layout = (text: string) =>
        page.evaluate((t) => {
          const p = Array.from(document.querySelectorAll(".prose-content p")).find((el) => el.textContent?.includes(t))!;
          const node = p.firstChild!;
          const length = node.textContent!.length;
          const box = p.getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(p);
          const all = range.getBoundingClientRect();
          range.setStart(node, length - 1);
          range.setEnd(node, length);
          const last = range.getBoundingClientRect();
          const side = Math.abs(all.left - box.left) < 2 ? "left" : Math.abs(all.right - box.right) < 2 ? "right" : "middle";
          const lastAt = Math.abs(last.right - all.right) < 2 ? "right" : Math.abs(last.left - all.left) < 2 ? "left" : "middle";
          return { side, lastAt };
        }, text);
      // Chinese in an Arabic page: aligned left, its full stop at the right end of the line.
      await page.goto(`/coalitions/${slug}/threads/${threadId}?lang=ar`);
      expect(await layout("我认为")).toEqual({ side: "left", lastAt: "right" });
      expect(await layout("ما اختصارات")).toEqual({ side: "right", lastAt: "left" });
      // Arabic in a Chinese page: aligned right, its final full stop at the left end.
      await page.goto(`/coalitions/${slug}/threads/${threadId}?lang=zh`);
      expect(await layout("ما اختصارات")).toEqual({ side: "right", lastAt: "left" });
      expect(await layout("我认为")).toEqual({ side: "left", lastAt: "right" });
    } finally {
      await page.close();
    }
  });
});
