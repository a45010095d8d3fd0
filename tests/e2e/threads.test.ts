import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, postIn, startThread } from "../helpers/threads";
import { XSS_CORPUS } from "../helpers/xss-corpus";

describe.runIf(browserAvailable())("threads in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let alice: TestUser, bob: TestUser;
  let slug: string;
  const tag = Date.now().toString(36);

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    alice = await createUser({ name: "Alice Author", email: `alice.${tag}@example.org`, organization: "APC", stakeholder_group: "civil" });
    bob = await createUser({ name: "Bob Reader", email: `bob.${tag}@example.org` });
    const coalition = await createCoalition({ name: "Live Coalition", visibility: "private" });
    slug = coalition.slug;
    await addMember(coalition.id, alice.id, "member");
    await addMember(coalition.id, bob.id, "member");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A signed-in page that records console output, dialogs and any script the page did not expect. */
  async function open(user: TestUser, path: string) {
    const context = await loggedInContext(browser, server.url, user.id);
    const page = await context.newPage();
    const messages: string[] = [];
    page.on("console", (m) => messages.push(`${m.type()}: ${m.text()}`));
    page.on("dialog", (d) => {
      messages.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(path);
    // Hydrated (React has taken the page over): the tests below use what only the script does.
    await page.waitForFunction(() => {
      const main = document.getElementById("main");
      return !!main && Object.keys(main).some((k) => k.startsWith("__reactFiber"));
    });
    return { page, messages, close: () => context.close() };
  }

  const liveReady = (page: Page) => expect.poll(() => page.getByTestId("thread-page").getAttribute("data-live"), { timeout: 15_000 }).toBe("connected");

  it("shows a new post to another reader without a reload, and the mention notifies them", async () => {
    const threadId = await startThread(await clientAs(server.url, alice.id), slug, "Live discussion", "Opening post.");
    const path = `/coalitions/${slug}/threads/${threadId}`;
    const a = await open(alice, path);
    const b = await open(bob, path);
    await liveReady(a.page);
    await liveReady(b.page);
    await b.page.evaluate(() => ((window as unknown as { __sameDocument: number }).__sameDocument = 42));
    expect(await b.page.getByTestId("unread-count").count()).toBe(0);

    const text = `Hello @bob.${tag}, see the draft ${tag}`;
    await a.page.getByLabel("Your post").fill(text);
    await a.page.getByRole("button", { name: "Post", exact: true }).click();
    await expect.poll(() => a.page.locator('[data-testid="post"]').count()).toBe(2);
    await expect.poll(() => a.page.getByLabel("Your post").inputValue()).toBe("");

    // Bob's page: the post arrives over server-sent events, in the same document.
    await expect.poll(() => b.page.locator('[data-testid="post"]').count()).toBe(2);
    const second = b.page.locator('[data-post-number="2"]');
    expect(await second.textContent()).toContain(`see the draft ${tag}`);
    expect(await second.locator("a.mention").textContent()).toBe(`@${bob.handle}`); // the handle, not the email's part
    expect(await b.page.evaluate(() => (window as unknown as { __sameDocument?: number }).__sameDocument)).toBe(42);

    // The mention is in Bob's notifications menu (the header revalidated with the page).
    await expect.poll(() => b.page.getByTestId("unread-count").textContent()).toBe("1");
    await b.page.getByTestId("notifications-menu").locator("summary").click();
    const item = b.page.getByTestId("notification-item").first();
    expect(await item.textContent()).toContain("Alice Author mentioned you in “Live discussion”");
    await item.click();
    await b.page.waitForURL(/#post-2$/);
    await expect.poll(() => b.page.getByTestId("unread-count").count()).toBe(0);
    await a.close();
    await b.close();
  });

  it("previews Markdown on the server, then follows the typing, without posting", async () => {
    const threadId = await startThread(await clientAs(server.url, alice.id), slug, "Preview check", "Opening post.");
    const a = await open(alice, `/coalitions/${slug}/threads/${threadId}`);
    const box = a.page.getByLabel("Your post");
    await box.fill("Some **bold** words");
    await a.page.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => a.page.getByTestId("preview").innerHTML()).toContain("<strong>bold</strong>");
    await box.pressSequentially(" and *more*");
    await expect.poll(() => a.page.getByTestId("preview").innerHTML()).toContain("<em>more</em>");
    expect(await box.inputValue()).toBe("Some **bold** words and *more*");
    expect(await a.page.locator('[data-testid="post"]').count()).toBe(1);
    await a.close();
  });

  it("lets the author edit and delete, and a coordinator hide and lock, through the page", async () => {
    const cora = await createUser({ name: "Cora Coordinator", email: `cora.${tag}@example.org` });
    const coalitionId = (await getDb().selectFrom("coalitions").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
    await addMember(coalitionId, cora.id, "coordinator");
    const threadId = await startThread(await clientAs(server.url, alice.id), slug, "Edit and moderate", "First words.");
    expect((await postIn(await clientAs(server.url, alice.id), slug, threadId, { body: "To be deleted." })).status).toBe(302);
    const path = `/coalitions/${slug}/threads/${threadId}`;
    const a = await open(alice, path);
    const first = a.page.locator('[data-post-number="1"]');
    await first.getByRole("link", { name: "Edit" }).click();
    const editor = first.getByLabel("Edit your post");
    await expect.poll(() => editor.inputValue()).toBe("First words.");
    await editor.fill("First words, *revised*.");
    await first.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => first.getByTestId("post-body").innerHTML()).toContain("<em>revised</em>");
    expect(await first.getByTestId("edited").count()).toBe(1);
    const second = a.page.locator('[data-post-number="2"]');
    await second.getByText("Delete…").click();
    await second.getByRole("button", { name: "Yes, delete" }).click();
    await expect.poll(() => second.getByTestId("post-deleted").count()).toBe(1);

    const c = await open(cora, path);
    const cFirst = c.page.locator('[data-post-number="1"]');
    await cFirst.getByText("Hide…").click();
    await cFirst.getByLabel("Reason (shown to everyone)").fill("Needs a source");
    await cFirst.getByRole("button", { name: "Hide post" }).click();
    await expect.poll(() => cFirst.getByTestId("post-hidden").textContent()).toContain("Needs a source");
    expect(await cFirst.getByTestId("revisions").count()).toBe(1);
    await c.page.getByRole("button", { name: "Lock" }).click();
    await expect.poll(() => c.page.getByText("This thread is locked").count()).toBe(1);
    await a.page.reload();
    expect(await a.page.getByLabel("Your post").count()).toBe(0);
    expect(await a.page.getByText("This thread is locked").count()).toBe(1);
    await a.close();
    await c.close();
  });

  it("never runs script injected through posts, also when they arrive live", async () => {
    const alicesClient = await clientAs(server.url, alice.id);
    const threadId = await startThread(alicesClient, slug, `<script>window.__xss=1</script> ${tag}`, XSS_CORPUS[0]);
    const path = `/coalitions/${slug}/threads/${threadId}`;
    for (const payload of XSS_CORPUS.slice(1, 15)) expect((await postIn(alicesClient, slug, threadId, { body: payload })).status).toBe(302);
    const b = await open(bob, path);
    await liveReady(b.page);
    // The rest arrive while Bob is reading (rendered by the client after revalidation).
    for (const payload of XSS_CORPUS.slice(15)) expect((await postIn(alicesClient, slug, threadId, { body: payload })).status).toBe(302);
    await expect.poll(() => b.page.locator('[data-testid="post"]').count()).toBe(XSS_CORPUS.length);
    // Hover and click everything a payload might have attached a handler or URL to.
    for (const link of await b.page.locator('[data-testid="post-body"] a').all()) {
      await link.hover();
      expect(await link.getAttribute("href")).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    }
    const found = await b.page.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss,
      scripts: document.querySelectorAll('[data-testid="post-body"] script, [data-testid="post-body"] iframe, [data-testid="post-body"] svg, [data-testid="post-body"] img, [data-testid="post-body"] object, [data-testid="post-body"] embed, [data-testid="post-body"] style').length,
      handlers: [...document.querySelectorAll('[data-testid="post-body"] *')].filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
    }));
    expect(found).toEqual({ xss: undefined, scripts: 0, handlers: 0 });
    expect(await b.page.getByTestId("thread-title").textContent()).toContain("<script>window.__xss=1</script>");
    expect(b.messages.filter((m) => /dialog:|Content Security Policy|Refused to/.test(m))).toEqual([]);
    await b.close();
  });
});
