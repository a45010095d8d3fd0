import type { ReactNode } from "react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, FormAlert, SelectField, TextAreaField, TextField } from "../components/form";
import { formatDate, roleBadgeClass } from "../components/membership/format";
import { badRequest } from "../lib/http.server";
import { refusal, type Refusal } from "../lib/policy";
import { joinRequestSchema, openJoinSchema, STATEMENT_MAX, withdrawSchema } from "../lib/membership-schemas";
import { REGIONS, STAKEHOLDER_GROUPS, regionLabel, stakeholderLabel } from "../lib/stakeholders";
import { t, type MessageId } from "../lib/i18n/messages";
import { FormattedMessage, useT } from "../lib/i18n/react";
import { roleChoice, roleName, roleWord } from "../lib/i18n/vocabulary";
import { fieldErrors, formToObject, type FieldErrors } from "../lib/validation";
import { requireCoalitionAccess, requireUser } from "../models/access.server";
import { createJoinRequest, myLatestRequest, withdrawJoinRequest } from "../models/join-requests.server";
import { joinOpenCoalition, leaveCoalition, openRoles } from "../models/membership.server";
import { OPEN_ROLES, type OpenRole } from "../../common/roles";

export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((m) => m.id === "routes/coalitions.$slug")?.data as { coalition?: { name: string } } | undefined;
  return [{ title: t("join.meta.title", { name: layout?.coalition?.name ?? t("coalition.fallbackName") }) }];
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { coalition, user, membershipRole, abilities } = await requireCoalitionAccess(context, request, params.slug);
  return {
    slug: coalition.slug,
    name: coalition.name,
    policy: coalition.join_policy,
    archived: Boolean(coalition.archived_at),
    openRoles: openRoles(coalition),
    signedIn: Boolean(user),
    membershipRole,
    canJoin: abilities["member:join"],
    canLeave: abilities["member:leave"],
    latest: user && !membershipRole ? await myLatestRequest(coalition.id, user.id) : null,
    profile: { organization: user?.organization ?? "", stakeholderGroup: user?.stakeholder_group ?? "", region: user?.region ?? "" },
    here: new URL(request.url).pathname,
  };
}

type ActionData = { intent: string; formError?: string; fieldErrors?: FieldErrors; values?: Record<string, unknown> };

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const values = formToObject(form);
  const guard = intent === "leave" ? "member:leave" : intent === "withdraw" ? "coalition:view" : "member:join";
  const { coalition } = await requireCoalitionAccess(context, request, params.slug, guard);
  const user = requireUser(context, request);
  // The one refusal shape: its message above the form (per-field messages come from the form's own check).
  const fail = (refused: Refusal, errors?: FieldErrors) => data<ActionData>({ intent, formError: refused.message, fieldErrors: errors, values }, { status: refused.status });
  const here = `/coalitions/${coalition.slug}`;

  if (intent === "join") {
    const p = openJoinSchema.safeParse(values);
    if (!p.success) return fail(refusal(400, t("join.error.chooseRole", { roles: roleChoice(OPEN_ROLES) })), fieldErrors(p.error));
    const r = await joinOpenCoalition({ coalitionId: coalition.id, user, role: p.data.role });
    return r.ok ? redirect(here) : fail(r);
  }
  if (intent === "request") {
    const p = joinRequestSchema.safeParse(values);
    if (!p.success) return fail(refusal(400, t("join.error.correctFields")), fieldErrors(p.error));
    const r = await createJoinRequest({
      coalitionId: coalition.id,
      user,
      statement: p.data.statement,
      stakeholderGroup: p.data.stakeholder_group,
      organization: p.data.organization,
      region: p.data.region,
      saveToProfile: p.data.save_profile,
    });
    return r.ok ? redirect(`${here}/join`) : fail(r);
  }
  if (intent === "withdraw") {
    const p = withdrawSchema.safeParse(values);
    if (!p.success) return fail(refusal(400, t("join.error.missingRequestId")));
    const r = await withdrawJoinRequest({ coalitionId: coalition.id, user, requestId: p.data.requestId });
    return r.ok ? redirect(`${here}/join`) : fail(r);
  }
  if (intent === "leave") {
    const r = await leaveCoalition({ coalitionId: coalition.id, user });
    if (!r.ok) return fail(r);
    return redirect(coalition.visibility === "public" ? here : "/");
  }
  throw badRequest(t("members.error.unknownAction"));
}

