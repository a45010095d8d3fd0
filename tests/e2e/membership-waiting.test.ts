import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { createThread } from "../helpers/search-fixtures";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 19 in Chromium: a join request reaches the coordinator's bell, the Members badge and
// "My coalitions". SCREENSHOT_DIR keeps the screenshots (desktop 1280 px, phone 390 px).
const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });

describe.runIf(browserAvailable())("a waiting join request in Chromium", () => {
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

  it("reaches the coordinator's bell, the Members badge and My coalitions; deciding it clears the count", async () => {
    const coalition = await createCoalition({
      name: "Net Neutrality Coalition",
      join_policy: "approval",
      description: "The coalition works on **network neutrality**: how traffic is managed and who decides.\n\n- a yearly policy statement\n- a model framework, see [our output](https://example.org/nn)",
    });
    await getDb()
      .updateTable("coalitions")
      .set({ website: "https://netneutrality.example.org", mailing_list: "dc-nn@lists.example.org", contact_email: "coordinators@netneutrality.example.org" })
      .where("id", "=", coalition.id)
      .execute();
    const coordinator = await createUser({ name: "Cora Coordinator" });
    await addMember(coalition.id, coordinator.id, "coordinator");
    const other = await createCoalition({ name: "Internet Rights and Principles" });
    await addMember(other.id, coordinator.id, "member");
    const author = await createUser({ name: "Tomás Author" });
    await addMember(other.id, author.id, "member");
    await createThread({ coalitionId: other.id, userId: author.id, title: "Charter review 2027" });
    const applicant = await createUser({ name: "Ada Applicant" });

    const applicantContext = await loggedInContext(browser, server.url, applicant.id);
    const page = await applicantContext.newPage();
    await page.goto(`/coalitions/${coalition.slug}/join`);
    await page.getByLabel("Why do you want to join?").fill("I study traffic management.");
    await page.getByLabel("Stakeholder group").selectOption("academic");
    await page.getByLabel("Organization").fill("University of Somewhere");
    await page.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => page.getByTestId("my-request").textContent()).toContain("waiting for the coordinators");

    const coordContext = await loggedInContext(browser, server.url, coordinator.id);
    const coordPage = await coordContext.newPage();
    await coordPage.setViewportSize({ width: 1280, height: 900 });
    await coordPage.goto("/");
    // The bell: an unread count, and the request in its menu.
    await expect.poll(() => coordPage.getByTestId("unread-count").textContent()).toBe("1");
    await coordPage.locator("summary[aria-label='Notifications, 1 unread']").click();
    await expect.poll(() => coordPage.getByTestId("notification-item").first().textContent()).toContain("Ada Applicant asks to join Net Neutrality Coalition");
    await coordPage.keyboard.press("Escape");
    await coordPage.goto("/");
    // My coalitions: the count, as words.
    const card = coordPage.getByTestId("my-coalition").filter({ hasText: "Net Neutrality Coalition" });
    await expect.poll(() => card.getByTestId("my-coalition-pending").textContent()).toBe("1 pending request to decide");
    expect(await coordPage.getByTestId("my-coalition").filter({ hasText: "Internet Rights and Principles" }).textContent()).toContain("1 new thread");
    expect(await coordPage.getByTestId("activity-item").first().getAttribute("data-type")).toBe("join.requested");
    if (shots) {
      await coordPage.screenshot({ path: join(shots, "issue19-home-my-coalitions-desktop.png"), fullPage: false });
      await coordPage.setViewportSize({ width: 390, height: 844 });
      await coordPage.screenshot({ path: join(shots, "issue19-home-my-coalitions-phone.png"), fullPage: false });
      await coordPage.setViewportSize({ width: 1280, height: 900 });
    }

    // The Members tab's badge: a number, and its words for screen readers.
    await coordPage.goto(`/coalitions/${coalition.slug}`);
    const membersTab = coordPage.getByRole("navigation", { name: "Coalition" }).getByRole("link", { name: /Members/ });
    await expect.poll(() => membersTab.getByTestId("pending-badge").textContent()).toBe("11 pending request");
    expect(await membersTab.getAttribute("aria-label")).toBeNull();
    expect(await coordPage.getByRole("link", { name: "Members 1 pending request" }).count()).toBe(1);

    expect(await coordPage.getByTestId("coalition-contact").textContent()).toContain("dc-nn@lists.example.org");
    if (shots) {
      await coordPage.screenshot({ path: join(shots, "issue19-coalition-page-desktop.png"), fullPage: true });
      await coordPage.setViewportSize({ width: 390, height: 844 });
      await coordPage.screenshot({ path: join(shots, "issue19-coalition-page-phone.png"), fullPage: true });
      await coordPage.setViewportSize({ width: 1280, height: 900 });
    }
    await membersTab.click();
    await coordPage.waitForURL(/\/members$/);
    const request = coordPage.getByTestId("pending-request").filter({ hasText: "Ada Applicant" });
    await request.getByLabel("Approve as").selectOption("member");
    await request.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => coordPage.getByTestId("pending-request").count()).toBe(0);
    // The badge goes away once the request is decided.
    await expect.poll(() => membersTab.getByTestId("pending-badge").count()).toBe(0);
    await coordPage.goto("/");
    await expect.poll(() => coordPage.getByTestId("my-coalitions").textContent()).not.toContain("pending request");
    await applicantContext.close();
    await coordContext.close();
  });

  it("a site admin who is not a member appoints a coordinator from the coalition page; the field is cleared after; role boxes follow the join policy", async () => {
    const coalition = await createCoalition({ name: "Fresh Coalition", join_policy: "approval" });
    const admin = await createUser({ name: "Sam Admin", isSiteAdmin: true });
    const future = await createUser({ name: "Fran Future" });
    const context = await loggedInContext(browser, server.url, admin.id);
    const page = await context.newPage();
    await page.goto(`/coalitions/${coalition.slug}`);
    expect(await page.getByText("Request to join").count()).toBe(0);
    await page.getByTestId("appoint-link").click();
    await page.waitForURL(/\/members#appoint$/);
    const email = page.getByLabel("Email of the account");
    await email.fill(future.email);
    await page.getByRole("button", { name: "Appoint coordinator" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Coordinator appointed");
    await expect.poll(() => email.inputValue()).toBe("");

    await page.goto(`/coalitions/${coalition.slug}/settings`);
    const member = page.getByRole("checkbox", { name: /Member/ });
    await expect.poll(() => member.isDisabled()).toBe(true);
    await page.getByRole("radio", { name: /^Open/ }).check();
    await expect.poll(() => member.isDisabled()).toBe(false);
    await page.getByRole("radio", { name: /^By invitation/ }).check();
    await expect.poll(() => member.isDisabled()).toBe(true);
    await context.close();
  });
});
