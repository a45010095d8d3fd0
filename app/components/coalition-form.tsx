import { useState, type ChangeEvent, type ReactNode } from "react";
import type { CoalitionFormValues } from "../models/coalition-admin.server";
import { FieldError, TextAreaField, TextField } from "./form";
import { OPEN_ROLES, ROLE_LABEL, type OpenRole } from "../../common/roles";
import { AUDIENCE_LABEL, THREAD_AUDIENCES } from "../lib/thread-audience";

/** What the coalition form's fields show: the stored settings, or what was just typed. */
export type CoalitionFieldValues = CoalitionFormValues;

export const EMPTY_COALITION_VALUES: CoalitionFieldValues = {
  name: "",
  slug: "",
  description: "",
  founders: "",
  visibility: "public",
  join_policy: "approval",
  default_thread_audience: "public",
  open_roles: [...OPEN_ROLES],
  mailing_list: "",
  website: "",
  contact_email: "",
};

/** The raw text of a submitted coalition form, to re-render it after a 400. */
export function coalitionValuesFromForm(form: FormData): CoalitionFieldValues {
  const text = (key: string) => String(form.get(key) ?? "");
  return {
    name: text("name"),
    slug: text("slug"),
    description: text("description"),
    founders: text("founders"),
    visibility: text("visibility"),
    join_policy: text("join_policy"),
    default_thread_audience: text("default_thread_audience"),
    open_roles: form.getAll("open_roles").map(String),
    mailing_list: text("mailing_list"),
    website: text("website"),
    contact_email: text("contact_email"),
  };
}

const VISIBILITY = [
  { id: "public", label: "Public", hint: "Anyone can find it in the directory and read its page, members list and published outputs." },
  { id: "private", label: "Private", hint: "Only its members see it; to everyone else it does not exist." },
];

const JOIN_POLICIES = [
  { id: "open", label: "Open", hint: "Anyone with an account joins at once." },
  { id: "approval", label: "On approval", hint: "People ask to join; a coordinator approves or declines." },
  { id: "invitation", label: "By invitation only", hint: "Only people a coordinator invites can join." },
];

const THREAD_AUDIENCE_CHOICES = THREAD_AUDIENCES.map((id) => {
  const [label, hint] = AUDIENCE_LABEL[id].split(": ");
  return { id, label, hint: `${hint[0].toUpperCase()}${hint.slice(1)}.` };
});

const OPEN_ROLE_HINT: Record<OpenRole, string> = {
  member: "writes documents and posts in threads",
  observer: "reads documents and threads",
};
const OPEN_ROLE_CHOICES = OPEN_ROLES.map((id) => ({ id, label: ROLE_LABEL[id], hint: OPEN_ROLE_HINT[id] }));

function Fieldset({ legend, name, error, children }: { legend: string; name: string; error?: string; children: ReactNode }) {
  return (
    <fieldset aria-describedby={error ? `field-${name}-error` : undefined}>
      <legend className="block text-sm font-medium text-slate-700">{legend}</legend>
      <div className="mt-2 space-y-2">{children}</div>
      <FieldError id={`field-${name}-error`} message={error} />
    </fieldset>
  );
}

function Choice({
  type,
  name,
  id,
  label,
  hint,
  checked,
  disabled,
  onChange,
}: {
  type: "radio" | "checkbox";
  name: string;
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  disabled?: boolean;
  onChange?: (checked: boolean) => void;
}) {
  return (
    <label
      className={`flex items-start gap-3 rounded-md border border-slate-200 bg-white px-3 py-2 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50 ${
        disabled ? "cursor-not-allowed opacity-60" : "cursor-pointer hover:border-brand-600"
      }`}
    >
      <input
        type={type}
        name={name}
        value={id}
        {...(onChange ? { checked, onChange: (e: ChangeEvent<HTMLInputElement>) => onChange(e.target.checked) } : { defaultChecked: checked })}
        disabled={disabled}
        className="mt-1 accent-brand-700"
      />
      <span className="text-sm">
        <span className="font-medium text-slate-900">{label}</span>
        <span className="block text-slate-600">{hint}</span>
      </span>
    </label>
  );
}

