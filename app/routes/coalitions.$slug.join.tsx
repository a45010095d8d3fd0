import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, FormAlert, SelectField, TextAreaField, TextField } from "../components/form";
import { formatDate, ROLE_LABEL, roleBadgeClass } from "../components/membership/format";
import { badRequest } from "../lib/http.server";
import { refusal, type Refusal } from "../lib/policy";
import { joinRequestSchema, openJoinSchema, STATEMENT_MAX, withdrawSchema } from "../lib/membership-schemas";
import { REGIONS, STAKEHOLDER_GROUPS, stakeholderLabel } from "../lib/stakeholders";
import { fieldErrors, formToObject, type FieldErrors } from "../lib/validation";
import { requireCoalitionAccess, requireUser } from "../models/access.server";
import { createJoinRequest, myLatestRequest, withdrawJoinRequest } from "../models/join-requests.server";
import { joinOpenCoalition, leaveCoalition, openRoles } from "../models/membership.server";
import type { OpenRole } from "../../common/roles";

export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((m) => m.id === "routes/coalitions.$slug")?.data as { coalition?: { name: string } } | undefined;
  return [{ title: `Join · ${layout?.coalition?.name ?? "Coalition"} · Coalition Workspace` }];
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
    if (!p.success) return fail(refusal(400, "Choose member or observer."), fieldErrors(p.error));
    const r = await joinOpenCoalition({ coalitionId: coalition.id, user, role: p.data.role });
    return r.ok ? redirect(here) : fail(r);
  }
  if (intent === "request") {
    const p = joinRequestSchema.safeParse(values);
    if (!p.success) return fail(refusal(400, "Please correct the fields marked below."), fieldErrors(p.error));
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
    if (!p.success) return fail(refusal(400, "Missing request id."));
    const r = await withdrawJoinRequest({ coalitionId: coalition.id, user, requestId: p.data.requestId });
    return r.ok ? redirect(`${here}/join`) : fail(r);
  }
  if (intent === "leave") {
    const r = await leaveCoalition({ coalitionId: coalition.id, user });
    if (!r.ok) return fail(r);
    return redirect(coalition.visibility === "public" ? here : "/");
  }
  throw badRequest("Unknown action.");
}

const ROLE_TEXT: Record<OpenRole, string> = {
  member: "Co-edit documents, start threads and post.",
  observer: "Follow the documents live, read the outputs and threads.",
};

