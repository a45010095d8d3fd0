import { useEffect, useState } from "react";
import { formatDateTime } from "./format";
import { clockTime } from "./unsaved-changes";
import type { LastEdit } from "./use-collab.client";

const TEXT = {
  saved: (when: string, by: string | null) => `Last edited ${when}${by ? ` by ${by}` : ""}`,
  live: (by: string, ago: string) => `Last edited by ${by}, ${ago}`,
  you: "you",
  justNow: "just now",
  minutes: (n: number) => (n === 1 ? "a minute ago" : `${n} minutes ago`),
  at: (time: string) => `at ${time}`,
};

/** "just now", "3 minutes ago", then the clock time. */
export function agoText(at: number, now: number): string {
  const minutes = Math.floor((now - at) / 60_000);
  if (minutes < 1) return TEXT.justNow;
  if (minutes < 60) return TEXT.minutes(minutes);
  return TEXT.at(clockTime(at, now));
}

/**
 * The "Last edited" line: what the server knew when the page loaded, then, once someone changes
 * the text while the page is open, who it was and how long ago (kept current every 20 s).
 */
export function LastEdited({ savedAt, savedBy, live }: { savedAt: string; savedBy: string | null; live: LastEdit | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 20_000);
    return () => clearInterval(t);
  }, [live]);
  return (
    <p className="mt-1 text-sm text-slate-500" data-testid="last-edited">
      {live ? TEXT.live(live.self ? TEXT.you : live.person.name, agoText(live.at, Math.max(now, live.at))) : TEXT.saved(formatDateTime(savedAt), savedBy)}
    </p>
  );
}
