import { Form } from "@remix-run/react";
import { useState } from "react";
import type { PasskeyView, SecurityActionData } from "../../lib/second-factor-types";
import { useT } from "../../lib/i18n/react";
import { Button, Card, FormAlert, TextField } from "../form";
import { Time } from "../time";
import { addPasskey } from "./passkey-client";
import { errorFor } from "./action-errors";

/** The account's passkeys: named, listed, removed (with the password); added through the browser. */
export function PasskeysCard({ passkeys, answer }: { passkeys: PasskeyView[]; answer: SecurityActionData | undefined }) {
  const t = useT();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const failedId = answer && "values" in answer && answer.intent === "passkey-remove" ? answer.values.passkeyId : null;

  async function add() {
    if (!name.trim()) {
      setError(t("passkeys.error.name"));
      return;
    }
    setBusy(true);
    setError(null);
    const outcome = await addPasskey(name.trim());
    if (outcome.ok) {
      window.location.assign("/settings/security?notice=passkeyAdded");
      return;
    }
    setBusy(false);
    setError(outcome.message ?? t(outcome.reason === "unsupported" ? "passkeys.error.unsupported" : "passkeys.error.cancelled"));
  }

  return (
    <Card id="passkeys">
      <h3 className="text-lg font-semibold">{t("passkeys.heading")}</h3>
      <p className="mt-1 text-sm text-slate-700">{t("passkeys.intro")}</p>
      {passkeys.length ? (
        <ul className="mt-4 divide-y divide-slate-100" data-testid="passkey-list">
          {passkeys.map((p) => (
            <li key={p.id} className="py-3">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-medium">{p.name}</span>
                <span className="text-xs text-slate-600">
                  {t("passkeys.added")} <Time iso={p.createdAt} date />
                  {p.lastUsedAt ? (
                    <>
                      {" · "}
                      {t("passkeys.lastUsed")} <Time iso={p.lastUsedAt} />
                    </>
                  ) : null}
                </span>
              </div>
              <details className="mt-2" open={failedId === p.id}>
                <summary className="cursor-pointer text-sm text-red-700">{t("passkeys.remove", { name: p.name })}</summary>
                <Form method="post" className="mt-2 space-y-3" noValidate>
                  <FormAlert message={failedId === p.id ? errorFor(answer, "passkey-remove", "form") : undefined} />
                  <input type="hidden" name="intent" value="passkey-remove" />
                  <input type="hidden" name="passkeyId" value={p.id} />
                  <TextField
                    label={t("security.field.password")}
                    name="password"
                    id={`passkey-remove-password-${p.id}`}
                    type="password"
                    autoComplete="current-password"
                    hint={t("security.reauthHint")}
                    error={failedId === p.id ? errorFor(answer, "passkey-remove", "password") : undefined}
                    required
                  />
                  <Button type="submit" variant="danger">
                    {t("passkeys.removeConfirm")}
                  </Button>
                </Form>
              </details>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-sm text-slate-600">{t("passkeys.none")}</p>
      )}
      <div className="mt-4 space-y-3 border-t border-slate-100 pt-4">
        <FormAlert message={error} />
        <TextField
          label={t("passkeys.field.name")}
          name="passkeyName"
          id="passkey-name"
          hint={t("passkeys.field.nameHint")}
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Button type="button" onClick={() => void add()} disabled={busy} data-testid="passkey-add">
          {busy ? t("passkeys.adding") : t("passkeys.add")}
        </Button>
      </div>
    </Card>
  );
}
