import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { docJson, writeContent } from "../helpers/documents";
import { addMember, createCoalition, createDocument, createUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { postIn, startThread } from "../helpers/threads";

// Issue 27: "Download my data" — an account:export job builds a ZIP of the person's profile,
// memberships, posts and authored documents, mails a one-hour link, and the page shows its state.

let sink: SmtpSink;
let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), "cw-export-test-"));
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, JOBS_POLL_INTERVAL_MS: "50" });
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The archive's file names and one file's text, read with the system's unzip. */
function unzip(bytes: Uint8Array, name: string) {
  const file = join(dir, `${name}.zip`);
  writeFileSync(file, bytes);
  const list = execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).split("\n").filter(Boolean);
  const read = (path: string) => execFileSync("unzip", ["-p", file, path], { encoding: "utf8" });
  return { list, read };
}

describe("download my data", () => {
  it("builds the archive in a job, mails a link that works for its owner only, and the archive holds the person's posts and documents", async () => {
    const coalition = await createCoalition({ visibility: "public", name: "Privacy Coalition" });
    const user = await createUser({ name: "Dana Export" });
    const someoneElse = await createUser();
    await addMember(coalition.id, user.id, "member");
    await addMember(coalition.id, someoneElse.id, "member");
    const dana = await clientAs(server.url, user.id);
    const other = await clientAs(server.url, someoneElse.id);
    const threadId = await startThread(dana, coalition.slug, "Cookie banners", "Opening post about **consent**.");
    expect((await postIn(other, coalition.slug, threadId, { body: "Someone else's reply, not Dana's." })).status).toBe(302);
    expect((await postIn(dana, coalition.slug, threadId, { body: "Dana's second thought on dark patterns." })).status).toBe(302);
    const doc = await createDocument(coalition.id, user.id, { title: "Charter draft" });
    await writeContent(doc.id, docJson("Charter", "Children deserve privacy by default."), user.id);

    expect((await (await dana.get("/settings/data")).text()).replace(/<script[\s\S]*?<\/script>/g, "")).toContain('data-state="none"');
    const asked = await dana.post("/settings/data", { intent: "request-export" });
    expect(asked.status).toBe(302);
    const pending = await (await dana.get("/settings/data")).text();
    expect(pending).toMatch(/data-state="(pending|ready)"/);

    await expect.poll(() => sink.to(user.email).length, { timeout: 20_000 }).toBe(1);
    const mail = sink.to(user.email)[0];
    expect(mail.subject).toContain("Your data is ready to download");
    const link = new URL(/(http:\/\/\S+\/settings\/data\/download\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? "")![1]).pathname;
    const token = link.split("/").pop()!;
    const stored = await getDb().selectFrom("data_exports").select(["token_hash", "status", "expires_at", "ready_at"]).where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe("ready");
    expect(stored.token_hash).not.toContain(token);
    expect(Date.parse(stored.expires_at!) - Date.parse(stored.ready_at!)).toBe(3600_000);
    expect(await (await dana.get("/settings/data")).text()).toContain('data-state="ready"');

    // Someone else's session with the right token: not theirs.
    const stolen = await other.get(link);
    expect(stolen.status).toBe(302);
    expect(stolen.headers.get("location")).toBe("/settings/data?link=expired");

    const res = await dana.get(link);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.zip"/);
    const zip = unzip(new Uint8Array(await res.arrayBuffer()), "dana");
    expect(zip.list).toEqual(expect.arrayContaining(["README.md", "profile.json", "memberships.json", "posts.json", "posts.md", "documents.json", "documents/Charter-draft.md"]));
    const posts = JSON.parse(zip.read("posts.json")) as Array<{ body: string; thread_title: string }>;
    expect(posts.map((p) => p.body)).toEqual(["Opening post about **consent**.", "Dana's second thought on dark patterns."]);
    expect(posts[0].thread_title).toBe("Cookie banners");
    expect(zip.read("posts.md")).toContain("Dana's second thought on dark patterns.");
    expect(zip.read("posts.md")).not.toContain("Someone else's reply");
    expect(JSON.parse(zip.read("profile.json"))).toMatchObject({ name: "Dana Export", email: user.email, handle: user.handle });
    expect(JSON.parse(zip.read("profile.json"))).not.toHaveProperty("password_hash");
    expect(JSON.parse(zip.read("memberships.json"))).toEqual([expect.objectContaining({ coalition: "Privacy Coalition", role: "member" })]);
    expect(zip.read("documents/Charter-draft.md")).toContain("Children deserve privacy by default.");

    // The page's own button gives the same archive to its owner.
    const page = await (await dana.get("/settings/data")).text();
    const href = /href="(\/settings\/data\/archive\/[^"]+)"/.exec(page)![1];
    const again = await dana.get(href);
    expect(again.status).toBe(200);
    expect(unzip(new Uint8Array(await again.arrayBuffer()), "again").list).toContain("posts.json");
    expect((await other.get(href)).status).toBe(302);
  });

  it("an expired link answers with the page's 'expired' notice, not the archive", async () => {
    const user = await createUser();
    const client = await clientAs(server.url, user.id);
    await client.post("/settings/data", { intent: "request-export" });
    await expect.poll(() => sink.to(user.email).length, { timeout: 20_000 }).toBe(1);
    const link = new URL(/(http:\/\/\S+\/settings\/data\/download\/[A-Za-z0-9_-]{43})/.exec(sink.to(user.email)[0].text ?? "")![1]).pathname;
    await getDb().updateTable("data_exports").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("user_id", "=", user.id).execute();
    const res = await client.get(link);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/settings/data?link=expired");
    const page = await (await client.get("/settings/data?link=expired")).text();
    expect(page).toContain('data-state="expired"');
    expect(page).toContain("That download link has expired or is not yours.");
  });
});
