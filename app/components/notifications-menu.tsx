import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { formatTime } from "../lib/format-time";
import type { MessageId } from "../lib/i18n/messages";
import { formatNumber } from "../lib/i18n/format";
import { useT } from "../lib/i18n/react";

export interface HeaderNotifications {
  unread: number;
  latest: Array<{ id: number; kind: string; text: string; link: string; read: boolean; createdAt: string }>;
}

const KIND_LABEL: Record<string, MessageId> = {
  mention: "notifications.kind.mention",
  reply: "notifications.kind.reply",
  membership: "notifications.kind.membership",
  moderation: "notifications.kind.moderation",
};

/**
 * The bell in the header: unread count and the latest notifications. A <details> element,
 * so it opens without JavaScript; opening an item marks it read (POST /notifications).
 */
export function NotificationsMenu({ data }: { data: HeaderNotifications }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  const t = useT();
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [location.key]);
  const label = data.unread ? t("notifications.menu.labelUnread", { count: data.unread }) : t("notifications.menu.label");
  return (
    <details ref={ref} className="relative" data-testid="notifications-menu">
      <summary aria-label={label} title={label} className="relative flex cursor-pointer list-none items-center rounded p-1.5 text-brand-50 hover:bg-brand-700 [&::-webkit-details-marker]:hidden">
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {data.unread ? (
          <span className="absolute -end-1 -top-1 min-w-[1.15rem] rounded-full bg-amber-400 px-1 text-center text-[11px] font-bold leading-[1.15rem] text-amber-950" data-testid="unread-count">
            {data.unread > 99 ? `${formatNumber(99)}+` : formatNumber(data.unread)}
          </span>
        ) : null}
      </summary>
      {/* On phones the bell is not at the screen's edge: the panel spans the screen instead (top stays at its static place, under the bell). */}
      <div className="absolute end-0 z-40 mt-2 w-[22rem] overflow-hidden rounded-lg border border-slate-200 bg-white text-slate-900 shadow-lg max-sm:fixed max-sm:inset-x-3 max-sm:w-auto">
        <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
          <p className="text-sm font-semibold">{t("notifications.title")}</p>
          {data.unread ? (
            <Form method="post" action="/notifications">
              <button type="submit" name="intent" value="read-all" className="text-xs font-medium text-brand-700 hover:underline">
                {t("notifications.menu.markAll")}
              </button>
            </Form>
          ) : null}
        </div>
        {data.latest.length ? (
          <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
            {data.latest.map((n) => (
              <li key={n.id}>
                <Form method="post" action="/notifications">
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" name="intent" value="open" className={`flex w-full gap-3 px-4 py-3 text-start hover:bg-slate-50 ${n.read ? "" : "bg-brand-50/60"}`} data-testid="notification-item">
                    <span aria-hidden="true" className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${n.read ? "bg-transparent" : "bg-brand-600"}`} />
                    <span className="min-w-0">
                      <span className="block text-sm text-slate-800" dir="auto">
                        {n.text}
                      </span>
                      <span className="mt-0.5 block text-xs text-slate-500">
                        {KIND_LABEL[n.kind] ? t(KIND_LABEL[n.kind]) : n.kind} · {formatTime(n.createdAt)}
                      </span>
                    </span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="px-4 py-6 text-center text-sm text-slate-500">{t("notifications.menu.empty")}</p>
        )}
        <Link to="/notifications" className="block border-t border-slate-100 px-4 py-2.5 text-center text-sm font-medium">
          {t("notifications.menu.seeAll")}
        </Link>
      </div>
    </details>
  );
}
