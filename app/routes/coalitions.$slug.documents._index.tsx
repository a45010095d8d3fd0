import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AvatarStack } from "../components/documents/avatars";
import { formatDateTime, plural } from "../components/documents/format";
import { Button, Card, FormAlert, TextField } from "../components/form";
import { TITLE_MAX } from "../lib/document-limits";
import { documentTitleSchema } from "../lib/document-schemas";
import { badRequest, type FormFailure } from "../lib/http.server";
import { fieldErrors } from "../lib/validation";
import { requireCoalitionAccess } from "../models/access.server";
import { createDocument, listCoalitionDocuments, requireDocument, setArchived, type DocumentSummary } from "../models/documents.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Documents · ${data.coalitionName} · Coalition Workspace` : "Documents" }];

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
    return { ok: true as const, message: intent === "archive" ? `“${doc.title}” was archived.` : `“${doc.title}” was restored.` };
  }
  throw badRequest("Unknown action.");
}

function DocumentRow({ doc, slug, canArchive }: { doc: DocumentSummary; slug: string; canArchive: boolean }) {
  const archived = Boolean(doc.archivedAt);
  return (
    <li className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center sm:justify-between" data-testid="document-row">
      <div className="min-w-0">
        <Link to={`/coalitions/${slug}/documents/${doc.id}`} className="block truncate text-base font-semibold text-slate-900 hover:text-brand-700">
          {doc.title}
        </Link>
        <p className="mt-0.5 text-sm text-slate-500">
          {archived ? "Archived" : "Last edited"} {formatDateTime(archived ? doc.archivedAt! : doc.lastEditedAt)}
          {!archived && doc.lastEditedBy ? <> by <span className="text-slate-700">{doc.lastEditedBy}</span></> : null}
        </p>
      </div>
      <div className="flex shrink-0 items-center gap-3">
        {doc.present.length ? (
          <span className="flex items-center gap-2 text-xs text-slate-500" data-testid="document-present">
            <span className="inline-block h-2 w-2 rounded-full bg-green-500" aria-hidden="true" />
            <AvatarStack people={doc.present.map((p) => ({ key: p.userId ?? p.name, name: p.name, color: p.color }))} size="sm" max={4} />
            <span>{plural(doc.present.length, "person", "people")} here now</span>
          </span>
        ) : null}
        {canArchive ? (
          <Form method="post" replace>
            <input type="hidden" name="documentId" value={doc.id} />
            <Button type="submit" name="intent" value={archived ? "restore" : "archive"} variant="secondary" className="px-3 py-1.5 text-xs">
              {archived ? "Restore" : "Archive"}
            </Button>
          </Form>
        ) : null}
      </div>
    </li>
  );
}

export default function DocumentsIndex() {
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
          <h2 id="documents-heading" className="text-lg font-semibold">Documents</h2>
          <p className="text-sm text-slate-500">{plural(active.length, "document")} · most recently edited first</p>
        </div>
        <FormAlert message={notice} tone="success" />
        {active.length ? (
          <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="documents-list">
            {active.map((d) => <DocumentRow key={d.id} doc={d} slug={slug} canArchive={abilities["document:archive"]} />)}
          </ul>
        ) : (
          <Card className="text-center">
            <p className="font-medium text-slate-800">No documents yet.</p>
            <p className="mt-1 text-sm text-slate-500">
              {abilities["document:create"] ? "Start the first one: give it a title and everyone in the coalition can write in it together." : "Members of the coalition write documents here."}
            </p>
          </Card>
        )}
        {archived.length ? (
          <details className="rounded-lg border border-slate-200 bg-slate-50" data-testid="archived-documents">
            <summary className="cursor-pointer px-5 py-3 text-sm font-medium text-slate-700">Archived ({archived.length})</summary>
            <ul className="divide-y divide-slate-200 border-t border-slate-200 bg-white">
              {archived.map((d) => <DocumentRow key={d.id} doc={d} slug={slug} canArchive={abilities["document:archive"]} />)}
            </ul>
          </details>
        ) : null}
      </section>
      <aside className="min-w-0 space-y-6">
        {abilities["document:create"] ? (
          <Card>
            <h2 className="text-base font-semibold">New document</h2>
            <Form method="post" className="mt-3 space-y-3" noValidate>
              <input type="hidden" name="intent" value="create" />
              <TextField
                label="Title"
                name="title"
                maxLength={TITLE_MAX + 50}
                placeholder="e.g. Charter of the coalition"
                defaultValue={failure?.values.title}
                error={failure?.fieldErrors.title}
                required
                hint={`Up to ${TITLE_MAX} characters. You can rename it later.`}
              />
              <Button type="submit" disabled={creating} className="w-full">
                {creating ? "Creating…" : "Create and open"}
              </Button>
            </Form>
          </Card>
        ) : (
          <Card>
            <h2 className="text-base font-semibold">Reading only</h2>
            <p className="mt-2 text-sm text-slate-600">As an observer you can read the coalition's documents live as they are written. Members and coordinators write them.</p>
          </Card>
        )}
        <Card>
          <h2 className="text-base font-semibold">Published outputs</h2>
          <p className="mt-2 text-sm text-slate-600">Coordinators publish numbered versions of documents as the coalition's outputs.</p>
          <Link to={`/coalitions/${slug}/outputs`} className="mt-3 inline-block text-sm font-medium">See the outputs →</Link>
        </Card>
      </aside>
    </div>
  );
}
