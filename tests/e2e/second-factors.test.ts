import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser } from "../helpers/browser";
import { createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { totpCode } from "../helpers/second-factors";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 27 in Chromium: a passkey added on /settings/security with Chromium's virtual WebAuthn
// authenticator (DevTools protocol) signs in without a password and serves as the second step;
// TOTP set up with a computed code, then the sign-in asks for (and takes) a computed code.

describe.runIf(browserAvailable())("second factors in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  // WebAuthn refuses an IP address as relying party: the browser reaches the server as localhost.
  let origin: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    origin = server.url.replace("127.0.0.1", "localhost");
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedInPage(user: TestUser): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ baseURL: origin });
    const cookie = await sessionCookieFor(user.id);
    await context.addCookies([{ name: cookie.name, value: cookie.value, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" }]);
    const page = await context.newPage();
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    return { context, page };
  }

  async function hydrated(page: Page) {
    await page.waitForFunction(() => Boolean((window as unknown as { __remixContext?: unknown }).__remixContext));
  }

  async function logOut(page: Page) {
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("link", { name: "Log in" }).first().waitFor({ timeout: 30_000 });
  }

  async function passwordStep(page: Page, user: TestUser) {
    await page.goto("/login");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await Promise.all([page.waitForURL(/\/login\/second-factor/), page.getByRole("button", { name: "Log in" }).click()]);
    await hydrated(page);
  }

  it("adds a passkey with a virtual authenticator, signs in with it without a password, and uses it as the second step", { timeout: 180_000 }, async () => {
    const user = await createUser({ name: "Ada Passkey" });
    const { context, page } = await signedInPage(user);
    const cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable", { enableUI: false });
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });

    await page.goto("/settings/security");
    await hydrated(page);
    await page.getByLabel("Name of the new passkey").fill("Test laptop");
    await Promise.all([page.waitForURL(/notice=passkeyAdded/), page.getByTestId("passkey-add").click()]);
    await expect.poll(() => page.getByTestId("passkey-list").textContent(), { timeout: 30_000 }).toContain("Test laptop");
    // A discoverable credential for this site lives on the authenticator.
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials.map((c) => [c.rpId, c.isResidentCredential])).toEqual([["localhost", true]]);

    // Password-less: log out, then "Sign in with a passkey" on /login.
    await logOut(page);
    await page.goto("/login");
    await hydrated(page);
    await Promise.all([page.waitForURL((url) => url.pathname === "/"), page.getByRole("button", { name: "Sign in with a passkey" }).click()]);
    await expect.poll(() => page.getByTestId("signed-in-as").textContent(), { timeout: 30_000 }).toContain("Ada Passkey");

    // As the second step after the password.
    await logOut(page);
    await passwordStep(page, user);
    expect((await context.cookies()).some((c) => c.name === "cw_session")).toBe(false);
    await Promise.all([page.waitForURL((url) => url.pathname === "/"), page.getByRole("button", { name: "Use a passkey" }).click()]);
    await expect.poll(() => page.getByTestId("signed-in-as").textContent(), { timeout: 30_000 }).toContain("Ada Passkey");
    await context.close();
  });

  it("sets up TOTP with a computed code, then signs in with the password and a computed code", { timeout: 180_000 }, async () => {
    const user = await createUser({ name: "Grace Totp" });
    const { context, page } = await signedInPage(user);
    await page.goto("/settings/security");
    await hydrated(page);
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    await page.getByTestId("totp-qr").waitFor();
    const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s+/g, "");
    await page.getByLabel("Six-digit code").fill(totpCode(secret));
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.getByTestId("recovery-codes").waitFor();
    expect(await page.getByTestId("recovery-codes").locator("li").count()).toBe(10);
    // The card says TOTP is on once the page's data has been read again after the action.
    await page.getByTestId("totp-status").waitFor({ timeout: 30_000 });

    await logOut(page);
    await passwordStep(page, user);
    // The next step's code: the one used at setup is spent.
    await page.getByLabel("Six-digit code").fill(totpCode(secret, Date.now() + 30_000));
    await Promise.all([page.waitForURL((url) => url.pathname === "/"), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
    await expect.poll(() => page.getByTestId("signed-in-as").textContent(), { timeout: 30_000 }).toContain("Grace Totp");
    expect(consoleErrors.filter((e) => !/passkey ceremony/.test(e))).toEqual([]);
    await context.close();
  });
});
