import { Form, Link } from "@remix-run/react";
import type { ActivityItem } from "../models/activity.server";
import { Card } from "./form";
import { isCoalitionRole } from "../../common/roles";
import type { ReactNode } from "react";
import { currentLocale, type MessageId } from "../lib/i18n/messages";
import { dateTimeFormat } from "../lib/i18n/format";
import { FormattedMessage, useT } from "../lib/i18n/react";
import { roleWord } from "../lib/i18n/vocabulary";


// Small inline icons (no emoji: not every system has an emoji font).
const GLYPH: Record<ActivityItem["type"], string> = {
  "document.edited": "M4 20h4L18.5 9.5l-4-4L4 16v4zm12-16 4 4", // pencil
  "version.published": "M12 3l2.6 5.6 6 .7-4.5 4.1 1.2 6L12 16.8 6.7 19.4l1.2-6L3.4 9.3l6-.7z", // star
  "version.restored": "M4 12a8 8 0 1 0 2.3-5.7M4 4v4h4", // arrow turning back
  "thread.started": "M4 5h16v11H9l-5 4z", // speech bubble
  "post.replied": "M10 8 4 13l6 5M4 13h10a6 6 0 0 1 6 6", // reply arrow
  "thread.locked": "M6 11h12v9H6zM8 11V8a4 4 0 0 1 8 0v3", // padlock
  "member.joined": "M12 5v14M5 12h14", // plus
  "join.requested": "M12 7v5l3 2M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z", // clock
  "endorsement.added": "M5 12l4 4 10-10", // check mark
  "endorsement.withdrawn": "M6 6l12 12M18 6 6 18", // cross
  "endorsement.verified": "M12 3l7 3v5c0 5-3 8-7 10-4-2-7-5-7-10V6z", // shield
  "consultation.commented": "M4 5h16v11H9l-5 4zM8 9h8M8 12h5", // speech bubble with lines
  "comment.added": "M5 4h14v10h-6l-4 4v-4H5zM8 8h8M8 11h5", // note with lines
  "decision.opened": "M12 4v16M5 8h14M7 8l-3 6h6zM17 8l-3 6h6z", // scales
  "decision.took-part": "M7 12l3 3 7-7M4 4h16v16H4z", // ticked box
  "decision.closed": "M5 12l4 4 10-10M4 20h16", // check mark over a line
  "consultation.opened": "M4 5h16v11H9l-5 4zM12 8v5M9.5 10.5h5", // speech bubble with a plus
  "consultation.closed": "M4 5h16v11H9l-5 4zM8 10.5l2.5 2.5 5-5", // speech bubble with a check
};

const ICON: Record<ActivityItem["type"], { label: MessageId; className: string }> = {
  "document.edited": { label: "activity.icon.documentEdited", className: "bg-amber-100 text-amber-900" },
  "version.published": { label: "activity.icon.versionPublished", className: "bg-green-100 text-green-900" },
  "version.restored": { label: "activity.icon.versionRestored", className: "bg-amber-100 text-amber-900" },
  "thread.started": { label: "activity.icon.threadStarted", className: "bg-brand-50 text-brand-800" },
  "post.replied": { label: "activity.icon.postReplied", className: "bg-brand-50 text-brand-800" },
  "thread.locked": { label: "activity.icon.threadLocked", className: "bg-slate-200 text-slate-800" },
  "member.joined": { label: "activity.icon.memberJoined", className: "bg-slate-100 text-slate-700" },
  "join.requested": { label: "activity.icon.joinRequested", className: "bg-amber-200 text-amber-950" },
  "endorsement.added": { label: "endorsements.activity.iconAdded", className: "bg-green-100 text-green-900" },
  "endorsement.withdrawn": { label: "endorsements.activity.iconWithdrawn", className: "bg-slate-200 text-slate-800" },
  "endorsement.verified": { label: "endorsements.activity.iconVerified", className: "bg-green-100 text-green-900" },
  "consultation.commented": { label: "consultation.activity.icon", className: "bg-green-50 text-green-900" },
  "comment.added": { label: "comments.activity.icon", className: "bg-yellow-100 text-yellow-900" },
  "decision.opened": { label: "activity.decision.iconOpened", className: "bg-brand-50 text-brand-800" },
  "decision.took-part": { label: "activity.decision.iconTookPart", className: "bg-brand-50 text-brand-800" },
  "decision.closed": { label: "activity.decision.iconClosed", className: "bg-green-100 text-green-900" },
  "consultation.opened": { label: "activity.consultation.iconOpened", className: "bg-green-50 text-green-900" },
  "consultation.closed": { label: "activity.consultation.iconClosed", className: "bg-slate-200 text-slate-800" },
};

