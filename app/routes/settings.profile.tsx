import { data, redirect, redirectDocument, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { directionOf, isLocale, LOCALE_NAMES, LOCALE_TAGS, LOCALES, type Locale } from "../../common/locales";
import { CalendarSettingsLink } from "../components/calendar/calendar-settings-link";
import { EmailChangeCard } from "../components/email-change-card";
import { Button, Card, FieldError, FormAlert, SelectField, TextField } from "../components/form";
import { HANDLE_HINT_VALUES } from "../lib/handles";
import { currentLocale, t, type MessageId } from "../lib/i18n/messages";
import { FormattedMessage, useT } from "../lib/i18n/react";
import { LANG_COOKIE, langCookie } from "../lib/i18n/request-locale.server";
import { REGIONS, STAKEHOLDER_GROUPS } from "../lib/stakeholders";
import { changePasswordSchema, fieldErrors, formToObject, profileSchema, type FieldErrors } from "../lib/validation";
import { requireUser } from "../models/access.server";
import { changePassword } from "../models/auth.server";
import { requestEmailChange } from "../models/email-verification.server";
import { saveLanguage } from "../models/language.server";
import { getProfile, updateProfile } from "../models/users.server";

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("profile.title") }) }];

const SAVED_MESSAGES = {
  profile: "profile.saved",
  password: "profile.passwordChanged",
  email: "verify.change.sent",
  emailChanged: "verify.change.done",
} as const satisfies Record<string, MessageId>;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const profile = await getProfile(user.id);
  if (!profile) throw redirect("/login");
  const saved = new URL(request.url).searchParams.get("saved");
  return { profile, saved: saved && Object.hasOwn(SAVED_MESSAGES, saved) ? (saved as keyof typeof SAVED_MESSAGES) : null };
}

type ProfileValues = { name: string; handle: string; organization: string; stakeholder_group: string; region: string; language: string };
type ActionData =
  | { intent: "profile"; fieldErrors: FieldErrors; values: ProfileValues }
  | { intent: "password"; fieldErrors: FieldErrors }
  | { intent: "email"; fieldErrors: FieldErrors; values: { new_email: string } };

/** The profile form's language: absent (a form from before the field) → undefined, "" → the browser's (null). */
function parseLanguage(raw: unknown): { ok: true; value: Locale | null | undefined } | { ok: false } {
  if (raw === undefined) return { ok: true, value: undefined };
  if (raw === "") return { ok: true, value: null };
  return isLocale(raw) ? { ok: true, value: raw } : { ok: false };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await request.formData();
  const intent = form.get("intent");

  if (intent === "email") {
    const result = await requestEmailChange(user.id, { new_email: form.get("new_email"), current_password: form.get("current_password") });
    if (!result.ok) return data<ActionData>({ intent: "email", fieldErrors: result.fieldErrors, values: result.values }, { status: 400 });
    return redirect("/settings/profile?saved=email");
  }

  if (intent === "password") {
    // Passwords are never sent back to the page, not even on error.
    const parsed = changePasswordSchema.safeParse(formToObject(form));
    if (!parsed.success) return data<ActionData>({ intent: "password", fieldErrors: fieldErrors(parsed.error) }, { status: 400 });
    const result = await changePassword(user.id, context.session!.id, parsed.data);
    if (!result.ok) return data<ActionData>({ intent: "password", fieldErrors: result.fieldErrors }, { status: 400 });
    return redirect("/settings/profile?saved=password");
  }

  const raw = formToObject(form);
  const values: ProfileValues = {
    name: String(raw.name ?? ""),
    handle: String(raw.handle ?? ""),
    organization: String(raw.organization ?? ""),
    stakeholder_group: String(raw.stakeholder_group ?? ""),
    region: String(raw.region ?? ""),
    language: String(raw.language ?? ""),
  };
  // Only the profile's fields are read: extra fields (email, is_site_admin…) are ignored.
  const parsed = profileSchema.safeParse({ ...values, handle: raw.handle === undefined ? undefined : values.handle });
  const language = parseLanguage(raw.language);
  if (!parsed.success || !language.ok) {
    const errors = parsed.success ? {} : fieldErrors(parsed.error);
    if (!language.ok) errors.language = t("profile.error.language");
    return data<ActionData>({ intent: "profile", fieldErrors: errors, values }, { status: 400 });
  }
  const saved = await updateProfile(user.id, parsed.data);
  if (!saved.ok) return data<ActionData>({ intent: "profile", fieldErrors: saved.fieldErrors, values }, { status: 400 });
  const headers = new Headers();
  if (language.value !== undefined) {
    await saveLanguage(user.id, language.value);
    // The device's choice follows at once (the lang cookie outranks the profile); "the browser's"
    // clears it, so that Accept-Language decides again.
    const secure = context.appOrigin.startsWith("https:");
    headers.append("Set-Cookie", language.value ? langCookie(language.value, secure) : `${LANG_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax${secure ? "; Secure" : ""}`);
  }
  // Redirect so that the header (rendered from the session's user) shows the new name at once. A
  // new language reloads the whole document: the browser has only the old language's catalogue.
  const relanguage = language.value !== undefined && language.value !== currentLocale();
  return (relanguage ? redirectDocument : redirect)("/settings/profile?saved=profile", { headers });
}

