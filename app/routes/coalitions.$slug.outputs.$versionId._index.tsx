import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { ResolvedComments } from "../components/documents/resolved-comments";
import { commentsResolvedBefore } from "../models/comment-views.server";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, FormAlert, TextAreaField } from "../components/form";
import { Time } from "../components/time";
import { ContributionSummaryPanel } from "../components/authorship/contribution-summary";
import { contributionSummary } from "../models/authorship.server";
import { badRequest } from "../lib/http.server";
import { dateTimeFormat } from "../lib/i18n/format";
import { t as translate } from "../lib/i18n/messages";
import { FormattedMessage, useT } from "../lib/i18n/react";
import { decideFor, requireCoalitionAccess } from "../models/access.server";
import { withdrawVersionSchema, WITHDRAW_REASON_MAX } from "../lib/output-schemas";
import { fieldErrors } from "../lib/validation";
import { requireDocument } from "../models/documents.server";
import { listVersionsOf, requireVersion, restoreSentence, restoreVersion, undoRestore, withdrawnNotice, withdrawVersion } from "../models/versions.server";
import { adoptLanguage, followSourceVersion, outputLanguages, startTranslation, type OutputLanguage } from "../models/translations.server";
import { socialMeta } from "../lib/social-meta";
import { outputCard } from "../models/social-cards.server";
import { EndorsementsPanel } from "../components/endorsements/endorsements-panel";
import { endorsementAction, isEndorsementIntent } from "../models/endorsement-routes.server";
import { endorsementPanel } from "../models/endorsement-views.server";
import { VersionConsultation } from "../components/consultations/version-consultation";
import { versionConsultationLinks } from "../models/consultations.server";
import { directionOf, LOCALE_NAMES, LOCALE_TAGS, LOCALES, type Locale } from "../../common/locales";
import { AdoptedLine, DecisionsPanel, DissentAnnex } from "../components/decisions/version-decisions";
import { versionDecisions } from "../models/decision-view.server";
import { viewerZone } from "../models/viewer-zone.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [{ title: data.pageTitle }, ...(data.alternates.map((a) => ({ tagName: "link", rel: "alternate", hrefLang: a.hrefLang, href: a.href }))), ...socialMeta(data.card)]
    : [{ title: translate("outputs.page.fallbackTitle") }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:read");
  const version = await requireVersion(access.coalition.id, params.versionId);
  const siblings = await listVersionsOf(version.documentId);
  const previous = access.abilities["version:compare"] ? siblings.find((v) => v.number < version.number) : undefined;
  const { state: _state, plainText: _text, ...shown } = version;
  const languages = await outputLanguages(version);
  const outputUrl = (id: string) => new URL(`/coalitions/${access.coalition.slug}/outputs/${id}`, context.appOrigin).href;
  return {
    coalitionName: access.coalition.name,
    slug: access.coalition.slug,
    version: shown,
    pageTitle: translate("outputs.page.title", { title: version.documentTitle, number: version.number, label: version.label, coalition: access.coalition.name }),
    previousId: previous?.id ?? null,
    isLatest: siblings[0]?.id === version.id,
    url: outputUrl(version.id),
    canCompare: access.abilities["version:compare"],
    canRestore: access.abilities["version:restore"],
    canWithdraw: decideFor(access, "version:withdraw", { version: { withdrawn: Boolean(version.withdrawn) } }).ok,
    withdrawnNotice: version.withdrawn ? withdrawnNotice(version.withdrawn) : null,
    canOpenDraft: access.abilities["document:read"],
    canTranslate: decideFor(access, "translation:start", { version: { withdrawn: Boolean(version.withdrawn) } }).ok,
    canAdopt: access.abilities["translation:adopt-language"],
    languages,
    alternates: languages.languages.filter((l) => l.versionId && !l.here).map((l) => ({ hrefLang: LOCALE_TAGS[l.language], href: outputUrl(l.versionId!) })),
    card: outputCard(access.coalition, version, context.appOrigin),
    contributions: await contributionSummary(version.documentId, version.state),
    endorsements: await endorsementPanel(access, version, new URL(request.url)),
    consultation: await versionConsultationLinks(access, version, siblings.map((s) => s.number)),
    resolvedComments: await commentsResolvedBefore(access, version),
    decisions: await versionDecisions(access, version, (await viewerZone(context, request)).zone),
  };
}

