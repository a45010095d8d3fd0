import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { replyAddress } from "../../app/models/mail/reply-address.server";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { deliver, message } from "../helpers/mail-in";
import { startTestServer, type TestServer } from "../helpers/server";
import { startThread } from "../helpers/threads";

// Issue 22: a member answers a thread's mail from their mail program, and the reply appears live
// on the thread page another member has open — with only the new text.

describe.runIf(browserAvailable())("a reply by mail in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({ MAIL_DOMAIN: "lists.example.org", MAIL_INBOUND_PORT: "0" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("appears live on the open thread page, without the quoted mail", async () => {
    const coalition = await createCoalition({ name: "Child Online Safety" });
    const ada = await createUser({ name: "Ada Reader" });
    const bruno = await createUser({ name: "Bruno Mailer" });
    await addMember(coalition.id, ada.id, "coordinator");
    await addMember(coalition.id, bruno.id, "member");
    const threadId = await startThread(await clientAs(server.url, ada.id), coalition.slug, "Age assurance guidance", "Comments on the guidance, please.");

    const page = await (await loggedInContext(browser, server.url, ada.id)).newPage();
    await page.goto(`/coalitions/${coalition.slug}/threads/${threadId}`);
    await expect.poll(() => page.getByTestId("thread-page").getAttribute("data-live"), { timeout: 15_000 }).toBe("connected");

    const to = await replyAddress(getDb(), bruno.id, threadId);
    const body = "We should cite the UNICEF guidance.\n\nOn Mon, Dec 7, 2026 at 10:00 AM Ada Reader <ada@example.org> wrote:\n> Comments on the guidance, please.\n";
    const sent = await deliver(server.mailPort!, { from: bruno.email, to: [to] }, message({ From: `Bruno <${bruno.email}>`, To: to, Subject: "Re: Age assurance guidance", "Message-ID": "<e2e-reply@mail.example.net>" }, body));
    expect(sent.accepted).toEqual([to]);

    const second = page.locator('[data-testid="post"][data-post-number="2"]');
    await expect.poll(() => second.count(), { timeout: 15_000 }).toBe(1);
    expect(await second.getByTestId("post-author").innerText()).toContain("Bruno Mailer");
    const text = await second.innerText();
    expect(text).toContain("We should cite the UNICEF guidance.");
    expect(text).not.toContain("wrote:");
    expect(text).not.toContain("Comments on the guidance, please.");
  }, 90_000);
});
