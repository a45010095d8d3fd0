import type { SecondFactorSectionData, SecurityActionData } from "../../lib/second-factor-types";
import { useT } from "../../lib/i18n/react";
import { PasskeysCard } from "./passkeys-card";
import { RecoveryCodesCard } from "./recovery-codes-card";
import { TotpCard } from "./totp-card";

/** /settings/security's second factors: passkeys, an authenticator app (TOTP) and recovery codes. */
export function SecondFactorSection({ data, answer }: { data: SecondFactorSectionData; answer: SecurityActionData | undefined }) {
  const t = useT();
  const codes = answer && "recoveryCodes" in answer ? answer.recoveryCodes : null;
  const hasFactor = data.totpEnabled || data.passkeys.length > 0;
  return (
    <section aria-labelledby="second-factor-heading" className="space-y-4">
      <div>
        <h2 id="second-factor-heading" className="text-xl font-semibold">
          {t("twofactor.heading")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{hasFactor ? t("twofactor.statusOn") : t("twofactor.statusOff")}</p>
      </div>
      <PasskeysCard passkeys={data.passkeys} answer={answer} />
      <TotpCard enabled={data.totpEnabled} setup={data.totpSetup} answer={answer} />
      {hasFactor || codes ? <RecoveryCodesCard left={data.recoveryCodesLeft} codes={codes} answer={answer} /> : null}
    </section>
  );
}
