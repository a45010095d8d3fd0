import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { sessionCookieFor } from "./factories";
import { verificationPathFor } from "./mail-links";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Whether end-to-end suites can run. Without Chromium they are reported loudly as skipped;
 * with REQUIRE_BROWSER=1 (set by CI) a missing browser fails the run instead.
 */
export function browserAvailable(): boolean {
  const found = existsSync(CHROMIUM_PATH);
  if (!found) {
    if (process.env.REQUIRE_BROWSER === "1") throw new Error(`REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM_PATH}`);
    console.warn(`\n*** END-TO-END TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium) ***\n`);
  }
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/** A browser context already signed in as the user (a real session row, set as the cookie). */
export async function loggedInContext(browser: Browser, baseUrl: string, userId: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl });
  const cookie = await sessionCookieFor(userId);
  const url = new URL(baseUrl);
  await context.addCookies([{ name: cookie.name, value: cookie.value, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
  return context;
}

/**
 * A signed-in page (1280×900) on a document's live editor, once its text is mounted and its status
 * matches `settled`. The context joins `contexts` (to close after the suite) and page errors go to `errors`.
 */
export async function openEditorPage(
  browser: Browser,
  baseUrl: string,
  userId: string,
  path: string,
  sink: { contexts: BrowserContext[]; errors: string[] },
  settled: RegExp = /saved/,
): Promise<Page> {
  const context = await loggedInContext(browser, baseUrl, userId);
  sink.contexts.push(context);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  page.on("pageerror", (e) => sink.errors.push(e.message));
  await page.goto(path);
  await page.getByTestId("editor-content").waitFor();
  await expect.poll(() => page.getByTestId("editor-status").getAttribute("data-state"), { timeout: 15_000 }).toMatch(settled);
  return page;
}

/**
 * Logs in through the real /login form, as a person would, and waits until the header
 * shows the account. The page must have a baseURL (a context from `browser.newContext({ baseURL })`).
 */
export async function loginThroughForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== "/login"), page.getByRole("button", { name: "Log in" }).click()]);
  await page.getByTestId("signed-in-as").waitFor();
}

/**
 * After the sign-up form was sent: waits for the "check your inbox" page, then does what the
 * address's owner does — opens the link the app mailed (read from the job table) and confirms,
 * which signs this browser in and goes on to the sign-up's redirectTo.
 */
export async function confirmSignupThroughMail(page: Page, email: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === "/signup/check-inbox");
  await page.goto(await verificationPathFor(email));
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/verify-email/")), page.getByRole("button", { name: "Confirm address" }).click()]);
}
