import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JSONContent } from "@tiptap/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { browserAvailable, launchBrowser, loggedInContext } from "../helpers/browser";
import { writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// The print stylesheet: what "Save as PDF" gives for a published output and a draft. The PDF is
// made by Chromium (page.pdf, print media) and read back with poppler's pdftotext; SCREENSHOT_DIR
// keeps the PDFs and, with pdftoppm, PNGs of their first pages.

const shots = process.env.SCREENSHOT_DIR;
if (shots) mkdirSync(shots, { recursive: true });
const hasPoppler = existsSync("/usr/bin/pdftotext");
if (!hasPoppler) console.warn("\n*** print test: no pdftotext (apt-get install -y poppler-utils): PDF text checks SKIPPED, DOM checks still run ***\n");

const text = (t: string): JSONContent => ({ type: "text", text: t });
const LONG: JSONContent = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 1 }, content: [text("Recommendations on spam")] },
    ...Array.from({ length: 3 }, (_, s) => [
      { type: "heading", attrs: { level: 2 }, content: [text(`Section ${s + 1}`)] },
      ...Array.from({ length: 8 }, (_, p) => ({ type: "paragraph", content: [text(`Paragraph ${s + 1}.${p + 1}. Operators, users and governments each have a part to play against unsolicited messages, which erode trust in e-mail and messaging.`)] })),
      { type: "bulletList", content: ["Filter", "Report", "Educate"].map((t) => ({ type: "listItem", content: [{ type: "paragraph", content: [text(t)] }] })) },
    ]).flat(),
    {
      type: "table",
      content: [
        { type: "tableRow", content: ["Stakeholder", "Action"].map((t) => ({ type: "tableHeader", content: [{ type: "paragraph", content: [text(t)] }] })) },
        { type: "tableRow", content: ["Civil society", "Raise awareness"].map((t) => ({ type: "tableCell", content: [{ type: "paragraph", content: [text(t)] }] })) },
      ],
    },
  ],
};

describe.runIf(browserAvailable())("printing outputs and drafts (Save as PDF)", () => {
  let server: TestServer;
  let browser: Browser;
  let coordinator: TestUser;
  let slug: string;
  let docId: string;
  let versionId: string;
  const dir = mkdtempSync(join(tmpdir(), "cw-print-"));

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const coalition = await createCoalition({ visibility: "public", name: "Anti-Spam Coalition" });
    slug = coalition.slug;
    coordinator = await createUser({ name: "Print Coordinator" });
    await addMember(coalition.id, coordinator.id, "coordinator");
    docId = (await createDocument(coalition.id, coordinator.id, { title: "Spam recommendations" })).id;
    await writeContent(docId, LONG);
    const client = await clientAs(server.url, coordinator);
    expect((await client.post(`/coalitions/${slug}/documents/${docId}?index`, { intent: "publish", label: "Final edition", confirm: "yes" })).status).toBe(200);
    versionId = (await getDb().selectFrom("document_versions").select("id").where("document_id", "=", docId).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Prints the page as Chromium's "Save as PDF" does; returns the text of each page. */
  async function printed(page: Page, name: string): Promise<string[] | null> {
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, pdf);
    if (shots) {
      writeFileSync(join(shots, `print-${name}.pdf`), pdf);
      if (existsSync("/usr/bin/pdftoppm")) execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "2", file, join(shots, `print-${name}`)]);
    }
    if (!hasPoppler) return null;
    return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).split("\f").filter((p) => p.trim());
  }

  const visible = (page: Page, selector: string) => page.locator(selector).first().isVisible();

  it("prints a published output with its title, version label and date, page numbers, and no site chrome", async () => {
    const page = await (await browser.newContext({ baseURL: server.url })).newPage();
    await page.goto(`/coalitions/${slug}/outputs/${versionId}`);
    await page.emulateMedia({ media: "print" });
    expect(await visible(page, "body > header")).toBe(false);
    expect(await visible(page, 'nav[aria-label="Coalition"]')).toBe(false);
    expect(await visible(page, "main aside")).toBe(false);
    expect(await visible(page, '[data-testid="output-label"]')).toBe(true);
    expect(await visible(page, '[data-testid="output-content"]')).toBe(true);
    await page.emulateMedia({ media: "screen" });
    expect(await visible(page, "body > header")).toBe(true);
    await page.emulateMedia({ media: "print" });

    const pages = await printed(page, "output");
    if (!pages) return;
    expect(pages.length).toBeGreaterThan(1);
    const first = pages[0];
    expect(first).toMatch(/Spam recommendations/i);
    expect(first).toContain("Final edition");
    expect(first).toMatch(/version 1/i);
    expect(first).toMatch(/Published .*20\d\d/);
    expect(first).toContain("Recommendations on spam");
    // Page numbers in the bottom margin: "n / total" on every page.
    pages.forEach((p, i) => expect(p).toMatch(new RegExp(`\\b${i + 1} ?/ ?${pages.length}\\s*$`)));
    const all = pages.join("\n");
    for (const chrome of ["Skip to content", "Coalitions /", "Stable link", "Download", "Markdown", "Members", "Threads", "for the dynamic coalitions of the Internet Governance Forum"]) {
      expect([chrome, all.includes(chrome)]).toEqual([chrome, false]);
    }
    expect(all).toContain("Civil society");
  });

  it("prints a draft marked as a working draft, without the editor's toolbar, panels or status", async () => {
    const context = await loggedInContext(browser, server.url, coordinator.id);
    const page = await context.newPage();
    await page.goto(`/coalitions/${slug}/documents/${docId}`);
    await page.getByRole("toolbar", { name: "Formatting" }).waitFor();
    await page.emulateMedia({ media: "print" });
    expect(await visible(page, '[role="toolbar"]')).toBe(false);
    expect(await visible(page, '[data-testid="editor-status"]')).toBe(false);
    expect(await visible(page, '[data-testid="document-title"]')).toBe(true);
    const pages = await printed(page, "draft");
    if (!pages) return;
    const first = pages[0];
    expect(first).toMatch(/WORKING DRAFT/);
    expect(first).toContain("Spam recommendations");
    expect(first).toMatch(/Last edited/);
    expect(first).toContain("Recommendations on spam");
    const all = pages.join("\n");
    for (const chrome of ["Documents /", "Publish", "Outline", "Download", "Rename", "Bold"]) expect([chrome, all.includes(chrome)]).toEqual([chrome, false]);
    pages.forEach((p, i) => expect(p).toMatch(new RegExp(`\\b${i + 1} ?/ ?${pages.length}\\s*$`)));
    await context.close();
  });
});
