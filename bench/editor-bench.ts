/**
 * The editor page in headless Chromium: its JavaScript (gzipped) and the time to a usable
 * editor on a 50-page document, against a plain Remix page of the same app (the coalition
 * overview) as the baseline; and the same document under review (500 comments anchored in its
 * paragraphs, 200 open suggestions) against the plain one (issue 23's target: within 1.5×).
 *
 *   node --import tsx bench/editor-bench.ts [--runs 5] [--pages 50] [--comments 500] [--suggestions 200]
 *   (BUILD_DIR reuses an existing `remix vite:build` output; otherwise one is built.)
 *
 * "Usable" = the editor is mounted, editable, connected and synced (status "saved"), measured
 * from navigation start with performance.now(). "Hydrated" = React has attached to <main>.
 * Each run is a fresh browser context (empty cache); the pages alternate, the median is shown.
 * JavaScript = every .js response the page loads (deduplicated), gzipped here at level 6, as a
 * typical server or CDN would send it. Results: bench/results/editor.md.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "5" }, pages: { type: "string", default: "50" }, comments: { type: "string", default: "500" }, suggestions: { type: "string", default: "200" }, profile: { type: "boolean", default: false } },
});
const RUNS = Number(values.runs);
const PAGES = Number(values.pages);
const COMMENTS = Number(values.comments);
const SUGGESTIONS = Number(values.suggestions);
const BUDGET_KB = 300;
const REVIEW_TARGET = 1.5;

const dataDir = mkdtempSync(join(tmpdir(), "cw-editor-bench-"));
const DATABASE_URL = `file:${join(dataDir, "bench.db")}`;
process.env.DATABASE_URL = DATABASE_URL;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
    s.on("error", fail);
  });
}

const WORDS = "coalition governance internet open standards rights privacy access multistakeholder forum charter principles members observers coordinators publish output session agenda recommendation network community policy".split(" ");
function sentence(seed: number, words = 50): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13 + ((seed * i) % 5)) % WORDS.length]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return `${out.join(" ")}.`;
}

/** A paragraph's text; with a suggestion, its first words proposed for removal or a clause proposed as an addition. */
function paragraph(seed: number, suggestion: number | null, author: { id: string; name: string }) {
  const text = sentence(seed);
  if (suggestion === null) return { type: "paragraph", content: [{ type: "text", text }] };
  const attrs = { id: `bench-s${suggestion}`, authorId: author.id, authorName: author.name, time: "2026-12-01T10:00:00.000Z" };
  const cut = text.indexOf(" ", 30);
  return suggestion % 2 === 0
    ? { type: "paragraph", content: [{ type: "text", text: text.slice(0, cut), marks: [{ type: "suggestionDelete", attrs }] }, { type: "text", text: text.slice(cut) }] }
    : { type: "paragraph", content: [{ type: "text", text }, { type: "text", text: " as the coalition agreed in its charter", marks: [{ type: "suggestionInsert", attrs }] }] };
}

/** About 500 words a page: a heading and ten 50-word paragraphs, every fifth page a list; the first `suggestions` paragraphs carry one each. */
function fiftyPages(pages: number, suggestions = 0, author = { id: "", name: "" }) {
  const content: unknown[] = [{ type: "heading", attrs: { level: 1 }, content: [{ type: "text", text: "Benchmark charter" }] }];
  for (let p = 0; p < pages; p++) {
    content.push({ type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: `Section ${p + 1}` }] });
    for (let i = 0; i < 10; i++) content.push(paragraph(p * 10 + i, p * 10 + i < suggestions ? p * 10 + i : null, author));
    if (p % 5 === 0) content.push({ type: "bulletList", content: [1, 2, 3].map((n) => ({ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: `Point ${n}` }] }] })) });
  }
  return { type: "doc", content };
}

/**
 * Writes the document and anchors `COMMENTS` comments in its paragraphs (in turn, a few words each),
 * as rows like the comments route writes; anchors are relative positions in the stored Yjs state.
 */
