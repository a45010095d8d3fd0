import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { enqueue } from "../../db/queries/jobs";
import { addMember, createCoalition, createUser } from "../helpers/factories";
import { clientAs } from "../helpers/http";
import { startTestServer, type TestServer } from "../helpers/server";

// /settings/notifications (validated, values kept on error) and /admin/jobs (site admins only;
// Retry is a POST under the Origin check, audited).

let server: TestServer;
beforeAll(async () => {
  // The runner polls rarely here: the jobs these tests make stay where they put them.
  server = await startTestServer({ JOBS_POLL_INTERVAL_MS: "3600000" });
});
afterAll(async () => {
  await server?.close();
});

const jobs = () => getDb().withTables<{ jobs: { id: number; state: string; attempts: number; last_error: string | null } }>();

describe("/settings/notifications", () => {
  it("shows the defaults, refuses a bad value keeping the others, and saves a good form", async () => {
    const coalition = await createCoalition({ name: "Settings Test" });
    const other = await createCoalition({ name: "Not Mine" });
    const user = await createUser();
    await addMember(coalition.id, user.id, "member");
    const client = await clientAs(server.url, user.id);

    const page = await client.get("/settings/notifications");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Settings Test");
    expect(html).not.toContain("Not Mine");
    expect(html).toMatch(new RegExp(`name="delivery.${coalition.id}"[^>]*>[\\s\\S]*?<option value="weekly" selected=""`));

    const bad = await client.post("/settings/notifications", {
      mentions: "daily",
      replies: "sometimes",
      personal_day: "3",
      [`delivery.${coalition.id}`]: "immediate",
      [`day.${coalition.id}`]: "9",
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Choose immediately, a daily digest, a weekly digest or off.");
    expect(badHtml).toContain("Choose a day of the week.");
    expect(badHtml).toMatch(/name="mentions"[^>]*>[\s\S]*?<option value="daily" selected=""/);
    const stored = getDb().withTables<{ mail_preferences: { user_id: string; delivery: string } }>();
    expect(await stored.selectFrom("mail_preferences").selectAll().where("user_id", "=", user.id).execute()).toEqual([]);

    const good = await client.post("/settings/notifications", {
      mentions: "daily",
      replies: "off",
      personal_day: "3",
      [`delivery.${coalition.id}`]: "immediate",
      [`day.${coalition.id}`]: "5",
      [`delivery.${other.id}`]: "off", // not a coalition of theirs: ignored
    });
    expect(good.status).toBe(302);
    const rows = await getDb().withTables<{ mail_preferences: { user_id: string; coalition_id: string; delivery: string; digest_day: number } }>().selectFrom("mail_preferences").selectAll().where("user_id", "=", user.id).execute();
    expect(rows).toEqual([expect.objectContaining({ coalition_id: coalition.id, delivery: "immediate", digest_day: 5 })]);
    expect(await (await client.get("/settings/notifications?saved=1")).text()).toContain("Your notification settings are saved.");
  });

  it("asks an anonymous visitor to sign in", async () => {
    const res = await (await clientAs(server.url, null)).get("/settings/notifications");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("/admin/jobs", () => {
  it("is for site administrators only, shows counts and dead jobs, and Retry queues a dead job again with an audit row", async () => {
    const admin = await createUser({ isSiteAdmin: true });
    const member = await createUser();
    await enqueue(getDb(), "noop", { note: "dead one" });
    const dead = await jobs().selectFrom("jobs").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
    await jobs().updateTable("jobs").set({ state: "dead", attempts: 3, last_error: "550 <mailbox> unavailable" }).where("id", "=", dead.id).execute();

    expect((await (await clientAs(server.url, member.id)).get("/admin/jobs")).status).toBe(403);
    expect((await (await clientAs(server.url, member.id)).post("/admin/jobs", { id: String(dead.id) })).status).toBe(403);

    const client = await clientAs(server.url, admin.id);
    const page = await client.get("/admin/jobs");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("550 &lt;mailbox&gt; unavailable");
    expect(html).toMatch(/data-state="dead">\d+</);

    // Without this site's Origin the POST is refused (the CSRF defence of every form).
    expect((await client.post("/admin/jobs", { id: String(dead.id) }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await jobs().selectFrom("jobs").select("state").where("id", "=", dead.id).executeTakeFirstOrThrow()).state).toBe("dead");

    const retried = await client.post("/admin/jobs", { id: String(dead.id) });
    expect(retried.status).toBe(302);
    expect(await jobs().selectFrom("jobs").select(["state", "attempts"]).where("id", "=", dead.id).executeTakeFirstOrThrow()).toEqual({ state: "queued", attempts: 0 });
    const audit = await getDb().selectFrom("audit_events").select(["action", "actor_id", "coalition_id", "detail"]).where("action", "=", "job.retried").execute();
    expect(audit).toEqual([{ action: "job.retried", actor_id: admin.id, coalition_id: null, detail: JSON.stringify({ jobId: dead.id, kind: "noop" }) }]);
    // A second Retry of the same job: it is no longer dead.
    const again = await client.post("/admin/jobs", { id: String(dead.id) });
    expect(again.status).toBe(409);
    expect((await client.post("/admin/jobs", { id: "abc" })).status).toBe(400);
  });
});