/**
 * The fields of a coalition's settings, shared by "new coalition" and the settings page.
 * No <form> here: each page wraps it with its own intent and buttons.
 */
export function CoalitionFields({ values, errors }: { values: CoalitionFieldValues; errors: Record<string, string> }) {
  // The roles of open joining mean nothing under the other policies: their boxes are disabled
  // then, and the chosen roles still travel (hidden) so switching back to "open" keeps them.
  const [policy, setPolicy] = useState(values.join_policy);
  const [roles, setRoles] = useState<string[]>(values.open_roles);
  const rolesOff = policy !== "open";
  return (
    <div className="space-y-5">
      <TextField label="Name" name="name" defaultValue={values.name} error={errors.name} required maxLength={120} />
      <TextField
        label="Address"
        name="slug"
        defaultValue={values.slug}
        error={errors.slug}
        required
        maxLength={60}
        autoCapitalize="none"
        spellCheck={false}
        hint={
          <>
            The coalition's page will be at <span className="font-mono">/coalitions/{values.slug || "your-address"}</span>. Lower-case letters, digits and
            hyphens.
          </>
        }
      />
      <TextAreaField
        label="Description"
        name="description"
        rows={5}
        defaultValue={values.description}
        error={errors.description}
        required
        hint="Markdown: **bold**, *italic*, [links](https://example.org), lists."
      />
      <TextAreaField
        label="Founders"
        name="founders"
        rows={3}
        defaultValue={values.founders}
        error={errors.founders}
        hint="The organizations that founded the coalition, one per line (or separated by commas). Optional."
      />
      <div className="grid gap-5 md:grid-cols-3">
        <TextField label="Mailing list" name="mailing_list" type="email" defaultValue={values.mailing_list} error={errors.mailing_list} hint="Its address, shown publicly. Optional." />
        <TextField label="Website" name="website" type="url" defaultValue={values.website} error={errors.website} hint="https://… Optional." />
        <TextField label="Contact address" name="contact_email" type="email" defaultValue={values.contact_email} error={errors.contact_email} hint="Shown publicly. Optional." />
      </div>
      <div className="grid gap-5 md:grid-cols-2">
        <Fieldset legend="Visibility" name="visibility" error={errors.visibility}>
          {VISIBILITY.map((v) => (
            <Choice key={v.id} type="radio" name="visibility" id={v.id} label={v.label} hint={v.hint} checked={values.visibility === v.id} />
          ))}
        </Fieldset>
        <Fieldset legend="How people join" name="join_policy" error={errors.join_policy}>
          {JOIN_POLICIES.map((p) => (
            <Choice key={p.id} type="radio" name="join_policy" id={p.id} label={p.label} hint={p.hint} checked={policy === p.id} onChange={(on) => on && setPolicy(p.id)} />
          ))}
        </Fieldset>
      </div>
      <Fieldset legend="New threads are, unless their author chooses otherwise" name="default_thread_audience" error={errors.default_thread_audience}>
        <div className="grid gap-2 sm:grid-cols-2">
          {THREAD_AUDIENCE_CHOICES.map((a) => (
            <Choice
              key={a.id}
              type="radio"
              name="default_thread_audience"
              id={a.id}
              label={a.label}
              hint={a.hint}
              checked={values.default_thread_audience === a.id}
            />
          ))}
        </div>
      </Fieldset>
      <Fieldset legend="With open joining, people can join as" name="open_roles" error={errors.open_roles}>
        {rolesOff ? (
          <p className="text-sm text-slate-500" data-testid="open-roles-off">
            Only used when joining is Open.
          </p>
        ) : null}
        <div className="grid gap-2 sm:grid-cols-2">
          {OPEN_ROLE_CHOICES.map((r) => (
            <Choice
              key={r.id}
              type="checkbox"
              name="open_roles"
              id={r.id}
              label={r.label}
              hint={r.hint}
              checked={roles.includes(r.id)}
              disabled={rolesOff}
              onChange={(on) => setRoles((now) => (on ? [...now.filter((x) => x !== r.id), r.id] : now.filter((x) => x !== r.id)))}
            />
          ))}
        </div>
        {rolesOff ? roles.map((r) => <input key={r} type="hidden" name="open_roles" value={r} />) : null}
      </Fieldset>
    </div>
  );
}
