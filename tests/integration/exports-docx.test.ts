import type { JSONContent } from "@tiptap/core";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser, type TestUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { XSS_CORPUS } from "../helpers/xss-corpus";

let server: TestServer;
type Coal = Awaited<ReturnType<typeof createCoalition>>;
let pub: Coal;
let priv: Coal;
const users: Record<"coordinator" | "member" | "observer" | "outsider", TestUser> = {} as never;

const clientFor = (user?: TestUser) => clientAs(server.url, user ?? null);

const text = (t: string, marks?: JSONContent["marks"]): JSONContent => ({ type: "text", text: t, ...(marks ? { marks } : {}) });
const para = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const cell = (type: "tableHeader" | "tableCell", t: string): JSONContent => ({ type, content: [para(text(t))] });

/** A document with what the forum's files need: headings, lists, a table and a link. */
const RICH: JSONContent = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 1 }, content: [text("Recommendations on spam")] },
    para(text("Read the "), text("full report", [{ type: "link", attrs: { href: "https://example.org/report?a=1&b=2" } }]), text(" first.")),
    { type: "heading", attrs: { level: 2 }, content: [text("Who does what")] },
    {
      type: "bulletList",
      content: [
        { type: "listItem", content: [para(text("Operators filter"))] },
        { type: "listItem", content: [para(text("Users report")), { type: "orderedList", attrs: { start: 1 }, content: [{ type: "listItem", content: [para(text("Nested step"))] }] }] },
      ],
    },
    {
      type: "table",
      content: [
        { type: "tableRow", content: [cell("tableHeader", "Stakeholder"), cell("tableHeader", "Action")] },
        { type: "tableRow", content: [cell("tableCell", "Civil society"), cell("tableCell", "Raise awareness")] },
      ],
    },
  ],
};

/** Every tag in the XML is a WordprocessingML element: no markup from user text survives as markup. */
const foreignMarkup = (xml: string) => xml.match(/<(?!\/?w:|\?xml)[^>]*>/g) ?? [];

async function docxOf(res: Response): Promise<Record<string, string>> {
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]));
}

beforeAll(async () => {
  server = await startTestServer();
  pub = await createCoalition({ visibility: "public", name: "Anti-Spam Coalition" });
  priv = await createCoalition({ visibility: "private", name: "Closed Word Coalition" });
  for (const role of ["coordinator", "member", "observer"] as const) {
    users[role] = await createUser({ name: `Docx ${role}` });
    await addMember(pub.id, users[role].id, role);
    await addMember(priv.id, users[role].id, role);
  }
  users.outsider = await createUser({ name: "Docx Outsider" });
});
afterAll(async () => {
  await server?.close();
});

