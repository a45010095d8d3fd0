import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, confirmSignupThroughMail, launchBrowser, loginThroughForm } from "../helpers/browser";
import { startTestServer, type TestServer } from "../helpers/server";

// A person's first visit, through the real forms in Chromium: sign up, log out, log in, profile.

describe.runIf(browserAvailable())("accounts in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const email = "grace@example.org";
  const password = "compilers are people too";

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    context = await browser.newContext({ baseURL: server.url });
    page = await context.newPage();
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it("signs up through the form (after fixing a mistake), logs out, logs in, sees the name, opens a coalition", { timeout: 90_000 }, async () => {
    await page.goto("/");
    await page.getByRole("link", { name: "Sign up" }).click();
    await page.waitForURL(/\/signup$/);

    // A too-short password first: the form answers on the field and keeps name and email.
    await page.getByLabel("Name").fill("Grace Hopper");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect.poll(() => page.locator("#field-password-error").textContent()).toBe("Use at least 8 characters.");
    expect(await page.getByLabel("Name").inputValue()).toBe("Grace Hopper");
    expect(await page.getByLabel("Email").inputValue()).toBe(email);

    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign up" }).click();
    // No session yet: the page asks to follow the mailed link, which signs in.
    await page.waitForURL((url) => url.pathname === "/signup/check-inbox");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Check your inbox");
    expect(await page.getByTestId("signed-in-as").count()).toBe(0);
    await confirmSignupThroughMail(page, email);
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain("Grace Hopper");
    expect(new URL(page.url()).pathname).toBe("/");

    await page.getByRole("button", { name: "Log out" }).click();
    await expect.poll(() => page.getByRole("link", { name: "Log in" }).count()).toBe(1);
    expect(await page.getByTestId("signed-in-as").count()).toBe(0);
    expect((await context.cookies()).find((c) => c.name === "cw_session")).toBeUndefined();

    // A wrong password first: one generic message.
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toBe("That email and password do not match an account.");

    await loginThroughForm(page, email, password);
    expect(await page.getByTestId("signed-in-as").textContent()).toContain("Grace Hopper");
    const cookie = (await context.cookies()).find((c) => c.name === "cw_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");

    await page.getByRole("link", { name: "Child Online Safety" }).click();
    await page.waitForURL(/\/coalitions\/child-online-safety$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Child Online Safety");
    await expect.poll(() => page.getByTestId("coalition-description").textContent()).toContain("children");
    expect(await page.getByText("Save the Children").count()).toBeGreaterThan(0);
  });

  it("edits the profile and sees it saved, in the form and in the header", async () => {
    await page.getByTestId("signed-in-as").click();
    await page.waitForURL(/\/settings\/profile$/);
    await page.getByLabel("Name").fill("Grace Brewster Hopper");
    await page.getByLabel("Organization").fill("US Navy");
    await page.getByLabel("Stakeholder group").selectOption("government");
    await page.getByLabel("Region").selectOption("weog");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toBe("Your profile is saved.");
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain("Grace Brewster Hopper");

    await page.reload();
    expect(await page.getByLabel("Name").inputValue()).toBe("Grace Brewster Hopper");
    expect(await page.getByLabel("Organization").inputValue()).toBe("US Navy");
    expect(await page.getByLabel("Stakeholder group").inputValue()).toBe("government");
    expect(await page.getByLabel("Region").inputValue()).toBe("weog");
    const row = await getDb().selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "Grace Brewster Hopper", organization: "US Navy", stakeholder_group: "government", region: "weog" });

    // An empty name is refused on its field; the other values stay as typed.
    await page.getByLabel("Name").fill("");
    await page.getByLabel("Organization").fill("Harvard");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect.poll(() => page.locator("#field-name-error").textContent()).toBe("Enter your name.");
    expect(await page.getByLabel("Organization").inputValue()).toBe("Harvard");
    const unchanged = await getDb().selectFrom("users").select("organization").where("email", "=", email).executeTakeFirstOrThrow();
    expect(unchanged.organization).toBe("US Navy");

    expect(consoleErrors.filter((e) => /Content Security Policy|Refused|Hydration|hydrat/i.test(e))).toEqual([]);
  });

  it("switches the profile's language: the page comes back in it at once, and its forms answer in it", async () => {
    await page.goto("/settings/profile");
    await page.getByLabel("Name").fill("Grace Hopper");
    await page.getByLabel("Language", { exact: true }).selectOption("fr");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toBe("Votre profil a été enregistré.");
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Votre profil");
    expect(await page.getByLabel("Langue", { exact: true }).inputValue()).toBe("fr");

    await page.getByLabel("Langue", { exact: true }).selectOption("ar");
    await page.getByRole("button", { name: "Enregistrer le profil" }).click();
    await expect.poll(() => page.locator("html").getAttribute("dir")).toBe("rtl");
    await expect.poll(() => page.getByRole("status").textContent()).toBe("تم حفظ ملفك الشخصي.");

    // A refusal, sent without a reload, answers in Arabic and keeps what was typed.
    await page.getByLabel("الاسم", { exact: true }).fill("");
    await page.getByLabel("المنظمة").fill("البحرية");
    await page.getByRole("button", { name: "حفظ الملف الشخصي" }).click();
    await expect.poll(() => page.locator("#field-name-error").textContent()).toBe("أدخل اسمك.");
    expect(await page.getByLabel("المنظمة").inputValue()).toBe("البحرية");
    const row = await getDb().selectFrom("users").select(["language", "name"]).where("email", "=", email).executeTakeFirstOrThrow();
    expect(row).toEqual({ language: "ar", name: "Grace Hopper" });

    expect(consoleErrors.filter((e) => /Content Security Policy|Refused|Hydration|hydrat/i.test(e))).toEqual([]);
  });
});
