import { accessFor } from "../../app/models/access.server";
import { requireDecision, openDecision, type OpenValues } from "../../app/models/decisions.server";
import { requireVersion } from "../../app/models/versions.server";
import { findCoalitionById } from "../../db/queries/coalitions";
import { FakeClock } from "../../server/jobs/clock";
import { jobHandlers } from "../../server/jobs/handlers";
import { JobRunner } from "../../server/jobs/queue";
import { getDb } from "./server";
import type { TestUser } from "./factories";

// Decisions (issue 24) in tests: the viewer's access, opening one through the model, and the
// durable job runner with a moved clock (the server's own runner keeps the real one, so a
// decision's close job, due at its deadline, runs only when a test moves time past it).

export async function accessOf(coalitionId: string, user: TestUser | null) {
  const row = (await findCoalitionById(getDb(), coalitionId))!;
  return accessFor(row, user ? { id: user.id, email: user.email, name: user.name, organization: null, stakeholder_group: null, region: null, language: null, isSiteAdmin: false } : null);
}

export const HOUR = 60 * 60 * 1000;

/** "YYYY-MM-DDTHH:mm" in UTC, `ms` from now (rounded up to the next minute). */
export function localIn(ms: number): string {
  return new Date(Math.ceil((Date.now() + ms) / 60_000) * 60_000).toISOString().slice(0, 16);
}

export function openValues(overrides: Partial<OpenValues> = {}): OpenValues {
  return { kind: "consent", question: "", deadline: localIn(2 * HOUR), zone: "UTC", observers: false, visible: true, anonymous: false, onObjection: "end", options: "", multiple: false, ...overrides };
}

export async function open(coalitionId: string, coordinator: TestUser, versionId: string, overrides: Partial<OpenValues> = {}) {
  const version = await requireVersion(coalitionId, versionId);
  const opened = await openDecision(await accessOf(coalitionId, coordinator), version, openValues(overrides));
  if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened)}`);
  return requireDecision(coalitionId, opened.id);
}

/** Runs every due job with the clock at `at` (the app's real handlers; mail is only recorded). */
export async function runJobsAt(at: number): Promise<{ sent: string[] }> {
  const sent: string[] = [];
  const clock = new FakeClock(at);
  const log = { info() {}, error() {} };
  const handlers = jobHandlers({ mail: { send: async (m) => void sent.push(`${m.to}: ${m.subject}`), close() {} } });
  const runner = new JobRunner({ db: getDb(), dialect: process.env.TEST_PG_URL ? "postgres" : "sqlite", clock, log, handlers });
  for (let i = 0; i < 20 && (await runner.runOnce()) > 0; i++);
  return { sent };
}
