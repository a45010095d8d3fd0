import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { Button, Card, FormAlert, TextField } from "../components/form";
import { AuditLog } from "../components/membership/audit-log";
import { InvitationsPanel } from "../components/membership/invitations-panel";
import { MembersTable } from "../components/membership/members-table";
import { PendingRequests } from "../components/membership/pending-requests";
import { badRequest, refusalMessages } from "../lib/http.server";
import { formatNumber } from "../lib/i18n/format";
import type { Refusal } from "../lib/policy";
import * as schemas from "../lib/membership-schemas";
import { fieldErrors, formToObject, type FieldErrors } from "../lib/validation";
import { requireCoalitionAccess } from "../models/access.server";
import { auditPage } from "../models/audit.server";
import { createInvitation, openInvitations, revokeInvitation } from "../models/invitations.server";
import { approveJoinRequest, declineJoinRequest, pendingRequests } from "../models/join-requests.server";
import { appointCoordinator, changeMemberRole, listMembersFor, removeMember } from "../models/membership.server";
import { t, type MessageId } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";

export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((m) => m.id === "routes/coalitions.$slug")?.data as { coalition?: { name: string } } | undefined;
  return [{ title: t("members.meta.title", { name: layout?.coalition?.name ?? t("coalition.fallbackName") }) }];
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { coalition, abilities, user } = await requireCoalitionAccess(context, request, params.slug, "member:list");
  const page = Number(new URL(request.url).searchParams.get("audit") ?? "1");
  const manage = abilities["member:manage"];
  const [members, requests, invitations, audit] = await Promise.all([
    listMembersFor(coalition.id, abilities["member:view-email"]),
    manage ? pendingRequests(coalition.id) : null,
    manage ? openInvitations(coalition.id) : null,
    abilities["audit:read"] ? auditPage(coalition.id, page) : null,
  ]);
  return {
    members,
    requests,
    invitations,
    audit,
    meId: user?.id ?? null,
    manage,
    canAppoint: abilities["coalition:appoint-coordinator"],
    coordinatorCount: members.filter((m) => m.role === "coordinator").length,
  };
}

type Intent = "approve" | "decline" | "invite" | "revoke" | "change-role" | "remove" | "appoint";

export type MembersActionData = {
  intent: Intent;
  ok: boolean;
  target?: string;
  formError?: string;
  fieldErrors?: FieldErrors;
  values?: Record<string, unknown>;
  created?: { link: string; mailed: boolean; email: string; expiresAt: string };
};

const NOTICES: Record<string, MessageId> = {
  approved: "members.notice.approved",
  declined: "members.notice.declined",
  revoked: "members.notice.revoked",
  "role-changed": "members.notice.roleChanged",
  removed: "members.notice.removed",
  appointed: "members.notice.appointed",
};

export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "") as Intent;
  const guard = intent === "appoint" ? "coalition:appoint-coordinator" : "member:manage";
  const { coalition, user } = await requireCoalitionAccess(context, request, params.slug, guard);
  if (!["approve", "decline", "invite", "revoke", "change-role", "remove", "appoint"].includes(intent)) throw badRequest(t("members.error.unknownAction"));
  const actor = user!;
  const values = formToObject(form);
  const target = String(values.requestId ?? values.membershipId ?? values.invitationId ?? "") || undefined;

  const invalid = (error: z.ZodError) => {
    const errors = fieldErrors(error);
    const first = Object.values(errors)[0];
    return data<MembersActionData>({ intent, ok: false, target, fieldErrors: errors, formError: first, values }, { status: 400 });
  };
  const refused = (r: Refusal) => data<MembersActionData>({ intent, ok: false, target, ...refusalMessages(r), values }, { status: r.status });
  const done = (notice: string) => redirect(`/coalitions/${coalition.slug}/members?notice=${notice}`);
  const base = { coalitionId: coalition.id, actor };

  switch (intent) {
    case "approve": {
      const p = schemas.approveSchema.safeParse(values);
      if (!p.success) return invalid(p.error);
      const r = await approveJoinRequest({ ...base, requestId: p.data.requestId, role: p.data.role });
      return r.ok ? done("approved") : refused(r);
    }
    case "decline": {
      const p = schemas.declineSchema.safeParse(values);
      if (!p.success) return invalid(p.error);
      const r = await declineJoinRequest({ ...base, requestId: p.data.requestId, reason: p.data.reason! });
      return r.ok ? done("declined") : refused(r);
    }
    case "invite": {
      const p = schemas.inviteSchema.safeParse(values);
      if (!p.success) return invalid(p.error);
      const r = await createInvitation({ ...base, email: p.data.email, role: p.data.role, origin: context.appOrigin });
      if (!r.ok) return refused(r);
      return data<MembersActionData>({ intent, ok: true, created: { link: r.link, mailed: r.mailed, email: r.email, expiresAt: r.expiresAt } });
    }
    case "revoke": {
      const p = schemas.revokeSchema.safeParse(values);
      if (!p.success) return invalid(p.error);
      const r = await revokeInvitation({ ...base, invitationId: p.data.invitationId });
      return r.ok ? done("revoked") : refused(r);
    }
    case "change-role": {
      const p = schemas.changeRoleSchema.safeParse(values);
      if (!p.success) return invalid(p.error);
      const r = await changeMemberRole({ ...base, membershipId: p.data.membershipId, role: p.data.role });
      return r.ok ? done("role-changed") : refused(r);
    }
    case "remove": {
      const p = schemas.removeSchema.safeParse(values);
      if (!p.success) return invalid(p.error);
      const r = await removeMember({ ...base, membershipId: p.data.membershipId, reason: p.data.reason });
      return r.ok ? done("removed") : refused(r);
    }
    case "appoint": {
      const p = schemas.appointSchema.safeParse(values);
      if (!p.success) return invalid(p.error);
      const r = await appointCoordinator({ ...base, email: p.data.email });
      return r.ok ? done("appointed") : refused(r);
    }
  }
}

