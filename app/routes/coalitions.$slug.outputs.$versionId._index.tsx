import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDate, formatDateTime } from "../components/documents/format";
import { Button, FormAlert, TextAreaField } from "../components/form";
import { badRequest } from "../lib/http.server";
import { decideFor, requireCoalitionAccess } from "../models/access.server";
import { withdrawVersionSchema, WITHDRAW_REASON_MAX } from "../lib/document-schemas";
import { fieldErrors } from "../lib/validation";
import { requireDocument } from "../models/documents.server";
import { listVersionsOf, requireVersion, restoreSentence, restoreVersion, undoRestore, withdrawnNotice, withdrawVersion } from "../models/versions.server";
import { socialMeta } from "../lib/social-meta";
import { outputCard } from "../models/social-cards.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.version.documentTitle}, version ${data.version.number}: ${data.version.label} · ${data.coalitionName}` }, ...socialMeta(data.card)] : [{ title: "Output" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:read");
  const version = await requireVersion(access.coalition.id, params.versionId);
  const siblings = await listVersionsOf(version.documentId);
  const previous = access.abilities["version:compare"] ? siblings.find((v) => v.number < version.number) : undefined;
  const { state: _state, plainText: _text, ...shown } = version;
  return {
    coalitionName: access.coalition.name,
    slug: access.coalition.slug,
    version: shown,
    previousId: previous?.id ?? null,
    isLatest: siblings[0]?.id === version.id,
    url: new URL(`/coalitions/${access.coalition.slug}/outputs/${version.id}`, context.appOrigin).href,
    canCompare: access.abilities["version:compare"],
    canRestore: access.abilities["version:restore"],
    canWithdraw: decideFor(access, "version:withdraw", { version: { withdrawn: Boolean(version.withdrawn) } }).ok,
    withdrawnNotice: version.withdrawn ? withdrawnNotice(version.withdrawn) : null,
    canOpenDraft: access.abilities["document:read"],
    card: outputCard(access.coalition, version, context.appOrigin),
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("intent") === "withdraw") {
    const access = await requireCoalitionAccess(context, request, params.slug, "version:withdraw");
    const version = await requireVersion(access.coalition.id, params.versionId);
    const values = { reason: String(form.get("reason") ?? "") };
    const parsed = withdrawVersionSchema.safeParse(values);
    if (!parsed.success) return data({ ok: false as const, intent: "withdraw" as const, fieldErrors: fieldErrors(parsed.error), values, confirm: null, message: null }, { status: 400 });
    const withdrawn = await withdrawVersion(access, version, parsed.data.reason);
    if (!withdrawn.ok) return data({ ok: false as const, intent: "withdraw" as const, fieldErrors: { reason: withdrawn.message }, values, confirm: null, message: null }, { status: withdrawn.status });
    return { ok: true as const, intent: "withdraw" as const, confirm: null, message: `Version ${version.number} is withdrawn. Its page and downloads stay, marked with your reason.` };
  }
  if (form.get("intent") === "undo-restore") {
    const access = await requireCoalitionAccess(context, request, params.slug, "version:restore");
    const version = await requireVersion(access.coalition.id, params.versionId);
    const doc = await requireDocument(access.coalition.id, version.documentId);
    const undone = await undoRestore(access, doc, String(form.get("checkpoint") ?? ""));
    if (!undone.ok) return data({ ok: false as const, intent: "restore" as const, confirm: null, checkpointId: null, message: undone.message }, { status: undone.status });
    return { ok: true as const, intent: "restore" as const, confirm: null, checkpointId: null, message: "Restore undone: the draft reads again as it did just before." };
  }
  if (form.get("intent") !== "restore") throw badRequest("Unknown action.");
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
    message: restored.changed ? `The draft now reads as version ${version.number}. Everyone in the document sees the change; the draft as it was is kept, and “Undo restore” brings it back.` : "The draft already reads exactly as this version.",
  };
}

