import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, confirmSignupThroughMail, launchBrowser, loggedInContext } from "../helpers/browser";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";

// Membership through the real pages in Chromium: asking to join and being approved, and
// being invited by email and signing up through the link.

describe.runIf(browserAvailable())("membership in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  const consoleErrors: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a user asks to join, a coordinator approves them as member, the member sees the member-only pages", async () => {
    const coalition = await createCoalition({ name: "Approval Coalition", join_policy: "approval" });
    const coordinator = await createUser({ name: "Cora Coordinator" });
    await addMember(coalition.id, coordinator.id, "coordinator");
    const applicant = await createUser({ name: "Ada Applicant" });

    const applicantContext = await loggedInContext(browser, server.url, applicant.id);
    const page = await applicantContext.newPage();
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    await page.goto(`/coalitions/${coalition.slug}`);
    expect(await page.getByRole("link", { name: "Documents" }).count()).toBe(0);
    await page.getByTestId("join-button").click();
    await page.waitForURL(/\/join$/);
    await page.getByLabel("Why do you want to join?").fill("I coordinate spam research at my university.");
    await page.getByLabel("Stakeholder group").selectOption("academic");
    await page.getByLabel("Organization").fill("University of Somewhere");
    await page.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => page.getByTestId("my-request").textContent()).toContain("waiting for the coordinators");

    const coordContext = await loggedInContext(browser, server.url, coordinator.id);
    const coordPage = await coordContext.newPage();
    await coordPage.goto(`/coalitions/${coalition.slug}/members`);
    const request = coordPage.getByTestId("pending-request").filter({ hasText: "Ada Applicant" });
    await expect.poll(() => request.textContent()).toContain("I coordinate spam research");
    await request.getByLabel("Approve as").selectOption("member");
    await request.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => coordPage.getByRole("status").first().textContent()).toContain("Request approved");
    await expect.poll(() => coordPage.getByTestId("pending-request").count()).toBe(0);
    expect(await coordPage.getByTestId("audit-log").textContent()).toContain("Cora Coordinator approved Ada Applicant's request as member");

    await page.goto(`/coalitions/${coalition.slug}`);
    await expect.poll(() => page.getByTestId("my-role").textContent()).toBe("You: Member");
    expect(await page.getByRole("link", { name: "Documents" }).count()).toBe(1);
    await page.getByRole("navigation", { name: "Coalition" }).getByRole("link", { name: "Members" }).click();
    await page.waitForURL(/\/members$/);
    const me = page.getByTestId("member-row").filter({ hasText: "Ada Applicant" });
    await expect.poll(() => me.textContent()).toContain("Member");
    expect(await me.textContent()).toContain("University of Somewhere");
    expect(await page.getByText("Requests to join").count()).toBe(0);
    expect(await page.getByTestId("member-email").count()).toBe(0);
    expect(await page.getByTestId("audit-log").count()).toBe(0);
    await applicantContext.close();
    await coordContext.close();
  });

  it("a coordinator invites an email; the invitee signs up through the link and lands in the coalition with the invited role", { timeout: 90_000 }, async () => {
    const coalition = await createCoalition({ name: "Invite Only Coalition", visibility: "private", join_policy: "invitation" });
    const coordinator = await createUser({ name: "Ivo Inviter" });
    await addMember(coalition.id, coordinator.id, "coordinator");

    const coordContext = await loggedInContext(browser, server.url, coordinator.id);
    const coordPage = await coordContext.newPage();
    await coordPage.goto(`/coalitions/${coalition.slug}/members`);
    await coordPage.getByLabel("Email", { exact: true }).fill("newcomer@example.org");
    await coordPage.getByLabel("Role", { exact: true }).selectOption("observer");
    await coordPage.getByRole("button", { name: "Create invitation" }).click();
    const linkInput = coordPage.getByTestId("invitation-link");
    await expect.poll(() => linkInput.count()).toBe(1);
    const link = await linkInput.inputValue();
    expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
    expect(await coordPage.getByTestId("open-invitations").textContent()).toContain("newcomer@example.org");

    const guest = await browser.newContext({ baseURL: server.url });
    const page = await guest.newPage();
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    await page.goto(link);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Join Invite Only Coalition");
    await page.getByRole("main").getByRole("link", { name: "Sign up" }).click();
    await page.waitForURL(/\/signup\?redirectTo=/);
    await page.getByLabel("Name").fill("Nia Newcomer");
    await page.getByLabel("Email").fill("newcomer@example.org");
    await page.getByLabel("Password").fill("a sturdy passphrase here");
    await page.getByRole("button", { name: "Sign up" }).click();
    await confirmSignupThroughMail(page, "newcomer@example.org");
    await page.waitForURL((url) => url.pathname.startsWith("/invitations/"));
    await page.getByRole("button", { name: "Accept and join as observer" }).click();
    await page.waitForURL(new RegExp(`/coalitions/${coalition.slug}$`));
    await expect.poll(() => page.getByTestId("my-role").textContent()).toBe("You: Observer");

    const user = await getDb().selectFrom("users").select("id").where("email", "=", "newcomer@example.org").executeTakeFirstOrThrow();
    const membership = await getDb().selectFrom("memberships").select("role").where("coalition_id", "=", coalition.id).where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(membership.role).toBe("observer");

    // The link is spent.
    await page.goto(link);
    await expect.poll(() => page.getByTestId("invitation-problem").textContent()).toContain("already been used");
    await guest.close();
    await coordContext.close();
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused|Hydration|hydrat/i.test(e))).toEqual([]);
  });
});
