import type { RequestUser } from "../../load-context";
import { cancelTotpSetup, disableTotp, enableTotp, newRecoveryCodes, removePasskey, startTotpSetup, type SecondFactorActionResult } from "./second-factor.server";

// The second-factor forms of /settings/security, by their `intent` field. The route composes this
// table with the other sections' tables and dispatches on `intent`.

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

export const SECOND_FACTOR_INTENTS: Record<string, (user: RequestUser, form: FormData) => Promise<SecondFactorActionResult>> = {
  "totp-begin": (user) => startTotpSetup(user),
  "totp-cancel": (user) => cancelTotpSetup(user.id),
  "totp-enable": (user, form) => enableTotp(user.id, text(form, "code")),
  "totp-disable": (user, form) => disableTotp(user.id, text(form, "password")),
  "passkey-remove": (user, form) => removePasskey(user.id, text(form, "passkeyId"), text(form, "password")),
  "recovery-regenerate": (user) => newRecoveryCodes(user.id),
};
