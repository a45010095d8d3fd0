import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Button, FormAlert } from "../form";
import { useT } from "../../lib/i18n/react";

type Answer = { ok: boolean; confirm: string | null; checkpointId: string | null; message: string | null };

/** "Restore as a new edit" for a timeline point: asks in words first, then offers "Undo restore". */
export function TimelineRestore(props: { cancelTo: string }) {
  const t = useT();
  const result = useActionData<Answer>();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="restore-heading">
      <h2 id="restore-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
        {t("timeline.restore.heading")}
      </h2>
      <p className="mt-1 text-xs text-slate-600">{t("timeline.restore.explain")}</p>
      {result?.message ? (
        <div className="mt-2" data-testid="restore-result">
          <FormAlert tone={result.ok ? "success" : "error"} message={result.message} />
        </div>
      ) : null}
      {result?.ok && result.checkpointId ? (
        <Form method="post" className="mt-2">
          <input type="hidden" name="intent" value="undo-restore" />
          <input type="hidden" name="checkpoint" value={result.checkpointId} />
          <Button type="submit" variant="secondary" className="w-full" disabled={busy}>
            {t("timeline.restore.undo")}
          </Button>
        </Form>
      ) : null}
      {result?.confirm ? (
        <Form method="post" className="mt-3 space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3" data-testid="restore-confirm">
          <p className="text-sm text-amber-950">{result.confirm}</p>
          <input type="hidden" name="intent" value="restore" />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" name="confirm" value="yes" className="flex-1" disabled={busy}>
              {t("timeline.restore.confirm")}
            </Button>
            <Link to={props.cancelTo} className="inline-flex items-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 no-underline shadow-sm hover:bg-slate-50">
              {t("timeline.restore.cancel")}
            </Link>
          </div>
        </Form>
      ) : (
        <Form method="post" className="mt-3">
          <Button type="submit" name="intent" value="restore" variant="secondary" className="w-full" disabled={busy}>
            {t("timeline.restore.button")}
          </Button>
        </Form>
      )}
    </section>
  );
}
