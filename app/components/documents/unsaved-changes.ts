import { dateTimeFormat } from "../../lib/i18n/format";
import { currentLocale } from "../../lib/i18n/messages";

/**
 * Local edits the server has not confirmed yet, and when the first of them was made.
 *
 * Edits are numbered as they happen; the server's answers acknowledge "everything up to n".
 * Only the minute of an edit matters to people ("changes since 10:42"), so one mark is kept per
 * minute rather than one per keystroke.
 */
export class UnsavedChanges {
  private marks: { seq: number; at: number }[] = [];
  private local = 0;
  private acked = 0;

  /** `restoredSince`: unsaved work left on this device by an earlier visit (its first edit's time). */
  constructor(restoredSince: number | null = null) {
    if (restoredSince !== null && Number.isFinite(restoredSince)) {
      this.local = 1;
      this.marks.push({ seq: 1, at: restoredSince });
    }
  }

  /** A local edit was made at `now`. */
  edit(now: number): void {
    this.local += 1;
    const last = this.marks[this.marks.length - 1];
    const unackedMark = last !== undefined && last.seq > this.acked;
    if (!unackedMark || minuteOf(last.at) !== minuteOf(now)) this.marks.push({ seq: this.local, at: now });
  }

  /** The number to acknowledge once the server has answered a message sent now. */
  get head(): number {
    return this.local;
  }

  /** The server confirmed every edit up to `seq`. */
  ack(seq: number): void {
    this.acked = Math.min(this.local, Math.max(this.acked, seq));
    if (this.acked === this.local) {
      this.marks = [];
      return;
    }
    while (this.marks.length > 1 && this.marks[1].seq <= this.acked + 1) this.marks.shift();
  }

  get pending(): number {
    return this.local - this.acked;
  }

  /** When the oldest unconfirmed edit was made (ms since the epoch), or null when all are saved. */
  get since(): number | null {
    return this.pending > 0 ? (this.marks[0]?.at ?? null) : null;
  }
}

const minuteOf = (ms: number) => Math.floor(ms / 60_000);

const two = (n: number) => String(n).padStart(2, "0");

/**
 * "10:42" in the device's time zone; "6 Dec, 10:42" when not today. In English as written here;
 * in the other languages in their own form (Arabic digits, 12月6日…), always on a 24-hour clock.
 */
export function clockTime(ms: number, now: number = Date.now()): string {
  const d = new Date(ms);
  const today = new Date(now);
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  const locale = currentLocale();
  if (locale !== "en") {
    const options: Intl.DateTimeFormatOptions = sameDay ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    return dateTimeFormat(options, locale).format(d);
  }
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  if (sameDay) return hm;
  return `${d.getDate()} ${d.toLocaleString("en-GB", { month: "short" })}, ${hm}`;
}
