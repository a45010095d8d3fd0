import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { useT } from "../../lib/i18n/react";
import { useZoneName } from "./zone-name";

/** The shape of an event the list shows (see EventView in app/models/calendar-view.server.ts). */
export interface ListedEvent {
  id: string;
  kindLabel: string;
  title: string;
  when: string;
  deadline: string | null;
  enteredIn: string;
  mode: "online" | "in_person" | null;
  location: string | null;
  url: string | null;
  descriptionHtml: string;
  isExample: boolean;
}

/** A list of events as cards; `titleHref` makes titles links, `actions` adds controls under each. */
export function EventList({
  events,
  empty,
  titleHref,
  actions,
  showDescription = true,
}: {
  events: ListedEvent[];
  empty?: string;
  titleHref?: (e: ListedEvent) => string;
  actions?: (e: ListedEvent) => ReactNode;
  showDescription?: boolean;
}) {
  const t = useT();
  const zoneName = useZoneName();
  if (events.length === 0) return <p className="mt-2 text-sm text-slate-500">{empty ?? t("events.list.none")}</p>;
  return (
    <ul className="mt-3 space-y-3">
      {events.map((e) => (
        <li key={e.id} id={`event-${e.id}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="calendar-event">
          <div className="flex flex-wrap items-center gap-2">
            <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-800">{e.kindLabel}</span>
            {e.isExample ? <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{t("events.list.example")}</span> : null}
          </div>
          <h3 className="mt-2 text-base font-semibold text-slate-900" dir="auto">
            {titleHref ? <Link to={titleHref(e)}>{e.title}</Link> : e.title}
          </h3>
          <p className="mt-1 text-sm text-slate-700" data-testid="event-when">
            {e.when}
          </p>
          {e.deadline ? (
            <p className="mt-1 text-sm font-medium text-red-800" data-testid="event-deadline">
              {t("events.list.deadline", { date: e.deadline })}
            </p>
          ) : null}
          <p className="mt-1 text-xs text-slate-500">
            {t("events.list.setIn", { zone: zoneName(e.enteredIn) })}
            {e.location ? ` · ${e.location}` : e.mode === "online" ? ` · ${t("meetings.mode.online")}` : ""}
            {e.url ? (
              <>
                {" · "}
                <a href={e.url} rel="nofollow noopener" target="_blank">
                  {e.mode === "online" ? t("events.list.join") : t("events.list.website")}
                </a>
              </>
            ) : null}
          </p>
          {showDescription && e.descriptionHtml ? (
            // Sanitised by the posts' renderer when saved (raw HTML off, allowlist).
            <div className="prose-content mt-2 text-sm text-slate-700" dangerouslySetInnerHTML={{ __html: e.descriptionHtml }} />
          ) : null}
          {actions ? <div className="mt-3 flex flex-wrap gap-2">{actions(e)}</div> : null}
        </li>
      ))}
    </ul>
  );
}
