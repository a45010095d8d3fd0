import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DEVICE_COOKIE } from "../models/device-cookie.server";
import { PENDING_COOKIE } from "../models/security/pending-login.server";
import { SESSION_COOKIE } from "../models/auth.server";
import { LANG_COOKIE } from "../lib/i18n/request-locale.server";
import { TIME_ZONE_COOKIE } from "../lib/time-zones";
import { t as translate, type MessageId } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";

// The privacy notice and cookie facts (issue 27). The cookie table lists every cookie the code
// sets (grep for Set-Cookie and document.cookie): the session, the sign-in device cookie, the
// language and the time zone. Nothing else: no analytics, no advertising, no third parties.

export const meta: MetaFunction = () => [{ title: `${translate("privacy.title")} · ${translate("site.name")}` }];

export async function loader() {
  return {
    cookies: [
      { name: SESSION_COOKIE, purpose: "privacy.cookie.session.purpose", lifetime: "privacy.cookie.session.lifetime" },
      { name: DEVICE_COOKIE, purpose: "privacy.cookie.device.purpose", lifetime: "privacy.cookie.device.lifetime" },
      { name: PENDING_COOKIE, purpose: "privacy.cookie.pending.purpose", lifetime: "privacy.cookie.pending.lifetime" },
      { name: LANG_COOKIE, purpose: "privacy.cookie.lang.purpose", lifetime: "privacy.cookie.lang.lifetime" },
      { name: TIME_ZONE_COOKIE, purpose: "privacy.cookie.tz.purpose", lifetime: "privacy.cookie.tz.lifetime" },
    ] satisfies Array<{ name: string; purpose: MessageId; lifetime: MessageId }>,
  };
}

const KEPT: MessageId[] = ["privacy.kept.account", "privacy.kept.sessions", "privacy.kept.writing", "privacy.kept.throttle", "privacy.kept.audit", "privacy.kept.mail"];

export default function Privacy() {
  const t = useT();
  const { cookies } = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-3xl" data-testid="privacy-notice">
      <h1 className="text-3xl font-semibold tracking-tight">{t("privacy.title")}</h1>
      <p className="mt-3 leading-relaxed text-slate-700">{t("privacy.intro")}</p>

      <section aria-labelledby="no-tracking" className="mt-8">
        <h2 id="no-tracking" className="text-xl font-semibold">
          {t("privacy.noTracking.heading")}
        </h2>
        <p className="mt-3 leading-relaxed text-slate-800">{t("privacy.noTracking.body")}</p>
      </section>

      <section aria-labelledby="cookies" className="mt-8">
        <h2 id="cookies" className="text-xl font-semibold">
          {t("privacy.cookies.heading")}
        </h2>
        <p className="mt-3 leading-relaxed text-slate-800">{t("privacy.cookies.intro")}</p>
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-start text-sm" data-testid="cookie-table">
            <caption className="sr-only">{t("privacy.cookies.heading")}</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pe-3 text-start font-semibold">
                  {t("privacy.cookies.name")}
                </th>
                <th scope="col" className="py-2 pe-3 text-start font-semibold">
                  {t("privacy.cookies.purpose")}
                </th>
                <th scope="col" className="py-2 text-start font-semibold">
                  {t("privacy.cookies.lifetime")}
                </th>
              </tr>
            </thead>
            <tbody>
              {cookies.map((c) => (
                <tr key={c.name} className="border-b border-slate-200 align-top" data-testid="cookie-row">
                  <th scope="row" className="py-2 pe-3 text-start font-mono font-medium">
                    <bdi dir="ltr">{c.name}</bdi>
                  </th>
                  <td className="py-2 pe-3">{t(c.purpose)}</td>
                  <td className="py-2">{t(c.lifetime)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-3 leading-relaxed text-slate-800">{t("privacy.cookies.storage")}</p>
      </section>

      <section aria-labelledby="kept" className="mt-8">
        <h2 id="kept" className="text-xl font-semibold">
          {t("privacy.kept.heading")}
        </h2>
        <ul className="mt-3 list-disc space-y-2 ps-6 leading-relaxed text-slate-800">
          {KEPT.map((id) => (
            <li key={id}>{t(id)}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="choices" className="mt-8">
        <h2 id="choices" className="text-xl font-semibold">
          {t("privacy.choices.heading")}
        </h2>
        <ul className="mt-3 list-disc space-y-2 ps-6 leading-relaxed text-slate-800">
          <li>
            <Link to="/settings/security#sessions">{t("privacy.choices.sessions")}</Link>
          </li>
          <li>
            <Link to="/settings/data">{t("privacy.choices.export")}</Link>
          </li>
          <li>
            <Link to="/settings/security#delete-account">{t("privacy.choices.delete")}</Link>
          </li>
        </ul>
      </section>
    </article>
  );
}
