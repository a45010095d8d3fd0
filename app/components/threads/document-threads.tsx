import { Link } from "@remix-run/react";
import { formatTime } from "../../lib/format-time";
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
  return (
    <section aria-labelledby="document-threads-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm" data-testid="document-threads">
      <h2 id="document-threads-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        Discussion
      </h2>
      {threads.length ? (
        <ul className="mt-2 divide-y divide-slate-100">
          {threads.map((t) => (
            <li key={t.id} className="py-2">
              <Link to={t.href} className={`text-sm ${t.unread ? "font-semibold" : "font-medium"} text-slate-900`}>
                {t.title}
              </Link>{" "}
              <MembersOnlyBadge audience={t.audience} />
              <p className="text-xs text-slate-500">
                {t.postCount} post{t.postCount === 1 ? "" : "s"} · {formatTime(t.lastActivityAt)}
                {t.unread ? <span className="ms-1 rounded-full bg-brand-700 px-1.5 font-semibold text-white">{t.unread} new</span> : null}
                {t.locked ? " · locked" : ""}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-600">No threads about this document yet.</p>
      )}
      {canStart ? (
        <p className="mt-3 text-sm">
          <Link to={`/coalitions/${slug}/threads?document=${encodeURIComponent(documentId)}#new-thread`}>Start a thread about this document</Link>
        </p>
      ) : null}
    </section>
  );
}
