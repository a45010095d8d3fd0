import { useState } from "react";
import { useT } from "../../lib/i18n/react";
import { Button, FormAlert } from "../form";
import { signInWithPasskey } from "./passkey-client";

/** "Sign in with a passkey": on /login (password-less) and on the second step (as the second factor). */
export function PasskeySignIn({ mode, redirectTo, label }: { mode: "passwordless" | "second"; redirectTo: string; label: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run() {
    setBusy(true);
    setError(null);
    const outcome = await signInWithPasskey(mode, redirectTo);
    if (outcome.ok) {
      window.location.assign(outcome.redirectTo ?? "/");
      return;
    }
    setBusy(false);
    setError(outcome.message ?? t(outcome.reason === "unsupported" ? "passkeys.error.unsupported" : "passkeys.error.cancelled"));
  }
  return (
    <div className="space-y-3">
      <FormAlert message={error} />
      <Button type="button" variant="secondary" className="w-full" onClick={() => void run()} disabled={busy} data-testid={`passkey-${mode}`}>
        {busy ? t("passkeys.signIn.busy") : label}
      </Button>
    </div>
  );
}