export default function ProfileSettings() {
  const t = useT();
  const { profile, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const profileErrors = actionData?.intent === "profile" ? actionData.fieldErrors : {};
  const passwordErrors = actionData?.intent === "password" ? actionData.fieldErrors : {};
  const values = actionData?.intent === "profile" ? actionData.values : null;
  // A failed submission replaces the saved notice with the form's own errors.
  const notice = actionData ? null : saved;
  const stakeholderOptions = STAKEHOLDER_GROUPS.map((g) => ({ id: g.id, label: t(`stakeholders.${g.id}` as MessageId) }));
  const regionOptions = REGIONS.map((r) => ({ id: r.id, label: t(`regions.${r.id}` as MessageId) }));

  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("profile.title")}</h1>
      <p className="mt-1 text-slate-600">
        <FormattedMessage
          id="profile.intro"
          values={{
            email: profile.email,
            handle: `@${profile.handle}`,
            strong: (chunks) => <strong className="font-medium text-slate-800">{chunks}</strong>,
            mention: (chunks) => (
              <strong className="font-medium text-slate-800" data-testid="profile-handle" dir="ltr">
                {chunks}
              </strong>
            ),
          }}
        />
      </p>
      {notice ? (
        <div className="mt-4">
          <FormAlert tone="success" message={t(SAVED_MESSAGES[notice])} />
        </div>
      ) : null}

      <Card className="mt-6">
        <h2 className="text-lg font-semibold">{t("profile.section")}</h2>
        <Form method="post" className="mt-4 space-y-4" noValidate aria-label={t("profile.section")}>
          <input type="hidden" name="intent" value="profile" />
          {Object.keys(profileErrors).length ? <FormAlert message={t("validation.correctFields")} /> : null}
          <TextField label={t("auth.field.name")} name="name" autoComplete="name" dir="auto" defaultValue={values?.name ?? profile.name} error={profileErrors.name} required />
          <TextField
            label={t("auth.field.handle")}
            name="handle"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={values?.handle ?? profile.handle}
            error={profileErrors.handle}
            hint={t("auth.handleHint", HANDLE_HINT_VALUES)}
            required
          />
          <TextField
            label={t("profile.organization")}
            name="organization"
            autoComplete="organization"
            dir="auto"
            defaultValue={values?.organization ?? profile.organization ?? ""}
            error={profileErrors.organization}
            hint={t("profile.organizationHint")}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label={t("profile.stakeholderGroup")}
              name="stakeholder_group"
              options={stakeholderOptions}
              placeholder={t("stakeholders.notStated")}
              defaultValue={values?.stakeholder_group ?? profile.stakeholder_group ?? ""}
              error={profileErrors.stakeholder_group}
            />
            <SelectField
              label={t("profile.region")}
              name="region"
              options={regionOptions}
              placeholder={t("stakeholders.notStated")}
              defaultValue={values?.region ?? profile.region ?? ""}
              error={profileErrors.region}
              hint={t("profile.regionHint")}
            />
          </div>
          <LanguageField defaultValue={values?.language ?? profile.language ?? ""} error={profileErrors.language} />
          <div className="flex justify-end">
            <Button type="submit" disabled={submitting === "profile"}>
              {submitting === "profile" ? t("profile.saving") : t("profile.save")}
            </Button>
          </div>
        </Form>
      </Card>

      <Card className="mt-6">
        <h2 className="text-lg font-semibold">{t("password.change.title")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("password.change.intro")}</p>
        <Form method="post" className="mt-4 space-y-4" noValidate aria-label={t("password.change.title")}>
          <input type="hidden" name="intent" value="password" />
          {Object.keys(passwordErrors).length ? <FormAlert message={t("password.notChanged")} /> : null}
          <TextField
            label={t("password.field.current")}
            name="current_password"
            type="password"
            autoComplete="current-password"
            error={passwordErrors.current_password}
            required
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label={t("password.field.new")}
              name="new_password"
              type="password"
              autoComplete="new-password"
              error={passwordErrors.new_password}
              hint={t("auth.passwordHint", { min: 8, max: 256 })}
              required
            />
            <TextField
              label={t("password.field.repeat")}
              name="confirm_password"
              type="password"
              autoComplete="new-password"
              error={passwordErrors.confirm_password}
              required
            />
          </div>
          <div className="flex justify-end">
            <Button type="submit" disabled={submitting === "password"}>
              {submitting === "password" ? t("password.change.changing") : t("password.change.submit")}
            </Button>
          </div>
        </Form>
      </Card>
      <EmailChangeCard
        email={profile.email}
        errors={actionData?.intent === "email" ? actionData.fieldErrors : {}}
        value={actionData?.intent === "email" ? actionData.values.new_email : ""}
        busy={submitting === "email"}
      />
      <CalendarSettingsLink />
    </div>
  );
}

/**
 * The profile's language: each language named in itself, and marked as written in it (`lang`,
 * `dir`) so that a screen reader says "Français" in French and "العربية" in Arabic. SelectField's
 * look, with the option attributes it has no room for.
 */
function LanguageField({ defaultValue, error }: { defaultValue: string; error?: string }) {
  const t = useT();
  const id = "field-language";
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {t("profile.language")}
      </label>
      <select
        id={id}
        name="language"
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        className={`mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100 ${
          error ? "border-red-500" : "border-slate-300"
        }`}
      >
        <option value="">{t("profile.languageBrowser")}</option>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={LOCALE_TAGS[l]} dir={directionOf(l)}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {t("profile.languageHint")}
      </p>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