describe("export.docx of a draft", () => {
  let docId: string;
  beforeAll(async () => {
    docId = (await createDocument(pub.id, users.member.id, { title: "Spam recommendations" })).id;
    await writeContent(docId, RICH);
  });

  it("is a Word file with Heading styles, lists, the table cells, the hyperlink and the title block", async () => {
    const res = await (await clientFor(users.observer)).get(`/coalitions/${pub.slug}/documents/${docId}/export.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="spam-recommendations-draft.docx"; filename*=UTF-8''Spam-recommendations-draft.docx`);
    const files = await docxOf(res);
    const xml = files["word/document.xml"];
    expect(xml).toBeDefined();
    expect(xml).toMatch(/<w:pStyle w:val="Title"\/><\/w:pPr><w:r><w:t xml:space="preserve">Spam recommendations<\/w:t>/);
    expect(xml).toContain("Anti-Spam Coalition — working draft");
    expect(xml).toMatch(/Exported \d{4}-\d{2}-\d{2}/);
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/><\/w:pPr><w:r><w:t xml:space="preserve">Recommendations on spam<\/w:t>/);
    expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/><\/w:pPr><w:r><w:t xml:space="preserve">Who does what<\/w:t>/);
    // Real Word lists (numbering), the nested item one level down.
    expect(xml).toMatch(/<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr><\/w:pPr><w:r><w:t xml:space="preserve">Operators filter/);
    expect(xml).toMatch(/<w:numPr><w:ilvl w:val="1"\/><w:numId w:val="\d+"\/><\/w:numPr><\/w:pPr><w:r><w:t xml:space="preserve">Nested step/);
    expect(files["word/numbering.xml"]).toContain('w:val="bullet"');
    expect(files["word/numbering.xml"]).toContain('w:val="decimal"');
    // The table: header row repeated on each page, each cell its own <w:tc>.
    const table = xml.match(/<w:tbl>.*<\/w:tbl>/)?.[0] ?? "";
    expect(table.match(/<w:tc>/g)).toHaveLength(4);
    expect(table).toContain("<w:tblHeader/>");
    for (const t of ["Stakeholder", "Action", "Civil society", "Raise awareness"]) expect(table).toContain(`>${t}</w:t>`);
    // The hyperlink points, through a relationship, at the URL.
    const link = xml.match(/<w:hyperlink [^>]*r:id="([^"]+)"[^>]*>(.*?)<\/w:hyperlink>/);
    expect(link?.[2]).toContain(">full report</w:t>");
    const rel = files["word/_rels/document.xml.rels"].match(new RegExp(`<Relationship Id="${link![1]}"[^>]*/>`))?.[0];
    expect(rel).toContain('Target="https://example.org/report?a=1&amp;b=2"');
    expect(rel).toContain('TargetMode="External"');
    // Page numbers in the footer.
    expect(files["word/footer1.xml"]).toContain("PAGE");
    expect(files["docProps/core.xml"]).toContain("<dc:title>Spam recommendations</dc:title>");
  });

  it("refuses like export.md: 403 to an outsider and a login redirect to a visitor of a public coalition's draft, 404 on a private one", async () => {
    for (const path of ["export.md", "export.docx"]) {
      expect((await (await clientFor(users.outsider)).get(`/coalitions/${pub.slug}/documents/${docId}/${path}`)).status).toBe(403);
      const anon = await (await clientFor()).get(`/coalitions/${pub.slug}/documents/${docId}/${path}`);
      expect(anon.status).toBe(302);
      expect(anon.headers.get("location")).toMatch(/^\/login/);
    }
    const secret = await createDocument(priv.id, users.member.id, { title: "Secret word plan" });
    await writeContent(secret.id, { type: "doc", content: [para(text("hidden docx text"))] });
    for (const client of [await clientFor(users.outsider), await clientFor()]) {
      for (const path of ["export.md", "export.docx"]) {
        const res = await client.get(`/coalitions/${priv.slug}/documents/${secret.id}/${path}`);
        expect(res.status).toBe(404);
        expect(await res.text()).not.toContain("hidden docx text");
      }
    }
    const ok = await (await clientFor(users.observer)).get(`/coalitions/${priv.slug}/documents/${secret.id}/export.docx`);
    expect(ok.status).toBe(200);
    expect((await docxOf(ok))["word/document.xml"]).toContain("hidden docx text");
  });

  it("escapes user text with XML and HTML special characters, and writes no link for unsafe hrefs", async () => {
    const title = `Hostile <b>"title"</b> & 'co'`;
    const doc = await createDocument(pub.id, users.member.id, { title });
    await writeContent(doc.id, {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 1 }, content: [text("<script>alert(1)</script> & ]]> <w:t>")] },
        ...XSS_CORPUS.map((entry) => para(text(entry))),
        para(text("bad link", [{ type: "link", attrs: { href: "javascript:alert(1)" } }]), text(" ctl\u0001\u0008chars")),
      ],
    });
    const res = await (await clientFor(users.member)).get(`/coalitions/${pub.slug}/documents/${doc.id}/export.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="hostile-btitleb-co-draft\.docx"; filename\*=UTF-8''[^\s"]+$/);
    const files = await docxOf(res);
    const xml = files["word/document.xml"];
    expect(foreignMarkup(xml)).toEqual([]);
    expect(xml).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt; &lt;w:t&gt;");
    expect(xml).not.toContain("<script");
    expect(xml).toContain("&lt;img src=x onerror=");
    expect(xml).toContain(" ctlchars");
    expect(xml).not.toMatch(/[\u0001-\u0008]/);
    expect(xml).toContain(">bad link</w:t>");
    expect(xml).not.toContain("<w:hyperlink");
    expect(files["word/_rels/document.xml.rels"]).not.toContain("javascript");
    expect(files["docProps/core.xml"]).toContain("<dc:title>Hostile &lt;b&gt;&quot;title&quot;&lt;/b&gt; &amp; &apos;co&apos;</dc:title>");
    expect(xml).toContain("Hostile &lt;b&gt;");
  });
});

describe("export.docx of a published version", () => {
  it("carries the version label and date, for anyone on a public coalition and nobody outside a private one", async () => {
    const publishFrom = async (coalition: Coal, title: string, label: string) => {
      const doc = await createDocument(coalition.id, users.member.id, { title });
      await writeContent(doc.id, RICH);
      const res = await (await clientFor(users.coordinator)).post(`/coalitions/${coalition.slug}/documents/${doc.id}?index`, { intent: "publish", label, confirm: "yes" });
      expect(res.status).toBe(200);
      return (await getDb().selectFrom("document_versions").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow()).id;
    };
    const v = await publishFrom(pub, "Statement", "Final <draft> & agreed");
    const res = await (await clientFor()).get(`/coalitions/${pub.slug}/outputs/${v}/export.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`filename="statement-v1.docx"`);
    const xml = (await docxOf(res))["word/document.xml"];
    expect(xml).toContain("Anti-Spam Coalition — version 1: Final &lt;draft&gt; &amp; agreed");
    expect(xml).toMatch(/Published \d{4}-\d{2}-\d{2} by Docx coordinator/);
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/><\/w:pPr><w:r><w:t xml:space="preserve">Recommendations on spam<\/w:t>/);
    expect(xml).toContain("<w:hyperlink");

    const hidden = await publishFrom(priv, "Private statement", "v1");
    for (const client of [await clientFor(), await clientFor(users.outsider)]) {
      expect((await client.get(`/coalitions/${priv.slug}/outputs/${hidden}/export.md`)).status).toBe(404);
      expect((await client.get(`/coalitions/${priv.slug}/outputs/${hidden}/export.docx`)).status).toBe(404);
    }
    expect((await (await clientFor(users.observer)).get(`/coalitions/${priv.slug}/outputs/${hidden}/export.docx`)).status).toBe(200);
  });

  it("is linked beside Markdown and HTML on the output page and the document page", async () => {
    const docId = (await createDocument(pub.id, users.member.id, { title: "Linked" })).id;
    const page = await (await (await clientFor(users.member)).get(`/coalitions/${pub.slug}/documents/${docId}`)).text();
    expect(page).toContain(`href="/coalitions/${pub.slug}/documents/${docId}/export.docx"`);
    const v = await getDb().selectFrom("document_versions").innerJoin("documents", "documents.id", "document_versions.document_id").select("document_versions.id").where("documents.coalition_id", "=", pub.id).executeTakeFirstOrThrow();
    const output = await (await (await clientFor()).get(`/coalitions/${pub.slug}/outputs/${v.id}`)).text();
    expect(output).toContain(`href="/coalitions/${pub.slug}/outputs/${v.id}/export.docx"`);
  });
});
