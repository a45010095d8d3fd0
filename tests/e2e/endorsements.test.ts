import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { docJson, writeContent } from "../helpers/documents";
import { publishAs } from "../helpers/endorsements";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 24 in Chromium: a member endorses version 1 on behalf of an organisation, a coordinator
// verifies it, a visitor finds it on the public page filtered by stakeholder group; version 2 is
// published, the endorser is notified, re-confirms with one action, and the page says
// "1 of 1 endorsers re-confirmed". SCREENSHOT_DIR keeps screenshots (English and Arabic).

const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });

describe.runIf(browserAvailable())("endorsements in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let dbDir: string;
  let slug: string;
  let documentId: string;
  let v1: string;
  let ada: TestUser;
  let bruno: TestUser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  async function open(user: TestUser | null): Promise<Page> {
    const context = user ? await loggedInContext(browser, server.url, user.id) : await browser.newContext({ baseURL: server.url });
    contexts.push(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    page.on("pageerror", (e) => errors.push(e.message));
    return page;
  }
  const hydrated = (page: Page) => page.waitForFunction(() => Boolean((window as unknown as { __remixContext?: unknown }).__remixContext));
  const shoot = async (page: Page, name: string) => {
    if (shots) await page.locator("#endorsements").screenshot({ path: join(shots, `endorse-${name}.png`) });
  };

  beforeAll(async () => {
    dbDir = mkdtempSync(join(tmpdir(), "cw-e2e-endorse-"));
    server = await startTestServer({ DATABASE_URL: `file:${join(dbDir, "workspace.db")}`, JOBS_POLL_INTERVAL_MS: "50" });
    browser = await launchBrowser();
    const coalition = await createCoalition({ visibility: "public", name: "Dynamic Coalition on Community Networks" });
    slug = coalition.slug;
    ada = await createUser({ name: "Ada Lovelace", stakeholder_group: "government", region: "weog" });
    bruno = await createUser({ name: "Bruno Costa", handle: "bruno", stakeholder_group: "technical", region: "latin_american_caribbean" });
    await addMember(coalition.id, ada.id, "coordinator");
    await addMember(coalition.id, bruno.id, "member");
    documentId = (await createDocument(coalition.id, ada.id, { title: "Community networks charter" })).id;
    await writeContent(documentId, docJson("Community networks charter", "Local people build local networks."));
    v1 = await publishAs(server.url, ada, slug, documentId, "First edition");
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it("a member endorses on behalf of an organisation; a coordinator verifies; a visitor filters by group", { timeout: 120_000 }, async () => {
    const member = await open(bruno);
    await member.goto(`/coalitions/${slug}/outputs/${v1}`);
    await hydrated(member);
    if (shots) await member.screenshot({ path: join(shots, "endorse-page-en.png"), fullPage: true });
    const form = member.getByTestId("endorse-form");
    await form.getByLabel("On behalf of an organisation").check();
    await form.getByRole("textbox", { name: "Organisation" }).fill("Rhizomatica");
    await form.getByLabel("Stakeholder group").selectOption("civil");
    await form.getByLabel("Region").selectOption("latin_american_caribbean");
    await form.getByRole("button", { name: "Endorse version 1" }).click();
    await expect.poll(() => member.getByTestId("my-endorsement").textContent(), { timeout: 15_000 }).toContain("You endorse version 1 on behalf of Rhizomatica.");
    expect(await member.getByTestId("endorser").count()).toBe(1);
    expect(await member.getByTestId("verified-badge").count()).toBe(0);

    const coordinator = await open(ada);
    await coordinator.goto(`/coalitions/${slug}/outputs/${v1}`);
    await hydrated(coordinator);
    await coordinator.getByRole("button", { name: "Verify Rhizomatica" }).click();
    await coordinator.getByTestId("verified-badge").waitFor();
    expect(await coordinator.getByRole("button", { name: "Remove verification of Rhizomatica" }).count()).toBe(1);

    const visitor = await open(null);
    await visitor.goto(`/coalitions/${slug}/outputs/${v1}`);
    await hydrated(visitor);
    expect(await visitor.getByTestId("endorse-form").count()).toBe(0);
    await visitor.getByLabel("Show endorsements from").selectOption("private");
    await visitor.getByRole("button", { name: "Show", exact: true }).click();
    await visitor.waitForURL(/group=private/);
    await visitor.getByTestId("endorsements-empty").waitFor();
    await visitor.getByLabel("Show endorsements from").selectOption("civil");
    await visitor.getByRole("button", { name: "Show", exact: true }).click();
    await visitor.waitForURL(/group=civil/);
    const endorser = visitor.getByTestId("endorser");
    await endorser.waitFor();
    expect(await endorser.textContent()).toContain("Rhizomatica");
    expect(await endorser.textContent()).toContain("Civil society · Latin American & Caribbean Group");
    expect(await endorser.textContent()).toContain("Bruno Costa");
    expect(await endorser.textContent()).toContain("@bruno");
    expect(await endorser.textContent()).not.toContain(bruno.email);
    expect(await endorser.getByTestId("verified-badge").textContent()).toBe("Verified");
    await shoot(visitor, "filtered-en");
    await visitor.goto(`/coalitions/${slug}/outputs/${v1}?group=civil&lang=ar`);
    await visitor.getByTestId("endorser").waitFor();
    expect(await visitor.locator("html").getAttribute("dir")).toBe("rtl");
    await shoot(visitor, "filtered-ar");
  });

  it("a newer version: the endorser is asked, re-confirms with one action; the page says 1 of 1", { timeout: 120_000 }, async () => {
    await writeContent(documentId, docJson("Community networks charter", "Local people build local networks.", "Spectrum should be shared."));
    const v2 = await publishAs(server.url, ada, slug, documentId, "Second edition");
    const member = await open(bruno);
    // The job runner notifies the endorser; the bell's list links to the new version.
    await expect
      .poll(
        async () => {
          await member.goto("/notifications");
          return member.locator("main").textContent();
        },
        { timeout: 20_000 },
      )
      .toContain("re-confirm your endorsement of version 1");
    await member.goto(`/coalitions/${slug}/outputs/${v2}`);
    await hydrated(member);
    expect(await member.getByTestId("endorsements-reconfirmed").textContent()).toContain("0 of 1 endorsers re-confirmed");
    expect(await member.getByTestId("endorser").count()).toBe(0);
    await member.getByRole("button", { name: "Re-confirm on version 2" }).click();
    await expect.poll(() => member.getByTestId("endorsements-reconfirmed").textContent(), { timeout: 15_000 }).toContain("1 of 1 endorsers re-confirmed");
    expect(await member.getByTestId("my-endorsement").textContent()).toContain("on behalf of Rhizomatica");
    expect(await member.getByTestId("reconfirm").count()).toBe(0);
    await shoot(member, "reconfirmed-en");
    if (shots) {
      await member.goto(`/coalitions/${slug}/outputs/${v2}?lang=ar`);
      await member.getByTestId("endorsements").waitFor();
      await member.screenshot({ path: join(shots, "endorse-page-ar.png"), fullPage: true });
    }
    expect(errors).toEqual([]);
  });
});
