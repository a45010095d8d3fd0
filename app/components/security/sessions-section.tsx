import { Form } from "@remix-run/react";
import { useT } from "../../lib/i18n/react";
import { Button, Card } from "../form";
import { Time } from "../time";

/** One session as the page shows it (app/models/account-sessions.server.ts SessionView). */
export interface SessionItem {
  ref: string;
  current: boolean;
  device: { browser: string | null; os: string | null; kind: string | null };
  networkHint: string | null;
  createdAt: string;
  lastUsedAt: string;
}

/** /settings/security: the account's sessions, each with "sign out", and "sign out everywhere else". */
export function SessionsSection({ sessions, busy }: { sessions: SessionItem[]; busy: boolean }) {
  const t = useT();
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Card className="mt-6" id="sessions">
      <h2 className="text-lg font-semibold">{t("sessions.heading")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("sessions.intro")}</p>
      <ul className="mt-4 divide-y divide-slate-200" data-testid="sessions-list">
        {sessions.map((s) => {
          const device = [s.device.browser, s.device.os].filter(Boolean).join(" · ") || t("sessions.unknownDevice");
          return (
            <li key={s.ref} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="session-item" data-current={s.current ? "yes" : "no"}>
              <div className="min-w-0">
                <p className="font-medium text-slate-900">
                  <bdi dir="ltr">{device}</bdi>
                  {s.current ? <span className="ms-2 rounded bg-green-50 px-2 py-0.5 text-xs font-semibold text-green-800">{t("sessions.thisDevice")}</span> : null}
                </p>
                <p className="text-sm text-slate-600">
                  {t("sessions.lastUsed")} <Time iso={s.lastUsedAt} />
                  {s.networkHint ? (
                    <>
                      {" · "}
                      {t("sessions.network")} <bdi dir="ltr">{s.networkHint}</bdi>
                    </>
                  ) : null}
                </p>
                <p className="text-xs text-slate-500">
                  {t("sessions.signedIn")} <Time iso={s.createdAt} />
                </p>
              </div>
              {s.current ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="sign-out-session" />
                  <input type="hidden" name="session" value={s.ref} />
                  <Button type="submit" variant="secondary" disabled={busy} aria-label={t("sessions.signOutLabel", { device })}>
                    {t("sessions.signOut")}
                  </Button>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
      {others > 0 ? (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="sign-out-others" />
          <Button type="submit" variant="danger" disabled={busy}>
            {t("sessions.signOutOthers", { count: others })}
          </Button>
        </Form>
      ) : (
        <p className="mt-4 text-sm text-slate-600">{t("sessions.onlyThis")}</p>
      )}
    </Card>
  );
}
