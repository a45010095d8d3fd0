import { getDb } from "../../db/client";
import { now } from "../../db/ids";
import { countJobsByState, findJob, listDeadJobs, requeueDeadJob } from "../../db/queries/jobs";
import { refusal, type Refusal } from "../lib/policy";
import { t } from "../lib/i18n/messages";
import type { RequestUser } from "../load-context";
import { writeAudit } from "./audit.server";

// /admin/jobs: the durable job table as a site administrator sees it (the route asks
// requireSiteAdmin, i.e. the policy's `site:admin`, before calling these).

export const DEAD_JOBS_SHOWN = 50;

export interface DeadJobView {
  id: number;
  kind: string;
  attempts: number;
  error: string;
  failedAt: string;
  createdAt: string;
}

export async function jobsOverview() {
  const db = getDb();
  const [counts, dead] = await Promise.all([countJobsByState(db), listDeadJobs(db, DEAD_JOBS_SHOWN)]);
  return {
    counts,
    dead: dead.map((j): DeadJobView => ({ id: j.id, kind: j.kind, attempts: Number(j.attempts), error: j.last_error ?? "", failedAt: j.updated_at, createdAt: j.created_at })),
  };
}

/** Puts a dead job back in the queue with a fresh set of tries, audited. */
export async function retryDeadJob(actor: RequestUser, jobId: number): Promise<{ ok: true } | Refusal> {
  return getDb()
    .transaction()
    .execute(async (trx) => {
      const job = await findJob(trx, jobId);
      if (!job) return refusal(404, t("admin.jobs.error.noSuchJob"));
      if (!(await requeueDeadJob(trx, jobId, now()))) return refusal(409, t("admin.jobs.error.notDead"));
      await writeAudit(trx, { coalitionId: null, actorId: actor.id, action: "job.retried", detail: { jobId, kind: job.kind } });
      return { ok: true as const };
    });
}
