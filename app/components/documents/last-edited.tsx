import { useEffect, useState, type ReactNode } from "react";
import { t } from "../../lib/i18n/messages";
import { FormattedMessage, useT } from "../../lib/i18n/react";
import { formatDateTime } from "./format";
import { clockTime } from "./unsaved-changes";
import type { LastEdit } from "./use-collab.client";

/** "just now", "3 minutes ago", then the clock time (in the page's language). */
export function agoText(at: number, now: number): string {
  const minutes = Math.floor((now - at) / 60_000);
  if (minutes < 1) return t("editor.lastEdited.justNow");
  if (minutes < 60) return t("editor.lastEdited.minutesAgo", { count: minutes });
  return t("editor.lastEdited.at", { time: clockTime(at, now) });
}

/**
 * The "Last edited" line: what the server knew when the page loaded, then, once someone changes
 * the text while the page is open, who it was and how long ago (kept current every 20 s).
 */
export function LastEdited({ savedAt, savedBy, live }: { savedAt: string; savedBy: string | null; live: LastEdit | null }) {
  const tr = useT();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 20_000);
    return () => clearInterval(timer);
  }, [live]);
  // Names keep their own direction inside the sentence (an Arabic name in an English line).
  let text: ReactNode;
  if (live) {
    const ago = agoText(live.at, Math.max(now, live.at));
    text = live.self ? tr("editor.lastEdited.byYou", { ago }) : <FormattedMessage id="editor.lastEdited.byName" values={{ name: <bdi>{live.person.name}</bdi>, ago }} />;
  } else {
    const when = formatDateTime(savedAt);
    text = savedBy ? <FormattedMessage id="editor.lastEdited.savedBy" values={{ when, name: <bdi>{savedBy}</bdi> }} /> : tr("editor.lastEdited.saved", { when });
  }
  return (
    <p className="mt-1 text-sm text-slate-500" data-testid="last-edited" suppressHydrationWarning>
      {text}
    </p>
  );
}
