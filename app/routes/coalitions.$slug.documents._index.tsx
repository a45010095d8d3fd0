import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AvatarStack } from "../components/documents/avatars";
import { formatDateTime } from "../components/documents/format";
import { Button, Card, FormAlert, TextField } from "../components/form";
import { TITLE_MAX } from "../lib/document-limits";
import { documentTitleSchema } from "../lib/document-schemas";
import { badRequest, type FormFailure } from "../lib/http.server";
import { formatNumber } from "../lib/i18n/format";
import { t } from "../lib/i18n/messages";
import { FormattedMessage, useT } from "../lib/i18n/react";
import { fieldErrors } from "../lib/validation";
import { requireCoalitionAccess } from "../models/access.server";
import { createDocument, listCoalitionDocuments, requireDocument, setArchived, type DocumentSummary } from "../models/documents.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? t("documents.list.metaTitle", { coalition: data.coalitionName, site: t("site.name") }) : t("documents.list.heading") },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "document:read");
  const documents = await listCoalitionDocuments(access.coalition.id);
  return { coalitionName: access.coalition.name, slug: access.coalition.slug, abilities: access.abilities, ...documents };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "create");
  if (intent === "create") {
    const access = await requireCoalitionAccess(context, request, params.slug, "document:create");
    const values = { title: String(form.get("title") ?? "") };
    const parsed = documentTitleSchema.safeParse(values);
    if (!parsed.success) {
      return data<FormFailure<typeof values>>({ ok: false, fieldErrors: fieldErrors(parsed.error), values }, { status: 400 });
    }
    const id = await createDocument(access, parsed.data.title);
    return redirect(`/coalitions/${access.coalition.slug}/documents/${id}`);
  }
  if (intent === "archive" || intent === "restore") {
    const access = await requireCoalitionAccess(context, request, params.slug, "document:archive");
    const doc = await requireDocument(access.coalition.id, String(form.get("documentId") ?? ""));
    await setArchived(access, doc, intent === "archive");
    return { ok: true as const, message: intent === "archive" ? t("documents.list.wasArchived", { title: doc.title }) : t("documents.list.wasRestored", { title: doc.title }) };
  }
  throw badRequest(t("documents.error.unknownAction"));
}

function DocumentRow({ doc, slug, canArchive }: { doc: DocumentSummary; slug: string; canArchive: boolean }) {
  const t = useT();
  const archived = Boolean(doc.archivedAt);
  const whenIso = archived ? doc.archivedAt! : doc.lastEditedAt;
  const when = (
    <time dateTime={whenIso} suppressHydrationWarning>
      {formatDateTime(whenIso)}
    </time>
  );
  return (
    <li className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center sm:justify-between" data-testid="document-row">
      <div className="min-w-0">
        <Link to={`/coalitions/${slug}/documents/${doc.id}`} className="block truncate text-base font-semibold text-slate-900 hover:text-brand-700">
          <bdi>{doc.title}</bdi>
        </Link>
        <p className="mt-0.5 text-sm text-slate-500">
          {archived ? (
            <FormattedMessage id="documents.list.archivedOn" values={{ when }} />
          ) : doc.lastEditedBy ? (
            <FormattedMessage id="documents.list.lastEditedBy" values={{ when, name: <bdi className="text-slate-700">{doc.lastEditedBy}</bdi> }} />
          ) : (
            <FormattedMessage id="documents.list.lastEdited" values={{ when }} />
          )}
        </p>
      </div>
      <div className="flex shrink-0 items-center gap-3">
        {doc.present.length ? (
          <span className="flex items-center gap-2 text-xs text-slate-500" data-testid="document-present">
            <span className="inline-block h-2 w-2 rounded-full bg-green-500" aria-hidden="true" />
            <AvatarStack people={doc.present.map((p) => ({ key: p.userId ?? p.name, name: p.name, color: p.color }))} size="sm" max={4} />
            <span>{t("documents.list.hereNow", { count: doc.present.length })}</span>
          </span>
        ) : null}
        {canArchive ? (
          <Form method="post" replace>
            <input type="hidden" name="documentId" value={doc.id} />
            <Button type="submit" name="intent" value={archived ? "restore" : "archive"} variant="secondary" className="px-3 py-1.5 text-xs">
              {archived ? t("documents.list.restore") : t("documents.list.archive")}
            </Button>
          </Form>
        ) : null}
      </div>
    </li>
  );
}

export default function DocumentsIndex() {
  const t = useT();
  const { slug, abilities, active, archived } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const failure = actionData && "fieldErrors" in actionData ? actionData : undefined;
  const notice = actionData && "message" in actionData ? actionData.message : undefined;
  const creating = navigation.state !== "idle" && navigation.formData?.get("intent") === "create";
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <section className="min-w-0 space-y-4 lg:col-span-2" aria-labelledby="documents-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
          <h2 id="documents-heading" className="text-lg font-semibold">{t("documents.list.heading")}</h2>
          <p className="text-sm text-slate-500">{t("documents.list.count", { count: active.length })}</p>
        </div>
        <FormAlert message={notice} tone="success" />
        {active.length ? (
          <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="documents-list">
            {active.map((d) => <DocumentRow key={d.id} doc={d} slug={slug} canArchive={abilities["document:archive"]} />)}
          </ul>
        ) : (
          <Card className="text-center">
            <p className="font-medium text-slate-800">{t("documents.list.empty")}</p>
            <p className="mt-1 text-sm text-slate-500">
              {abilities["document:create"] ? t("documents.list.emptyCreate") : t("documents.list.emptyRead")}
            </p>
          </Card>
        )}
        {archived.length ? (
          <details className="rounded-lg border border-slate-200 bg-slate-50" data-testid="archived-documents">
            <summary className="cursor-pointer px-5 py-3 text-sm font-medium text-slate-700">{t("documents.list.archivedSection", { count: formatNumber(archived.length) })}</summary>
            <ul className="divide-y divide-slate-200 border-t border-slate-200 bg-white">
              {archived.map((d) => <DocumentRow key={d.id} doc={d} slug={slug} canArchive={abilities["document:archive"]} />)}
            </ul>
          </details>
        ) : null}
      </section>
      <aside className="min-w-0 space-y-6">
        {abilities["document:create"] ? (
          <Card>
            <h2 className="text-base font-semibold">{t("documents.new.heading")}</h2>
            <Form method="post" className="mt-3 space-y-3" noValidate>
              <input type="hidden" name="intent" value="create" />
              <TextField
                label={t("documents.new.title")}
                name="title"
                dir="auto"
                maxLength={TITLE_MAX + 50}
                placeholder={t("documents.new.placeholder")}
                defaultValue={failure?.values.title}
                error={failure?.fieldErrors.title}
                required
                hint={t("documents.new.hint", { max: TITLE_MAX })}
              />
              <Button type="submit" disabled={creating} className="w-full">
                {creating ? t("documents.new.creating") : t("documents.new.submit")}
              </Button>
            </Form>
          </Card>
        ) : (
          <Card>
            <h2 className="text-base font-semibold">{t("documents.readOnly.heading")}</h2>
            <p className="mt-2 text-sm text-slate-600">{t("documents.readOnly.text")}</p>
          </Card>
        )}
        <Card>
          <h2 className="text-base font-semibold">{t("documents.outputs.heading")}</h2>
          <p className="mt-2 text-sm text-slate-600">{t("documents.outputs.text")}</p>
          <Link to={`/coalitions/${slug}/outputs`} className="mt-3 inline-block text-sm font-medium">{t("documents.outputs.link")}</Link>
        </Card>
      </aside>
    </div>
  );
}
