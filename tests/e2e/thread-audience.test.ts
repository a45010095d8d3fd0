import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";

// Issue 19 in a real browser: a member starts a members-only thread through the form; a visitor
// of the (public) coalition finds it nowhere: not at its address, not in search, not in activity.
describe.runIf(browserAvailable())("members-only threads in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let mina: TestUser;
  let slug: string;
  const tag = Date.now().toString(36);
  const title = `Quietgrove plans ${tag}`;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    mina = await createUser({ name: "Mina Member", email: `mina-aud.${tag}@example.org` });
    const coalition = await createCoalition({ name: `Open Audience ${tag}`, visibility: "public" });
    slug = coalition.slug;
    await addMember(coalition.id, mina.id, "member");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("is started members-only from the form, badged for members, and invisible to a visitor on its page, in search and in activity", async () => {
    const memberContext = await loggedInContext(browser, server.url, mina.id);
    const page = await memberContext.newPage();
    await page.goto(`/coalitions/${slug}/threads`);
    // The coalition's default (public) is preselected; the member picks "Members only".
    expect(await page.getByLabel("Public: anyone who can see the coalition").isChecked()).toBe(true);
    await page.getByLabel("Members only: members, coordinators and observers").check();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("First post").fill(`Only for us: quietgrove${tag}.`);
    await page.getByRole("button", { name: "Start thread" }).click();
    await page.waitForURL(/\/threads\/[^/?#]+$/);
    const threadPath = new URL(page.url()).pathname;
    expect(await page.getByTestId("thread-title").textContent()).toBe(title);
    expect(await page.getByTestId("members-only-badge").textContent()).toBe("Members only");
    const row = await getDb().selectFrom("threads").select("audience").where("title", "=", title).executeTakeFirstOrThrow();
    expect(row.audience).toBe("members");
    await memberContext.close();

    const visitorContext = await browser.newContext({ baseURL: server.url });
    const visitor = await visitorContext.newPage();
    const direct = await visitor.goto(threadPath);
    expect(direct?.status()).toBe(404);
    expect(await visitor.content()).not.toContain(title);

    await visitor.goto(`/search?${new URLSearchParams({ q: `quietgrove${tag}` })}`);
    expect(await visitor.getByTestId("search-result").count()).toBe(0);
    await visitor.goto(`/search?${new URLSearchParams({ q: `Quietgrove plans ${tag}` })}`);
    expect(await visitor.getByTestId("search-result").count()).toBe(0);

    await visitor.goto(`/coalitions/${slug}`);
    expect(await visitor.locator("body").textContent()).not.toContain(title);
    await visitor.goto(`/coalitions/${slug}/threads`);
    expect(await visitor.locator("body").textContent()).not.toContain(title);
    await visitorContext.close();
  });
});
