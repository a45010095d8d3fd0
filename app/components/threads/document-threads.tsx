import { Link } from "@remix-run/react";
import { formatTime } from "../../lib/format-time";
import { useT } from "../../lib/i18n/react";
import type { ThreadAudience } from "../../lib/thread-audience";
import { MembersOnlyBadge } from "./audience";

export interface DocumentThreadItem {
  id: string;
  title: string;
  postCount: number;
  lastActivityAt: string;
  unread: number | null;
  locked: boolean;
  audience: ThreadAudience;
  href: string;
}

/**
 * "Threads about this document", for the document page. Feed it
 * `listThreadsForDocument(documentId, context.user)` from app/models/threads.server.ts;
 * `canStart` is the loader's `abilities["thread:create"]`.
 */
export function DocumentThreads({ slug, documentId, threads, canStart }: { slug: string; documentId: string; threads: DocumentThreadItem[]; canStart: boolean }) {
  const t = useT();
  return (
    <section aria-labelledby="document-threads-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid="document-threads">
      <h2 id="document-threads-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        {t("threads.document.heading")}
      </h2>
      {threads.length ? (
        <ul className="mt-2 divide-y divide-slate-100">
          {threads.map((th) => (
            <li key={th.id} className="py-2">
              <Link to={th.href} className={`text-sm ${th.unread ? "font-semibold" : "font-medium"} text-slate-900`} dir="auto">
                {th.title}
              </Link>{" "}
              <MembersOnlyBadge audience={th.audience} />
              <p className="text-xs text-slate-500">
                {t("threads.postCount", { count: th.postCount })} · {formatTime(th.lastActivityAt)}
                {th.unread ? <span className="ms-1 rounded-full bg-brand-700 px-1.5 font-semibold text-white">{t("threads.unread", { count: th.unread })}</span> : null}
                {th.locked ? ` · ${t("threads.document.locked")}` : ""}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-600">{t("threads.document.none")}</p>
      )}
      {canStart ? (
        <p className="mt-3 text-sm">
          <Link to={`/coalitions/${slug}/threads?document=${encodeURIComponent(documentId)}#new-thread`}>{t("threads.document.start")}</Link>
        </p>
      ) : null}
    </section>
  );
}
