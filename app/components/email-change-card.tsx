import { Form } from "@remix-run/react";
import { Button, Card, FormAlert, TextField } from "./form";
import { useT } from "../lib/i18n/react";

/**
 * The profile's "change email address" form (issue 22): the link goes to the new address, and the
 * account keeps its current one until the link is followed.
 */
export function EmailChangeCard({ email, errors, value, busy }: { email: string; errors: Record<string, string | undefined>; value: string; busy: boolean }) {
  const t = useT();
  return (
    <Card className="mt-6">
      <h2 className="text-lg font-semibold">{t("verify.change.title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("verify.change.intro", { email: `\u2068${email}\u2069` })}</p>
      <Form method="post" className="mt-4 space-y-4" noValidate aria-label={t("verify.change.title")}>
        <input type="hidden" name="intent" value="email" />
        {Object.keys(errors).length ? <FormAlert message={t("verify.change.notSent")} /> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label={t("verify.change.newEmail")} name="new_email" type="email" autoComplete="email" dir="ltr" defaultValue={value} error={errors.new_email} required />
          <TextField label={t("password.field.current")} id="field-email-current-password" name="current_password" type="password" autoComplete="current-password" error={errors.current_password} required />
        </div>
        <div className="flex justify-end">
          <Button type="submit" disabled={busy}>
            {t("verify.change.submit")}
          </Button>
        </div>
      </Form>
    </Card>
  );
}
