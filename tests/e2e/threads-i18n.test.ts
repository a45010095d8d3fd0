import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, startThread } from "../helpers/threads";

// Issue 21 in a real browser: a thread page in Arabic hydrates without a mismatch (the server's
// words are the browser's), posting works with the Arabic labels, and the person mentioned reads
// the notification in their own language (Russian) in the bell.

describe.runIf(browserAvailable())("threads in Arabic and Russian in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let amal: TestUser, irina: TestUser;
  let slug: string;
  const tag = Date.now().toString(36);

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    amal = await createUser({ name: "Amal Haddad", email: `amal.${tag}@example.org` });
    irina = await createUser({ name: "Irina Petrova", email: `irina.${tag}@example.org` });
    await getDb().updateTable("users").set({ language: "ar" }).where("id", "=", amal.id).execute();
    await getDb().updateTable("users").set({ language: "ru" }).where("id", "=", irina.id).execute();
    const coalition = await createCoalition({ name: "Multilingual Coalition", visibility: "private" });
    slug = coalition.slug;
    await addMember(coalition.id, amal.id, "member");
    await addMember(coalition.id, irina.id, "member");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(user: TestUser, path: string) {
    const context = await loggedInContext(browser, server.url, user.id);
    const page = await context.newPage();
    const messages: string[] = [];
    page.on("console", (m) => messages.push(`${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => messages.push(`pageerror: ${e.message}`));
    await page.goto(path);
    return { page, messages, close: () => context.close() };
  }

  it("posts in Arabic (rtl, no hydration mismatch) and the mention reaches a Russian reader in Russian", async () => {
    const threadId = await startThread(await clientAs(server.url, amal.id), slug, "خطة العمل 2027", "المشاركة الأولى.");
    const path = `/coalitions/${slug}/threads/${threadId}`;
    const a = await open(amal, path);
    expect(await a.page.locator("html").getAttribute("dir")).toBe("rtl");
    await expect.poll(() => a.page.getByTestId("thread-page").getAttribute("data-live")).toBe("connected");

    const text = `مرحبًا @${irina.handle} ${tag}`;
    await a.page.getByLabel("مشاركتك").fill(text);
    expect(await a.page.getByLabel("مشاركتك").getAttribute("dir")).toBe("auto");
    await a.page.getByRole("button", { name: "نشر", exact: true }).click();
    await expect.poll(() => a.page.locator('[data-testid="post"]').count()).toBe(2);
    expect(await a.page.getByText("مشاركتان").count()).toBeGreaterThan(0);
    expect(a.messages.filter((m) => /hydrat|did not match|pageerror|Minified React error|^error:/i.test(m))).toEqual([]);
    await a.close();

    const r = await open(irina, "/notifications");
    expect(await r.page.locator("html").getAttribute("lang")).toBe("ru");
    const line = `Amal Haddad упомянул(а) вас в обсуждении «خطة العمل 2027»`;
    await expect.poll(() => r.page.getByTestId("notification-list").textContent()).toContain(line);
    expect(await r.page.getByTestId("notifications-menu").locator("summary").getAttribute("aria-label")).toBe("Уведомления, 1 непрочитанное");
    expect(r.messages.filter((m) => /hydrat|did not match|pageerror|Minified React error|^error:/i.test(m))).toEqual([]);
    await r.close();
  });
});
