/**
 * Mail fan-out under load (issue 22): a public coalition of 1,000 members (and the thread's author)
 * who all want its mail at once; one new thread. Measures the time from the thread's POST until all 1,000 mails have been
 * handed to SMTP (a local sink counts them), and the p99 of the thread page while that happens,
 * against the same page with no send (ratio ≤ 1.5 is the target).
 *
 *   node --import tsx bench/mail-fanout-bench.ts [--rounds 3] [--connections 10] [--quiet 2]
 *   (needs `cd bench && npm ci --ignore-scripts` for autocannon; BUILD_DIR reuses a build.)
 *
 * The app runs in its own process (production build, SQLite, default job runner settings), with
 * SMTP_URL pointing at a sink in this process that accepts and counts messages without parsing
 * them. Each round: the thread page under autocannon for as long as the previous send took (the
 * first round: 10 s) with no mail moving — then the same load again while a member starts a thread,
 * stopped the moment the sink has the 1,000th mail. Medians over rounds. Results:
 * bench/results/mail-fanout.md.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { SMTPServer } from "smtp-server";
import { median, productionBuild, startApp } from "./app-under-load";

const { values } = parseArgs({
  options: { rounds: { type: "string", default: "3" }, connections: { type: "string", default: "10" }, members: { type: "string", default: "1000" }, quiet: { type: "string", default: "" }, "max-seconds": { type: "string", default: "0" } },
});
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const MEMBERS = Number(values.members);
/** When > 0: a send window ends after this long even if not every mail is out (the count so far is reported). */
const MAX_SECONDS = Number(values["max-seconds"]);
const DB_PATH = resolve(`.cache/mail-fanout-bench-${process.pid}.db`);
const DATABASE_URL = `file:${DB_PATH}`;
process.env.DATABASE_URL = DATABASE_URL;

/** An SMTP server that accepts every message and counts it (per recipient), parsing nothing. */
async function startCountingSink() {
  let count = 0;
  const waiters: Array<{ n: number; done: () => void }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        count += session.envelope.rcptTo.length;
        for (const w of waiters.splice(0)) (count >= w.n ? w.done : () => waiters.push(w))();
        callback();
      });
    },
  });
  const port = await new Promise<number>((ok) => server.listen(0, "127.0.0.1", () => ok((server.server.address() as { port: number }).port)));
  return {
    url: `smtp://127.0.0.1:${port}`,
    get count() {
      return count;
    },
    until: (n: number) => new Promise<void>((done) => (count >= n ? done() : waiters.push({ n, done }))),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

async function seed() {
  const { openDatabase } = await import("../db/client");
  const { migrateToLatest } = await import("../db/migrate");
  const { newId } = await import("../db/ids");
  const { renderMarkdown } = await import("../app/lib/markdown.server");
  const handle = openDatabase(DATABASE_URL);
  await migrateToLatest(handle.db);
  const t = new Date(Date.now() - 86_400_000).toISOString();
  const db = handle.db;
  const coalitionId = newId();
  const users = Array.from({ length: MEMBERS + 1 }, (_, i) => ({
    id: newId(), email: `member-${i}@bench.example.org`, name: `Member ${i}`, handle: `bench_member_${i}`, organization: null, stakeholder_group: null, region: null,
    password_hash: "$argon2id$unused", is_site_admin: 0, email_verified_at: t, created_at: t, updated_at: t,
  }));
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("coalitions").values({ id: coalitionId, slug: "bench-mail", name: "Bench: 1,000 members by mail", description: "Benchmark data.", founders: "[]", visibility: "public", join_policy: "approval", open_roles: '["member","observer"]', archived_at: null, created_at: t, updated_at: t }).execute();
    for (let i = 0; i < users.length; i += 200) {
      const chunk = users.slice(i, i + 200);
      await tx.insertInto("users").values(chunk).execute();
      await tx.insertInto("memberships").values(chunk.map((u, j) => ({ id: newId(), coalition_id: coalitionId, user_id: u.id, role: i + j === 0 ? ("coordinator" as const) : ("member" as const), created_at: t, updated_at: t }))).execute();
      await tx
        .withTables<{ mail_preferences: { user_id: string; coalition_id: string; delivery: string; digest_day: number; updated_at: string } }>()
        .insertInto("mail_preferences")
        .values(chunk.map((u) => ({ user_id: u.id, coalition_id: coalitionId, delivery: "immediate", digest_day: 1, updated_at: t })))
        .execute();
    }
    // The measured page: a thread of 50 posts (one full page).
    const threadId = newId();
    const body = "Thanks for the draft. Two points on **section 3**:\n\n- the definition is narrower than in the 2009 text;\n- cite https://www.w3.org/standards/ as the reference.";
    const html = renderMarkdown(body).html;
    await tx.insertInto("threads").values({ id: threadId, coalition_id: coalitionId, title: "The page under load", author_id: users[0]!.id, document_id: null, pinned: 0, locked: 0, audience: "public", post_count: 50, last_post_number: 50, last_activity_at: t, last_post_by: users[1]!.id, created_at: t, updated_at: t }).execute();
    await tx.insertInto("posts").values(Array.from({ length: 50 }, (_, n) => ({ id: newId(), thread_id: threadId, number: n + 1, author_id: users[n % 20]!.id, body, body_html: html, reply_to_id: null, edited_at: null, deleted_at: null, hidden_at: null, hidden_by: null, hidden_reason: null, created_at: t }))).execute();
  });
  const thread = await db.selectFrom("threads").select("id").where("coalition_id", "=", coalitionId).executeTakeFirstOrThrow();
  await handle.db.destroy();
  return { authorId: users[0]!.id, threadPath: `/coalitions/bench-mail/threads/${thread.id}` };
}

