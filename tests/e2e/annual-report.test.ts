import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser } from "../helpers/browser";
import { addMember, createCoalition, createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { parseIcs } from "../helpers/ics";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 25, the cycle in Chromium: a site administrator enters a deadline; a coordinator who reads
// times in Tokyo sees it on the coalition's calendar at Tokyo's time, subscribes to their feed
// (the ICS parses and holds it), holds a meeting with minutes and attendance, drafts the year's
// report, publishes it; the checklist on the overview turns "this year's report" green.
// SCREENSHOT_DIR keeps screenshots.

const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });

/** A wall-clock time in a zone as a datetime-local value ("2026-12-07T10:00"). */
function localInput(date: Date, zone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

describe.runIf(browserAvailable())("the IGF cycle in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let dbDir: string;
  let slug: string;
  let admin: TestUser;
  let coordinator: TestUser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const year = new Date().getUTCFullYear();

  const shoot = async (page: Page, name: string) => {
    if (shots) await page.screenshot({ path: join(shots, `report-${name}.png`), fullPage: true });
  };

  async function open(user: TestUser): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, timezoneId: "UTC" });
    const cookie = await sessionCookieFor(user.id);
    await context.addCookies([{ name: cookie.name, value: cookie.value, domain: new URL(server.url).hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    page.on("pageerror", (e) => errors.push(e.message));
    return page;
  }

  beforeAll(async () => {
    dbDir = mkdtempSync(join(tmpdir(), "cw-e2e-report-"));
    server = await startTestServer({ DATABASE_URL: `file:${join(dbDir, "workspace.db")}` });
    browser = await launchBrowser();
    const coalition = await createCoalition({ visibility: "public", name: "Dynamic Coalition on Accessibility and Disability" });
    slug = coalition.slug;
    admin = await createUser({ name: "Secretariat Admin", isSiteAdmin: true });
    coordinator = await createUser({ name: "Keiko Tanaka", stakeholder_group: "civil" });
    await addMember(coalition.id, coordinator.id, "coordinator");
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it("deadline, calendar, feed, meeting, report, checklist", { timeout: 240_000 }, async () => {
    // The secretariat enters a deadline.
    const adminPage = await open(admin);
    await adminPage.goto("/admin/calendar/new");
    await adminPage.getByLabel("Title").fill("Yearly reports due");
    await adminPage.getByLabel("Kind of event").selectOption("report_deadline");
    await adminPage.getByLabel("Starts").fill("2027-11-16T23:59");
    await adminPage.getByLabel("Ends").fill("2027-11-16T23:59");
    await adminPage.getByLabel("Time zone").selectOption("UTC");
    await Promise.all([adminPage.waitForURL((u) => u.pathname === "/calendar"), adminPage.getByRole("button", { name: "Add to the calendar" }).click()]);

    // The coordinator reads times in Tokyo and sees it on the coalition's calendar.
    const page = await open(coordinator);
    await page.goto("/settings/calendar");
    await page.getByLabel("Show times in").selectOption("Asia/Tokyo");
    await Promise.all([page.waitForURL("**/settings/calendar?saved=zone"), page.getByRole("button", { name: "Save time zone" }).click()]);
    await page.goto(`/coalitions/${slug}/calendar`);
    const deadline = page.getByTestId("forum-deadlines").getByTestId("calendar-event").filter({ hasText: "Yearly reports due" });
    // 23:59 UTC on the 16th is 08:59 on the 17th in Tokyo.
    expect(await deadline.getByTestId("event-when").textContent()).toContain("Wed 17 Nov 2027, 08:59");
    await shoot(page, "coalition-calendar");

    // Subscribes: the personal feed parses and holds the deadline.
    await page.goto("/settings/calendar");
    await page.getByRole("button", { name: "Make my feed address" }).click();
    const feedUrl = (await page.getByTestId("personal-feed-url").textContent())!.trim();
    expect(feedUrl).toMatch(/\/calendar\/feeds\/[^/]+\.ics$/);
    const feed = parseIcs(await (await page.request.get(new URL(feedUrl).pathname)).text());
    const held = feed.find((e) => e.summary === "Yearly reports due");
    expect(held?.start).toBe("2027-11-16T23:59:00.000Z");

    // Holds a meeting (it began two hours ago), with minutes and attendance.
    await page.goto(`/coalitions/${slug}/calendar/new`);
    await page.getByLabel("Title").fill("Members' call");
    await page.getByLabel("Starts").fill(localInput(new Date(Date.now() - 2 * 3_600_000), "Asia/Tokyo"));
    await page.getByLabel("Ends").fill(localInput(new Date(Date.now() - 3_600_000), "Asia/Tokyo"));
    await page.getByLabel("Web address").fill("https://meet.example.org/access");
    await Promise.all([page.waitForURL((u) => /\/calendar\/[a-z0-9]{16}$/.test(u.pathname)), page.getByRole("button", { name: "Schedule the meeting" }).click()]);
    const meetingUrl = page.url();
    await page.getByRole("checkbox", { name: "Keiko Tanaka" }).check();
    await page.getByRole("button", { name: "Save attendance" }).click();
    await expect.poll(() => page.getByRole("status").allInnerTexts()).toContainEqual(expect.stringContaining("Attendance saved: 1 present."));
    await Promise.all([page.waitForURL((u) => /\/documents\/[a-z0-9]{16}$/.test(u.pathname)), page.getByRole("button", { name: "Start the minutes" }).click()]);
    await page.goto(meetingUrl);
    await page.getByTestId("meeting-minutes").waitFor();

    // Drafts the report from the overview.
    await page.goto(`/coalitions/${slug}`);
    const annual = page.locator('[data-check="annualReport"]');
    expect(await annual.getAttribute("data-status")).toBe("fail");
    expect(await annual.textContent()).toContain("Not met");
    await Promise.all([page.waitForURL((u) => /\/documents\/[a-z0-9]{16}$/.test(u.pathname)), page.getByRole("button", { name: `Draft the report for ${year}` }).click()]);
    const editor = page.getByTestId("editor-content");
    await expect.poll(() => editor.innerText(), { timeout: 15_000 }).toContain("Meetings held: 1");
    expect(await editor.innerText()).toContain("Attendances recorded: 1");
    expect(await page.locator('[data-testid="editor-content"] a', { hasText: "Meetings held: 1" }).getAttribute("href")).toBe(`${server.url}/coalitions/${slug}/calendar`);
    await shoot(page, "draft");

    // Publishes it like any output.
    await page.getByLabel("Label").fill(`Annual report ${year}`);
    await page.getByRole("button", { name: "Publish version…" }).click();
    await page.getByRole("button", { name: "Yes, publish version 1" }).click();
    await page.getByTestId("published-link").waitFor({ timeout: 15_000 });

    // The checklist turns that item green (an icon and a word, not colour alone).
    await page.goto(`/coalitions/${slug}`);
    expect(await annual.getAttribute("data-status")).toBe("pass");
    expect(await annual.textContent()).toContain("Met");
    expect(await annual.textContent()).toContain(`The report for ${year} was published on`);
    await annual.getByRole("link", { name: /Evidence/ }).click();
    await page.waitForURL((u) => new RegExp(`/coalitions/${slug}/outputs/[a-z0-9]+$`).test(u.pathname));
    await page.goto(`/coalitions/${slug}`);
    await shoot(page, "checklist");
    if (shots) {
      await page.goto(`/coalitions/${slug}?lang=ar`);
      await shoot(page, "checklist-ar");
      await page.goto(`/coalitions/${slug}/compliance?lang=ar`);
      await shoot(page, "compliance-page-ar");
    }
    expect(errors).toEqual([]);
  });
});
