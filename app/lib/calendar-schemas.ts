import { z } from "zod";
import type { FieldErrors } from "./validation";
import { fieldErrors, optionalWebField } from "./validation";
import { lineField, optionalLineField, refuseUnsafe } from "./text-safety";
import { t, type MessageId } from "./i18n/messages";
import { isTimeZone, zonedToUtc } from "./time-zones";

/** The forum calendar's kinds of event, in the order the form lists them, with their labels' ids. */
export const FORUM_EVENT_KINDS = [
  { value: "consultation", labelId: "events.kind.consultation" },
  { value: "call_for_sessions", labelId: "events.kind.call_for_sessions" },
  { value: "report_deadline", labelId: "events.kind.report_deadline" },
  { value: "annual_meeting", labelId: "events.kind.annual_meeting" },
  { value: "coordination_meeting", labelId: "events.kind.coordination_meeting" },
] as const satisfies ReadonlyArray<{ value: string; labelId: MessageId }>;
export type ForumEventKindId = (typeof FORUM_EVENT_KINDS)[number]["value"];

/** A kind of event's name in the current language ("Call for sessions", "Appel à sessions"…). */
export function kindLabel(kind: ForumEventKindId | "meeting"): string {
  return t(`events.kind.${kind}` as MessageId);
}

export const MEETING_MODES = [
  { value: "online", labelId: "meetings.mode.online" },
  { value: "in_person", labelId: "meetings.mode.in_person" },
] as const satisfies ReadonlyArray<{ value: string; labelId: MessageId }>;

/** What the event forms send, as typed (kept and sent back on error). */
export interface EventFormValues {
  title: string;
  kind: string;
  mode: string;
  starts_at: string; // "YYYY-MM-DDTHH:mm" in time_zone
  ends_at: string;
  deadline_at: string;
  time_zone: string;
  location: string;
  url: string;
  description: string;
}

export const EMPTY_EVENT_VALUES: EventFormValues = {
  title: "",
  kind: "",
  mode: "online",
  starts_at: "",
  ends_at: "",
  deadline_at: "",
  time_zone: "UTC",
  location: "",
  url: "",
  description: "",
};

export function eventValuesFromForm(form: FormData): EventFormValues {
  const get = (k: keyof EventFormValues) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  return {
    title: get("title"),
    kind: get("kind"),
    mode: get("mode"),
    starts_at: get("starts_at"),
    ends_at: get("ends_at"),
    deadline_at: get("deadline_at"),
    time_zone: get("time_zone"),
    location: get("location"),
    url: get("url"),
    description: get("description"),
  };
}

/** A validated event, its times in UTC. */
export interface EventInput {
  title: string;
  kind: ForumEventKindId | "meeting";
  mode: "online" | "in_person" | null;
  startsAt: string;
  endsAt: string;
  deadlineAt: string | null;
  timeZone: string;
  location: string | null;
  url: string | null;
  description: string;
}

/** The fields both forms share, built per validation so that its messages speak the request's language. */
const base = () =>
  z.object({
    title: lineField({ required: t("events.error.title"), max: 200, maxMessage: t("events.error.maxChars", { max: 200 }) }),
    time_zone: z.string().refine(isTimeZone, t("events.error.timeZone")),
    starts_at: z.string(),
    ends_at: z.string(),
    location: optionalLineField(300, t("events.error.maxChars", { max: 300 })),
    url: optionalWebField,
    description: z
      .string()
      .transform((v) => v.normalize("NFC").trim())
      .superRefine(refuseUnsafe("text"))
      .pipe(z.string().max(8000, t("events.error.maxChars", { max: 8000 }))),
  });

const timeMessage = () => t("events.error.time");

/** Times read in the chosen zone; the end not before the start. */
function times(values: EventFormValues, errors: FieldErrors) {
  const zone = isTimeZone(values.time_zone) ? values.time_zone : null;
  const startsAt = zone ? zonedToUtc(values.starts_at, zone) : null;
  const endsAt = zone ? zonedToUtc(values.ends_at, zone) : null;
  if (zone && !startsAt) errors.starts_at ??= values.starts_at ? timeMessage() : t("events.error.startMissing");
  if (zone && !endsAt) errors.ends_at ??= values.ends_at ? timeMessage() : t("events.error.endMissing");
  if (startsAt && endsAt && endsAt < startsAt) errors.ends_at ??= t("events.error.endBeforeStart");
  return { zone, startsAt, endsAt };
}

/** The forum event form: a kind from the list; a call for sessions also needs its deadline. */
export function parseForumEvent(values: EventFormValues): { ok: true; input: EventInput } | { ok: false; fieldErrors: FieldErrors } {
  const parsed = base().safeParse(values);
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
  const kind = FORUM_EVENT_KINDS.find((k) => k.value === values.kind)?.value;
  if (!kind) errors.kind = t("events.error.kind");
  const { zone, startsAt, endsAt } = times(values, errors);
  let deadlineAt: string | null = null;
  if (values.deadline_at.trim() && zone) {
    deadlineAt = zonedToUtc(values.deadline_at, zone);
    if (!deadlineAt) errors.deadline_at = timeMessage();
  } else if (kind === "call_for_sessions") {
    errors.deadline_at = t("events.error.deadlineNeeded");
  }
  if (!parsed.success || !kind || !zone || !startsAt || !endsAt || Object.keys(errors).length) return { ok: false, fieldErrors: errors };
  const d = parsed.data;
  return {
    ok: true,
    input: { title: d.title, kind, mode: null, startsAt, endsAt, deadlineAt, timeZone: zone, location: d.location, url: d.url, description: d.description },
  };
}

/** The meeting form: online needs its link, in person its place. */
export function parseMeeting(values: EventFormValues): { ok: true; input: EventInput } | { ok: false; fieldErrors: FieldErrors } {
  const parsed = base().safeParse(values);
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
  const mode = MEETING_MODES.find((m) => m.value === values.mode)?.value;
  if (!mode) errors.mode = t("events.error.mode");
  const { zone, startsAt, endsAt } = times(values, errors);
  if (parsed.success && mode === "online" && !parsed.data.url) errors.url ??= t("events.error.urlNeeded");
  if (parsed.success && mode === "in_person" && !parsed.data.location) errors.location ??= t("events.error.placeNeeded");
  if (!parsed.success || !mode || !zone || !startsAt || !endsAt || Object.keys(errors).length) return { ok: false, fieldErrors: errors };
  const d = parsed.data;
  return {
    ok: true,
    input: { title: d.title, kind: "meeting", mode, startsAt, endsAt, deadlineAt: null, timeZone: zone, location: d.location, url: d.url, description: d.description },
  };
}
