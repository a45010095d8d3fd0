import { Form } from "@remix-run/react";
import { useState } from "react";
import { Button, Card, FormAlert, SelectField, TextField } from "../form";
import { formatDate, roleBadgeClass, roleOptions } from "./format";
import { INVITATION_DAYS } from "../../lib/membership-schemas";
import { useT } from "../../lib/i18n/react";
import { roleName } from "../../lib/i18n/vocabulary";
import type { CoalitionRole } from "../../../common/roles";

export interface OpenInvitationView {
  id: string;
  email: string;
  role: CoalitionRole;
  expiresAt: string;
  invitedBy: string | null;
}

export interface InviteState {
  created?: { link: string; mailed: boolean; email: string; expiresAt: string };
  fieldErrors?: Record<string, string>;
  formError?: string;
  values?: Record<string, unknown>;
  revokeError?: { target?: string; formError?: string };
}

/** The invite form (showing the new link to copy) and the open invitations with revoke. */
export function InvitationsPanel({ invitations, state }: { invitations: OpenInvitationView[]; state: InviteState }) {
  const t = useT();
  const errors = state.fieldErrors ?? {};
  const values = state.values ?? {};
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t("members.invite.title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("members.invite.intro", { days: INVITATION_DAYS })}</p>
      {state.created ? <CreatedLink created={state.created} /> : null}
      {/* Keyed by the new link so the fields empty after a success. */}
      <Form method="post" className="mt-4 space-y-3" noValidate key={state.created?.link ?? "invite"}>
        <input type="hidden" name="intent" value="invite" />
        <FormAlert message={state.formError} />
        <TextField label={t("members.invite.email")} name="email" type="email" autoComplete="off" defaultValue={String(values.email ?? "")} error={errors.email} required />
        <SelectField label={t("members.invite.role")} name="role" options={roleOptions()} defaultValue={String(values.role ?? "member")} error={errors.role} />
        <Button type="submit" className="w-full sm:w-auto">
          {t("members.invite.submit")}
        </Button>
      </Form>
      <h3 className="mt-6 text-sm font-semibold uppercase tracking-wide text-slate-500">{t("members.invite.open")}</h3>
      {invitations.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">{t("members.invite.none")}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100" data-testid="open-invitations">
          {invitations.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <div className="min-w-0">
                <p className="break-all font-medium text-slate-800">{i.email}</p>
                <p className="text-xs text-slate-500">
                  <span className={roleBadgeClass(i.role)}>{roleName(i.role)}</span> · {t("members.invite.expires", { date: formatDate(i.expiresAt) })}
                  {i.invitedBy ? ` · ${t("members.invite.by", { name: i.invitedBy })}` : ""}
                </p>
                {state.revokeError?.target === i.id ? (
                  <p role="alert" className="text-xs text-red-700">
                    {state.revokeError.formError}
                  </p>
                ) : null}
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="invitationId" value={i.id} />
                <Button type="submit" variant="danger" className="px-3 py-1 text-xs">
                  {t("members.invite.revoke")}
                </Button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function CreatedLink({ created }: { created: NonNullable<InviteState["created"]> }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-4 rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900" role="status">
      <p className="font-medium">
        {created.mailed ? t("members.invite.createdMailed", { email: created.email }) : t("members.invite.created", { email: created.email })}
      </p>
      <p className="mt-1 text-xs">{t("members.invite.copyHint")}</p>
      <div className="mt-2 flex gap-2">
        <label htmlFor="invitation-link" className="sr-only">
          {t("members.invite.link")}
        </label>
        <input
          id="invitation-link"
          readOnly
          value={created.link}
          data-testid="invitation-link"
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-green-300 bg-white px-2 py-1.5 font-mono text-xs text-slate-800"
        />
        <button
          type="button"
          className="rounded-md border border-green-300 bg-white px-3 py-1.5 text-xs font-semibold text-green-900 hover:bg-green-100"
          onClick={() => {
            void navigator.clipboard?.writeText(created.link).then(() => setCopied(true));
          }}
        >
          {copied ? t("members.invite.copied") : t("members.invite.copy")}
        </button>
      </div>
    </div>
  );
}
