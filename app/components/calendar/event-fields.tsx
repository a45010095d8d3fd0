import type { EventFormValues } from "../../lib/calendar-schemas";
import { SelectField, TextAreaField, TextField } from "../form";

/** The event forms' fields: the forum's (a kind and a deadline) or a meeting's (online or in person). */
export type EventFieldValues = EventFormValues;

const TEXT = {
  title: "Title",
  kind: "Kind of event",
  chooseKind: "Choose…",
  mode: "Where",
  starts: "Starts",
  ends: "Ends",
  endsHint: "For a deadline, the same as the start.",
  deadline: "Deadline",
  deadlineHint: "Needed for a call for sessions: when proposals close.",
  zone: "Time zone",
  zoneHint: "The times above are read in this zone. Everyone sees them in their own.",
  place: "Place",
  placeHint: "Where people meet in person, or a short note such as “Geneva and online”.",
  url: "Web address",
  urlHintMeeting: "For an online meeting: the link people join with.",
  urlHint: "Optional: a page with more about it.",
  description: "Description",
  descriptionHint: "Optional. Markdown: **bold**, *italic*, [links](https://example.org), lists.",
} as const;

export function EventFields({
  variant,
  values,
  errors,
  kinds,
  modes,
  zones,
}: {
  variant: "forum" | "meeting";
  values: EventFieldValues;
  errors: Record<string, string>;
  kinds?: ReadonlyArray<{ value: string; label: string }>;
  modes?: ReadonlyArray<{ value: string; label: string }>;
  zones: string[];
}) {
  const zoneOptions = (zones.includes(values.time_zone) || !values.time_zone ? zones : [values.time_zone, ...zones]).map((z) => ({ id: z, label: z.replace(/_/g, " ") }));
  return (
    <div className="space-y-4">
      <TextField label={TEXT.title} name="title" defaultValue={values.title} error={errors.title} maxLength={200} required markRequired />
      {variant === "forum" && kinds ? (
        <SelectField
          label={TEXT.kind}
          name="kind"
          options={kinds.map((k) => ({ id: k.value, label: k.label }))}
          placeholder={TEXT.chooseKind}
          defaultValue={values.kind}
          error={errors.kind}
          markRequired
        />
      ) : null}
      {variant === "meeting" && modes ? (
        <fieldset>
          <legend className="block text-sm font-medium text-slate-700">{TEXT.mode}</legend>
          <div className="mt-1 flex gap-4">
            {modes.map((m) => (
              <label key={m.value} className="flex items-center gap-2 text-sm">
                <input type="radio" name="mode" value={m.value} defaultChecked={values.mode === m.value} />
                {m.label}
              </label>
            ))}
          </div>
          {errors.mode ? <p className="mt-1 text-sm text-red-700" role="alert">{errors.mode}</p> : null}
        </fieldset>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={TEXT.starts} name="starts_at" type="datetime-local" defaultValue={values.starts_at} error={errors.starts_at} markRequired />
        <TextField
          label={TEXT.ends}
          name="ends_at"
          type="datetime-local"
          defaultValue={values.ends_at}
          error={errors.ends_at}
          hint={variant === "forum" ? TEXT.endsHint : undefined}
          markRequired
        />
      </div>
      {variant === "forum" ? (
        <TextField label={TEXT.deadline} name="deadline_at" type="datetime-local" defaultValue={values.deadline_at} error={errors.deadline_at} hint={TEXT.deadlineHint} />
      ) : null}
      <SelectField label={TEXT.zone} name="time_zone" options={zoneOptions} defaultValue={values.time_zone} error={errors.time_zone} hint={TEXT.zoneHint} markRequired />
      <TextField label={TEXT.place} name="location" defaultValue={values.location} error={errors.location} hint={TEXT.placeHint} maxLength={300} />
      <TextField
        label={TEXT.url}
        name="url"
        type="url"
        defaultValue={values.url}
        error={errors.url}
        hint={variant === "meeting" ? TEXT.urlHintMeeting : TEXT.urlHint}
        placeholder="https://"
      />
      <TextAreaField label={TEXT.description} name="description" rows={5} defaultValue={values.description} error={errors.description} hint={TEXT.descriptionHint} />
    </div>
  );
}