export default function MembersPage() {
  const { members, requests, invitations, audit, meId, manage, canAppoint, coordinatorCount } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const noticeId = !actionData ? NOTICES[params.get("notice") ?? ""] : undefined;
  const notice = noticeId ? t(noticeId) : undefined;
  const location = useLocation();
  const failed = actionData && !actionData.ok ? actionData : undefined;
  const rowError = failed && (failed.intent === "change-role" || failed.intent === "remove") ? failed : undefined;
  const requestError = failed && (failed.intent === "approve" || failed.intent === "decline") ? failed : undefined;
  const inviteState = {
    created: actionData?.intent === "invite" && actionData.ok ? actionData.created : undefined,
    ...(failed?.intent === "invite" ? { fieldErrors: failed.fieldErrors, formError: failed.fieldErrors ? undefined : failed.formError, values: failed.values } : {}),
    revokeError: failed?.intent === "revoke" ? failed : undefined,
  };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-xl font-semibold">
          {t("members.title")} <span className="text-base font-normal text-slate-500">({formatNumber(members.length)})</span>
        </h2>
        <p className="text-sm text-slate-500">
          {t("members.coordinatorCount", { count: coordinatorCount })}
        </p>
      </div>
      <FormAlert message={notice} tone="success" />
      {failed && !rowError && !requestError && failed.intent !== "invite" && failed.intent !== "revoke" && failed.intent !== "appoint" ? (
        <FormAlert message={failed.formError} />
      ) : null}
      {members.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">{t("members.empty")}</p>
      ) : (
        <MembersTable members={members} manage={manage} meId={meId} error={rowError} />
      )}
      {manage || canAppoint ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <div className="space-y-6">
            {requests ? <PendingRequests requests={requests} error={requestError} /> : null}
            {canAppoint ? (
              // A new key after each appointment: the field starts empty again (an uncontrolled input keeps its text across the redirect).
              <AppointForm key={params.get("notice") === "appointed" ? location.key : "appoint"} failed={failed?.intent === "appoint" ? failed : undefined} />
            ) : null}
          </div>
          <div className="space-y-6">{invitations ? <InvitationsPanel invitations={invitations} state={inviteState} /> : null}</div>
        </div>
      ) : null}
      {audit ? <AuditLog audit={audit} /> : null}
    </div>
  );
}

function AppointForm({ failed }: { failed?: MembersActionData }) {
  const t = useT();
  return (
    <Card id="appoint">
      <h2 className="text-lg font-semibold">{t("members.appoint.title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("members.appoint.intro")}</p>
      <Form method="post" className="mt-4 space-y-3" noValidate>
        <input type="hidden" name="intent" value="appoint" />
        {failed && !failed.fieldErrors ? <FormAlert message={failed.formError} /> : null}
        <TextField label={t("members.appoint.email")} name="email" type="email" autoComplete="off" defaultValue={String(failed?.values?.email ?? "")} error={failed?.fieldErrors?.email} required />
        <Button type="submit">{t("members.appoint.submit")}</Button>
      </Form>
    </Card>
  );
}
