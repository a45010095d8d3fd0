import type { Browser, BrowserContext, Page, WebSocket as PwWebSocket } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, launchBrowser, loginThroughForm } from "../helpers/browser";
import { addMember, createCoalition, createDocument, createUser, DEFAULT_PASSWORD, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 27 in Chromium: a person signed in on two browsers ends the other one from
// /settings/security (its open document's websocket closes), then asks to delete the account,
// is signed out, and cancels the deletion by signing in again.

describe.runIf(browserAvailable())("sessions and leaving in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let laptop: BrowserContext;
  let phone: BrowserContext;
  let user: TestUser;
  let slug: string;
  let documentId: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    user = await createUser({ name: "Noor Secure" });
    const coalition = await createCoalition({ visibility: "private" });
    slug = coalition.slug;
    await addMember(coalition.id, user.id, "member");
    documentId = (await createDocument(coalition.id, user.id, { title: "Safety notes" })).id;
    laptop = await browser.newContext({ baseURL: server.url });
    phone = await browser.newContext({
      baseURL: server.url,
      userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    });
  });
  afterAll(async () => {
    await laptop?.close();
    await phone?.close();
    await browser?.close();
    await server?.close();
  });

  it("signs out the other browser from the sessions list: its document socket closes and it is signed out", { timeout: 180_000 }, async () => {
    const phonePage = await phone.newPage();
    await loginThroughForm(phonePage, user.email, DEFAULT_PASSWORD);
    const socket = new Promise<PwWebSocket>((resolve) => phonePage.on("websocket", (ws) => ws.url().includes("/collab/") && resolve(ws)));
    await phonePage.goto(`/coalitions/${slug}/documents/${documentId}`);
    const ws = await socket;
    const wsClosed = new Promise<void>((resolve) => (ws.isClosed() ? resolve() : ws.on("close", () => resolve())));

    const page: Page = await laptop.newPage();
    await loginThroughForm(page, user.email, DEFAULT_PASSWORD);
    await page.goto("/settings/security");
    const items = page.getByTestId("session-item");
    await expect.poll(() => items.count()).toBe(2);
    expect(await page.locator('[data-current="yes"]').textContent()).toContain("This device");
    const other = page.locator('[data-current="no"]');
    expect(await other.textContent()).toContain("Android");
    // By keyboard: focus the other session's button and press Enter.
    await other.getByRole("button", { name: /^Sign out / }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("security-notice").textContent()).toContain("That session is signed out.");
    await expect.poll(() => items.count()).toBe(1);

    await wsClosed;
    await phonePage.goto("/settings/security");
    expect(new URL(phonePage.url()).pathname).toBe("/login");
  });

  it("asks to delete the account (password, confirmation), is signed out, and signing in again cancels it", { timeout: 180_000 }, async () => {
    const page = await laptop.newPage();
    await page.goto("/settings/security");
    await page.getByLabel("Your password").fill("not my password");
    await page.getByLabel(/I understand that after 14 days/).check();
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect.poll(() => page.locator("#delete-password-error").textContent()).toBe("That is not your password.");
    expect(await page.getByLabel(/I understand that after 14 days/).isChecked()).toBe(true);

    await page.getByLabel("Your password").fill(DEFAULT_PASSWORD);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await page.waitForURL(/\/login\?notice=deletion-scheduled/);
    expect(await page.getByRole("status").first().textContent()).toContain("Your account will be deleted in 14 days");
    expect((await getDb().selectFrom("users").select("deletion_due_at").where("id", "=", user.id).executeTakeFirstOrThrow()).deletion_due_at).not.toBeNull();

    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(DEFAULT_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/\/settings\/security\?notice=deletion-cancelled/);
    expect(await page.getByTestId("security-notice").textContent()).toContain("signing in has cancelled that");
    expect((await getDb().selectFrom("users").select("deletion_due_at").where("id", "=", user.id).executeTakeFirstOrThrow()).deletion_due_at).toBeNull();
  });
});
