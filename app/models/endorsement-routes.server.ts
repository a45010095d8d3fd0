import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { EndorsementAnswer } from "../lib/endorsement-view";
import { t } from "../lib/i18n/messages";
import { requireCoalitionAccess, requireUser } from "./access.server";
import { endorseVersion, reconfirmEndorsement, verifyEndorsement, withdrawEndorsement, type EndorsementRefusal } from "./endorsements.server";
import { endorsementsCsv, endorsementsJson, groupFilter } from "./endorsement-views.server";
import { downloadResponse } from "./exports.server";
import { requireVersion } from "./versions.server";

// The endorsement part of the output page's action and the two exports' loaders (issue 24), so
// that the version route only hands endorsement intents over. Visitors are sent to sign in;
// people who may not see the version get 404 (as for the page); other refusals are answered
// with their status and message, and the form's values are kept.

export const ENDORSEMENT_INTENTS = ["endorse", "endorse-reconfirm", "endorse-withdraw", "endorse-verify", "endorse-unverify"] as const;
export type EndorsementIntent = (typeof ENDORSEMENT_INTENTS)[number];

export function isEndorsementIntent(value: unknown): value is EndorsementIntent {
  return typeof value === "string" && (ENDORSEMENT_INTENTS as readonly string[]).includes(value);
}

const VALUE_KEYS = ["as", "organisation", "stakeholder_group", "region"] as const;

export async function endorsementAction({ context, request, params }: Pick<ActionFunctionArgs, "context" | "request" | "params">, form: FormData, intent: EndorsementIntent) {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:read");
  const version = await requireVersion(access.coalition.id, params.versionId);
  const values = Object.fromEntries(VALUE_KEYS.map((k) => [k, String(form.get(k) ?? "")]));
  let done: { ok: true } | EndorsementRefusal;
  let success: string;
  switch (intent) {
    case "endorse":
      done = await endorseVersion(access, version, values);
      success = t("endorsements.done.endorsed", { number: version.number });
      break;
    case "endorse-reconfirm":
      done = await reconfirmEndorsement(access, version);
      success = t("endorsements.done.reconfirmed", { number: version.number });
      break;
    case "endorse-withdraw":
      done = await withdrawEndorsement(access, version);
      success = t("endorsements.done.withdrawn");
      break;
    case "endorse-verify":
    case "endorse-unverify":
      done = await verifyEndorsement(access, version, String(form.get("endorsement") ?? ""), intent === "endorse-verify");
      success = intent === "endorse-verify" ? t("endorsements.done.verified") : t("endorsements.done.unverified");
      break;
  }
  if (!done.ok) {
    // A visitor is sent to sign in (and comes back to the page).
    if (!access.user) requireUser(context, request);
    const answer: EndorsementAnswer = { intent: "endorsement", action: intent, ok: false, message: done.message, fieldErrors: done.fieldErrors ?? {}, values };
    return data(answer, { status: done.status });
  }
  const answer: EndorsementAnswer = { intent: "endorsement", action: intent, ok: true, message: success, fieldErrors: {}, values: {} };
  return data(answer);
}

/** `/coalitions/:slug/outputs/:versionId/endorsements.csv` and `.json`: whoever may read the version (404 otherwise), `?group=` filters. */
export async function endorsementExportLoader({ context, request, params }: LoaderFunctionArgs, format: "csv" | "json") {
  const access = await requireCoalitionAccess(context, request, params.slug, "version:read");
  const version = await requireVersion(access.coalition.id, params.versionId);
  const group = groupFilter(new URL(request.url).searchParams.get("group"));
  return downloadResponse(format === "csv" ? await endorsementsCsv(version, group) : await endorsementsJson(access, version, group, context.appOrigin));
}
