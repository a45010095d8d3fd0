import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, startThread } from "../helpers/threads";

// Issue 19: the coordinators' "move thread" control, and the author told when a post is hidden.
describe.runIf(browserAvailable())("thread moderation in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let cora: TestUser, ada: TestUser;
  let coalition: { id: string; slug: string };
  const tag = Date.now().toString(36);

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    cora = await createUser({ name: "Cora Coordinator", email: `cora.${tag}@example.org` });
    ada = await createUser({ name: "Ada Author", email: `ada.${tag}@example.org`, organization: "Open Rights Group" });
    coalition = await createCoalition({ name: "Moderated Coalition", visibility: "public" });
    await addMember(coalition.id, cora.id, "coordinator");
    await addMember(coalition.id, ada.id, "member");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("moves a thread to a document with the control, and tells the author when a post is hidden", async () => {
    const doc = await createDocument(coalition.id, cora.id, { title: `Charter ${tag}` });
    const threadId = await startThread(await clientAs(server.url, ada.id), coalition.slug, "Where does this belong?", "A question about the charter.");
    const path = `/coalitions/${coalition.slug}/threads/${threadId}`;

    const coordinator = await loggedInContext(browser, server.url, cora.id);
    const page = await coordinator.newPage();
    await page.goto(path);
    await page.getByLabel("About").selectOption({ label: `Charter ${tag}` });
    await page.getByTestId("move-document").getByRole("button", { name: "Move" }).click();
    await expect.poll(async () => (await page.getByRole("link", { name: `Charter ${tag}` }).count()) > 0).toBe(true);
    const row = await getDb().selectFrom("threads").select(["document_id"]).where("id", "=", threadId).executeTakeFirstOrThrow();
    expect(row.document_id).toBe(doc.id);
    expect(await page.getByLabel("About").inputValue()).toBe(doc.id);

    await page.locator("summary", { hasText: "Hide…" }).click();
    await page.getByLabel("Reason (shown to everyone)").fill("Please keep to the agenda.");
    await page.getByRole("button", { name: "Hide post" }).click();
    await expect.poll(() => page.getByTestId("post-hidden").count()).toBe(1);
    await coordinator.close();

    const author = await loggedInContext(browser, server.url, ada.id);
    const mine = await author.newPage();
    await mine.goto(path);
    expect(await mine.getByTestId("unread-count").textContent()).toBe("1");
    await mine.getByTestId("notifications-menu").locator("summary").click();
    const item = mine.getByTestId("notification-item").first();
    expect(await item.textContent()).toContain("A coordinator hid your post #1 in “Where does this belong?”: Please keep to the agenda.");
    await item.click();
    await mine.waitForURL(/#post-1$/);
    expect(await mine.getByTestId("post-hidden").textContent()).toContain("Please keep to the agenda.");
    await author.close();
  }, 120_000);
});