export default function JoinPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.fieldErrors ?? {};
  const values = actionData?.values ?? {};

  if (d.membershipRole) {
    return (
      <Card className="mx-auto max-w-2xl">
        <h2 className="text-lg font-semibold">You are a member of {d.name}</h2>
        <p className="mt-2 text-sm text-slate-700">
          Your role: <span className={roleBadgeClass(d.membershipRole)}>{ROLE_LABEL[d.membershipRole]}</span>
        </p>
        <FormAlert message={actionData?.formError} />
        {d.canLeave ? (
          <Form method="post" className="mt-5 border-t border-slate-100 pt-4">
            <input type="hidden" name="intent" value="leave" />
            <p className="mb-3 text-sm text-slate-600">Leaving removes your access to the coalition's drafts and threads. You can ask to join again later.</p>
            <Button type="submit" variant="danger" disabled={busy}>
              Leave the coalition
            </Button>
          </Form>
        ) : null}
      </Card>
    );
  }

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <Card>
        <h2 className="text-lg font-semibold">Join {d.name}</h2>
        {d.archived ? (
          <p className="mt-2 text-sm text-slate-700">This coalition is archived and takes no new members.</p>
        ) : !d.signedIn ? (
          <>
            <p className="mt-2 text-sm text-slate-700">
              {d.policy === "invitation"
                ? "This coalition takes members by invitation from its coordinators."
                : "Sign up or log in with your account to join."}
            </p>
            <div className="mt-4 flex flex-wrap gap-3">
              <Link to={`/signup?redirectTo=${encodeURIComponent(d.here)}`} className="rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white no-underline hover:bg-brand-800">
                Sign up
              </Link>
              <Link to={`/login?redirectTo=${encodeURIComponent(d.here)}`} className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 no-underline hover:bg-slate-50">
                Log in
              </Link>
            </div>
          </>
        ) : d.policy === "invitation" ? (
          <p className="mt-2 text-sm text-slate-700" data-testid="invitation-only">
            This coalition takes members by invitation only: its coordinators invite people by email. If you would like to take part,
            contact one of them; there is no request to send here.
          </p>
        ) : d.policy === "open" ? (
          <>
            <p className="mt-2 text-sm text-slate-700">This coalition is open: you can join at once.</p>
            <FormAlert message={actionData?.formError} />
            <div className="mt-4 grid gap-3 sm:grid-cols-2">
              {d.openRoles.map((role) => (
                <Form method="post" key={role} className="flex flex-col rounded-md border border-slate-200 p-4">
                  <input type="hidden" name="intent" value="join" />
                  <input type="hidden" name="role" value={role} />
                  <p className="font-medium">{ROLE_LABEL[role]}</p>
                  <p className="mt-1 flex-1 text-sm text-slate-600">{ROLE_TEXT[role]}</p>
                  <Button type="submit" className="mt-3" disabled={busy || !d.canJoin}>
                    {`Join as ${role}`}
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
  const latest = d.latest;
  if (latest?.status === "pending") {
    return (
      <div className="mt-3 space-y-3" data-testid="my-request">
        <FormAlert tone="info" message={`Your request of ${formatDate(latest.createdAt)} is waiting for the coordinators.`} />
        <FormAlert message={formError} />
        <dl className="grid gap-2 text-sm sm:grid-cols-3">
          <dt className="font-medium text-slate-500">Statement</dt>
          <dd className="whitespace-pre-line text-slate-800 sm:col-span-2">{latest.statement}</dd>
          <dt className="font-medium text-slate-500">Stakeholder group</dt>
          <dd className="text-slate-800 sm:col-span-2">{stakeholderLabel(latest.stakeholderGroup)}</dd>
          <dt className="font-medium text-slate-500">Organization</dt>
          <dd className="text-slate-800 sm:col-span-2">{latest.organization}</dd>
        </dl>
        <Form method="post">
          <input type="hidden" name="intent" value="withdraw" />
          <input type="hidden" name="requestId" value={latest.id} />
          <Button type="submit" variant="secondary" disabled={busy}>
            Withdraw my request
          </Button>
        </Form>
      </div>
    );
  }
  return (
    <>
      <p className="mt-2 text-sm text-slate-700">The coordinators review each request. Tell them who you are and why you want to take part.</p>
      {latest?.status === "declined" ? (
        <div className="mt-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="declined-request">
          <p className="font-medium">Your request of {formatDate(latest.createdAt)} was declined.</p>
          {latest.reason ? <p className="mt-1">The coordinators said: “{latest.reason}”</p> : null}
          <p className="mt-1">You can ask again below.</p>
        </div>
      ) : null}
      <Form method="post" className="mt-4 space-y-4" noValidate>
        <input type="hidden" name="intent" value="request" />
        <FormAlert message={formError} />
        <p className="text-xs text-slate-500" data-testid="required-legend">
          Fields marked <span className="font-semibold text-red-700">*</span> are required. Group, organization and region come from your{" "}
          <Link to="/settings/profile">profile</Link>.
        </p>
        <TextAreaField
          label="Why do you want to join?"
          name="statement"
          rows={4}
          maxLength={STATEMENT_MAX}
          defaultValue={String(values.statement ?? "")}
          error={errors.statement}
          hint={`A few sentences, at most ${STATEMENT_MAX.toLocaleString("en")} characters.`}
          required
          markRequired
        />
        <SelectField
          label="Stakeholder group"
          name="stakeholder_group"
          options={STAKEHOLDER_GROUPS}
          placeholder="Choose…"
          defaultValue={String(values.stakeholder_group ?? d.profile.stakeholderGroup)}
          error={errors.stakeholder_group}
          required
          markRequired
        />
        <TextField
          label="Organization"
          name="organization"
          defaultValue={String(values.organization ?? d.profile.organization)}
          error={errors.organization}
          required
          markRequired
        />
        <SelectField
          label="Region"
          name="region"
          options={REGIONS}
          placeholder="Not stated"
          defaultValue={String(values.region ?? d.profile.region)}
          error={errors.region}
        />
        <label className="flex items-start gap-2 text-sm text-slate-700">
          <input type="checkbox" name="save_profile" defaultChecked={values.save_profile === "on"} className="mt-0.5 accent-brand-700" />
          <span>Update my profile with these answers</span>
        </label>
        <Button type="submit" disabled={busy || !d.canJoin}>
          Send request
        </Button>
      </Form>
    </>
  );
}
