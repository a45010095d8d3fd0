import type { Kysely } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dueStep, planDeadlineReminders, reminderMoment } from "../../app/models/mail/deadline-reminders.server";
import { turnOff } from "../../app/models/mail/preferences.server";
import { newId } from "../../db/ids";
import { insertCalendarEvent } from "../../db/queries/calendar";
import type { JobTable } from "../../db/queries/jobs";
import { addMember, createCoalition, createUser, type TestUser } from "../helpers/factories";
import { getDb, startTestServer, type TestServer } from "../helpers/server";

// Issue 25: coordinators are reminded 14 days, 3 days and on the day of each forum deadline that
// concerns them, through the job runner (keyed mail:send jobs), in their language; the clock is
// moved by calling the planner with a time, never by sleeping.

const DEADLINE = "2027-03-20T12:00:00.000Z";
const at = (iso: string) => new Date(iso);
// The jobs table is typed in db/queries/jobs.ts only (JobTable), not in the app's Database.
const jobsTable = () => getDb() as unknown as Kysely<{ jobs: JobTable }>;
let server: TestServer;
let coordinator: TestUser;
let member: TestUser;

async function reminderJobs() {
  const rows = await jobsTable().selectFrom("jobs").select(["key", "payload"]).where("kind", "=", "mail:send").where("key", "like", "deadline-reminder:%").orderBy("id").execute();
  return rows.map((r: { key: unknown; payload: unknown }) => ({ key: String(r.key), mail: JSON.parse(String(r.payload)) as { to: string; subject: string; text: string; html: string } }));
}

beforeAll(async () => {
  server = await startTestServer({ MAIL_DOMAIN: "lists.example.org" });
  const coalition = await createCoalition({ name: "Net Neutrality Coalition" });
  const archived = await createCoalition({ name: "Old Coalition" });
  await getDb().updateTable("coalitions").set({ archived_at: "2026-01-01T00:00:00.000Z" }).where("id", "=", archived.id).execute();
  coordinator = await createUser({ name: "Carla Coordinator" });
  member = await createUser({ name: "Mo Member" });
  const retired = await createUser({ name: "Ruth Retired" });
  await addMember(coalition.id, coordinator.id, "coordinator");
  await addMember(coalition.id, member.id, "member");
  await addMember(archived.id, retired.id, "coordinator");
  const now = new Date().toISOString();
  await insertCalendarEvent(getDb(), {
    id: newId(), coalition_id: null, kind: "call_for_sessions", title: "IGF 2027: call for workshop proposals", starts_at: "2027-02-01T00:00:00.000Z",
    ends_at: DEADLINE, deadline_at: DEADLINE, time_zone: "UTC", mode: null, location: null, url: null, description: "", description_html: "",
    agenda_document_id: null, minutes_document_id: null, created_by: null, created_at: now, updated_at: now,
  });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  await jobsTable().deleteFrom("jobs").where("key", "like", "deadline-reminder:%").execute();
});

describe("deadline reminders", () => {
  it("are due 14 days before, 3 days before and from 00:00 UTC of the day, and never after the deadline", () => {
    expect(new Date(reminderMoment(DEADLINE, 14)).toISOString()).toBe("2027-03-06T12:00:00.000Z");
    expect(new Date(reminderMoment(DEADLINE, 0)).toISOString()).toBe("2027-03-20T00:00:00.000Z");
    expect(dueStep(DEADLINE, Date.parse("2027-03-06T11:59:59Z"))).toBeNull();
    expect(dueStep(DEADLINE, Date.parse("2027-03-06T12:00:00Z"))).toBe(14);
    expect(dueStep(DEADLINE, Date.parse("2027-03-07T11:00:00Z"))).toBe(14);
    expect(dueStep(DEADLINE, Date.parse("2027-03-08T13:00:00Z"))).toBeNull(); // more than a day late: the next step covers it
    expect(dueStep(DEADLINE, Date.parse("2027-03-17T12:00:00Z"))).toBe(3);
    expect(dueStep(DEADLINE, Date.parse("2027-03-20T06:00:00Z"))).toBe(0);
    expect(dueStep(DEADLINE, Date.parse("2027-03-20T12:00:00Z"))).toBeNull();
  });

  it("mail each coordinator of an active coalition once per step, and no one else", async () => {
    expect(await planDeadlineReminders(getDb(), at("2027-03-05T12:00:00Z"))).toBe(0);
    expect(await planDeadlineReminders(getDb(), at("2027-03-06T12:05:00Z"))).toBe(1);
    // The planner runs every 15 minutes, on every instance: nothing twice.
    expect(await planDeadlineReminders(getDb(), at("2027-03-06T12:20:00Z"))).toBe(0);
    const [first] = await reminderJobs();
    expect(first!.mail.to).toBe(coordinator.email);
    expect(first!.mail.subject).toBe("In 14 days: IGF 2027: call for workshop proposals (20 Mar 2027, 12:00 UTC)");
    expect(first!.mail.text).toContain("It concerns Net Neutrality Coalition, which you coordinate.");
    expect(first!.mail.text).toContain("/calendar#event-");

    expect(await planDeadlineReminders(getDb(), at("2027-03-17T13:00:00Z"))).toBe(1);
    expect(await planDeadlineReminders(getDb(), at("2027-03-20T00:10:00Z"))).toBe(1);
    expect(await planDeadlineReminders(getDb(), at("2027-03-20T12:30:00Z"))).toBe(0); // past the deadline
    const jobs = await reminderJobs();
    expect(jobs.map((j) => j.mail.to)).toEqual([coordinator.email, coordinator.email, coordinator.email]);
    expect(jobs.map((j) => j.mail.subject.split(":")[0])).toEqual(["In 14 days", "In 3 days", "Today"]);
  });

  it("are written in the coordinator's language, and not sent when their coalition's mail is off", async () => {
    await getDb().updateTable("users").set({ language: "ru" }).where("id", "=", coordinator.id).execute();
    expect(await planDeadlineReminders(getDb(), at("2027-03-17T13:00:00Z"))).toBe(1);
    const [ru] = await reminderJobs();
    expect(ru!.mail.subject).toMatch(/^Через 3 дня: /);
    expect(ru!.mail.html).toContain('<html lang="ru" dir="ltr">');
    await getDb().updateTable("users").set({ language: null }).where("id", "=", coordinator.id).execute();

    await jobsTable().deleteFrom("jobs").where("key", "like", "deadline-reminder:%").execute();
    const coalitionId = (await getDb().selectFrom("memberships").select("coalition_id").where("user_id", "=", coordinator.id).executeTakeFirstOrThrow()).coalition_id;
    await turnOff(getDb(), coordinator.id, { coalitionId });
    expect(await planDeadlineReminders(getDb(), at("2027-03-17T13:00:00Z"))).toBe(0);
  });
});
