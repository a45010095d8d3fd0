import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { Button, FormAlert } from "../components/form";
import { roleBadgeClass } from "../components/membership/format";
import { Time } from "../components/time";
import { t, type MessageId } from "../lib/i18n/messages";
import { FormattedMessage, useT } from "../lib/i18n/react";
import { requireUser } from "../models/access.server";
import { acceptInvitation, viewInvitation } from "../models/invitations.server";
import type { CoalitionRole } from "../../common/roles";

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("invitation.pageTitle") }) }, { name: "referrer", content: "no-referrer" }];

// The token is in the URL: keep the page out of caches and its address out of Referer headers.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const view = await viewInvitation(params.token ?? "", context.user);
  const here = new URL(request.url).pathname;
  const status = view.refusal?.status ?? 200;
  return data({ view, here }, { status });
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const result = await acceptInvitation(params.token ?? "", user);
  if (!result.ok) return data({ formError: result.message }, { status: result.status });
  return redirect(`/coalitions/${result.slug}`);
}

/** What each role lets the invited person do, as one sentence. */
const roleTextId = (role: CoalitionRole) => `invitation.roleText.${role}` as MessageId;
const roleNameId = (role: CoalitionRole) => `roles.${role}` as MessageId;

export default function InvitationPage() {
  const { view, here } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();

  if (view.state === "unusable") {
    return (
      <AuthCard title={view.refusal.status === 404 ? t("invitation.notFound") : t("invitation.unusable")}>
        <p className="text-sm text-slate-700" data-testid="invitation-problem">
          {view.refusal.message}
        </p>
        {view.acceptedByViewer && view.coalition ? (
          <p className="mt-4 text-sm">
            <FormattedMessage
              id="invitation.acceptedAlready"
              values={{ coalition: view.coalition.name, link: (chunks) => <Link to={`/coalitions/${view.coalition!.slug}`}>{chunks}</Link> }}
            />
          </p>
        ) : (
          <p className="mt-4 text-sm">
            <Link to="/">{t("invitation.browse")}</Link>
          </p>
        )}
      </AuthCard>
    );
  }

  const redirectTo = encodeURIComponent(here);
  return (
    <AuthCard
      title={t("invitation.title", { coalition: view.coalition.name })}
      subtitle={view.invitedBy ? t("invitation.invitedBy", { name: view.invitedBy }) : t("invitation.invited")}
    >
      <div className="space-y-4 text-sm text-slate-700">
        <p className="line-clamp-4 text-slate-600" dir="auto">{view.coalition.description}</p>
        <dl className="grid grid-cols-3 gap-2 rounded-md bg-slate-50 p-3">
          <dt className="font-medium text-slate-500">{t("invitation.role")}</dt>
          <dd className="col-span-2">
            <span className={roleBadgeClass(view.role)} data-testid="invited-role">
              {t(roleNameId(view.role))}
            </span>
            <span className="mt-1 block text-xs text-slate-500">{t(roleTextId(view.role))}</span>
          </dd>
          <dt className="font-medium text-slate-500">{t("invitation.for")}</dt>
          <dd className="col-span-2 break-all" dir="ltr">{view.email}</dd>
          <dt className="font-medium text-slate-500">{t("invitation.validUntil")}</dt>
          <dd className="col-span-2">
            <Time iso={view.expiresAt} date />
          </dd>
        </dl>
        <FormAlert message={actionData?.formError} />
        {view.viewer === "anonymous" ? (
          <>
            <p>
              <FormattedMessage id="invitation.anonymous" values={{ email: view.email, strong: (chunks) => <strong className="break-all">{chunks}</strong> }} />
            </p>
            <div className="flex flex-col gap-2 sm:flex-row">
              <Link to={`/signup?redirectTo=${redirectTo}`} className="flex-1 rounded-md bg-brand-700 px-4 py-2 text-center font-semibold text-white no-underline hover:bg-brand-800">
                {t("invitation.signUp")}
              </Link>
              <Link to={`/login?redirectTo=${redirectTo}`} className="flex-1 rounded-md border border-slate-300 bg-white px-4 py-2 text-center font-semibold text-slate-800 no-underline hover:bg-slate-50">
                {t("invitation.logIn")}
              </Link>
            </div>
          </>
        ) : view.viewer === "other-email" ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-800" data-testid="wrong-account">
            <p className="font-medium">{t("invitation.otherEmail.title")}</p>
            <p className="mt-1">
              <FormattedMessage
                id="invitation.otherEmail.body"
                values={{
                  viewerEmail: view.viewerEmail,
                  email: view.email,
                  address: (chunks) => <span className="break-all">{chunks}</span>,
                }}
              />
            </p>
            <Form method="post" action="/logout" className="mt-3">
              <Button type="submit" variant="secondary">
                {t("invitation.logOut")}
              </Button>
            </Form>
          </div>
        ) : (
          <Form method="post">
            {view.currentRole ? (
              <p className="mb-3">{t("invitation.alreadyMember", { role: view.currentRole })}</p>
            ) : null}
            <Button type="submit" className="w-full" disabled={busy}>
              {t("invitation.accept", { role: view.role })}
            </Button>
          </Form>
        )}
      </div>
    </AuthCard>
  );
}
