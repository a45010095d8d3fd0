import { Form, Link } from "@remix-run/react";
import { useT } from "../../lib/i18n/react";

export interface MembershipButtonState {
  slug: string;
  policy: "open" | "approval" | "invitation";
  signedIn: boolean;
  isMember: boolean;
  canJoin: boolean;
  canLeave: boolean;
  pendingRequest: boolean;
  archived: boolean;
  /** A site administrator's way in: appoint a coordinator (rather than ask to join). */
  canAppoint: boolean;
}

const primary = "inline-flex w-full items-center justify-center rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white no-underline shadow-sm hover:bg-brand-800 hover:no-underline";
const secondary =
  "inline-flex w-full items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 no-underline shadow-sm hover:bg-slate-50 hover:no-underline";

/** Join / Request to join / Leave, as the viewer's situation allows (rules come from the loader). */
export function MembershipButton({ state }: { state: MembershipButtonState }) {
  const t = useT();
  const join = `/coalitions/${state.slug}/join`;
  if (state.isMember) {
    return state.canLeave ? (
      <Form method="post" action={join}>
        <input type="hidden" name="intent" value="leave" />
        <button type="submit" className={`${secondary} text-red-700`} data-testid="leave-button">
          {t("join.leave.submit")}
        </button>
      </Form>
    ) : null;
  }
  if (state.archived) return <p className="text-sm text-slate-600">{t("join.button.archived")}</p>;
  if (state.canAppoint) {
    return (
      <div className="space-y-2">
        <p className="text-sm text-slate-600">{t("join.button.siteAdmin")}</p>
        <Link to={`/coalitions/${state.slug}/members#appoint`} className={primary} data-testid="appoint-link">
          {t("members.appoint.title")}
        </Link>
      </div>
    );
  }
  if (state.policy === "invitation") return <p className="text-sm text-slate-600">{t("join.button.invitationOnly")}</p>;
  if (!state.signedIn) {
    return (
      <Link to={join} className={primary}>
        {state.policy === "open" ? t("join.button.join") : t("join.button.request")}
      </Link>
    );
  }
  if (!state.canJoin) return null;
  if (state.pendingRequest) {
    return (
      <Link to={join} className={secondary} data-testid="join-button">
        {t("join.button.pending")}
      </Link>
    );
  }
  return (
    <Link to={join} className={primary} data-testid="join-button">
      {state.policy === "open" ? t("join.button.join") : t("join.button.request")}
    </Link>
  );
}
