import type { AppLoadContext } from "@remix-run/node";
import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import * as coalitions from "../../db/queries/coalitions";
import type { Coalition } from "../../db/schema";
import { forbidden, refusalResponse } from "../lib/http.server";
import { principalRoles, type Action } from "../lib/permissions";
import { decide, refusal, type Refusal } from "../lib/policy";
import { t } from "../lib/i18n/messages";
import type { CoalitionInput } from "../lib/validation";
import type { RequestUser } from "../load-context";
import { accessFor, requireAllowed, requireCoalitionAccess, requireUser, type CoalitionAccess } from "./access.server";
import { writeAudit } from "./audit.server";
import { parseFounders } from "./coalitions.server";
import { emitDomainEvent } from "./events.server";

// Site administrators create and archive coalitions; coordinators and administrators edit
// their settings. Every change writes an audit event in the same transaction.

export type CoalitionChangeResult = { ok: true; slug: string } | Refusal;

const slugTaken = () => refusal(400, t("coalition.error.slugTaken"), "slug");

/** Throws the refusal's response unless this user may take the action on this coalition. */
async function requireMay(actor: RequestUser, coalition: Coalition, action: Action): Promise<void> {
  requireAllowed(await accessFor(coalition, actor), action);
}

/** The settings form's values for an existing coalition (the text the form fields show). */
export interface CoalitionFormValues {
  name: string;
  slug: string;
  description: string;
  founders: string;
  visibility: string;
  join_policy: string;
  default_thread_audience: string;
  /** "yes" when observers may comment on documents (issue 23). */
  observers_may_comment: string;
  open_roles: string[];
  mailing_list: string;
  website: string;
  contact_email: string;
}

export function coalitionFormValues(c: Coalition): CoalitionFormValues {
  let openRoles: string[] = [];
  try {
    const parsed = JSON.parse(c.open_roles);
    if (Array.isArray(parsed)) openRoles = parsed.filter((r): r is string => typeof r === "string");
  } catch {
    // A malformed column shows as "none ticked"; saving the form repairs it.
  }
  return {
    name: c.name,
    slug: c.slug,
    description: c.description,
    founders: parseFounders(c.founders).join("\n"),
    visibility: c.visibility,
    join_policy: c.join_policy,
    default_thread_audience: c.default_thread_audience,
    observers_may_comment: c.observers_may_comment ? "yes" : "",
    open_roles: openRoles,
    mailing_list: c.mailing_list ?? "",
    website: c.website ?? "",
    contact_email: c.contact_email ?? "",
  };
}

function isUniqueViolation(error: unknown): boolean {
  return /unique|duplicate/i.test(String((error as Error)?.message ?? error));
}

/** Creates a coalition (`coalition:create`, a site administrator's; else the refusal is thrown). */
export async function createCoalition(actor: RequestUser, input: CoalitionInput): Promise<CoalitionChangeResult> {
  const allowed = decide({ userId: actor.id, roles: principalRoles({ signedIn: true, isSiteAdmin: actor.isSiteAdmin }) }, "coalition:create");
  if (!allowed.ok) throw refusalResponse(allowed);
  const db = getDb();
  if (await coalitions.isSlugTaken(db, input.slug)) return slugTaken();
  const t = now();
  const id = newId();
  try {
    await db.transaction().execute(async (trx) => {
      await coalitions.insertCoalition(trx, {
        id,
        slug: input.slug,
        name: input.name,
        description: input.description,
        founders: JSON.stringify(input.founders),
        visibility: input.visibility,
        join_policy: input.join_policy,
        default_thread_audience: input.default_thread_audience ?? "public",
        observers_may_comment: input.observers_may_comment ? 1 : 0,
        open_roles: JSON.stringify(input.open_roles),
        mailing_list: input.mailing_list,
        website: input.website,
        contact_email: input.contact_email,
        archived_at: null,
        created_at: t,
        updated_at: t,
      });
      await writeAudit(trx, {
        coalitionId: id,
        actorId: actor.id,
        action: "coalition.created",
        detail: { name: input.name, slug: input.slug, visibility: input.visibility, join_policy: input.join_policy },
        at: t,
      });
    });
  } catch (error) {
    // Two administrators chose the same slug at the same moment: the unique index decides.
    if (isUniqueViolation(error)) return slugTaken();
    throw error;
  }
  return { ok: true, slug: input.slug };
}

/** Saves a coalition's settings (`coalition:edit`, else the refusal is thrown); audits what changed. */
export async function updateCoalitionSettings(actor: RequestUser, coalition: Coalition, input: CoalitionInput): Promise<CoalitionChangeResult> {
  await requireMay(actor, coalition, "coalition:edit");
  const db = getDb();
  if (input.slug !== coalition.slug && (await coalitions.isSlugTaken(db, input.slug, coalition.id))) {
    return slugTaken();
  }
  const next = {
    name: input.name,
    slug: input.slug,
    description: input.description,
    founders: JSON.stringify(input.founders),
    visibility: input.visibility,
    join_policy: input.join_policy,
    default_thread_audience: input.default_thread_audience ?? coalition.default_thread_audience,
    observers_may_comment: input.observers_may_comment ? 1 : 0,
    open_roles: JSON.stringify(input.open_roles),
    mailing_list: input.mailing_list,
    website: input.website,
    contact_email: input.contact_email,
  };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    if (next[key] !== coalition[key]) {
      // The description can be long: the audit log records that it changed, not both texts.
      changes[key] = key === "description" ? { from: "…", to: "…" } : { from: coalition[key], to: next[key] };
    }
  }
  if (Object.keys(changes).length === 0) return { ok: true, slug: coalition.slug };
  const t = now();
  try {
    await db.transaction().execute(async (trx) => {
      await coalitions.updateCoalition(trx, coalition.id, { ...next, updated_at: t });
      await writeAudit(trx, { coalitionId: coalition.id, actorId: actor.id, action: "coalition.updated", detail: changes, at: t });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return slugTaken();
    throw error;
  }
  return { ok: true, slug: input.slug };
}

/**
 * Archives (read-only from then on) or brings back a coalition (`coalition:archive`, else the
 * refusal is thrown). Asking for the state it is already in changes nothing.
 */
export async function setCoalitionArchived(actor: RequestUser, coalition: Coalition, archived: boolean): Promise<void> {
  await requireMay(actor, coalition, "coalition:archive");
  if (Boolean(coalition.archived_at) === archived) return;
  const t = now();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await coalitions.updateCoalition(trx, coalition.id, { archived_at: archived ? t : null, updated_at: t });
      await writeAudit(trx, { coalitionId: coalition.id, actorId: actor.id, action: archived ? "coalition.archived" : "coalition.unarchived", at: t });
    });
  // Open editors of its documents become read-only (or writable again) at once.
  emitDomainEvent({ type: "coalition.changed", coalitionId: coalition.id });
}

/**
 * The settings page's guard: the viewer must be allowed to edit the coalition or to
 * (un)archive it. An archived coalition cannot be edited, but an administrator can still
 * open its settings to bring it back.
 */
export async function requireCoalitionSettingsAccess(context: AppLoadContext, request: Request, slug: string | undefined): Promise<CoalitionAccess> {
  const access = await requireCoalitionAccess(context, request, slug, "coalition:view");
  if (access.abilities["coalition:edit"] || access.abilities["coalition:archive"]) return access;
  if (!context.user) requireUser(context, request);
  throw forbidden(
    access.coalition.archived_at ? t("coalition.error.archivedSettings") : t("coalition.error.settingsDenied"),
  );
}
