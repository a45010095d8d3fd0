import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DecisionResults } from "../components/decisions/results";
import { StanceForm } from "../components/decisions/stance-form";
import { Button, Card, FormAlert, TextAreaField } from "../components/form";
import { Time } from "../components/time";
import { CLOSE_REASON_MAX } from "../lib/decisions";
import { badRequest } from "../lib/http.server";
import { t as translate } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import type { FieldErrors } from "../lib/validation";
import { requireCoalitionAccess } from "../models/access.server";
import { decisionPage } from "../models/decision-view.server";
import { closeEarly, requireDecision, restartOnLatest, takeStance } from "../models/decisions.server";
import { viewerZone } from "../models/viewer-zone.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? translate("decisions.page.title", { question: data.decision.question }) : translate("decisions.page.fallbackTitle") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:read");
  const d = await requireDecision(access.coalition.id, params.decisionId);
  const { zone } = await viewerZone(context, request);
  return { slug: access.coalition.slug, signedIn: Boolean(access.user), decision: await decisionPage(access, d, zone) };
}

type Answer = { intent: string; ok: boolean; message: string | null; fieldErrors: FieldErrors; values?: { stance: string; choices: number[]; reason: string; closeReason?: string } };

export async function action({ context, request, params }: ActionFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:read");
  const d = await requireDecision(access.coalition.id, params.decisionId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const base = `/coalitions/${access.coalition.slug}/decisions`;
  if (intent === "stance") {
    const values = { stance: String(form.get("stance") ?? ""), reason: String(form.get("reason") ?? ""), choices: form.getAll("choice").map(String) };
    const done = await takeStance(access, d, values);
    const kept = { stance: values.stance, reason: values.reason, choices: values.choices.map(Number).filter(Number.isInteger) };
    if (!done.ok) return data<Answer>({ intent, ok: false, message: done.message, fieldErrors: done.fieldErrors, values: kept }, { status: done.status });
    if (done.restartedAs) return redirect(`${base}/${done.restartedAs}`);
    return data<Answer>({ intent, ok: true, message: done.closed ? translate("decisions.stance.endedIt") : translate("decisions.stance.saved"), fieldErrors: {} });
  }
  if (intent === "close") {
    const closeReason = String(form.get("closeReason") ?? "");
    const done = await closeEarly(access, d, closeReason);
    if (!done.ok) return data<Answer>({ intent, ok: false, message: done.message, fieldErrors: done.fieldErrors, values: { stance: "", choices: [], reason: "", closeReason } }, { status: done.status });
    return data<Answer>({ intent, ok: true, message: translate("decisions.close.done"), fieldErrors: {} });
  }
  if (intent === "restart") {
    const done = await restartOnLatest(access, d);
    if (!done.ok) return data<Answer>({ intent, ok: false, message: done.message, fieldErrors: {} }, { status: done.status });
    return redirect(`${base}/${done.id}`);
  }
  throw badRequest(translate("decisions.error.unknownAction"));
}

export default function DecisionPage() {
  const { slug, decision: d, signedIn } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const stanceAnswer = answer?.intent === "stance" ? answer : undefined;
  const closeAnswer = answer?.intent === "close" ? answer : undefined;
  const versionHref = `/coalitions/${slug}/outputs/${d.version.id}`;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="min-w-0 space-y-5">
        <Card>
          <p className="text-xs font-semibold uppercase tracking-wide text-brand-700">{d.kindLabel}</p>
          <h2 className="mt-1 text-2xl font-semibold tracking-tight" dir="auto" data-testid="decision-question">
            {d.question}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            <Link to={versionHref} dir="auto">
              {t("decisions.page.onVersion", { title: d.documentTitle, number: d.version.number, label: d.version.label })}
            </Link>
          </p>
          {d.open ? (
            <p className="mt-3 text-sm" data-testid="decision-deadline">
              {t("decisions.page.closesAt", { deadline: d.deadlineText })} <span className="text-slate-500">{t("decisions.page.yourZone", { zone: d.zone })}</span>
            </p>
          ) : (
            <div className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-3" data-testid="decision-outcome">
              <p className="text-sm font-semibold">
                {d.outcomeLabel} · <Time iso={d.closedAt!} />
              </p>
              {d.statement ? <p className="mt-1 text-sm">{d.statement}</p> : null}
              {d.closedBy ? <p className="mt-1 text-sm text-slate-600">{t("decisions.page.closedEarly", { name: d.closedBy, reason: d.closeReason ?? "" })}</p> : <p className="mt-1 text-xs text-slate-500">{t("decisions.page.closedAtDeadline")}</p>}
            </div>
          )}
          {d.newer ? (
            <div role="note" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950" data-testid="decision-older-text">
              <p>{t("decisions.page.olderText", { number: d.version.number, newer: d.newer.number })}</p>
              {d.open && d.abilities.restart ? (
                <Form method="post" className="mt-2">
                  <input type="hidden" name="intent" value="restart" />
                  <Button type="submit" variant="secondary" disabled={navigation.state !== "idle"}>
                    {t("decisions.page.restartOn", { number: d.newer.number })}
                  </Button>
                </Form>
              ) : null}
            </div>
          ) : null}
          {d.restartedAs ? (
            <p className="mt-3 text-sm">
              <Link to={`/coalitions/${slug}/decisions/${d.restartedAs}`}>{t("decisions.page.restartedAs")}</Link>
            </p>
          ) : null}
          {d.restartedFrom ? (
            <p className="mt-3 text-sm text-slate-600">
              <Link to={`/coalitions/${slug}/decisions/${d.restartedFrom}`}>{t("decisions.page.restartedFrom")}</Link>
            </p>
          ) : null}
          <ul className="mt-3 flex flex-wrap gap-2 text-xs text-slate-600">
            <li className="rounded-full bg-slate-100 px-2 py-0.5">{d.observers ? t("decisions.page.withObservers") : t("decisions.page.membersOnly")}</li>
            <li className="rounded-full bg-slate-100 px-2 py-0.5">{d.anonymous ? t("decisions.page.anonymous") : t("decisions.page.named")}</li>
            <li className="rounded-full bg-slate-100 px-2 py-0.5">{d.visible ? t("decisions.page.visible") : t("decisions.page.hidden")}</li>
          </ul>
        </Card>
        {d.open && d.abilities.takePart ? (
          <Card>
            <h2 className="mb-3 text-lg font-semibold">{d.mine ? t("decisions.stance.yours") : t("decisions.stance.heading")}</h2>
            {stanceAnswer?.ok ? <FormAlert tone="success" message={stanceAnswer.message} /> : null}
            <StanceForm
              stanceChoices={d.stanceChoices}
              options={d.options}
              multiple={d.multiple}
              values={stanceAnswer?.values ?? d.mine ?? { stance: "", choices: [], reason: "" }}
              errors={stanceAnswer?.fieldErrors ?? {}}
              message={stanceAnswer && !stanceAnswer.ok ? stanceAnswer.message : null}
              taken={Boolean(d.mine)}
              busy={navigation.state !== "idle"}
            />
            {d.annexRule ? <p className="mt-3 text-xs text-slate-600">{d.annexRule}</p> : null}
          </Card>
        ) : d.open && !signedIn ? (
          <p className="text-sm text-slate-600">{t("decisions.page.signInToTakePart")}</p>
        ) : null}
        <Card>
          <h2 className="text-lg font-semibold">{t("decisions.results.heading")}</h2>
          {d.tallies ? (
            <div className="mt-4">
              <DecisionResults tallies={d.tallies} />
            </div>
          ) : (
            <p className="mt-2 text-sm text-slate-600" data-testid="results-hidden">{t("decisions.results.hiddenUntilClose")}</p>
          )}
        </Card>
        {d.stances.length ? (
          <Card>
            <h2 className="text-lg font-semibold">{t("decisions.page.stancesHeading")}</h2>
            <ul className="mt-3 divide-y divide-slate-100">
              {d.stances.map((s) => (
                <li key={s.key} className="py-3" data-testid="stance-item">
                  <p className="text-sm">
                    <span className="font-semibold">{s.stance}</span> · <span>{s.name ?? t("annex.anonymous")}</span> · <span className="text-slate-600">{s.group}</span>
                  </p>
                  {s.reasonHtml ? <div className="prose-content mt-1 text-sm" dir="auto" dangerouslySetInnerHTML={{ __html: s.reasonHtml }} /> : null}
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </div>
      <aside className="space-y-5">
        <Card>
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("decisions.page.tookPart", { count: d.participants.length })}</h2>
          {d.anonymous ? <p className="mt-1 text-xs text-slate-600">{t("decisions.page.anonymousNote")}</p> : null}
          <ul className="mt-2 space-y-1 text-sm" data-testid="participants">
            {d.participants.map((p) => (
              <li key={p.id} dir="auto">
                {p.name} <span className="text-slate-500">@{p.handle}</span>
              </li>
            ))}
          </ul>
        </Card>
        {d.open && d.abilities.close ? (
          <Card>
            <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("decisions.close.heading")}</h2>
            <p className="mt-1 text-xs text-slate-600">{t("decisions.close.explanation")}</p>
            <Form method="post" noValidate className="mt-3 space-y-3">
              <input type="hidden" name="intent" value="close" />
              {closeAnswer && !closeAnswer.ok ? <FormAlert message={closeAnswer.message ?? t("decisions.stance.fixErrors")} /> : null}
              <TextAreaField
                label={t("decisions.close.reason")}
                name="closeReason"
                id="close-reason"
                rows={2}
                dir="auto"
                maxLength={CLOSE_REASON_MAX + 50}
                defaultValue={closeAnswer?.values?.closeReason}
                error={closeAnswer?.fieldErrors.closeReason}
              />
              <Button type="submit" variant="danger" className="w-full" disabled={navigation.state !== "idle"}>
                {t("decisions.close.button")}
              </Button>
            </Form>
          </Card>
        ) : null}
        {closeAnswer?.ok ? <FormAlert tone="success" message={closeAnswer.message} /> : null}
      </aside>
    </div>
  );
}
