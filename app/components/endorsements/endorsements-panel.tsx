import { Form, useActionData, useNavigation } from "@remix-run/react";
import { isEndorsementAnswer, type EndorsementPanelData } from "../../lib/endorsement-view";
import { useT } from "../../lib/i18n/react";
import { Button, FormAlert } from "../form";
import { EndorseForm } from "./endorse-form";
import { EndorsementList } from "./endorsement-list";

/**
 * The output page's endorsements (issue 24): how many, "k of m endorsers re-confirmed" on a newer
 * version, the viewer's own endorsement (withdraw, re-confirm or endorse), the list of endorsers
 * filterable by stakeholder group (a GET form: works without JavaScript) and the exports.
 */
export function EndorsementsPanel({ data }: { data: EndorsementPanelData }) {
  const t = useT();
  const raw = useActionData();
  const answer = isEndorsementAnswer(raw) ? raw : undefined;
  const busy = useNavigation().state !== "idle";
  const n = data.versionNumber;
  return (
    <section id="endorsements" aria-labelledby="endorsements-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:px-10 lg:col-start-1" data-testid="endorsements">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="endorsements-heading" className="text-lg font-semibold tracking-tight">
          {t("endorsements.heading")}
        </h2>
        <p className="text-sm text-slate-600" data-testid="endorsements-total">
          {t("endorsements.total", { count: data.total })}
        </p>
      </div>
      {data.reconfirm ? (
        <p className="mt-2 text-sm text-slate-700" data-testid="endorsements-reconfirmed">
          <span className="font-semibold">{t("endorsements.reconfirmedCount", { reconfirmed: data.reconfirm.reconfirmed, endorsers: data.reconfirm.endorsers })}</span>{" "}
          <span className="text-slate-500">{t("endorsements.reconfirmedOf", { previous: data.reconfirm.previousNumber })}</span>
        </p>
      ) : null}
      {answer?.ok ? (
        <div className="mt-3">
          <FormAlert tone="success" message={answer.message} />
        </div>
      ) : null}
      {answer && !answer.ok && answer.action !== "endorse" ? (
        <div className="mt-3">
          <FormAlert message={answer.message} />
        </div>
      ) : null}
      {data.mine ? (
        <Form method="post" className="mt-4 flex flex-wrap items-center gap-3 rounded-md border border-green-200 bg-green-50 px-3 py-2" data-testid="my-endorsement">
          <p className="flex-1 text-sm text-green-950">
            {data.mine.organisation ? t("endorsements.mine.organisation", { organisation: data.mine.organisation, number: n }) : t("endorsements.mine.self", { number: n })}
          </p>
          {data.canWithdraw ? (
            <Button type="submit" name="intent" value="endorse-withdraw" variant="danger" disabled={busy}>
              {t("endorsements.withdraw")}
            </Button>
          ) : null}
        </Form>
      ) : null}
      {data.canReconfirm ? (
        <Form method="post" className="mt-4 space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3" data-testid="reconfirm">
          <p className="text-sm text-amber-950">{t("endorsements.reconfirm.ask", { previous: data.reconfirm?.previousNumber ?? n - 1, number: n })}</p>
          <Button type="submit" name="intent" value="endorse-reconfirm" disabled={busy}>
            {t("endorsements.reconfirm.button", { number: n })}
          </Button>
        </Form>
      ) : null}
      {data.canEndorse ? <EndorseForm data={data} answer={answer?.action === "endorse" ? answer : undefined} busy={busy} /> : null}
      {!data.signedIn ? (
        <p className="mt-4 text-sm">
          <a href={data.loginHref}>{t("endorsements.signInToEndorse")}</a>
        </p>
      ) : null}
      <EndorsementList data={data} busy={busy} />
    </section>
  );
}
