import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { OpenDecisionForm, type OpenFormValues } from "../components/decisions/open-form";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { utcToZonedInput } from "../lib/time-zones";
import type { FieldErrors } from "../lib/validation";
import { requireAllowed, requireCoalitionAccess } from "../models/access.server";
import { annexRule } from "../models/decision-view.server";
import { openDecision } from "../models/decisions.server";
import { requireVersion } from "../models/versions.server";
import { viewerZone } from "../models/viewer-zone.server";

export const meta: MetaFunction = () => [{ title: t("decisions.open.metaTitle") }];

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "decision:open");
  const version = await requireVersion(access.coalition.id, params.versionId);
  requireAllowed(access, "decision:open", { version: { withdrawn: Boolean(version.withdrawn) } }, request);
  const { zone } = await viewerZone(context, request);
  const values: OpenFormValues = {
    kind: "consent",
    question: "",
    deadline: utcToZonedInput(new Date(Date.now() + WEEK_MS).toISOString(), zone),
    zone,
    observers: false,
    visible: true,
    anonymous: false,
    onObjection: "end",
    options: "",
    multiple: false,
  };
  return { slug: access.coalition.slug, version: { id: version.id, number: version.number, label: version.label, title: version.documentTitle }, values, annexRule: annexRule() };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "decision:open");
  const version = await requireVersion(access.coalition.id, params.versionId);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? "");
  const values: OpenFormValues = {
    kind: text("kind"),
    question: text("question"),
    deadline: text("deadline"),
    zone: text("zone") || (await viewerZone(context, request)).zone,
    observers: form.get("observers") === "1",
    visible: form.get("visible") === "1",
    anonymous: form.get("anonymous") === "1",
    onObjection: text("onObjection"),
    options: text("options"),
    multiple: form.get("multiple") === "1",
  };
  const opened = await openDecision(access, version, values);
  if (!opened.ok) return data<{ values: OpenFormValues; fieldErrors: FieldErrors; message: string | null }>({ values, fieldErrors: opened.fieldErrors, message: opened.message }, { status: opened.status });
  return redirect(`/coalitions/${access.coalition.slug}/decisions/${opened.id}`);
}

export default function NewDecision() {
  const { slug, version, values, annexRule } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="max-w-3xl">
      <h2 className="text-xl font-semibold">{t("decisions.open.heading")}</h2>
      <p className="mt-1 text-sm text-slate-600" dir="auto">
        {t("decisions.open.intro", { title: version.title, number: version.number, label: version.label })}
      </p>
      <OpenDecisionForm values={answer?.values ?? values} errors={answer?.fieldErrors ?? {}} message={answer?.message ?? null} cancelHref={`/coalitions/${slug}/outputs/${version.id}`} annexRule={annexRule} />
    </div>
  );
}
