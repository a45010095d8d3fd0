import { Form, Link } from "@remix-run/react";
import { useT } from "../../lib/i18n/react";
import { Button, Card, FieldError, FormAlert, TextField } from "../form";

export interface DeleteAccountState {
  dueAt: string | null;
  lastCoordinatorOf: Array<{ name: string; slug: string }>;
}

/** /settings/security: "Leave for good": deletion after the password, 14 days to change one's mind. */
export function DeleteAccountSection({
  state,
  errors,
  formError,
  values,
  busy,
}: {
  state: DeleteAccountState;
  errors: Record<string, string | undefined>;
  formError: string | null;
  values: { erase_text: boolean; confirm: boolean };
  busy: boolean;
}) {
  const t = useT();
  return (
    <Card className="mt-6" id="delete-account">
      <h2 className="text-lg font-semibold">{t("deletion.heading")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("deletion.intro")}</p>
      <ul className="mt-3 list-disc space-y-1 ps-5 text-sm text-slate-700">
        <li>{t("deletion.what.grace")}</li>
        <li>{t("deletion.what.posts")}</li>
        <li>{t("deletion.what.memberships")}</li>
        <li>{t("deletion.what.export")}</li>
      </ul>
      {state.lastCoordinatorOf.length ? (
        <div className="mt-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="deletion-handover">
          <p>{t("deletion.handover", { count: state.lastCoordinatorOf.length })}</p>
          <ul className="mt-2 list-disc ps-5">
            {state.lastCoordinatorOf.map((c) => (
              <li key={c.slug}>
                <Link to={`/coalitions/${c.slug}/members`} className="font-medium underline">
                  {c.name}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" className="mt-4 space-y-4" noValidate aria-label={t("deletion.heading")}>
        <input type="hidden" name="intent" value="delete-account" />
        <FormAlert message={formError} />
        <TextField id="delete-password" label={t("deletion.password")} name="password" type="password" autoComplete="current-password" error={errors.password} required />
        <label className="flex items-start gap-2 text-sm text-slate-700">
          <input type="checkbox" name="erase_text" defaultChecked={values.erase_text} className="mt-0.5 accent-brand-700" />
          <span>{t("deletion.eraseText")}</span>
        </label>
        <div>
          <label className="flex items-start gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              id="delete-confirm"
              name="confirm"
              defaultChecked={values.confirm}
              className="mt-0.5 accent-brand-700"
              aria-invalid={errors.confirm ? true : undefined}
              aria-describedby={errors.confirm ? "delete-confirm-error" : undefined}
            />
            <span>{t("deletion.confirm")}</span>
          </label>
          <FieldError id="delete-confirm-error" message={errors.confirm} />
        </div>
        <Button type="submit" variant="danger" disabled={busy}>
          {t("deletion.submit")}
        </Button>
      </Form>
    </Card>
  );
}
