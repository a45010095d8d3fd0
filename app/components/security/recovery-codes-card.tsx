import { Form } from "@remix-run/react";
import type { SecurityActionData } from "../../lib/second-factor-types";
import { useT } from "../../lib/i18n/react";
import { Button, Card, FormAlert } from "../form";
import { errorFor } from "./action-errors";

/** Recovery codes: how many are left, the new ones shown once, and "generate new codes". */
export function RecoveryCodesCard({ left, codes, answer }: { left: number; codes: string[] | null; answer: SecurityActionData | undefined }) {
  const t = useT();
  return (
    <Card id="recovery-codes">
      <h3 className="text-lg font-semibold">{t("twofactor.recovery.heading")}</h3>
      {codes ? (
        <div className="mt-3" data-testid="recovery-codes">
          <FormAlert tone="info" message={t("twofactor.recovery.showOnce")} />
          <ol className="mt-3 grid grid-cols-2 gap-2 font-mono text-sm" dir="ltr">
            {codes.map((code) => (
              <li key={code} className="rounded bg-slate-100 px-3 py-1">
                {code}
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <p className="mt-1 text-sm text-slate-700" data-testid="recovery-left">
          {t("twofactor.recovery.left", { count: left })}
        </p>
      )}
      <Form method="post" className="mt-4" noValidate>
        <FormAlert message={errorFor(answer, "recovery-regenerate", "form")} />
        <input type="hidden" name="intent" value="recovery-regenerate" />
        <p className="mb-2 text-xs text-slate-600">{t("twofactor.recovery.regenerateHint")}</p>
        <Button type="submit" variant="secondary">
          {t("twofactor.recovery.regenerate")}
        </Button>
      </Form>
    </Card>
  );
}
