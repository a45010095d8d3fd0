import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Card, FormAlert, TextAreaField, TextField } from "../components/form";
import { t as translate } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { INTRODUCTION_MAX } from "../lib/consultation-rules";
import { utcToZonedInput } from "../lib/time-zones";
import { decideFor, requireAllowed, requireCoalitionAccess } from "../models/access.server";
import { openConsultation, versionConsultationLinks } from "../models/consultations.server";
import { listVersionsOf, requireVersion } from "../models/versions.server";
import { viewerZone } from "../models/viewer-zone.server";

// Opening a published version for public consultation (issue 26): coordinators, until a date read
// in their own time zone, with an introduction.

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.pageTitle : translate("consultation.open.heading") }];

async function guard(args: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(args.context, args.request, args.params.slug, "consultation:manage");
  const version = await requireVersion(access.coalition.id, args.params.versionId);
  requireAllowed(access, "consultation:manage", { version: { withdrawn: Boolean(version.withdrawn) } }, args.request);
  return { access, version };
}

export async function loader(args: LoaderFunctionArgs) {
  const { access, version } = await guard(args);
  const links = await versionConsultationLinks(access, version, (await listVersionsOf(version.documentId)).map((v) => v.number));
  if (links.here) throw redirect(`/coalitions/${access.coalition.slug}/consultations/${links.here.id}`);
  const { zone } = await viewerZone(args.context, args.request);
  return {
    slug: access.coalition.slug,
    version: { id: version.id, number: version.number, title: version.documentTitle, label: version.label },
    zone,
    publicCoalition: access.coalition.visibility === "public",
    // A suggestion: four weeks from now, at noon in the coordinator's zone.
    suggested: utcToZonedInput(new Date(Date.now() + 28 * 86_400_000).toISOString(), zone).slice(0, 10) + "T12:00",
    pageTitle: translate("consultation.open.title", { title: version.documentTitle, number: version.number }),
    canOpen: decideFor(access, "consultation:manage").ok,
  };
}

export async function action(args: ActionFunctionArgs) {
  const { access, version } = await guard(args);
  const form = await args.request.formData();
  const values = { closes: String(form.get("closes") ?? ""), introduction: String(form.get("introduction") ?? "") };
  const { zone } = await viewerZone(args.context, args.request);
  const done = await openConsultation(access, version, values, zone);
  if (done.ok) return redirect(`/coalitions/${access.coalition.slug}/consultations/${done.id}`);
  return data({ message: done.message, fieldErrors: done.fieldErrors, values: done.values }, { status: done.status });
}

export default function OpenConsultationPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  return (
    <Card className="mx-auto max-w-2xl">
      <h2 className="text-xl font-semibold">{t("consultation.open.heading")}</h2>
      <p className="mt-1 text-slate-700">
        <Link to={`/coalitions/${d.slug}/outputs/${d.version.id}`}>{t("consultation.open.of", { title: d.version.title, number: d.version.number })}</Link>
      </p>
      <p className="mt-2 text-sm text-slate-600">{d.publicCoalition ? t("consultation.open.explanationPublic") : t("consultation.open.explanationPrivate")}</p>
      <Form method="post" className="mt-4 space-y-4" noValidate>
        {answer?.message ? <FormAlert message={answer.message} /> : null}
        <TextField label={t("consultation.open.closes")} name="closes" type="datetime-local" markRequired defaultValue={answer?.values.closes ?? d.suggested} error={answer?.fieldErrors.closes} hint={t("consultation.open.closesHint", { zone: d.zone })} />
        <TextAreaField label={t("consultation.open.introduction")} name="introduction" rows={6} dir="auto" maxLength={INTRODUCTION_MAX} markRequired defaultValue={answer?.values.introduction} error={answer?.fieldErrors.introduction} hint={t("consultation.open.introductionHint")} />
        <div className="flex flex-wrap gap-2">
          <Button type="submit">{t("consultation.open.submit")}</Button>
          <Link to={`/coalitions/${d.slug}/outputs/${d.version.id}`} className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 no-underline shadow-sm hover:bg-slate-50">
            {t("consultation.open.cancel")}
          </Link>
        </div>
      </Form>
    </Card>
  );
}
