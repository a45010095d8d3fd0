import { Form } from "@remix-run/react";
import type { SecurityActionData, TotpSetup } from "../../lib/second-factor-types";
import { useT } from "../../lib/i18n/react";
import { Button, Card, FormAlert, TextField } from "../form";
import { errorFor } from "./action-errors";

/** The authenticator app (TOTP): set up with a QR code and a first code, switched off with the password. */
export function TotpCard({ enabled, setup, answer }: { enabled: boolean; setup: TotpSetup | null; answer: SecurityActionData | undefined }) {
  const t = useT();
  return (
    <Card id="totp">
      <h3 className="text-lg font-semibold">{t("twofactor.totp.heading")}</h3>
      {enabled ? (
        <>
          <p className="mt-1 text-sm text-slate-700" data-testid="totp-status">
            {t("twofactor.totp.on")}
          </p>
          <Form method="post" className="mt-4 space-y-3" noValidate>
            <FormAlert message={errorFor(answer, "totp-disable", "form")} />
            <input type="hidden" name="intent" value="totp-disable" />
            <TextField
              label={t("security.field.password")}
              name="password"
              id="totp-disable-password"
              type="password"
              autoComplete="current-password"
              hint={t("security.reauthHint")}
              error={errorFor(answer, "totp-disable", "password")}
              required
            />
            <Button type="submit" variant="danger">
              {t("twofactor.totp.disable")}
            </Button>
          </Form>
        </>
      ) : setup ? (
        <>
          <p className="mt-1 text-sm text-slate-700">{t("twofactor.totp.scan")}</p>
          <div className="mt-4 flex flex-wrap items-start gap-6">
            <svg
              role="img"
              aria-label={t("twofactor.totp.qrLabel")}
              viewBox={`0 0 ${setup.qr.size} ${setup.qr.size}`}
              className="h-48 w-48 shrink-0"
              shapeRendering="crispEdges"
              data-testid="totp-qr"
            >
              <rect width={setup.qr.size} height={setup.qr.size} fill="#fff" />
              <path d={setup.qr.path} fill="#000" />
            </svg>
            <div className="min-w-0 flex-1">
              <p className="text-sm text-slate-700">{t("twofactor.totp.manual")}</p>
              <p className="mt-2 break-all rounded bg-slate-100 px-3 py-2 font-mono text-sm" dir="ltr" data-testid="totp-secret">
                {setup.secret}
              </p>
            </div>
          </div>
          <Form method="post" className="mt-4 space-y-3" noValidate>
            <FormAlert message={errorFor(answer, "totp-enable", "form")} />
            <TextField
              label={t("twofactor.field.code")}
              name="code"
              id="totp-enable-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              dir="ltr"
              error={errorFor(answer, "totp-enable", "code")}
              required
            />
            <div className="flex flex-wrap gap-3">
              {/* The first submit button: Enter in the code field turns it on. */}
              <Button type="submit" name="intent" value="totp-enable">
                {t("twofactor.totp.enable")}
              </Button>
              <Button type="submit" variant="secondary" name="intent" value="totp-cancel" formNoValidate>
                {t("twofactor.totp.cancel")}
              </Button>
            </div>
          </Form>
        </>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-700">{t("twofactor.totp.off")}</p>
          <Form method="post" className="mt-4" noValidate>
            <FormAlert message={errorFor(answer, "totp-begin", "form")} />
            <input type="hidden" name="intent" value="totp-begin" />
            <Button type="submit" variant="secondary">
              {t("twofactor.totp.begin")}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}