async function seedReview(documentId: string, coalitionId: string, user: { id: string }, json: unknown): Promise<number> {
  const Y = await import("yjs");
  const { getDb } = await import("../db/client");
  const { appendUpdates } = await import("../db/queries/document-state");
  const { insertComment } = await import("../db/queries/document-comments");
  const { yDocFromJson } = await import("../app/models/document-render.server");
  const ydoc = yDocFromJson(json as never);
  await appendUpdates(getDb(), [{ documentId, data: Y.encodeStateAsUpdate(ydoc), userId: user.id }]);
  const texts = ydoc
    .getXmlFragment("default")
    .toArray()
    .filter((n): n is InstanceType<typeof Y.XmlElement> => n instanceof Y.XmlElement && n.nodeName === "paragraph")
    .map((p) => p.get(0))
    .filter((t): t is InstanceType<typeof Y.XmlText> => t instanceof Y.XmlText);
  const enc = (t: InstanceType<typeof Y.XmlText>, i: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(t, i))).toString("base64");
  const at = new Date().toISOString();
  for (let i = 0; i < COMMENTS; i++) {
    const t = texts[i % texts.length];
    const from = (Math.floor(i / texts.length) * 12) % 40;
    await insertComment(getDb(), {
      id: crypto.randomUUID(), document_id: documentId, coalition_id: coalitionId, parent_id: null, author_id: user.id,
      body: `Comment ${i + 1}: could this be said more plainly?`, body_html: `<p>Comment ${i + 1}: could this be said more plainly?</p>`,
      anchor_start: enc(t, from), anchor_end: enc(t, from + 10), quote: (t.toDelta() as { insert: string }[]).map((d) => d.insert).join("").slice(from, from + 10),
      version_number: 0, created_at: at, edited_at: null, resolved_at: null, resolved_by: null, resolved_version_number: null,
    });
  }
  ydoc.destroy();
  return COMMENTS;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (top 25), from a CDP CPU profile. */
