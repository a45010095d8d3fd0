import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireDocument } from "../../app/models/documents.server";
import { publishVersion } from "../../app/models/versions.server";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { accessOf, runJobsAt } from "../helpers/decisions";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { getDb, startTestServer, type TestServer } from "../helpers/server";

// Issue 24 in Chromium: a coordinator opens a consent decision on version 2; two members agree,
// one objects with a reason; the deadline passes (the test runs the durable job runner with its
// clock moved past the deadline: the server's own runner keeps real time, so the close job, due
// at the deadline, runs only then); the version page shows "Adopted" and the annex with the
// objection; the Markdown export carries the annex; a visitor sees it all on a public coalition.

describe.runIf(browserAvailable())("a consent decision on a version, in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let dbDir: string;
  let slug: string;
  let v2: string;
  let cora: TestUser;
  const members: TestUser[] = [];
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  async function open(user: TestUser | null): Promise<Page> {
    const context = user ? await loggedInContext(browser, server.url, user.id) : await browser.newContext({ baseURL: server.url });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    return page;
  }

  beforeAll(async () => {
    dbDir = mkdtempSync(join(tmpdir(), "cw-e2e-decide-"));
    server = await startTestServer({ DATABASE_URL: `file:${join(dbDir, "workspace.db")}` });
    browser = await launchBrowser();
    const coalition = await createCoalition({ visibility: "public", name: "Dynamic Coalition on Net Neutrality" });
    slug = coalition.slug;
    cora = await createUser({ name: "Cora Coordinator" });
    await addMember(coalition.id, cora.id, "coordinator");
    for (const [name, group] of [["Amina Haddad", "civil"], ["Bo Chen", "academic"], ["Olga Petrova", "private"]] as const) {
      const u = await createUser({ name, stakeholder_group: group });
      await addMember(coalition.id, u.id, "member");
      members.push(u);
    }
    const doc = await createDocument(coalition.id, cora.id, { title: "Statement on zero rating" });
    const access = await accessOf(coalition.id, cora);
    await writeContent(doc.id, docJson("Statement on zero rating", "Zero rating harms competition."), cora.id);
    await publishVersion(access, await requireDocument(coalition.id, doc.id), { label: "First draft", note: null });
    await writeContent(doc.id, docJson("Statement on zero rating", "Zero rating harms competition and users."), cora.id);
    const second = await publishVersion(access, await requireDocument(coalition.id, doc.id), { label: "Second draft", note: null });
    if (!second.ok) throw new Error("publish failed");
    v2 = second.id;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    rmSync(dbDir, { recursive: true, force: true });
  });

  it("opens, takes stances, closes at the deadline, and publishes the adoption and the annex", { timeout: 120_000 }, async () => {
    const coordinator = await open(cora);
    await coordinator.goto(`/coalitions/${slug}/outputs/${v2}`);
    await coordinator.getByRole("link", { name: "Open a decision" }).click();
    await coordinator.getByTestId("open-decision-form").waitFor();
    // The past is refused, with the form kept.
    await coordinator.getByLabel("Deadline", { exact: true }).fill("2020-01-01T10:00");
    await coordinator.getByRole("button", { name: "Open the decision" }).click();
    await coordinator.getByText("The deadline must be in the future.").first().waitFor();
    const deadline = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 16);
    await coordinator.getByLabel("Deadline", { exact: true }).fill(deadline);
    await coordinator.getByLabel("Consent", { exact: false }).first().check();
    await coordinator.getByRole("button", { name: "Open the decision" }).click();
    await coordinator.getByTestId("decision-question").waitFor();
    expect(await coordinator.getByTestId("decision-question").innerText()).toBe("Adopt version 2 of “Statement on zero rating”?");
    expect(await coordinator.getByTestId("decision-deadline").innerText()).toContain("UTC");
    const decisionUrl = new URL(coordinator.url()).pathname;

    for (const [i, m] of members.entries()) {
      const page = await open(m);
      await page.goto(decisionUrl);
      if (i < 2) {
        await page.getByLabel("Agree", { exact: true }).check();
      } else {
        await page.getByLabel("Object", { exact: false }).check();
        await page.getByRole("button", { name: "Save my stance" }).click();
        await page.getByText("Give your reason: an objection or a block needs one.").first().waitFor();
        await page.getByLabel("Object", { exact: false }).check();
        await page.getByLabel("Reason", { exact: true }).fill("The text ignores **small operators** in the Global South.");
      }
      await page.getByRole("button", { name: "Save my stance" }).click();
      await page.getByText("Your stance is saved.").waitFor();
    }

    // The deadline passes: the durable job closes it.
    const d = await getDb().selectFrom("decisions").select(["id", "deadline_at"]).where("version_id", "=", v2).executeTakeFirstOrThrow();
    await runJobsAt(Date.parse(d.deadline_at) + 60_000);

    const visitor = await open(null);
    await visitor.goto(`/coalitions/${slug}/outputs/${v2}`);
    const adopted = visitor.getByTestId("adopted-line");
    await adopted.waitFor();
    expect(await adopted.textContent()).toContain("Adopted");
    const annex = visitor.getByTestId("dissent-annex");
    expect(await annex.innerText()).toContain("Olga Petrova");
    expect(await annex.locator("strong").innerText()).toBe("small operators");
    await visitor.goto(`/coalitions/${slug}/outputs`);
    expect(await visitor.getByTestId("adopted-mark").innerText()).toContain("Adopted on");
    await visitor.goto(decisionUrl);
    expect(await visitor.getByTestId("decision-outcome").innerText()).toContain("Adopted: 2 Agree, 0 Abstain, 1 Object.");
    expect(await visitor.getByTestId("stance-item").count()).toBe(3);

    const md = await (await fetch(new URL(`/coalitions/${slug}/outputs/${v2}/export.md`, server.url))).text();
    expect(md).toContain("## Dissent annex");
    expect(md).toContain("Object · Olga Petrova · Private sector");
    expect(md).toContain("> The text ignores **small operators** in the Global South.");
    expect(md).toMatch(/_Adopted on .* by the decision “Adopt version 2/);
    const html = await (await fetch(new URL(`/coalitions/${slug}/outputs/${v2}/export.html`, server.url))).text();
    expect(html).toContain("<strong>small operators</strong>");
    expect(errors).toEqual([]);
  });
});