const LANGUAGE_ANSWER = (intent: "translate" | "adopt-language" | "follow", message: string, values: { language: string }, status: number) =>
  data({ ok: false as const, intent, fieldErrors: { language: message }, values, confirm: null, message: null }, { status });

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  if (isEndorsementIntent(intent)) return endorsementAction({ context, request, params }, form, intent);
  if (intent === "translate" || intent === "follow") {
    const access = await requireCoalitionAccess(context, request, params.slug, "translation:start");
    const version = await requireVersion(access.coalition.id, params.versionId);
    const values = { language: String(form.get("language") ?? "") };
    const done = intent === "translate" ? await startTranslation(access, version, values.language) : await followSourceVersion(access, version, values.language);
    if (!done.ok) return LANGUAGE_ANSWER(intent, done.message, values, done.status);
    return redirect(`/coalitions/${access.coalition.slug}/documents/${done.documentId}`);
  }
  if (intent === "adopt-language") {
    const access = await requireCoalitionAccess(context, request, params.slug, "translation:adopt-language");
    const version = await requireVersion(access.coalition.id, params.versionId);
    const values = { language: String(form.get("language") ?? "") };
    const done = await adoptLanguage(access, { id: version.documentId, title: version.documentTitle }, values.language);
    if (!done.ok) return LANGUAGE_ANSWER(intent, done.message, values, done.status);
    return { ok: true as const, intent, confirm: null, message: translate("translations.adopt.done") };
  }
  if (intent === "withdraw") {
    const access = await requireCoalitionAccess(context, request, params.slug, "version:withdraw");
    const version = await requireVersion(access.coalition.id, params.versionId);
    const values = { reason: String(form.get("reason") ?? "") };
    const parsed = withdrawVersionSchema().safeParse(values);
    if (!parsed.success) return data({ ok: false as const, intent: "withdraw" as const, fieldErrors: fieldErrors(parsed.error), values, confirm: null, message: null }, { status: 400 });
    const withdrawn = await withdrawVersion(access, version, parsed.data.reason);
    if (!withdrawn.ok) return data({ ok: false as const, intent: "withdraw" as const, fieldErrors: { reason: withdrawn.message }, values, confirm: null, message: null }, { status: withdrawn.status });
    return { ok: true as const, intent: "withdraw" as const, confirm: null, message: translate("outputs.withdraw.done", { number: version.number }) };
  }
  if (intent === "undo-restore") {
    const access = await requireCoalitionAccess(context, request, params.slug, "version:restore");
    const version = await requireVersion(access.coalition.id, params.versionId);
    const doc = await requireDocument(access.coalition.id, version.documentId);
    const undone = await undoRestore(access, doc, String(form.get("checkpoint") ?? ""));
    if (!undone.ok) return data({ ok: false as const, intent: "restore" as const, confirm: null, checkpointId: null, message: undone.message }, { status: undone.status });
    return { ok: true as const, intent: "restore" as const, confirm: null, checkpointId: null, message: translate("outputs.restore.undone") };
  }
  if (intent !== "restore") throw badRequest(translate("outputs.error.unknownAction"));
  const access = await requireCoalitionAccess(context, request, params.slug, "version:restore");
  const version = await requireVersion(access.coalition.id, params.versionId);
  const doc = await requireDocument(access.coalition.id, version.documentId);
  // Restoring is deliberate: without confirm=yes the answer only says what would happen.
  if (form.get("confirm") !== "yes") {
    return data({ ok: false as const, intent: "restore" as const, checkpointId: null, confirm: restoreSentence({ number: version.number, label: version.label, documentTitle: doc.title }), message: null }, { status: 400 });
  }
  const restored = await restoreVersion(access, doc, version);
  // The page shows the refusal next to the button (the answer stays a 200, as it always was).
  if (!restored.ok) return { ok: false as const, intent: "restore" as const, confirm: null, checkpointId: null, message: restored.message };
  return {
    ok: true as const,
    intent: "restore" as const,
    confirm: null,
    checkpointId: restored.checkpointId,
    message: restored.changed ? translate("outputs.restore.done", { number: version.number }) : translate("outputs.restore.unchanged"),
  };
}