export default function OutputPage() {
  const { slug, version: v, url, previousId, canCompare, canRestore, canWithdraw, withdrawnNotice: notice, canOpenDraft, coalitionName, isLatest } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const result = answer && answer.intent !== "withdraw" ? answer : undefined;
  const withdrawal = answer?.intent === "withdraw" ? answer : undefined;
  const withdrawFailure = withdrawal && "values" in withdrawal ? withdrawal : undefined;
  const navigation = useNavigation();
  const docBase = `/coalitions/${slug}/documents/${v.documentId}`;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <article className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="output">
        {notice ? (
          <div role="note" className="border-b-4 border-red-700 bg-red-50 px-5 py-4 sm:px-10" data-testid="withdrawn-notice">
            <p className="text-sm font-semibold uppercase tracking-wide text-red-800">This version is withdrawn</p>
            <p className="mt-1 text-base text-red-950">{notice}</p>
            <p className="mt-1 text-xs text-red-900">It stays here so that links to it keep working; it no longer speaks for the coalition.</p>
          </div>
        ) : null}
        <header className="border-b border-slate-200 px-5 py-5 sm:px-10">
          <p className="text-xs font-semibold uppercase tracking-wide text-brand-700">{coalitionName} · published output</p>
          <h2 className="mt-1 text-2xl font-semibold tracking-tight" data-testid="output-title">{v.documentTitle}</h2>
          <p className="mt-1 text-lg text-slate-700">
            <span className="font-semibold">Version {v.number}</span> · <span data-testid="output-label">{v.label}</span>
            {isLatest ? <span className="ms-2 rounded-full bg-brand-50 px-2 py-0.5 align-middle text-xs font-semibold text-brand-800">Latest</span> : null}
          </p>
          <p className="mt-1 text-sm text-slate-500">
            Published <time dateTime={v.publishedAt}>{formatDate(v.publishedAt)}</time>
            {v.publishedBy ? <> by <span className="text-slate-700">{v.publishedBy}</span></> : null}
          </p>
          {v.note ? <p className="mt-3 whitespace-pre-line rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">{v.note}</p> : null}
        </header>
        <div className="prose-content px-5 py-6 sm:px-10 sm:py-8 [&>:first-child]:mt-0" data-testid="output-content" dangerouslySetInnerHTML={{ __html: v.html }} />
      </article>
      <aside className="space-y-5">
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Stable link</h2>
          <input readOnly value={url} aria-label="Stable link to this version" className="mt-2 w-full rounded-md border border-slate-300 bg-slate-50 px-2 py-1 text-xs text-slate-700" />
          <h2 className="mt-4 text-sm font-semibold uppercase tracking-wide text-slate-500">Download</h2>
          <div className="mt-2 flex gap-2 text-sm">
            <a href={`/coalitions/${slug}/outputs/${v.id}/export.md`} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50">Markdown</a>
            <a href={`/coalitions/${slug}/outputs/${v.id}/export.html`} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50">HTML</a>
            <a href={`/coalitions/${slug}/outputs/${v.id}/export.docx`} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50">Word</a>
          </div>
          <p className="mt-2 text-xs text-slate-500">To make a PDF, print this page (or the HTML file) and choose “Save as PDF”.</p>
        </section>
        {canCompare || canOpenDraft ? (
          <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Working draft</h2>
            <ul className="mt-2 space-y-1 text-sm">
              {canOpenDraft ? <li><Link to={docBase}>Open the document</Link></li> : null}
              {canCompare ? <li><Link to={`${docBase}/compare?from=${v.id}&to=draft`}>Compare with the current draft</Link></li> : null}
              {canCompare && previousId ? <li><Link to={`${docBase}/compare?from=${previousId}&to=${v.id}`}>Compare with the previous version</Link></li> : null}
            </ul>
          </section>
        ) : null}
        {canRestore ? (
          <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Restore</h2>
            <p className="mt-1 text-xs text-slate-500">Makes the working draft read like this version again, as a new edit: nothing is erased from history and published versions stay as they are.</p>
            {result?.message ? <div className="mt-2"><FormAlert tone={result.ok ? "success" : "error"} message={result.message} /></div> : null}
            {result?.ok && result.checkpointId ? (
              <Form method="post" className="mt-2">
                <input type="hidden" name="intent" value="undo-restore" />
                <input type="hidden" name="checkpoint" value={result.checkpointId} />
                <Button type="submit" variant="secondary" className="w-full" disabled={navigation.state !== "idle"}>Undo restore</Button>
              </Form>
            ) : null}
            {result?.confirm ? (
              <Form method="post" className="mt-3 space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3" data-testid="restore-confirm">
                <h3 className="text-sm font-semibold text-amber-950">Restore version {v.number} into the draft?</h3>
                <p className="text-sm text-amber-950">{result.confirm}</p>
                <input type="hidden" name="intent" value="restore" />
                <div className="flex flex-wrap gap-2">
                  <Button type="submit" name="confirm" value="yes" className="flex-1" disabled={navigation.state !== "idle"}>Yes, restore version {v.number}</Button>
                  <Link to={`/coalitions/${slug}/outputs/${v.id}`} className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 no-underline shadow-sm hover:bg-slate-50">Cancel</Link>
                </div>
              </Form>
            ) : (
              <Form method="post" className="mt-3">
                <Button type="submit" name="intent" value="restore" variant="secondary" className="w-full" disabled={navigation.state !== "idle"}>
                  Restore into the draft…
                </Button>
              </Form>
            )}
            <p className="mt-2 text-xs text-slate-500">As of {formatDateTime(v.publishedAt)}</p>
          </section>
        ) : null}
        {withdrawal?.ok ? <FormAlert tone="success" message={withdrawal.message} /> : null}
        {canWithdraw ? (
          <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">Withdraw</h2>
            <p className="mt-1 text-xs text-slate-500">Marks this version as withdrawn, with your reason, on its page, in the outputs list and in its downloads. Nothing is deleted and its link keeps working.</p>
            <Form method="post" className="mt-3 space-y-3" noValidate>
              <input type="hidden" name="intent" value="withdraw" />
              <TextAreaField label="Reason" name="reason" rows={2} maxLength={WITHDRAW_REASON_MAX + 50} defaultValue={withdrawFailure?.values.reason} error={withdrawFailure?.fieldErrors.reason} placeholder="e.g. Superseded by version 3" />
              <Button type="submit" variant="danger" className="w-full" disabled={navigation.state !== "idle"}>Withdraw version {v.number}</Button>
            </Form>
          </section>
        ) : null}
      </aside>
    </div>
  );
}
