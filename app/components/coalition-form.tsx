import { useState, type ChangeEvent, type ReactNode } from "react";
import type { CoalitionFormValues } from "../models/coalition-admin.server";
import { FieldError, TextAreaField, TextField } from "./form";
import { OPEN_ROLES, type OpenRole } from "../../common/roles";
import { THREAD_AUDIENCES, type ThreadAudience } from "../lib/thread-audience";
import { FormattedMessage, useT } from "../lib/i18n/react";
import type { MessageId } from "../lib/i18n/messages";
import { roleName } from "../lib/i18n/vocabulary";

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
  observers_may_comment: "",
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
    observers_may_comment: text("observers_may_comment"),
    open_roles: form.getAll("open_roles").map(String),
    mailing_list: text("mailing_list"),
    website: text("website"),
    contact_email: text("contact_email"),
  };
}

// Each choice's words: coalition.form.<group>.<id> (its label) and .hint.
const VISIBILITY = ["public", "private"] as const;
const JOIN_POLICIES = ["open", "approval", "invitation"] as const;
const AUDIENCE_HINT: Record<ThreadAudience, MessageId> = { public: "coalition.form.audience.public.hint", members: "coalition.form.audience.members.hint" };
const OPEN_ROLE_HINT: Record<OpenRole, MessageId> = {
  member: "coalition.form.openRole.member.hint",
  observer: "coalition.form.openRole.observer.hint",
};

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
  const t = useT();
  const choice = (group: string, id: string) => ({ label: t(`coalition.form.${group}.${id}` as MessageId), hint: t(`coalition.form.${group}.${id}.hint` as MessageId) });
  const visibilityChoices = VISIBILITY.map((id) => ({ id, ...choice("visibility", id) }));
  const policyChoices = JOIN_POLICIES.map((id) => ({ id, ...choice("joinPolicy", id) }));
  return (
    <div className="space-y-5">
      <TextField label={t("coalition.form.name")} name="name" dir="auto" defaultValue={values.name} error={errors.name} required maxLength={120} />
      <TextField
        label={t("coalition.form.slug")}
        name="slug"
        defaultValue={values.slug}
        error={errors.slug}
        required
        maxLength={60}
        autoCapitalize="none"
        spellCheck={false}
        hint={
          <FormattedMessage
            id="coalition.form.slugHint"
            values={{ path: <span className="font-mono" dir="ltr">{`/coalitions/${values.slug || t("coalition.form.slugExample")}`}</span> }}
          />
        }
      />
      <TextAreaField
        label={t("coalition.form.description")}
        name="description"
        dir="auto"
        rows={5}
        defaultValue={values.description}
        error={errors.description}
        required
        hint={t("coalition.form.descriptionHint")}
      />
      <TextAreaField
        label={t("coalition.form.founders")}
        name="founders"
        dir="auto"
        rows={3}
        defaultValue={values.founders}
        error={errors.founders}
        hint={t("coalition.form.foundersHint")}
      />
      <div className="grid gap-5 md:grid-cols-3">
        <TextField label={t("coalition.form.mailingList")} name="mailing_list" type="email" defaultValue={values.mailing_list} error={errors.mailing_list} hint={t("coalition.form.mailingListHint")} />
        <TextField label={t("coalition.form.website")} name="website" type="url" defaultValue={values.website} error={errors.website} hint={t("coalition.form.websiteHint")} />
        <TextField label={t("coalition.form.contactEmail")} name="contact_email" type="email" defaultValue={values.contact_email} error={errors.contact_email} hint={t("coalition.form.contactEmailHint")} />
      </div>
      <div className="grid gap-5 md:grid-cols-2">
        <Fieldset legend={t("coalition.form.visibility")} name="visibility" error={errors.visibility}>
          {visibilityChoices.map((v) => (
            <Choice key={v.id} type="radio" name="visibility" id={v.id} label={v.label} hint={v.hint} checked={values.visibility === v.id} />
          ))}
        </Fieldset>
        <Fieldset legend={t("coalition.form.joinPolicy")} name="join_policy" error={errors.join_policy}>
          {policyChoices.map((p) => (
            <Choice key={p.id} type="radio" name="join_policy" id={p.id} label={p.label} hint={p.hint} checked={policy === p.id} onChange={(on) => on && setPolicy(p.id)} />
          ))}
        </Fieldset>
      </div>
      <Fieldset legend={t("coalition.form.audience")} name="default_thread_audience" error={errors.default_thread_audience}>
        <div className="grid gap-2 sm:grid-cols-2">
          {THREAD_AUDIENCES.map((id) => (
            <Choice
              key={id}
              type="radio"
              name="default_thread_audience"
              id={id}
              label={t(`coalition.form.audience.${id}` as MessageId)}
              hint={t(AUDIENCE_HINT[id])}
              checked={values.default_thread_audience === id}
            />
          ))}
        </div>
      </Fieldset>
      <Fieldset legend={t("coalition.form.openRoles")} name="open_roles" error={errors.open_roles}>
        {rolesOff ? (
          <p className="text-sm text-slate-500" data-testid="open-roles-off">
            {t("coalition.form.openRolesOff")}
          </p>
        ) : null}
        <div className="grid gap-2 sm:grid-cols-2">
          {OPEN_ROLES.map((id) => (
            <Choice
              key={id}
              type="checkbox"
              name="open_roles"
              id={id}
              label={roleName(id)}
              hint={t(OPEN_ROLE_HINT[id])}
              checked={roles.includes(id)}
              disabled={rolesOff}
              onChange={(on) => setRoles((now) => (on ? [...now.filter((x) => x !== id), id] : now.filter((x) => x !== id)))}
            />
          ))}
        </div>
        {rolesOff ? roles.map((r) => <input key={r} type="hidden" name="open_roles" value={r} />) : null}
      </Fieldset>
      <Fieldset legend={t("comments.settings.legend")} name="observers_may_comment" error={errors.observers_may_comment}>
        <Choice type="checkbox" name="observers_may_comment" id="yes" label={t("comments.settings.label")} hint={t("comments.settings.hint")} checked={values.observers_may_comment === "yes"} />
      </Fieldset>
    </div>
  );
}
