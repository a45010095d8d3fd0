import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button, FormAlert } from "../components/form";
import { CommentForm } from "../components/consultations/comment-form";
import { ConsultationBalance } from "../components/consultations/consultation-balance";
import { DispositionTable } from "../components/consultations/disposition-table";
import { NumberedText } from "../components/consultations/numbered-text";
import type { FormAnswer } from "../components/consultations/types";
import { badRequest } from "../lib/http.server";
import { t as translate } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { requireCoalitionAccess, requireUser } from "../models/access.server";
import { addComment, answerComment, closeConsultation, hideComment, requireConsultation } from "../models/consultations.server";
import { consultationPage } from "../models/consultation-view.server";
import { contentLanguageOf } from "../models/translations.server";
import { viewerZone } from "../models/viewer-zone.server";
import { directionOf, LOCALE_TAGS } from "../../common/locales";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.pageTitle : translate("consultation.page.fallbackTitle") }];

// A document POST only sends the action's headers that a route's `headers` export passes on (a new account's 429).
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "consultation:read");
  const c = await requireConsultation(access, params.consultationId);
  const { zone } = await viewerZone(context, request);
  const page = await consultationPage(access, c, zone);
  const language = await contentLanguageOf(c.document_id);
  const url = new URL(request.url);
  return {
    ...page,
    slug: access.coalition.slug,
    coalitionName: access.coalition.name,
    zone,
    contentLang: LOCALE_TAGS[language],
    contentDir: directionOf(language),
    paragraph: /^\d{1,5}$/.test(url.searchParams.get("paragraph") ?? "") ? url.searchParams.get("paragraph")! : "",
    loginHref: `/login?redirectTo=${encodeURIComponent(url.pathname)}`,
    pageTitle: translate("consultation.page.title", { title: c.document_title, number: Number(c.version_number), coalition: access.coalition.name }),
  };
}

const answerOf = (intent: string, target: string | null, r: { status: number; message: string | null; fieldErrors: Record<string, string>; values: Record<string, string>; retryAfterSeconds?: number }) =>
  data<FormAnswer>({ intent, target, message: r.message, fieldErrors: r.fieldErrors, values: r.values }, { status: r.status, headers: r.retryAfterSeconds ? { "Retry-After": String(r.retryAfterSeconds) } : undefined });

export async function action({ context, request, params }: ActionFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "consultation:read");
  requireUser(context, request);
  const c = await requireConsultation(access, params.consultationId);
  const form = await request.formData();
  const get = (key: string) => String(form.get(key) ?? "");
  const intent = get("intent");
  const base = `/coalitions/${access.coalition.slug}/consultations/${c.id}`;
  if (intent === "comment" || intent === "reply") {
    const target = intent === "reply" ? get("comment") : null;
    const done = await addComment(access, c, { paragraph: get("paragraph"), paragraphTo: get("paragraphTo"), group: get("group"), body: get("body"), parentId: target ?? undefined });
    return done.ok ? redirect(`${base}#comment-${done.id}`) : answerOf(intent, target, done);
  }
  if (intent === "answer" || intent === "hide") {
    const target = get("comment");
    const done = intent === "answer" ? await answerComment(access, c, target, { answer: get("answer"), reason: get("reason") }) : await hideComment(access, c, target, { reason: get("reason") });
    return done.ok ? redirect(`${base}#comment-${done.id}`) : answerOf(intent, target, done);
  }
  if (intent === "close") {
    const done = await closeConsultation(access, c);
    return done.ok ? redirect(`${base}#disposition`) : answerOf(intent, null, { status: done.status, message: done.message, fieldErrors: {}, values: {} });
  }
  throw badRequest(translate("consultation.error.unknownAction"));
}

export default function ConsultationPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const c = d.consultation;
  const base = `/coalitions/${d.slug}/consultations/${c.id}`;
  return (
    <div className="space-y-6">
      <header className="rounded-lg border border-slate-200 bg-white px-5 py-5 shadow-sm sm:px-8">
        <p className="text-xs font-semibold uppercase tracking-wide text-brand-700">{t("consultation.page.kicker", { coalition: d.coalitionName })}</p>
        <h2 className="mt-1 text-2xl font-semibold tracking-tight" dir="auto" lang={d.contentLang} data-testid="consultation-title">
          {c.title}
        </h2>
        <p className="mt-1 text-slate-700">
          <Link to={`/coalitions/${d.slug}/outputs/${c.versionId}`}>{t("consultation.page.version", { number: c.number })}</Link> · <span dir="auto">{c.label}</span>
        </p>
        <p className={`mt-3 inline-block rounded-md px-3 py-1.5 text-sm font-semibold ${c.closed ? "bg-slate-100 text-slate-800" : "bg-green-50 text-green-900"}`} data-testid="consultation-status">
          {c.closed ? (c.closedText ? t("consultation.page.closedOn", { date: c.closedText }) : t("consultation.page.closedAt", { date: c.closesText })) : t("consultation.page.openUntil", { date: c.closesText })}
        </p>
        <p className="mt-3 whitespace-pre-line text-slate-800" dir="auto" data-testid="consultation-introduction">
          {c.introduction}
        </p>
        {d.canManage && !c.closed ? (
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="close" />
            {answer?.intent === "close" && answer.message ? <FormAlert message={answer.message} /> : null}
            <Button type="submit" variant="secondary">{t("consultation.close.button")}</Button>
            <p className="mt-1 text-xs text-slate-600">{t("consultation.close.explanation")}</p>
          </Form>
        ) : null}
      </header>
      {d.disposition ? <DispositionTable rows={d.disposition} base={base} /> : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-labelledby="text-heading" className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
          <h2 id="text-heading" className="mb-4 text-lg font-semibold">{t("consultation.page.textHeading")}</h2>
          <NumberedText blocks={d.blocks} comments={d.comments} canComment={d.canComment} canManage={d.canManage} answer={answer} lang={d.contentLang} dir={d.contentDir} />
        </section>
        <aside className="space-y-5">
          <CommentForm canComment={d.canComment} refusal={d.commentRefusal} signedIn={d.signedIn} loginHref={d.loginHref} blockCount={d.blocks.length} paragraph={d.paragraph} profileGroup={d.profileGroup} rules={d.rules} answer={answer} />
          <ConsultationBalance balance={d.balance} />
        </aside>
      </div>
    </div>
  );
}
