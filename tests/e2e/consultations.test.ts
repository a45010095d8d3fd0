import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, sessionCookieFor, type TestUser } from "../helpers/factories";
import { TestClient } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 26 in Chromium: a coordinator opens a published version for public consultation; a
// non-member comments on paragraph 3; the coordinator answers and closes it; the disposition
// table lists the comment with its answer; the next version links back to the consultation.

const CONTENT = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "Charter on community networks" }] },
    { type: "paragraph", content: [{ type: "text", text: "Community networks connect the unconnected." }] },
    { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "Spectrum should be affordable." }] }] }] },
    { type: "paragraph", content: [{ type: "text", text: "We ask governments to act." }] },
  ],
};

describe.runIf(browserAvailable())("public consultation in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let dbDir: string;
  let slug: string;
  let documentId: string;
  let v1: string;
  let coordinator: TestUser;
  let outsider: TestUser;
  let consultationPath = "";
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  async function open(user: TestUser | null): Promise<Page> {
    const context = user ? await loggedInContext(browser, server.url, user.id) : await browser.newContext({ baseURL: server.url });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    return page;
  }

  async function publish(label: string): Promise<string> {
    const client = new TestClient(server.url);
    const cookie = await sessionCookieFor(coordinator.id);
    client.cookies.set(cookie.name, cookie.value);
    expect((await client.post(`/coalitions/${slug}/documents/${documentId}?index`, { intent: "publish", label, confirm: "yes" })).status).toBe(200);
    return (await getDb().selectFrom("document_versions").select("id").where("document_id", "=", documentId).where("label", "=", label).executeTakeFirstOrThrow()).id;
  }

  beforeAll(async () => {
    dbDir = mkdtempSync(join(tmpdir(), "cw-e2e-consult-"));
    server = await startTestServer({ DATABASE_URL: `file:${join(dbDir, "workspace.db")}` });
    browser = await launchBrowser();
    const coalition = await createCoalition({ visibility: "public", name: "Dynamic Coalition on Community Connectivity" });
    slug = coalition.slug;
    coordinator = await createUser({ name: "Amina Haddad" });
    outsider = await createUser({ name: "Kofi Mensah", organization: "Village Net", stakeholder_group: "civil", region: "african" });
    await addMember(coalition.id, coordinator.id, "coordinator");
    documentId = (await createDocument(coalition.id, coordinator.id, { title: "Charter" })).id;
    await writeContent(documentId, CONTENT as never);
    v1 = await publish("Draft for consultation");
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it("a coordinator opens version 1 for consultation from its page", { timeout: 90_000 }, async () => {
    const page = await open(coordinator);
    await page.goto(`/coalitions/${slug}/outputs/${v1}`);
    await Promise.all([page.waitForURL(/\/consult$/), page.getByTestId("open-consultation").click()]);
    await page.locator('input[name="closes"]').fill("2099-03-10T18:00");
    await page.locator('textarea[name="introduction"]').fill("Tell us what to change before the forum adopts the charter.");
    await Promise.all([page.waitForURL(/\/consultations\/[a-z0-9]+$/), page.getByRole("button", { name: "Open the consultation" }).click()]);
    consultationPath = new URL(page.url()).pathname;
    expect(await page.getByTestId("consultation-status").innerText()).toContain("Open for comments until");
    expect(await page.locator("[data-paragraph]").count()).toBe(4);
  });

  it("a non-member comments on paragraph 3", { timeout: 90_000 }, async () => {
    const page = await open(outsider);
    await page.goto(consultationPath);
    await page.getByRole("link", { name: "Comment on paragraph 3" }).click();
    const form = page.locator("#comment-form");
    await expect.poll(() => form.locator('input[name="paragraph"]').inputValue()).toBe("3");
    expect(await form.locator('select[name="group"]').inputValue()).toBe("civil");
    await form.locator('textarea[name="body"]').fill("Spectrum for community networks should be free of charge.");
    await Promise.all([page.waitForURL(/#comment-[a-z0-9]+$/), page.getByRole("button", { name: "Post the comment" }).click()]);
    const paragraph = page.locator('[data-paragraph="3"]');
    await paragraph.getByTestId("consultation-comment").waitFor();
    expect(await paragraph.getByTestId("comment-body").innerText()).toContain("free of charge");
    expect(await paragraph.getByTestId("paragraph-count").innerText()).toBe("1 comment");
    expect(await page.getByTestId("consultation-balance-groups").innerText()).toMatch(/Civil society\s*1/);
  });

  it("the coordinator answers and closes it; the disposition table lists the comment with its answer", { timeout: 90_000 }, async () => {
    const page = await open(coordinator);
    await page.goto(consultationPath);
    const comment = page.locator('[data-paragraph="3"]').getByTestId("consultation-comment");
    await comment.getByText("Answer this comment").click();
    await comment.getByLabel("Accepted", { exact: true }).check();
    await comment.getByLabel("Reason (shown publicly)").fill("Added to paragraph 3 in the next version.");
    await Promise.all([page.waitForURL(/#comment-/), comment.getByRole("button", { name: "Save the answer" }).click()]);
    await expect.poll(() => comment.getByTestId("comment-answer").innerText()).toContain("Accepted");
    await Promise.all([page.waitForURL(/#disposition$/), page.getByRole("button", { name: "Close the consultation now" }).click()]);
    const row = page.getByTestId("disposition-row");
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    const cells = await row.first().locator("th, td").allInnerTexts();
    expect(cells).toEqual(["3", "Spectrum for community networks should be free of charge.", "Kofi Mensah (Village Net)", "Civil society", "Accepted", "Added to paragraph 3 in the next version."]);
    expect(await page.getByTestId("consultation-status").innerText()).toContain("Closed on");
    // Nobody can comment any more: the form says why.
    const reader = await open(outsider);
    await reader.goto(consultationPath);
    expect(await reader.getByTestId("comment-refusal").innerText()).toContain("This consultation is closed");
  });

  it("the next version links back to the consultation it answers", { timeout: 90_000 }, async () => {
    await writeContent(documentId, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Spectrum for community networks is free of charge." }] }] } as never);
    const v2 = await publish("Adopted text");
    const page = await open(null);
    await page.goto(`/coalitions/${slug}/outputs/${v2}`);
    const link = page.getByRole("link", { name: "This version answers the consultation on version 1" });
    await Promise.all([page.waitForURL((u) => u.pathname === consultationPath), link.click()]);
    expect(await page.getByTestId("disposition-table").innerText()).toContain("Added to paragraph 3 in the next version.");
    expect(errors).toEqual([]);
  });
});