interface Window {
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  bad: number;
  seconds: number;
}

/** Runs autocannon on `url` until `stop` resolves (or `seconds` pass when no stop is given). */
function loadUntil(url: string, stop: Promise<unknown> | null, seconds: number): Promise<Window> {
  const started = performance.now();
  return new Promise((ok, fail) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: stop ? 600 : seconds }, (err, result) => {
      if (err) return fail(err);
      ok({ p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, requests: result.requests.total, bad: result.non2xx + result.errors + result.timeouts, seconds: (performance.now() - started) / 1000 });
    });
    if (stop) void stop.then(() => instance.stop());
  });
}

async function waitQuiet(max: number) {
  for (let i = 0; i < 60 && loadavg()[0]! > max; i++) await new Promise((r) => setTimeout(r, 1000));
}

async function main() {
  const { buildDir, cleanup } = productionBuild();
  mkdirSync(resolve(".cache"), { recursive: true });
  const { authorId, threadPath } = await seed();
  const sink = await startCountingSink();
  process.env.SMTP_URL = sink.url;
  process.env.MAIL_DOMAIN = "bench.example.org";
  const { base, server } = await startApp(DATABASE_URL, buildDir);
  const loads: number[] = [];
  try {
    const { openDatabase, setDb } = await import("../db/client");
    setDb(openDatabase(DATABASE_URL)); // this process writes the author's session row
    const { startSession } = await import("../app/models/auth.server");
    const cookie = (await startSession(authorId)).split(";")[0]!;
    const page = base + threadPath;
    if ((await fetch(page)).status !== 200) throw new Error(`${threadPath} is not 200`);
    await loadUntil(page, null, 2); // warm-up
    const rows: Array<{ round: number; quiet: Window; send: Window; sendSeconds: number; sent: number; load1: number }> = [];
    let quietSeconds = MAX_SECONDS > 0 ? MAX_SECONDS : 10;
    for (let round = 1; round <= ROUNDS; round++) {
      if (values.quiet) await waitQuiet(Number(values.quiet));
      const load1 = loadavg()[0]!;
      loads.push(load1);
      const quiet = await loadUntil(page, null, quietSeconds);
      const before = sink.count;
      const target = before + MEMBERS; // every member but the author
      const started = performance.now();
      const capped = MAX_SECONDS > 0 ? [new Promise<void>((ok) => setTimeout(ok, MAX_SECONDS * 1000))] : [];
      const allSent = Promise.race([sink.until(target), ...capped]).then(() => (performance.now() - started) / 1000);
      const sending = loadUntil(page, allSent, 0);
      const res = await fetch(`${base}/coalitions/bench-mail/threads`, {
        method: "POST",
        headers: { cookie, origin: base, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "create", title: `Round ${round}: agenda`, body: "Please add your items before Friday." }),
        redirect: "manual",
      });
      if (res.status !== 302) throw new Error(`thread POST: ${res.status}`);
      const sendSeconds = await allSent;
      const sent = sink.count - before;
      const send = await sending;
      if (MAX_SECONDS <= 0) quietSeconds = Math.max(3, Math.round(sendSeconds));
      rows.push({ round, quiet, send, sendSeconds, sent, load1 });
      console.log(`round ${round}: ${sent} of ${MEMBERS} mails handed to SMTP in ${sendSeconds.toFixed(1)} s; thread page p99 ${quiet.p99} ms without the send, ${send.p99} ms during it (${(send.p99 / quiet.p99).toFixed(2)}×); load1 ${load1.toFixed(2)}`);
    }
    const ratio = median(rows.map((r) => r.send.p99 / r.quiet.p99));
    const report = [
      `Mail fan-out benchmark, ${new Date().toISOString().slice(0, 16)}Z: SQLite, production build, app in its own process with default job settings (batch 10, poll 2 s, 5 SMTP connections), SMTP to a counting sink in the load generator's process; autocannon 8, ${CONNECTIONS} connections on the thread page (50 posts), ${ROUNDS} rounds; ${cpus().length} shared CPU cores; 1-min load average at the rounds' starts: ${loads.map((l) => l.toFixed(2)).join(", ")}.`,
      "",
      "| round | mails handed to SMTP | in (s) | mails/s | page p99 without send (ms) | page p99 during send (ms) | ratio | req/s without / during | non-2xx |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...rows.map((r) => `| ${r.round} | ${r.sent} of ${MEMBERS} | ${r.sendSeconds.toFixed(1)} | ${(r.sent / r.sendSeconds).toFixed(1)} | ${r.quiet.p99} | ${r.send.p99} | ${(r.send.p99 / r.quiet.p99).toFixed(2)}× | ${r.quiet.rps.toFixed(0)} / ${r.send.rps.toFixed(0)} | ${r.quiet.bad + r.send.bad} |`),
      "",
      `Median: ${median(rows.map((r) => r.sent))} of ${MEMBERS} mails handed to SMTP in ${median(rows.map((r) => r.sendSeconds)).toFixed(1)} s; p99 ratio ${ratio.toFixed(2)}× (target ≤ 1.5: ${ratio <= 1.5 ? "met" : "**not met**"}).`,
      "",
    ].join("\n");
    mkdirSync(resolve("bench/results"), { recursive: true });
    writeFileSync(resolve("bench/results/mail-fanout.md"), report);
    console.log(`\n${report}`);
    console.log(`RATIO ${ratio.toFixed(2)}`);
  } finally {
    server.kill("SIGTERM");
    await sink.close();
    cleanup();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(DB_PATH + suffix, { force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