const ROLE_TEXT: Record<OpenRole, MessageId> = {
  member: "join.open.memberText",
  observer: "join.open.observerText",
};

export default function JoinPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const errors = actionData?.fieldErrors ?? {};
  const values = actionData?.values ?? {};

  if (d.membershipRole) {
    return (
      <Card className="mx-auto max-w-2xl">
        <h2 className="text-lg font-semibold">{t("join.member.title", { name: d.name })}</h2>
        <p className="mt-2 text-sm text-slate-700">
          {t("join.member.role")} <span className={roleBadgeClass(d.membershipRole)}>{roleName(d.membershipRole)}</span>
        </p>
        <FormAlert message={actionData?.formError} />
        {d.canLeave ? (
          <Form method="post" className="mt-5 border-t border-slate-100 pt-4">
            <input type="hidden" name="intent" value="leave" />
            <p className="mb-3 text-sm text-slate-600">{t("join.leave.intro")}</p>
            <Button type="submit" variant="danger" disabled={busy}>
              {t("join.leave.submit")}
            </Button>
          </Form>
        ) : null}
      </Card>
    );
  }

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <Card>
        <h2 className="text-lg font-semibold">{t("join.title", { name: d.name })}</h2>
        {d.archived ? (
          <p className="mt-2 text-sm text-slate-700">{t("join.archived")}</p>
        ) : !d.signedIn ? (
          <>
            <p className="mt-2 text-sm text-slate-700">
              {d.policy === "invitation" ? t("join.anonymous.invitation") : t("join.anonymous.signIn")}
            </p>
            <div className="mt-4 flex flex-wrap gap-3">
              <Link to={`/signup?redirectTo=${encodeURIComponent(d.here)}`} className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white no-underline hover:bg-brand-800">
                {t("header.signUp")}
              </Link>
              <Link to={`/login?redirectTo=${encodeURIComponent(d.here)}`} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 no-underline hover:bg-slate-50">
                {t("header.logIn")}
              </Link>
            </div>
          </>
        ) : d.policy === "invitation" ? (
          <p className="mt-2 text-sm text-slate-700" data-testid="invitation-only">
            {t("join.invitationOnly")}
          </p>
        ) : d.policy === "open" ? (
          <>
            <p className="mt-2 text-sm text-slate-700">{t("join.open.intro")}</p>
            <FormAlert message={actionData?.formError} />
            <div className="mt-4 grid gap-3 sm:grid-cols-2">
              {d.openRoles.map((role) => (
                <Form method="post" key={role} className="flex flex-col rounded-md border border-slate-200 p-4">
                  <input type="hidden" name="intent" value="join" />
                  <input type="hidden" name="role" value={role} />
                  <p className="font-medium">{roleName(role)}</p>
                  <p className="mt-1 flex-1 text-sm text-slate-600">{t(ROLE_TEXT[role])}</p>
                  <Button type="submit" className="mt-3" disabled={busy || !d.canJoin}>
                    {t("join.open.joinAs", { role: roleWord(role) })}
                  </Button>
                </Form>
              ))}
            </div>
          </>
        ) : (
          <ApprovalSection d={d} errors={errors} values={values} formError={actionData?.formError} busy={busy} />
        )}
      </Card>
    </div>
  );
}

