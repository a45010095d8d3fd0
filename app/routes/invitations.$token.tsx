import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { Button, FormAlert } from "../components/form";
import { formatDate, ROLE_LABEL, roleBadgeClass } from "../components/membership/format";
import { requireUser } from "../models/access.server";
import { acceptInvitation, viewInvitation } from "../models/invitations.server";
import type { CoalitionRole } from "../../common/roles";

export const meta: MetaFunction = () => [{ title: "Invitation · Coalition Workspace" }, { name: "referrer", content: "no-referrer" }];

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

const ROLE_TEXT: Record<CoalitionRole, string> = {
  coordinator: "manage the membership, publish outputs and moderate threads",
  member: "co-edit documents, start threads and post",
  observer: "follow the documents live and read the outputs and threads",
};

export default function InvitationPage() {
  const { view, here } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";

  if (view.state === "unusable") {
    return (
      <AuthCard title={view.refusal.status === 404 ? "Invitation not found" : "This invitation can no longer be used"}>
        <p className="text-sm text-slate-700" data-testid="invitation-problem">
          {view.refusal.message}
        </p>
        {view.acceptedByViewer && view.coalition ? (
          <p className="mt-4 text-sm">
            You accepted it already: <Link to={`/coalitions/${view.coalition.slug}`}>go to {view.coalition.name}</Link>.
          </p>
        ) : (
          <p className="mt-4 text-sm">
            <Link to="/">Browse the coalition directory</Link>
          </p>
        )}
      </AuthCard>
    );
  }

  const redirectTo = encodeURIComponent(here);
  return (
    <AuthCard title={`Join ${view.coalition.name}`} subtitle={view.invitedBy ? `${view.invitedBy} invites you to the coalition.` : "You are invited to the coalition."}>
      <div className="space-y-4 text-sm text-slate-700">
        <p className="line-clamp-4 text-slate-600">{view.coalition.description}</p>
        <dl className="grid grid-cols-3 gap-2 rounded-md bg-slate-50 p-3">
          <dt className="font-medium text-slate-500">Role</dt>
          <dd className="col-span-2">
            <span className={roleBadgeClass(view.role)} data-testid="invited-role">
              {ROLE_LABEL[view.role]}
            </span>
            <span className="mt-1 block text-xs text-slate-500">You will {ROLE_TEXT[view.role]}.</span>
          </dd>
          <dt className="font-medium text-slate-500">For</dt>
          <dd className="col-span-2 break-all">{view.email}</dd>
          <dt className="font-medium text-slate-500">Valid until</dt>
          <dd className="col-span-2">{formatDate(view.expiresAt)}</dd>
        </dl>
        <FormAlert message={actionData?.formError} />
        {view.viewer === "anonymous" ? (
          <>
            <p>To accept, create an account with <strong className="break-all">{view.email}</strong>, or log in if you have one. You will come back here.</p>
            <div className="flex flex-col gap-2 sm:flex-row">
              <Link to={`/signup?redirectTo=${redirectTo}`} className="flex-1 rounded-md bg-brand-700 px-4 py-2 text-center font-semibold text-white no-underline hover:bg-brand-800">
                Sign up
              </Link>
              <Link to={`/login?redirectTo=${redirectTo}`} className="flex-1 rounded-md border border-slate-300 bg-white px-4 py-2 text-center font-semibold text-slate-800 no-underline hover:bg-slate-50">
                Log in
              </Link>
            </div>
          </>
        ) : view.viewer === "other-email" ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-red-800" data-testid="wrong-account">
            <p className="font-medium">This invitation is for another email address.</p>
            <p className="mt-1">
              You are signed in as <span className="break-all">{view.viewerEmail}</span>, but the invitation was sent to{" "}
              <span className="break-all">{view.email}</span>. Log out, then open this link again and sign in with the invited address.
            </p>
            <Form method="post" action="/logout" className="mt-3">
              <Button type="submit" variant="secondary">
                Log out
              </Button>
            </Form>
          </div>
        ) : (
          <Form method="post">
            {view.currentRole ? (
              <p className="mb-3">You are already a {ROLE_LABEL[view.currentRole].toLowerCase()} of this coalition; accepting keeps the higher of the two roles.</p>
            ) : null}
            <Button type="submit" className="w-full" disabled={busy}>
              {`Accept and join as ${view.role}`}
            </Button>
          </Form>
        )}
      </div>
    </AuthCard>
  );
}