const LONG_DATE = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" } as const;

function LanguageName({ language }: { language: Locale }) {
  return (
    <span lang={LOCALE_TAGS[language]} dir={directionOf(language)}>
      {LOCALE_NAMES[language]}
    </span>
  );
}

/** The output's languages: the original (adopted) and each translation, with the reader's way to switch. */
function Languages() {
  const { slug, version: v, languages, canCompare, canOpenDraft, canTranslate, canAdopt } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  const failed = (intent: string) => {
    if (!answer || answer.ok || answer.intent !== intent || !("values" in answer) || !("language" in answer.values)) return undefined;
    return { error: (answer.fieldErrors as Record<string, string | undefined>).language, value: answer.values.language };
  };
  const startFailure = failed("translate");
  const followFailure = failed("follow");
  const adoptFailure = failed("adopt-language");
  const { source, self, adopted } = languages;
  const onOriginal = !self.translation;
  const sourceIsLatest = onOriginal && source.versionId === source.latestId;
  const compareLink = (c: { from: string; to: string }) => `/coalitions/${slug}/documents/${source.documentId}/compare?from=${c.from}&to=${c.to}`;
  const statusOf = (l: OutputLanguage) => {
    switch (l.status) {
      case "original":
        return <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-800">{t("translations.status.original")}</span>;
      case "current":
        return <span className="text-xs text-slate-500">{t("translations.status.current")}</span>;
      case "outdated":
        return (
          <span className="text-xs">
            <span className="rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 font-semibold text-amber-900" data-testid="outdated-mark">
              {t("translations.status.outdated")}
            </span>{" "}
            <span className="text-slate-500">{t("translations.status.translates", { number: l.sourceNumber })}</span>
            {canCompare && l.compare ? (
              <>
                {" · "}
                <Link to={compareLink(l.compare)}>{t("translations.status.changesSince", { number: l.sourceNumber })}</Link>
              </>
            ) : null}
          </span>
        );
      case "later":
        return <span className="text-xs text-slate-500">{t("translations.status.translates", { number: l.sourceNumber })}</span>;
      case "draft":
        return <span className="text-xs text-slate-500">{t("translations.status.draft")}</span>;
    }
  };
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="languages-heading" data-testid="output-languages">
      <h2 id="languages-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        {t("translations.heading")}
      </h2>
      <p className="mt-1 text-sm text-slate-700" data-testid="adopted-language">
        {t("translations.adopted", { language: t(`translations.language.${adopted}`) })}
      </p>
      <ul className="mt-2 space-y-2 text-sm">
        {languages.languages.map((l) => (
          <li key={l.language} data-language={l.language} data-status={l.status}>
            {l.here ? (
              <span aria-current="page" className="font-semibold text-slate-900">
                <LanguageName language={l.language} />
              </span>
            ) : l.versionId ? (
              <Link to={`/coalitions/${slug}/outputs/${l.versionId}`} hrefLang={LOCALE_TAGS[l.language]} lang={LOCALE_TAGS[l.language]} dir={directionOf(l.language)} className="font-medium">
                {LOCALE_NAMES[l.language]}
              </Link>
            ) : canOpenDraft ? (
              <Link to={`/coalitions/${slug}/documents/${l.documentId}`} hrefLang={LOCALE_TAGS[l.language]} lang={LOCALE_TAGS[l.language]} dir={directionOf(l.language)}>
                {LOCALE_NAMES[l.language]}
              </Link>
            ) : (
              <LanguageName language={l.language} />
            )}{" "}
            {statusOf(l)}
            {l.status === "outdated" && canTranslate && sourceIsLatest ? (
              <Form method="post" className="mt-1">
                <input type="hidden" name="intent" value="follow" />
                <input type="hidden" name="language" value={l.language} />
                <Button type="submit" variant="secondary" className="px-2 py-1 text-xs" disabled={navigation.state !== "idle"}>
                  {t("translations.follow.button", { number: source.number })}
                </Button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {followFailure?.error ? (
        <div className="mt-2">
          <FormAlert message={followFailure.error} />
        </div>
      ) : null}
      {canTranslate && onOriginal && languages.startable.length ? (
        <Form method="post" className="mt-4 space-y-2 border-t border-slate-100 pt-3" noValidate data-testid="start-translation">
          <input type="hidden" name="intent" value="translate" />
          <label htmlFor="translation-language" className="block text-sm font-medium text-slate-700">
            {t("translations.start.label")}
          </label>
          <select
            id="translation-language"
            name="language"
            defaultValue={startFailure?.value ?? ""}
            aria-invalid={startFailure?.error ? true : undefined}
            aria-describedby={startFailure?.error ? "translation-language-error" : "translation-language-hint"}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
          >
            <option value="">{t("translations.start.choose")}</option>
            {languages.startable.map((l) => (
              <option key={l} value={l} lang={LOCALE_TAGS[l]}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
            {startFailure?.value && !(languages.startable as readonly string[]).includes(startFailure.value) ? <option value={startFailure.value}>{startFailure.value}</option> : null}
          </select>
          {startFailure?.error ? (
            <p id="translation-language-error" className="text-sm text-red-700" role="alert">
              {startFailure.error}
            </p>
          ) : (
            <p id="translation-language-hint" className="text-xs text-slate-500">
              {t("translations.start.hint", { number: v.number })}
            </p>
          )}
          <Button type="submit" variant="secondary" className="w-full" disabled={navigation.state !== "idle"}>
            {t("translations.start.button")}
          </Button>
        </Form>
      ) : null}
      {canAdopt && onOriginal ? (
        <Form method="post" className="mt-4 space-y-2 border-t border-slate-100 pt-3" noValidate data-testid="adopt-language">
          <input type="hidden" name="intent" value="adopt-language" />
          {answer?.ok && answer.intent === "adopt-language" ? <FormAlert tone="success" message={answer.message} /> : null}
          <label htmlFor="adopted-language" className="block text-sm font-medium text-slate-700">
            {t("translations.adopt.label")}
          </label>
          <select
            id="adopted-language"
            name="language"
            defaultValue={adoptFailure?.value ?? adopted}
            aria-invalid={adoptFailure?.error ? true : undefined}
            aria-describedby={adoptFailure?.error ? "adopted-language-error" : undefined}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
          >
            {LOCALES.filter((l) => l === adopted || l === adoptFailure?.value || !languages.languages.some((x) => x.language === l)).map((l) => (
              <option key={l} value={l} lang={LOCALE_TAGS[l]}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
          {adoptFailure?.error ? (
            <p id="adopted-language-error" className="text-sm text-red-700" role="alert">
              {adoptFailure.error}
            </p>
          ) : null}
          <Button type="submit" variant="secondary" className="w-full" disabled={navigation.state !== "idle"}>
            {t("translations.adopt.button")}
          </Button>
        </Form>
      ) : null}
    </section>
  );
}

export default function OutputPage() {
  const { slug, version: v, url, previousId, canCompare, canRestore, canWithdraw, withdrawnNotice: notice, canOpenDraft, coalitionName, isLatest, languages, contributions, endorsements, consultation, resolvedComments, decisions } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const result = answer && (answer.intent === "restore") ? answer : undefined;
  const withdrawal = answer?.intent === "withdraw" ? answer : undefined;
  const withdrawFailure = withdrawal && "values" in withdrawal ? withdrawal : undefined;
  const navigation = useNavigation();
  const docBase = `/coalitions/${slug}/documents/${v.documentId}`;
  const { self, source } = languages;
  const contentLang = LOCALE_TAGS[self.language];
  const published = dateTimeFormat(LONG_DATE).format(new Date(v.publishedAt));
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <div className="min-w-0 space-y-6">
      <article className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="output">
        {notice ? (
          <div role="note" className="border-b-4 border-red-700 bg-red-50 px-5 py-4 sm:px-10" data-testid="withdrawn-notice">
            <p className="text-sm font-semibold uppercase tracking-wide text-red-800">{t("outputs.withdrawn.heading")}</p>
            <p className="mt-1 text-base text-red-950">{notice}</p>
            <p className="mt-1 text-xs text-red-900">{t("outputs.withdrawn.explanation")}</p>
          </div>
        ) : null}
        {self.translation ? (
          <div role="note" className={`border-b px-5 py-3 text-sm sm:px-10 ${self.outdated ? "border-amber-300 bg-amber-50 text-amber-950" : "border-slate-200 bg-slate-50 text-slate-700"}`} data-testid="translation-notice">
            <p>
              <FormattedMessage
                id="translations.notice.of"
                values={{
                  language: t(`translations.language.${self.language}`),
                  number: source.number,
                  original: (
                    <Link to={`/coalitions/${slug}/outputs/${source.versionId}`} dir="auto">
                      {source.title}
                    </Link>
                  ),
                }}
              />
            </p>
            {self.outdated ? (
              <p className="mt-1 font-semibold" data-testid="translation-outdated">
                {t("translations.notice.outdated", { latest: source.latestNumber })}{" "}
                {canCompare ? <Link to={`/coalitions/${slug}/documents/${source.documentId}/compare?from=${source.versionId}&to=${source.latestId}`}>{t("translations.notice.seeChanges")}</Link> : null}
              </p>
            ) : null}
          </div>
        ) : null}
        <header className="border-b border-slate-200 px-5 py-5 sm:px-10">
          <p className="text-xs font-semibold uppercase tracking-wide text-brand-700">{t("outputs.page.kicker", { coalition: coalitionName })}</p>
          <h2 className="mt-1 text-2xl font-semibold tracking-tight" data-testid="output-title" dir="auto" lang={contentLang}>
            {v.documentTitle}
          </h2>
          <p className="mt-1 text-lg text-slate-700">
            <span className="font-semibold">{t("outputs.page.version", { number: v.number })}</span> ·{" "}
            <span data-testid="output-label" dir="auto">
              {v.label}
            </span>
            {isLatest ? <span className="ms-2 rounded-full bg-brand-50 px-2 py-0.5 align-middle text-xs font-semibold text-brand-800">{t("outputs.page.latest")}</span> : null}
          </p>
          <p className="mt-1 text-sm text-slate-500">
            {v.publishedBy ? (
              <FormattedMessage
                id="outputs.page.publishedBy"
                values={{
                  date: (
                    <time dateTime={v.publishedAt} suppressHydrationWarning>
                      {published}
                    </time>
                  ),
                  name: <span className="text-slate-700">{v.publishedBy}</span>,
                }}
              />
            ) : (
              <FormattedMessage
                id="outputs.page.published"
                values={{
                  date: (
                    <time dateTime={v.publishedAt} suppressHydrationWarning>
                      {published}
                    </time>
                  ),
                }}
              />
            )}
          </p>
          <AdoptedLine view={decisions} slug={slug} />
          {v.note ? (
            <p className="mt-3 whitespace-pre-line rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" dir="auto">
              {v.note}
            </p>
          ) : null}
        </header>
        <div className="prose-content px-5 py-6 sm:px-10 sm:py-8 [&>:first-child]:mt-0" data-testid="output-content" lang={contentLang} dir={directionOf(self.language)} dangerouslySetInnerHTML={{ __html: v.html }} />
        <DissentAnnex view={decisions} />
      </article>
      <EndorsementsPanel data={endorsements} />
      <ContributionSummaryPanel summary={contributions} />
      </div>
      <aside className="space-y-5">
        <VersionConsultation slug={slug} versionId={v.id} data={consultation} />
        <Languages />
        <ResolvedComments comments={resolvedComments} />
        <DecisionsPanel view={decisions} slug={slug} versionId={v.id} />
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("outputs.page.stableLink")}</h2>
          <input readOnly value={url} dir="ltr" aria-label={t("outputs.page.stableLinkLabel")} className="mt-2 w-full rounded-md border border-slate-300 bg-slate-50 px-2 py-1 text-xs text-slate-700" />
          <h2 className="mt-4 text-sm font-semibold uppercase tracking-wide text-slate-500">{t("outputs.page.download")}</h2>
          <div className="mt-2 flex gap-2 text-sm">
            <a href={`/coalitions/${slug}/outputs/${v.id}/export.md`} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50">
              {t("outputs.page.formatMarkdown")}
            </a>
            <a href={`/coalitions/${slug}/outputs/${v.id}/export.html`} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50">
              {t("outputs.page.formatHtml")}
            </a>
            <a href={`/coalitions/${slug}/outputs/${v.id}/export.docx`} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50">
              {t("outputs.page.formatWord")}
            </a>
          </div>
          <p className="mt-2 text-xs text-slate-500">{t("outputs.page.pdfHint")}</p>
        </section>
        {canCompare || canOpenDraft ? (
          <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("outputs.draft.heading")}</h2>
            <ul className="mt-2 space-y-1 text-sm">
              {canOpenDraft ? (
                <li>
                  <Link to={docBase}>{t("outputs.draft.open")}</Link>
                </li>
              ) : null}
              {canCompare ? (
                <li>
                  <Link to={`${docBase}/compare?from=${v.id}&to=draft`}>{t("outputs.draft.compareDraft")}</Link>
                </li>
              ) : null}
              {canCompare && previousId ? (
                <li>
                  <Link to={`${docBase}/compare?from=${previousId}&to=${v.id}`}>{t("outputs.draft.comparePrevious")}</Link>
                </li>
              ) : null}
            </ul>
          </section>
        ) : null}
        {canRestore ? (
          <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("outputs.restore.heading")}</h2>
            <p className="mt-1 text-xs text-slate-500">{t("outputs.restore.explanation")}</p>
            {result?.message ? (
              <div className="mt-2">
                <FormAlert tone={result.ok ? "success" : "error"} message={result.message} />
              </div>
            ) : null}
            {result?.ok && "checkpointId" in result && result.checkpointId ? (
              <Form method="post" className="mt-2">
                <input type="hidden" name="intent" value="undo-restore" />
                <input type="hidden" name="checkpoint" value={result.checkpointId} />
                <Button type="submit" variant="secondary" className="w-full" disabled={navigation.state !== "idle"}>
                  {t("outputs.restore.undo")}
                </Button>
              </Form>
            ) : null}
            {result?.confirm ? (
              <Form method="post" className="mt-3 space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3" data-testid="restore-confirm">
                <h3 className="text-sm font-semibold text-amber-950">{t("outputs.restore.confirmHeading", { number: v.number })}</h3>
                <p className="text-sm text-amber-950">{result.confirm}</p>
                <input type="hidden" name="intent" value="restore" />
                <div className="flex flex-wrap gap-2">
                  <Button type="submit" name="confirm" value="yes" className="flex-1" disabled={navigation.state !== "idle"}>
                    {t("outputs.restore.confirmButton", { number: v.number })}
                  </Button>
                  <Link to={`/coalitions/${slug}/outputs/${v.id}`} className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 no-underline shadow-sm hover:bg-slate-50">
                    {t("outputs.restore.cancel")}
                  </Link>
                </div>
              </Form>
            ) : (
              <Form method="post" className="mt-3">
                <Button type="submit" name="intent" value="restore" variant="secondary" className="w-full" disabled={navigation.state !== "idle"}>
                  {t("outputs.restore.button")}
                </Button>
              </Form>
            )}
            <p className="mt-2 text-xs text-slate-500">
              <FormattedMessage id="outputs.restore.asOf" values={{ time: <Time iso={v.publishedAt} /> }} />
            </p>
          </section>
        ) : null}
        {withdrawal?.ok ? <FormAlert tone="success" message={withdrawal.message} /> : null}
        {canWithdraw ? (
          <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
              {t("outputs.withdraw.heading")}
            </h2>
            <p className="mt-1 text-xs text-slate-500">{t("outputs.withdraw.explanation")}</p>
            <Form method="post" className="mt-3 space-y-3" noValidate>
              <input type="hidden" name="intent" value="withdraw" />
              <TextAreaField
                label={t("outputs.withdraw.reason")}
                name="reason"
                rows={2}
                dir="auto"
                maxLength={WITHDRAW_REASON_MAX + 50}
                defaultValue={withdrawFailure?.values.reason}
                error={withdrawFailure?.fieldErrors.reason}
                placeholder={t("outputs.withdraw.reasonPlaceholder")}
              />
              <Button type="submit" variant="danger" className="w-full" disabled={navigation.state !== "idle"}>
                {t("outputs.withdraw.button", { number: v.number })}
              </Button>
            </Form>
          </section>
        ) : null}
      </aside>
    </div>
  );
}