const DECISION_KINDS: Record<string, MessageId> = { consent: "decisions.kind.consent", consensus: "decisions.kind.consensus", silence: "decisions.kind.silence", poll: "decisions.kind.poll" };

const when = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

/** "29 Nov, 06:05 UTC" in English; the page language's own short form otherwise (always UTC). */
function shortTime(iso: string): string {
  const d = new Date(iso);
  const locale = currentLocale();
  if (locale === "en") return `${when.format(d)} UTC`;
  return dateTimeFormat({ day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC", timeZoneName: "short" }, locale).format(d);
}

function ShortTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {shortTime(iso)}
    </time>
  );
}

function Sentence({ item }: { item: ActivityItem }) {
  const t = useT();
  const link = (chunks: ReactNode[]) => (
    <Link to={item.href} className="font-medium text-brand-800">
      {chunks}
    </Link>
  );
  const muted = (chunks: ReactNode[]) => <span className="text-slate-500">{chunks}</span>;
  const values = { actor: item.actor, title: item.title, label: item.extra ?? "", link, muted };
  switch (item.type) {
    case "document.edited":
      return <FormattedMessage id="activity.sentence.documentEdited" values={values} />;
    case "version.published":
      return <FormattedMessage id={item.extra ? "activity.sentence.versionPublishedLabel" : "activity.sentence.versionPublished"} values={values} />;
    case "version.restored":
      return <FormattedMessage id={item.extra ? "activity.sentence.versionRestoredTo" : "activity.sentence.versionRestored"} values={values} />;
    case "thread.started":
      return <FormattedMessage id="activity.sentence.threadStarted" values={values} />;
    case "post.replied":
      return <FormattedMessage id="activity.sentence.postReplied" values={values} />;
    case "thread.locked":
      return <FormattedMessage id="activity.sentence.threadLocked" values={values} />;
    case "comment.added":
      return <FormattedMessage id="comments.activity.sentence" values={values} />;
    case "member.joined": {
      const member = (chunks: ReactNode[]) => (
        <Link to={item.href} className="font-medium text-slate-900">
          {chunks}
        </Link>
      );
      return isCoalitionRole(item.extra) ? (
        <FormattedMessage id="activity.sentence.memberJoinedAs" values={{ actor: item.actor, role: roleWord(item.extra), member }} />
      ) : (
        <FormattedMessage id="activity.sentence.memberJoined" values={{ actor: item.actor, member }} />
      );
    }
    case "join.requested":
      return <FormattedMessage id="activity.sentence.joinRequested" values={{ actor: item.actor, link }} />;
    case "endorsement.added":
      return <FormattedMessage id={item.extra ? "endorsements.activity.addedFor" : "endorsements.activity.added"} values={{ actor: item.actor, title: item.title, organisation: item.extra ?? "", link }} />;
    case "endorsement.withdrawn":
      return <FormattedMessage id="endorsements.activity.withdrawn" values={{ actor: item.actor, title: item.title, link }} />;
    case "endorsement.verified":
      return <FormattedMessage id="endorsements.activity.verified" values={{ actor: item.actor, title: item.title, organisation: item.extra ?? "", link }} />;
    case "consultation.commented":
      return <FormattedMessage id="consultation.activity.sentence" values={{ actor: item.actor, title: item.title, paragraph: item.extra ?? "", link }} />;
    case "decision.opened": {
      const kind = DECISION_KINDS[item.extra ?? ""];
      return <FormattedMessage id="activity.decision.opened" values={{ actor: item.actor, title: item.title, kind: kind ? t(kind) : "", link }} />;
    }
    case "decision.took-part":
      return <FormattedMessage id="activity.decision.tookPart" values={{ actor: item.actor, title: item.title, link }} />;
    case "decision.closed":
      return <FormattedMessage id={item.actor ? "activity.decision.closed" : "activity.decision.closedAtDeadline"} values={{ actor: item.actor, title: item.title, outcome: item.extra ?? "", link }} />;
    case "consultation.opened":
      return <FormattedMessage id="activity.consultation.opened" values={{ actor: item.actor, title: item.title, number: Number(item.extra ?? 0), link }} />;
    case "consultation.closed":
      return <FormattedMessage id={item.actor ? "activity.consultation.closed" : "activity.consultation.closedByDate"} values={{ actor: item.actor, title: item.title, count: Number(item.extra ?? 0), link }} />;
  }
}

