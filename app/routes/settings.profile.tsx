import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CalendarSettingsLink } from "../components/calendar/calendar-settings-link";
import { Button, Card, FormAlert, SelectField, TextField } from "../components/form";
import { HANDLE_HINT } from "../lib/handles";
import { REGIONS, STAKEHOLDER_GROUPS } from "../lib/stakeholders";
import { changePasswordSchema, fieldErrors, formToObject, profileSchema, type FieldErrors } from "../lib/validation";
import { requireUser } from "../models/access.server";
import { changePassword } from "../models/auth.server";
import { getProfile, updateProfile } from "../models/users.server";

export const meta: MetaFunction = () => [{ title: "Your profile · Coalition Workspace" }];

const SAVED_MESSAGES = {
  profile: "Your profile is saved.",
  password: "Your password is changed. You were signed out everywhere else.",
} as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const profile = await getProfile(user.id);
  if (!profile) throw redirect("/login");
  const saved = new URL(request.url).searchParams.get("saved");
  return { profile, saved: saved === "profile" || saved === "password" ? (saved as keyof typeof SAVED_MESSAGES) : null };
}

type ProfileValues = { name: string; handle: string; organization: string; stakeholder_group: string; region: string };
type ActionData =
  | { intent: "profile"; fieldErrors: FieldErrors; values: ProfileValues }
  | { intent: "password"; fieldErrors: FieldErrors };

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await request.formData();
  const intent = form.get("intent");

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
  };
  // Only the five profile fields are read: extra fields (email, is_site_admin…) are ignored.
  const parsed = profileSchema.safeParse({ ...values, handle: raw.handle === undefined ? undefined : values.handle });
  if (!parsed.success) return data<ActionData>({ intent: "profile", fieldErrors: fieldErrors(parsed.error), values }, { status: 400 });
  const saved = await updateProfile(user.id, parsed.data);
  if (!saved.ok) return data<ActionData>({ intent: "profile", fieldErrors: saved.fieldErrors, values }, { status: 400 });
  // Redirect so that the header (rendered from the session's user) shows the new name at once.
  return redirect("/settings/profile?saved=profile");
}

export default function ProfileSettings() {
  const { profile, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const profileErrors = actionData?.intent === "profile" ? actionData.fieldErrors : {};
  const passwordErrors = actionData?.intent === "password" ? actionData.fieldErrors : {};
  const values = actionData?.intent === "profile" ? actionData.values : null;
  // A failed submission replaces the saved notice with the form's own errors.
  const notice = actionData ? null : saved;

  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Your profile</h1>
      <p className="mt-1 text-slate-600">
        Coordinators see these details when you ask to join their coalition. Signed in as <strong className="font-medium text-slate-800">{profile.email}</strong>; others see you as{" "}
        <strong className="font-medium text-slate-800" data-testid="profile-handle">{`@${profile.handle}`}</strong>, never your email.
      </p>
      {notice ? (
        <div className="mt-4">
          <FormAlert tone="success" message={SAVED_MESSAGES[notice]} />
        </div>
      ) : null}

      <Card className="mt-6">
        <h2 className="text-lg font-semibold">Profile</h2>
        <Form method="post" className="mt-4 space-y-4" noValidate aria-label="Profile">
          <input type="hidden" name="intent" value="profile" />
          {Object.keys(profileErrors).length ? <FormAlert message="Please correct the fields marked below." /> : null}
          <TextField label="Name" name="name" autoComplete="name" defaultValue={values?.name ?? profile.name} error={profileErrors.name} required />
          <TextField
            label="Handle"
            name="handle"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            defaultValue={values?.handle ?? profile.handle}
            error={profileErrors.handle}
            hint={HANDLE_HINT}
            required
          />
          <TextField
            label="Organization"
            name="organization"
            autoComplete="organization"
            defaultValue={values?.organization ?? profile.organization ?? ""}
            error={profileErrors.organization}
            hint="Optional. The organization you work for or represent."
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              label="Stakeholder group"
              name="stakeholder_group"
              options={STAKEHOLDER_GROUPS}
              placeholder="Not stated"
              defaultValue={values?.stakeholder_group ?? profile.stakeholder_group ?? ""}
              error={profileErrors.stakeholder_group}
            />
            <SelectField
              label="Region"
              name="region"
              options={REGIONS}
              placeholder="Not stated"
              defaultValue={values?.region ?? profile.region ?? ""}
              error={profileErrors.region}
              hint="The UN regional group you belong to."
            />
          </div>
          <div className="flex justify-end">
            <Button type="submit" disabled={submitting === "profile"}>
              {submitting === "profile" ? "Saving…" : "Save profile"}
            </Button>
          </div>
        </Form>
      </Card>

      <Card className="mt-6">
        <h2 className="text-lg font-semibold">Change password</h2>
        <p className="mt-1 text-sm text-slate-600">Changing your password signs you out on every other device.</p>
        <Form method="post" className="mt-4 space-y-4" noValidate aria-label="Change password">
          <input type="hidden" name="intent" value="password" />
          {Object.keys(passwordErrors).length ? <FormAlert message="Your password was not changed. Please correct the fields marked below." /> : null}
          <TextField
            label="Current password"
            name="current_password"
            type="password"
            autoComplete="current-password"
            error={passwordErrors.current_password}
            required
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="New password"
              name="new_password"
              type="password"
              autoComplete="new-password"
              error={passwordErrors.new_password}
              hint="8 to 256 characters. Common passwords are refused."
              required
            />
            <TextField
              label="Repeat the new password"
              name="confirm_password"
              type="password"
              autoComplete="new-password"
              error={passwordErrors.confirm_password}
              required
            />
          </div>
          <div className="flex justify-end">
            <Button type="submit" disabled={submitting === "password"}>
              {submitting === "password" ? "Changing…" : "Change password"}
            </Button>
          </div>
        </Form>
      </Card>
      <CalendarSettingsLink />
    </div>
  );
}
