import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "../components/documents/format";
import { Card } from "../components/form";
import { requireCoalitionAccess } from "../models/access.server";
import { listOutputs } from "../models/versions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Outputs · ${data.coalitionName}` : "Outputs" }];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:read");
  const outputs = await listOutputs(access.coalition.id);
  return { coalitionName: access.coalition.name, slug: access.coalition.slug, outputs, canPublish: access.abilities["version:publish"] };
}

export default function OutputsIndex() {
  const { slug, outputs, canPublish } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="outputs-heading" className="max-w-3xl">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="outputs-heading" className="text-lg font-semibold">Published outputs</h2>
        <p className="text-sm text-slate-500">Numbered versions the coordinators have published, newest first.</p>
      </div>
      {outputs.length ? (
        <ol className="mt-4 space-y-3" data-testid="outputs-list">
          {outputs.map((o) => (
            <li key={o.id}>
              <Link to={`/coalitions/${slug}/outputs/${o.id}`} className="block rounded-lg border border-slate-200 bg-white p-5 no-underline shadow-sm transition hover:border-brand-600 hover:no-underline">
                <p className="text-xs font-semibold uppercase tracking-wide text-brand-700">
                  {o.documentTitle} · version {o.number}
                  {o.latest ? <span className="ms-2 inline-block whitespace-nowrap rounded-full bg-brand-700 px-2 py-0.5 text-[0.7rem] font-semibold normal-case tracking-normal text-white" data-testid="latest-mark">Latest version</span> : null}
                </p>
                <p className="mt-1 text-lg font-semibold text-slate-900">{o.label}</p>
                {o.withdrawn ? (
                  <p className="mt-1 text-sm font-medium text-red-800" data-testid="withdrawn-mark">
                    <span className="me-1 rounded-full border border-red-300 bg-red-50 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide">Withdrawn</span>
                    {o.withdrawn.reason}
                  </p>
                ) : null}
                <p className="mt-1 text-sm text-slate-500">
                  Published {formatDate(o.publishedAt)}
                  {o.publishedBy ? ` by ${o.publishedBy}` : ""}
                </p>
                {o.note ? <p className="mt-2 line-clamp-2 text-sm text-slate-700">{o.note}</p> : null}
              </Link>
            </li>
          ))}
        </ol>
      ) : (
        <Card className="mt-4 text-center">
          <p className="font-medium text-slate-800">Nothing published yet.</p>
          <p className="mt-1 text-sm text-slate-500">
            {canPublish ? "Open a document and use “Publish a version” to make it an output." : "When the coordinators publish a document, it appears here."}
          </p>
        </Card>
      )}
    </section>
  );
}