function ApprovalSection({
  d,
  errors,
  values,
  formError,
  busy,
}: {
  d: ReturnType<typeof useLoaderData<typeof loader>>;
  errors: FieldErrors;
  values: Record<string, unknown>;
  formError?: string;
  busy: boolean;
}) {
  const t = useT();
  const latest = d.latest;
  if (latest?.status === "pending") {
    return (
      <div className="mt-3 space-y-3" data-testid="my-request">
        <FormAlert tone="info" message={t("join.pending.waiting", { date: formatDate(latest.createdAt) })} />
        <FormAlert message={formError} />
        <dl className="grid gap-2 text-sm sm:grid-cols-3">
          <dt className="font-medium text-slate-500">{t("join.pending.statement")}</dt>
          <dd className="whitespace-pre-line text-slate-800 sm:col-span-2" dir="auto">
            {latest.statement}
          </dd>
          <dt className="font-medium text-slate-500">{t("join.form.group")}</dt>
          <dd className="text-slate-800 sm:col-span-2">{stakeholderLabel(latest.stakeholderGroup)}</dd>
          <dt className="font-medium text-slate-500">{t("join.form.organization")}</dt>
          <dd className="text-slate-800 sm:col-span-2">{latest.organization}</dd>
        </dl>
        <Form method="post">
          <input type="hidden" name="intent" value="withdraw" />
          <input type="hidden" name="requestId" value={latest.id} />
          <Button type="submit" variant="secondary" disabled={busy}>
            {t("join.pending.withdraw")}
          </Button>
        </Form>
      </div>
    );
  }
  return (
    <>
      <p className="mt-2 text-sm text-slate-700">{t("join.approval.intro")}</p>
      {latest?.status === "declined" ? (
        <div className="mt-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="declined-request">
          <p className="font-medium">{t("join.declined.title", { date: formatDate(latest.createdAt) })}</p>
          {latest.reason ? <p className="mt-1">{t("join.declined.reason", { reason: latest.reason })}</p> : null}
          <p className="mt-1">{t("join.declined.again")}</p>
        </div>
      ) : null}
      <Form method="post" className="mt-4 space-y-4" noValidate>
        <input type="hidden" name="intent" value="request" />
        <FormAlert message={formError} />
        <p className="text-xs text-slate-500" data-testid="required-legend">
          <FormattedMessage
            id="join.form.legend"
            values={{
              star: <span className="font-semibold text-red-700">*</span>,
              profile: (chunks: ReactNode[]) => <Link to="/settings/profile">{chunks}</Link>,
            }}
          />
        </p>
        <TextAreaField
          label={t("join.form.statement")}
          name="statement"
          dir="auto"
          rows={4}
          maxLength={STATEMENT_MAX}
          defaultValue={String(values.statement ?? "")}
          error={errors.statement}
          hint={t("join.form.statementHint", { max: STATEMENT_MAX })}
          required
          markRequired
        />
        <SelectField
          label={t("join.form.group")}
          name="stakeholder_group"
          options={STAKEHOLDER_GROUPS.map((g) => ({ id: g.id, label: stakeholderLabel(g.id) }))}
          placeholder={t("join.form.choose")}
          defaultValue={String(values.stakeholder_group ?? d.profile.stakeholderGroup)}
          error={errors.stakeholder_group}
          required
          markRequired
        />
        <TextField
          label={t("join.form.organization")}
          name="organization"
          dir="auto"
          defaultValue={String(values.organization ?? d.profile.organization)}
          error={errors.organization}
          required
          markRequired
        />
        <SelectField
          label={t("join.form.region")}
          name="region"
          options={REGIONS.map((r) => ({ id: r.id, label: regionLabel(r.id) }))}
          placeholder={t("stakeholders.notStated")}
          defaultValue={String(values.region ?? d.profile.region)}
          error={errors.region}
        />
        <label className="flex items-start gap-2 text-sm text-slate-700">
          <input type="checkbox" name="save_profile" defaultChecked={values.save_profile === "on"} className="mt-0.5 accent-brand-700" />
          <span>{t("join.form.saveProfile")}</span>
        </label>
        <Button type="submit" disabled={busy || !d.canJoin}>
          {t("join.form.submit")}
        </Button>
      </Form>
    </>
  );
}
