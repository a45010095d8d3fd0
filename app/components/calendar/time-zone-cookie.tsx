import { useEffect } from "react";
import { useRevalidator } from "@remix-run/react";

/**
 * Tells the server the browser's time zone (a `tz` cookie, read only for showing times) so that
 * someone who has not chosen one in their settings reads times in their own zone. When the page
 * was drawn in another zone than the browser's, it is reloaded once with the right one.
 */
export function TimeZoneCookie({ shownIn, fromProfile }: { shownIn: string; fromProfile: boolean }) {
  const revalidator = useRevalidator();
  useEffect(() => {
    let zone: string;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
      return;
    }
    if (!zone) return;
    const current = document.cookie.split("; ").find((c) => c.startsWith("tz="));
    if (current !== `tz=${encodeURIComponent(zone)}`) {
      document.cookie = `tz=${encodeURIComponent(zone)}; Path=/; Max-Age=31536000; SameSite=Lax`;
    }
    if (!fromProfile && zone !== shownIn && revalidator.state === "idle") revalidator.revalidate();
    // Once per page: the revalidation brings shownIn in line.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}
