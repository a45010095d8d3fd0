import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, startThread } from "../helpers/threads";

// Issue 19: the composer's mention autocomplete, by keyboard, in a new thread and in a reply;
// the posted mention links to and notifies the person. SCREENSHOT_DIR keeps the screenshots.

const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });

describe.runIf(browserAvailable())("mention autocomplete in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let mina: TestUser, rosa: TestUser, rob: TestUser;
  let slug: string;
  const tag = Date.now().toString(36);

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    mina = await createUser({ name: "Mina Member", handle: `mina_${tag}`, email: `mina.mail.${tag}@example.org` });
    rosa = await createUser({ name: "Rosa Rivera", handle: `rosa_${tag}`, email: `rosa.mail.${tag}@example.org`, organization: "Internet Society" });
    rob = await createUser({ name: "Robert Roe", handle: `rob_${tag}`, email: `rob.mail.${tag}@example.org`, organization: "APC" });
    const coalition = await createCoalition({ name: "Mentions Coalition", visibility: "public" });
    slug = coalition.slug;
    for (const u of [mina, rosa, rob]) await addMember(coalition.id, u.id, "member");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(user: TestUser, path: string, width = 1280) {
    const context = await loggedInContext(browser, server.url, user.id);
    const page = await context.newPage();
    await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
    await page.goto(path);
    return { page, close: () => context.close() };
  }

  const listbox = (page: Page) => page.getByRole("listbox", { name: "People to mention" });

  it("completes a mention in a reply by keyboard; the post links to and notifies the person", async () => {
    const threadId = await startThread(await clientAs(server.url, mina.id), slug, "Who drafts?", "Opening post.");
    const { page, close } = await open(mina, `/coalitions/${slug}/threads/${threadId}`);
    const box = page.getByLabel("Your post");
    await box.focus();
    expect(await box.getAttribute("role")).toBe("combobox");
    expect(await box.getAttribute("aria-expanded")).toBe("false");

    await page.keyboard.type("Over to @r");
    await expect.poll(() => listbox(page).getByRole("option").count()).toBe(2);
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    const options = listbox(page).getByRole("option");
    // Handles, names and organisations; never the email.
    expect(await listbox(page).textContent()).not.toContain("mail.");
    const firstId = await options.nth(0).getAttribute("id");
    expect(await box.getAttribute("aria-activedescendant")).toBe(firstId);
    expect(await options.nth(0).getAttribute("aria-selected")).toBe("true");

    // Narrow it down, move with the arrows (wrapping), and complete with Enter.
    await page.keyboard.type("o");
    await expect.poll(() => options.count()).toBe(2);
    // Sorted by handle: rob_…, rosa_…. Up from the first wraps to the last; down wraps back.
    expect(await options.nth(0).textContent()).toContain(`@${rob.handle}`);
    await page.keyboard.press("ArrowUp");
    const secondId = await options.nth(1).getAttribute("id");
    await expect.poll(() => box.getAttribute("aria-activedescendant"), { timeout: 5_000 }).toBe(secondId);
    expect(await options.nth(1).getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => box.getAttribute("aria-activedescendant"), { timeout: 5_000 }).toBe(firstId);
    const handle = rob.handle;
    await page.keyboard.press("Enter");
    expect(await box.inputValue()).toBe(`Over to @${handle} `);
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    expect(await listbox(page).count()).toBe(0);

    // Escape closes the list without changing the text (and it stays closed for that word); Tab completes too.
    await page.keyboard.type("cc @ros");
    await expect.poll(() => options.count()).toBe(1);
    await page.keyboard.press("Escape");
    expect(await listbox(page).count()).toBe(0);
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    await page.keyboard.type("e");
    expect(await box.inputValue()).toBe(`Over to @${handle} cc @rose`);
    await page.keyboard.type(" and @ros");
    await expect.poll(() => options.count()).toBe(1);
    await page.keyboard.press("Tab");
    expect(await box.inputValue()).toBe(`Over to @${handle} cc @rose and @${rosa.handle} `);
    await page.keyboard.type("please.");

    await page.getByRole("button", { name: "Post", exact: true }).click();
    const link = page.locator(`#post-2 a.mention[href$="#member-${rosa.id}"]`);
    await expect.poll(() => link.count()).toBe(1);
    expect(await link.textContent()).toBe(`@${rosa.handle}`);
    expect(await page.locator(`#post-2 a.mention[href$="#member-${rob.id}"]`).textContent()).toBe(`@${rob.handle}`);
    for (const person of [rosa, rob]) {
      const notes = await getDb().selectFrom("notifications").select(["kind", "link"]).where("user_id", "=", person.id).execute();
      expect(notes.filter((n) => n.kind === "mention" && n.link.includes(threadId))).toHaveLength(1);
    }
    await close();
  });

  it("offers people in the new-thread composer too, and a click completes", async () => {
    for (const width of [1280, 390]) {
      const { page, close } = await open(mina, `/coalitions/${slug}/threads`, width);
      const box = page.getByLabel("First post");
      await box.focus();
      await page.keyboard.type("Asking @Ro");
      await expect.poll(() => listbox(page).getByRole("option").count()).toBe(2);
      if (shots) {
        await listbox(page).scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(shots, `issue19-handles-autocomplete-${width}.png`) });
      }
      await listbox(page).getByRole("option", { name: new RegExp(`@${rob.handle}`) }).click();
      expect(await box.inputValue()).toBe(`Asking @${rob.handle} `);
      expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
      await close();
    }
  });

  it("suggests a handle from the name at sign-up until the person edits it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/signup`);
    await page.getByLabel("Name").fill("Zoë Ångström");
    expect(await page.getByLabel("Handle").inputValue()).toBe("zoe_angstrom");
    await page.getByLabel("Handle").fill("zoe_a");
    await page.getByLabel("Name").fill("Zoë Å.");
    expect(await page.getByLabel("Handle").inputValue()).toBe("zoe_a");
    if (shots) await page.screenshot({ path: join(shots, "issue19-handles-signup-1280.png") });
    await context.close();
  });

  it("shows the handle field on the profile", async () => {
    for (const width of [1280, 390]) {
      const { page, close } = await open(rosa, "/settings/profile", width);
      expect(await page.getByLabel("Handle").inputValue()).toBe(rosa.handle);
      expect(await page.getByTestId("profile-handle").textContent()).toBe(`@${rosa.handle}`);
      if (shots) await page.screenshot({ path: join(shots, `issue19-handles-profile-${width}.png`) });
      await close();
    }
  });
});
