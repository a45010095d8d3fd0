import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Card, FormAlert } from "../components/form";
import { formatTime } from "../lib/format-time";
import { formatNumber } from "../lib/i18n/format";
import { requireSiteAdmin } from "../models/access.server";
import { jobsOverview, retryDeadJob } from "../models/admin-jobs.server";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";

export const meta: MetaFunction = () => [{ title: t("admin.jobs.metaTitle") }];

const STATES = {
  queued: "admin.jobs.state.queued",
  running: "admin.jobs.state.running",
  done: "admin.jobs.state.done",
  dead: "admin.jobs.state.dead",
} as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireSiteAdmin(context, request);
  return { ...(await jobsOverview()), retried: new URL(request.url).searchParams.get("retried") === "1" };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const actor = requireSiteAdmin(context, request);
  const form = await request.formData();
  const id = Number(form.get("id"));
  if (!Number.isSafeInteger(id) || id <= 0) return data({ message: t("admin.jobs.badId") }, { status: 400 });
  const result = await retryDeadJob(actor, id);
  if (!result.ok) return data({ message: result.message }, { status: result.status });
  return redirect("/admin/jobs?retried=1");
}

export default function AdminJobs() {
  const { counts, dead, retried } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("admin.jobs.title")}</h1>
      <p className="mt-1 text-slate-600">{t("admin.jobs.intro")}</p>
      <div className="mt-4 space-y-2">
        {failed ? <FormAlert message={failed.message} /> : retried ? <FormAlert tone="success" message={t("admin.jobs.retried")} /> : null}
      </div>
      <dl className="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="job-counts">
        {(Object.keys(STATES) as Array<keyof typeof STATES>).map((state) => (
          <div key={state} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-sm text-slate-600">{t(STATES[state])}</dt>
            <dd className={`mt-1 text-2xl font-semibold ${state === "dead" && counts.dead ? "text-red-700" : ""}`} data-state={state}>
              {formatNumber(counts[state])}
            </dd>
          </div>
        ))}
      </dl>
      <Card className="mt-6">
        <h2 className="text-lg font-semibold">{t("admin.jobs.deadTitle")}</h2>
        {dead.length ? (
          <ul className="mt-3 divide-y divide-slate-100" data-testid="dead-jobs">
            {dead.map((job) => (
              <li key={job.id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0">
                  <p className="font-medium">
                    #{job.id} <code className="rounded bg-slate-100 px-1 text-sm">{job.kind}</code>{" "}
                    <span className="text-sm text-slate-500">
                      {t("admin.jobs.tries", { count: job.attempts })} · {t("admin.jobs.lastFailed", { time: formatTime(job.failedAt) })}
                    </span>
                  </p>
                  <p className="mt-1 break-words text-sm text-red-800">{job.error}</p>
                </div>
                <Form method="post">
                  <input type="hidden" name="id" value={job.id} />
                  <Button type="submit" variant="secondary">
                    {t("admin.jobs.retry")}
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-3 text-slate-600">{t("admin.jobs.noDead")}</p>
        )}
      </Card>
    </div>
  );
}