function printProfile(profile: CpuProfile) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id)!.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`CPU profile of the reviewed document's first load: ${total.toFixed(0)} ms sampled`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms.toFixed(0).padStart(7)} ms  ${key}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const buildDir = process.env.BUILD_DIR ? resolve(process.env.BUILD_DIR) : resolve(".cache/editor-bench-build");
  if (!process.env.BUILD_DIR) {
    mkdirSync(".cache", { recursive: true });
    execFileSync(resolve("node_modules/.bin/remix"), ["vite:build"], { env: { ...process.env, BUILD_DIR: buildDir, NODE_ENV: "production" }, stdio: ["ignore", "ignore", "inherit"] });
  }

  // Seed: one coalition, one coordinator, one 50-page document.
  const { getDb, closeDb, openDatabase, setDb } = await import("../db/client");
  setDb(openDatabase(DATABASE_URL));
  const { migrateToLatest } = await import("../db/migrate");
  await migrateToLatest(getDb());
  const { addMember, createCoalition, createDocument, createUser, sessionCookieFor } = await import("../tests/helpers/factories");
  const { writeContent } = await import("../tests/helpers/documents");
  const user = await createUser({ name: "Bench Writer" });
  const coalition = await createCoalition({ visibility: "public", name: "Benchmark Coalition" });
  await addMember(coalition.id, user.id, "coordinator");
  const doc = await createDocument(coalition.id, user.id, { title: "Fifty pages" });
  const json = fiftyPages(PAGES);
  await writeContent(doc.id, json as never);
  const words = JSON.stringify(json).match(/"text":"([^"]*)"/g)!.join(" ").split(/\s+/).length;
  // The same document under review: open suggestions in its first paragraphs, comments anchored in its paragraphs.
  const reviewed = await createDocument(coalition.id, user.id, { title: "Fifty pages under review" });
  const commentCount = await seedReview(reviewed.id, coalition.id, user, fiftyPages(PAGES, SUGGESTIONS, { id: user.id, name: "Bench Writer" }));
  const cookie = await sessionCookieFor(user.id);
  await closeDb();

  const port = await freePort();
  const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL, BUILD_DIR: buildDir, NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }

  const { launchBrowser } = await import("../tests/helpers/browser");
  const browser: Browser = await launchBrowser();
  // Usable: the editor takes typing, is synced, and its comments are shown (none for the plain document).
  const usable = `document.querySelector('[data-testid=editor-content][contenteditable=true]') && document.querySelector('[data-testid=editor-status]')?.dataset.state === 'saved' && document.querySelector('[data-testid=comments-layer][data-comments-loaded=yes]')`;
  const pages = {
    editor: { path: `/coalitions/${coalition.slug}/documents/${doc.id}`, usable },
    review: { path: `/coalitions/${coalition.slug}/documents/${reviewed.id}`, usable },
    baseline: { path: `/coalitions/${coalition.slug}`, usable: null as string | null },
  };
  const hydrated = `(() => { const m = document.getElementById('main'); return !!m && Object.keys(m).some((k) => k.startsWith('__reactFiber')); })()`;
  const results: Record<string, { js: number; jsGzip: number; files: number; hydrated: number[]; usable: number[] }> = {};
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const [name, p] of Object.entries(pages)) {
        // bypassCSP only lets the measuring predicates (strings) run; the app is unchanged.
        const context = await browser.newContext({ baseURL: base, bypassCSP: true });
        await context.addCookies([{ name: cookie.name, value: cookie.value, domain: "127.0.0.1", path: "/", httpOnly: true, sameSite: "Lax" }]);
        const page = await context.newPage();
        const scripts = new Map<string, Buffer>();
        page.on("response", async (res) => {
          if (!/\.js(\?|$)/.test(res.url())) return;
          try {
            scripts.set(res.url(), await res.body());
          } catch {}
        });
        // --profile: the first run of the reviewed document under the CPU profiler (where its time goes).
        const cdp = values.profile && name === "review" && run === 0 ? await context.newCDPSession(page) : null;
        if (cdp) {
          await cdp.send("Profiler.enable");
          await cdp.send("Profiler.start");
        }
        await page.goto(p.path, { waitUntil: "commit" });
        await page.waitForFunction(hydrated, undefined, { timeout: 60_000, polling: 10 });
        const tHydrated = await page.evaluate(() => performance.now());
        let tUsable = tHydrated;
        if (p.usable) {
          await page.waitForFunction(p.usable, undefined, { timeout: 60_000, polling: 10 });
          tUsable = await page.evaluate(() => performance.now());
        }
        if (cdp) printProfile((await cdp.send("Profiler.stop")).profile as unknown as CpuProfile);
        await page.waitForLoadState("networkidle").catch(() => {});
        const r = (results[name] ??= { js: 0, jsGzip: 0, files: 0, hydrated: [], usable: [] });
        r.hydrated.push(tHydrated);
        r.usable.push(tUsable);
        r.js = [...scripts.values()].reduce((n, b) => n + b.byteLength, 0);
        r.jsGzip = [...scripts.values()].reduce((n, b) => n + gzipSync(b, { level: 6 }).byteLength, 0);
        r.files = scripts.size;
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }

  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const e = results.editor;
  const b = results.baseline;
  const r = results.review;
  const reviewRatio = median(r.usable) / median(e.usable);
  const lines = [
    `Editor page vs. a plain Remix page (coalition overview), headless Chromium ${browser.version?.() ?? ""}, ${RUNS} runs each, median; document of ${PAGES} pages (${words.toLocaleString("en")} words). Run on ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "| page | JS files | JS raw | JS gzipped | hydrated | usable editor |",
    "|---|---:|---:|---:|---:|---:|",
    `| editor (\`/coalitions/:slug/documents/:id\`) | ${e.files} | ${kb(e.js)} | ${kb(e.jsGzip)} | ${median(e.hydrated).toFixed(0)} ms | ${median(e.usable).toFixed(0)} ms |`,
    `| same document under review (${commentCount} comments, ${SUGGESTIONS} open suggestions) | ${r.files} | ${kb(r.js)} | ${kb(r.jsGzip)} | ${median(r.hydrated).toFixed(0)} ms | ${median(r.usable).toFixed(0)} ms |`,
    `| baseline (\`/coalitions/:slug\`) | ${b.files} | ${kb(b.js)} | ${kb(b.jsGzip)} | ${median(b.hydrated).toFixed(0)} ms | — |`,
    `| ratio editor / baseline | | ${(e.js / b.js).toFixed(2)}× | ${(e.jsGzip / b.jsGzip).toFixed(2)}× | ${(median(e.hydrated) / median(b.hydrated)).toFixed(2)}× | ${(median(e.usable) / median(b.hydrated)).toFixed(2)}× (vs. baseline hydrated) |`,
    "",
    `Budget: editor route under ${BUDGET_KB} KB gzipped — ${e.jsGzip / 1024 < BUDGET_KB ? "met" : "NOT met"} (${kb(e.jsGzip)}).`,
    `Review target: under review within ${REVIEW_TARGET}× of the plain document — ${reviewRatio <= REVIEW_TARGET ? "met" : "NOT met"} (${reviewRatio.toFixed(2)}×, usable editor with its comments shown).`,
    `Raw samples (ms): review usable ${r.usable.map((x) => x.toFixed(0)).join(", ")}; editor usable ${e.usable.map((x) => x.toFixed(0)).join(", ")}; baseline hydrated ${b.hydrated.map((x) => x.toFixed(0)).join(", ")}.`,
  ];
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/editor.md", `${lines.join("\n")}\n`);
  console.log(lines.join("\n"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
