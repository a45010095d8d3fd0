import { getDb } from "../../../db/client";
import { findCoalitionById } from "../../../db/queries/coalitions";
import { findUserById, type Executor } from "../../../db/queries/users";
import { t } from "../../lib/i18n/messages";
import { mailOrigin } from "./addresses.server";
import { turnOff, turnOffDigests, type MailScope } from "./preferences.server";
import { signFields, verifyFields } from "./signing.server";

// One-click unsubscribe (RFC 8058): every list mail names /unsubscribe/:token, where the token
// signs (user, scope). GET shows what it would stop; POST stops it, with no session needed.

const PURPOSE = "unsubscribe";

/** A scope of mail, or "digests": a digest covering several coalitions stops every coalition's digest. */
export type UnsubscribeScope = MailScope | "digests";

function encodeScope(scope: UnsubscribeScope): string {
  return typeof scope === "object" ? `c:${scope.coalitionId}` : scope;
}

function decodeScope(value: string): UnsubscribeScope | null {
  if (value === "mentions" || value === "replies" || value === "digests") return value;
  return value.startsWith("c:") && value.length > 2 ? { coalitionId: value.slice(2) } : null;
}

export async function unsubscribeUrl(db: Executor, userId: string, scope: UnsubscribeScope): Promise<string> {
  return `${mailOrigin()}/unsubscribe/${await signFields(db, PURPOSE, [userId, encodeScope(scope)])}`;
}

export interface UnsubscribeTarget {
  userId: string;
  scope: UnsubscribeScope;
  /** What the mail was about, for the page, in the request's language: "mail about the Privacy coalition". */
  what: string;
}

/** What a token would unsubscribe, or null when it is not a valid token (or its user or coalition is gone). */
export async function readUnsubscribeToken(token: string): Promise<UnsubscribeTarget | null> {
  const db = getDb();
  const fields = await verifyFields(db, PURPOSE, token, 2);
  if (!fields) return null;
  const [userId, rawScope] = fields;
  const scope = decodeScope(rawScope);
  if (!scope || !(await findUserById(db, userId))) return null;
  if (typeof scope === "object") {
    const coalition = await findCoalitionById(db, scope.coalitionId);
    return coalition ? { userId, scope, what: t("mail.unsubscribeWhat.coalition", { coalition: coalition.name }) } : null;
  }
  if (scope === "digests") return { userId, scope, what: t("digest.unsubscribe.what") };
  return { userId, scope, what: t(scope === "mentions" ? "mail.unsubscribeWhat.mentions" : "mail.unsubscribeWhat.replies") };
}

/** Applies a token: that scope's mail is off. Null when the token is not valid. */
export async function unsubscribe(token: string): Promise<UnsubscribeTarget | null> {
  const target = await readUnsubscribeToken(token);
  if (!target) return null;
  if (target.scope === "digests") await turnOffDigests(getDb(), target.userId);
  else await turnOff(getDb(), target.userId, target.scope);
  return target;
}
