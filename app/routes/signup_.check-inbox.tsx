import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";

// Where every accepted sign-up lands, whether or not the address already had an account: the
// page says nothing about the address (issue 22).
export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("signup.verifySent.title") }) }];

export default function CheckInbox() {
  const t = useT();
  return (
    <AuthCard title={t("signup.verifySent.title")}>
      <div className="space-y-3 text-sm text-slate-700">
        <p>{t("signup.verifySent.body")}</p>
        <p>{t("signup.verifySent.later")}</p>
        <p>
          <Link to="/login" className="font-medium">
            {t("login.title")}
          </Link>
        </p>
      </div>
    </AuthCard>
  );
}
