import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { createUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";

describe.runIf(browserAvailable())("the app in Chromium", () => {
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

  it("hydrates the directory without CSP violations and shows who is signed in", async () => {
    const user = await createUser({ name: "Ada Lovelace" });
    const context = await loggedInContext(browser, server.url, user.id);
    const page = await context.newPage();
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto("/");
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain("Ada Lovelace");
    await page.getByRole("link", { name: "Open Standards" }).click();
    await page.waitForURL(/\/coalitions\/open-standards$/);
    await expect.poll(() => page.getByTestId("coalition-description").textContent()).toContain("open standards");
    expect(errors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
    await context.close();
  });
});
