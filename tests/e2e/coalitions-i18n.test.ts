import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 21 in Chromium: the coalitions pages in Arabic hydrate without a mismatch, read right to
// left, and what the browser renders after a form (the notice, the table) stays in Arabic.

describe.runIf(browserAvailable())("the coalitions pages in Arabic, in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the directory, a coalition and its members in Arabic, and changes a role there", async () => {
    const coalition = await createCoalition({ name: "Arabic Browser Coalition", join_policy: "approval" });
    const coordinator = await createUser({ name: "Cora Coordinator", stakeholder_group: "civil" });
    const member = await createUser({ name: "Mona Member", stakeholder_group: "academic" });
    await addMember(coalition.id, coordinator.id, "coordinator");
    await addMember(coalition.id, member.id, "member");

    const context = await loggedInContext(browser, server.url, coordinator.id);
    await context.addCookies([{ name: "lang", value: "ar", domain: new URL(server.url).hostname, path: "/" }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto("/");
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    await page.getByRole("heading", { name: "الائتلافات الديناميكية" }).waitFor();
    await page.getByRole("heading", { name: "ائتلافاتي" }).waitFor();

    await page.goto(`/coalitions/${coalition.slug}`);
    await page.getByRole("navigation", { name: "الائتلاف" }).getByRole("link", { name: "الأعضاء" }).click();
    await page.waitForURL(`**/coalitions/${coalition.slug}/members`);
    await page.getByRole("table", { name: "أعضاء الائتلاف" }).waitFor();

    // Change Mona's role with the row's own form; the notice after the redirect is in Arabic.
    const row = page.getByTestId("member-row").filter({ hasText: "Mona Member" });
    await row.getByRole("combobox", { name: "دور Mona Member" }).selectOption("observer");
    await row.getByRole("button", { name: "حفظ" }).click();
    await expect.poll(() => page.getByText("تم تغيير الدور.").count()).toBe(1);
    await expect.poll(() => page.getByTestId("audit-log").textContent()).toContain("غيّر Cora Coordinator دور Mona Member من عضو إلى مراقب");

    expect(errors.filter((e) => /hydrat|did not match|Minified React error #4(18|19|23|25)|Content Security Policy|Refused/i.test(e))).toEqual([]);
    await context.close();
  });
});
