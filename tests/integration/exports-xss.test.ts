import MarkdownIt from "markdown-it";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/server";
import { clientAs, postIn, startThread } from "../helpers/threads";
import { executableMarkup, XSS_CORPUS } from "../helpers/xss-corpus";

/**
 * Exports leave the site: whoever opens one may render it with a viewer that allows raw HTML
 * and every link scheme. Rendered that way, no export may carry executable markup, whatever
 * users typed into titles, names, organisations or bodies.
 */
const permissiveViewer = new MarkdownIt({ html: true, linkify: true });
permissiveViewer.validateLink = () => true; // a careless viewer: every scheme allowed

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const HOSTILE_LINE = `</script><script>window.__xss=1</script><img src=x onerror=window.__xss=1> [x](javascript:window.__xss=1) &colon;`;

describe("every export with the XSS corpus in every user field", () => {
  it("thread, document and version exports stay inert in a permissive Markdown viewer and as HTML", async () => {
    const tag = Date.now().toString(36);
    const author = await createUser({ name: `Mallory ${HOSTILE_LINE}`, organization: `Org ${HOSTILE_LINE}`, email: `mallory.${tag}@example.org` });
    const coordinator = await createUser({ name: "Cora", email: `cora.${tag}@example.org` });
    const coalition = await createCoalition({ visibility: "public", name: `Coalition ${HOSTILE_LINE}` });
    await addMember(coalition.id, author.id, "member");
    await addMember(coalition.id, coordinator.id, "coordinator");
    const m = await clientAs(server.url, author.id);

    const threadId = await startThread(m, coalition.slug, `Title ${HOSTILE_LINE}`.slice(0, 200), XSS_CORPUS[0]);
    for (const payload of XSS_CORPUS.slice(1)) expect((await postIn(m, coalition.slug, threadId, { body: payload })).status, payload).toBe(302);
    // A reply quotes its target in the export: quote a hostile post.
    const target = await getDb().selectFrom("posts").select("id").where("thread_id", "=", threadId).where("number", "=", 2).executeTakeFirstOrThrow();
    expect((await postIn(m, coalition.slug, threadId, { body: "replying", reply_to: target.id })).status).toBe(302);

    const doc = await createDocument(coalition.id, author.id, { title: `Doc ${HOSTILE_LINE}`.slice(0, 200) });
    await writeContent(doc.id, docJson(`Heading ${HOSTILE_LINE}`, ...XSS_CORPUS), author.id);
    const coord = await clientAs(server.url, coordinator.id);
    const published = await coord.post(`/coalitions/${coalition.slug}/documents/${doc.id}?index`, { intent: "publish", label: `v1 ${HOSTILE_LINE}`.slice(0, 100), note: HOSTILE_LINE, confirm: "yes" });
    expect(published.status).toBe(200);
    const version = await getDb().selectFrom("document_versions").select("id").where("document_id", "=", doc.id).executeTakeFirstOrThrow();

    const exports: Array<[string, string]> = [
      ["thread.md", `/coalitions/${coalition.slug}/threads/${threadId}/export`],
      ["document.md", `/coalitions/${coalition.slug}/documents/${doc.id}/export.md`],
      ["document.html", `/coalitions/${coalition.slug}/documents/${doc.id}/export.html`],
      ["version.md", `/coalitions/${coalition.slug}/outputs/${version.id}/export.md`],
      ["version.html", `/coalitions/${coalition.slug}/outputs/${version.id}/export.html`],
    ];
    for (const [label, path] of exports) {
      const res = await m.get(path);
      expect(res.status, label).toBe(200);
      const body = await res.text();
      // HTML exports: the file's own <head> (title, its one stylesheet) is ours; the body holds user text.
      const html = label.endsWith(".md") ? permissiveViewer.render(body) : body.slice(body.indexOf("<body"));
      if (label.endsWith(".html")) expect(executableMarkup(body.slice(0, body.indexOf("<body"))), label).toEqual(["<style>"]);
      expect(executableMarkup(html), label).toEqual([]);
      // The hostile text is still there, as text.
      expect(html, label).toMatch(/&lt;script&gt;|&amp;lt;script&amp;gt;/);
    }
  });

  it("keeps ordinary Markdown in an exported thread: emphasis, links, code", async () => {
    const tag = Date.now().toString(36);
    const author = await createUser({ name: "Ada", email: `ada.${tag}@example.org` });
    const coalition = await createCoalition({ visibility: "public" });
    await addMember(coalition.id, author.id, "member");
    const m = await clientAs(server.url, author.id);
    const body = "Some *emphasis* and a [link](https://example.org/a?b=1&c=2).\n\n```\n<b>code</b> & more\n```\n\nInline `<i>` code.";
    const threadId = await startThread(m, coalition.slug, "Plain & simple", body);
    const md = await (await m.get(`/coalitions/${coalition.slug}/threads/${threadId}/export`)).text();
    const html = permissiveViewer.render(md);
    expect(html).toContain("<em>emphasis</em>");
    expect(html).toContain('<a href="https://example.org/a?b=1&amp;c=2">link</a>');
    expect(html).toContain("&lt;b&gt;code&lt;/b&gt; &amp; more");
    expect(html).toContain("<code>&lt;i&gt;</code>");
    expect(html).toContain("Plain &amp; simple");
  });
});
