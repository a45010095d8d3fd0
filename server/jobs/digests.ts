import { planDigests } from "../../app/models/mail/digest.server";
import type { PeriodicJob } from "./scheduler";

/** How often the planner looks for digests that are due (each person's moment is DIGEST_HOUR in their zone). */
export const DIGEST_PLAN_INTERVAL_MS = 5 * 60_000;

/**
 * The digest planner: enqueues each person's `mail:digest` job once their digest moment has come
 * (app/models/mail/digest.server.ts). Keyed jobs make a second planner, or a second round, harmless.
 */
export function digestJob(options: { everyMs?: number } = {}): PeriodicJob {
  return {
    name: "mail.digests",
    everyMs: options.everyMs ?? DIGEST_PLAN_INTERVAL_MS,
    run: async ({ db, now }) => void (await planDigests(db, now)),
  };
}
