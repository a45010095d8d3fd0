import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserById } from "../../db/queries/users";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { createUser } from "../helpers/factories";
import { getDb, startTestServer, type TestServer } from "../helpers/server";

// Issue 21: the header's switcher keeps the person on the same page with what they typed (with
// JavaScript: in place), works without JavaScript (a plain ?lang= link), and <html lang dir> follow.

describe.runIf(browserAvailable())("switching language in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("switches in place with JavaScript: same page, the form's input kept, right-to-left for Arabic, remembered", async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: "en-US" });
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto("/signup");
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    await page.locator("input[name=name]").fill("Amina Haddad");
    await page.locator("input[name=email]").fill("amina@example.org");
    const switcher = page.getByTestId("language-switcher");
    await switcher.locator("summary").click();
    await switcher.getByTestId("language-ar").click();
    await expect.poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir].join(" "))).toBe("ar rtl");
    await expect.poll(() => page.getByTestId("site-header").innerText()).toContain("تسجيل الدخول");
    expect(new URL(page.url()).pathname).toBe("/signup");
    expect(await page.locator("input[name=name]").inputValue()).toBe("Amina Haddad");
    expect(await page.locator("input[name=email]").inputValue()).toBe("amina@example.org");
    // The switcher names Arabic now, and the choice holds on the next page.
    expect(await switcher.locator("summary").innerText()).toContain("العربية");
    await page.goto("/login");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ar");
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("works without JavaScript: the link reloads the same page in the chosen language", async () => {
    const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false, locale: "en-US" });
    const page = await context.newPage();
    await page.goto("/calendar");
    await page.getByTestId("language-switcher").locator("summary").click();
    await page.getByTestId("language-zh").click();
    await page.waitForURL(/\/calendar\?lang=zh$/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-Hans");
    expect(await page.getByTestId("site-header").innerText()).toContain("登录");
    await context.close();
  }, 60_000);

  it("saves a signed-in person's choice on the profile", async () => {
    const user = await createUser({ name: "Olga Sokolova" });
    const context = await loggedInContext(browser, server.url, user.id);
    const page = await context.newPage();
    await page.goto("/");
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    await page.getByTestId("language-switcher").locator("summary").click();
    await page.getByTestId("language-ru").click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("ru");
    await expect.poll(async () => (await findUserById(getDb(), user.id))?.language).toBe("ru");
    await context.close();
  }, 60_000);
});