/** A list of activity, newest first. */
export function ActivityList({ items, showCoalition }: { items: ActivityItem[]; showCoalition?: boolean }) {
  const t = useT();
  return (
    <ol className="mt-3 space-y-3" data-testid="activity-list">
      {items.map((item, i) => (
        <li key={`${item.type}:${item.href}:${i}`} className="flex gap-3" data-testid="activity-item" data-type={item.type}>
          <span
            aria-label={t(ICON[item.type].label)}
            role="img"
            className={`mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-xs ${ICON[item.type].className}`}
          >
            <svg viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" strokeLinecap="round" aria-hidden="true">
              <path d={GLYPH[item.type]} />
            </svg>
          </span>
          <div className="min-w-0 text-sm text-slate-700">
            <p className="break-words">
              <Sentence item={item} />
            </p>
            <p className="mt-0.5 text-xs text-slate-500">
              {showCoalition ? (
                <>
                  <Link to={`/coalitions/${item.coalition.slug}`} className="text-slate-500 hover:text-slate-800">
                    {item.coalition.name}
                  </Link>
                  {" · "}
                </>
              ) : null}
              <ShortTime iso={item.at} />
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}

/** The coalition overview's "Recent activity" card. */
export function CoalitionActivity({ items }: { items: ActivityItem[] }) {
  const t = useT();
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t("activity.recent.title")}</h2>
      {items.length ? <ActivityList items={items} /> : <p className="mt-2 text-sm text-slate-500">{t("activity.recent.empty")}</p>}
    </Card>
  );
}

/** The home page's "Since your last visit" card, for a signed-in member of any coalition. */
export function HomeActivityCard({ since, items }: { since: string | null; items: ActivityItem[] }) {
  const t = useT();
  return (
    <section className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:p-6" aria-labelledby="home-activity" data-testid="home-activity">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="home-activity" className="text-lg font-semibold">
          {since ? t("activity.home.since") : t("activity.home.recent")}
        </h2>
        {since ? (
          <p className="text-xs text-slate-500">
            <FormattedMessage id="activity.home.after" values={{ time: <ShortTime iso={since} /> }} />
          </p>
        ) : null}
      </div>
      {items.length ? (
        <>
          <ActivityList items={items} showCoalition />
          <Form method="post" action="/activity/seen" className="mt-4">
            <button type="submit" className="text-sm font-medium text-brand-700 hover:underline">
              {t("activity.home.markSeen")}
            </button>
          </Form>
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-500" data-testid="home-activity-empty">
          {t("activity.home.empty")}
        </p>
      )}
    </section>
  );
}
