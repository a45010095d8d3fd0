import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ComplianceChecklist } from "../components/compliance/checklist";
import { ReportDraft } from "../components/compliance/report-draft";
import { Button, Card, FormAlert, SelectField } from "../components/form";
import { badRequest, refusalResponse } from "../lib/http.server";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { dateTimeFormat } from "../lib/i18n/format";
import { requireCoalitionAccess } from "../models/access.server";
import { compliancePage } from "../models/compliance/compliance-page.server";
import { recordCoordination } from "../models/compliance/coordination.server";
import { draftAnnualReport, markSessionReport } from "../models/reports/reports.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t("compliance.page.metaTitle", { name: data.name }) : t("compliance.title") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug);
  return { ...(await compliancePage(access)), slug: access.coalition.slug, name: access.coalition.name, saved: new URL(request.url).searchParams.get("saved") === "1" };
}

type Failure = { form: "draft" | "mark" | "coordination"; message: string; field?: string; values: Record<string, string> };

export async function action({ context, request, params }: ActionFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug);
  const form = await request.formData();
  const str = (name: string) => (typeof form.get(name) === "string" ? String(form.get(name)) : "");
  const base = `/coalitions/${access.coalition.slug}`;
  const intent = str("intent");
  if (intent === "draft") {
    const result = await draftAnnualReport(access, str("year"), context.appOrigin);
    if (!result.ok) {
      if (result.status === 403 || result.status === 404) throw refusalResponse(result, request, Boolean(context.user));
      return data<Failure>({ form: "draft", message: result.message, field: result.field, values: { year: str("year") } }, { status: result.status });
    }
    return redirect(`${base}/documents/${result.documentId}`);
  }
  if (intent === "mark") {
    const result = await markSessionReport(access, str("documentId"), str("year"));
    if (!result.ok) {
      if (result.status === 403 || result.status === 404) throw refusalResponse(result, request, Boolean(context.user));
      return data<Failure>({ form: "mark", message: result.message, field: result.field, values: { documentId: str("documentId"), year: str("year") } }, { status: result.status });
    }
    return redirect(`${base}/compliance?saved=1`);
  }
  if (intent === "coordination") {
    const result = await recordCoordination(access, str("eventId"), str("attended") === "yes");
    if (!result.ok) {
      if (result.status === 403 || result.status === 404) throw refusalResponse(result, request, Boolean(context.user));
      return data<Failure>({ form: "coordination", message: result.message, field: result.field, values: {} }, { status: result.status });
    }
    return redirect(`${base}/compliance?saved=1#coordination`);
  }
  throw badRequest(t("http.badRequest"));
}

export default function CompliancePage() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const t = useT();
  const day = (iso: string) => dateTimeFormat({ dateStyle: "long", timeZone: "UTC" }).format(new Date(iso));
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <Card>
          <h2 id="compliance-heading" className="text-lg font-semibold">
            {t("compliance.title")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{t("compliance.intro")}</p>
          {d.saved ? (
            <div className="mt-3">
              <FormAlert tone="success" message={t("compliance.page.saved")} />
            </div>
          ) : null}
          <ComplianceChecklist items={d.items} />
        </Card>
        <Card id="coordination">
          <h2 className="text-lg font-semibold">{t("compliance.page.coordinationTitle")}</h2>
          {failed?.form === "coordination" ? (
            <div className="mt-3">
              <FormAlert message={failed.message} />
            </div>
          ) : null}
          {d.coordination.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">{t("compliance.page.coordinationNone")}</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-100" data-testid="coordination-record">
              {d.coordination.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm" data-event={m.id} data-attended={m.attended ? "yes" : "no"}>
                  <span>
                    <span className="font-medium">{m.title}</span> · {day(m.startsAt)} ·{" "}
                    <span className={m.attended ? "text-green-800" : "text-slate-600"}>
                      <span aria-hidden="true">{m.attended ? "✓ " : "– "}</span>
                      {t(m.attended ? "compliance.page.attended" : "compliance.page.notAttended")}
                    </span>
                  </span>
                  {d.canRecord ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="coordination" />
                      <input type="hidden" name="eventId" value={m.id} />
                      <input type="hidden" name="attended" value={m.attended ? "no" : "yes"} />
                      <Button type="submit" variant="secondary">
                        {t(m.attended ? "compliance.page.markNotAttended" : "compliance.page.markAttended", { title: m.title })}
                      </Button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <aside className="space-y-6">
        {d.years ? (
          <Card>
            {failed?.form === "draft" ? (
              <div className="mb-3">
                <FormAlert message={failed.message} />
              </div>
            ) : null}
            <ReportDraft slug={d.slug} years={d.years} />
          </Card>
        ) : null}
        <Card>
          <h2 className="text-lg font-semibold">{t("compliance.page.reports")}</h2>
          {d.reports.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">{t("compliance.page.reportsNone")}</p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm" data-testid="marked-reports">
              {d.reports.map((r) => (
                <li key={r.documentId}>
                  <Link to={r.versionId ? `/coalitions/${d.slug}/outputs/${r.versionId}` : `/coalitions/${d.slug}/documents/${r.documentId}`}>
                    {t(r.kind === "annual" ? "compliance.page.reportAnnual" : "compliance.page.reportSession", { year: String(r.year) })}
                  </Link>{" "}
                  · {t(r.versionId ? "compliance.page.reportPublished" : "compliance.page.reportDraft")}
                </li>
              ))}
            </ul>
          )}
        </Card>
        {d.canMark ? (
          <Card>
            <h2 className="text-lg font-semibold">{t("compliance.page.markTitle")}</h2>
            <p className="mt-1 text-sm text-slate-600">{t("compliance.page.markIntro")}</p>
            {d.documents.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600">{t("compliance.page.noDocuments")}</p>
            ) : (
              <Form method="post" className="mt-3 space-y-3" data-testid="mark-session-report">
                {failed?.form === "mark" ? <FormAlert message={failed.message} /> : null}
                <input type="hidden" name="intent" value="mark" />
                <SelectField
                  label={t("compliance.page.document")}
                  name="documentId"
                  options={d.documents}
                  defaultValue={failed?.form === "mark" ? failed.values.documentId : undefined}
                  error={failed?.form === "mark" && failed.field === "documentId" ? failed.message : undefined}
                />
                <SelectField
                  label={t("compliance.page.year")}
                  name="year"
                  options={d.markYears.map((y) => ({ id: String(y), label: String(y) }))}
                  defaultValue={failed?.form === "mark" ? failed.values.year : undefined}
                  error={failed?.form === "mark" && failed.field === "year" ? failed.message : undefined}
                />
                <Button type="submit">{t("compliance.page.markSubmit")}</Button>
              </Form>
            )}
          </Card>
        ) : null}
      </aside>
    </div>
  );
}
