import { createHash, randomBytes } from "node:crypto";
import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import { findCoalitionById } from "../../db/queries/coalitions";
import * as inv from "../../db/queries/invitations";
import { findMembership, findMembershipByEmail } from "../../db/queries/memberships";
import { findUserByEmail, findUserById } from "../../db/queries/users";
import { isLocale } from "../../common/locales";
import type { CoalitionRole, Invitation } from "../../db/schema";
import type { RequestUser } from "../load-context";
import { dateTimeFormat } from "../lib/i18n/format";
import { currentLocale, format, t } from "../lib/i18n/messages";
import { inLocale } from "../lib/i18n/request-locale.server";
import { roleWord } from "../lib/i18n/vocabulary";
import { renderMail } from "../lib/mail/templates";
import { getConfig } from "../lib/config.server";
import { enqueue } from "../../db/queries/jobs";
import { INVITATION_DAYS, TOKEN_RE } from "../lib/membership-schemas";
import { refusal, type Refusal } from "../lib/policy";
import { higherRole } from "../../common/roles";
import { writeAudit } from "./audit.server";
import { MembershipError, type MembershipResult } from "./membership-errors.server";
import { assertActorMay, putMembership, runMembershipChange } from "./membership.server";


/** SHA-256 (hex) of an invitation token: the only form in which tokens are stored. */
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function invitationPath(token: string): string {
  return `/invitations/${token}`;
}

/**
 * A coordinator invites an email in a role. Returns the link (shown once to the
 * coordinator to copy; the token itself is never stored) and whether it was also mailed.
 */
export async function createInvitation(input: {
  coalitionId: string;
  actor: RequestUser;
  email: string;
  role: CoalitionRole;
  origin: string;
  days?: number;
}): Promise<MembershipResult<{ link: string; mailed: boolean; email: string; expiresAt: string }>> {
  const token = randomBytes(32).toString("base64url");
  const at = now();
  const expiresAt = new Date(Date.now() + (input.days ?? INVITATION_DAYS) * 86_400_000).toISOString();
  const link = `${input.origin}${invitationPath(token)}`;
  const result = await runMembershipChange(input.coalitionId, async (ctx) => {
    await assertActorMay(ctx, input.actor, "member:manage");
    const member = await findMembershipByEmail(ctx.trx, ctx.coalition.id, input.email);
    if (member) throw new MembershipError(409, t("members.error.alreadyMemberAs", { role: roleWord(member.role as CoalitionRole) }), "email");
    if (await inv.findOpenInvitationForEmail(ctx.trx, ctx.coalition.id, input.email, at)) {
      throw new MembershipError(409, t("members.error.invitationOpen"), "email");
    }
    const id = newId();
    await inv.insertInvitation(ctx.trx, {
      id,
      coalition_id: ctx.coalition.id,
      email: input.email,
      role: input.role,
      token_hash: hashInvitationToken(token),
      invited_by: input.actor.id,
      expires_at: expiresAt,
      created_at: at,
    });
    await writeAudit(ctx.trx, {
      coalitionId: ctx.coalition.id,
      actorId: input.actor.id,
      subjectEmail: input.email,
      action: "invitation.created",
      detail: { invitationId: id, role: input.role, expires_at: expiresAt },
    });
    // The mail goes out through the job runner, queued with the invitation or not at all. Written
    // in the invitee's language when the address has an account, else in the inviter's.
    const invitee = await findUserByEmail(ctx.trx, input.email);
    const locale = isLocale(invitee?.language) ? invitee.language : currentLocale();
    const rendered = renderMail({
      locale,
      recipientName: invitee?.name ?? null,
      subject: format(locale, "mail.invitation.subject", { coalition: ctx.coalition.name }),
      headline: format(locale, "mail.invitation.headline", { inviter: input.actor.name, coalition: ctx.coalition.name, role: inLocale(locale, () => roleWord(input.role)) }),
      excerpt: format(locale, "mail.invitation.excerpt", { date: dateTimeFormat({ day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }, locale).format(new Date(expiresAt)) }),
      actionUrl: link,
      actionLabel: format(locale, "mail.invitation.action"),
      why: format(locale, "mail.invitation.why", { coalition: ctx.coalition.name }),
    });
    await enqueue(ctx.trx, "mail:send", { to: input.email, subject: rendered.subject, text: rendered.text, html: rendered.html }, { key: `invitation:${id}` });
    return {};
  });
  if (!result.ok) return result;
  // Without SMTP_URL the job runner writes the mail to the log instead: the coordinator passes the link on.
  const mailed = Boolean(getConfig().SMTP_URL);
  return { ok: true, link, mailed, email: input.email, expiresAt };
}

/** A coordinator revokes an open invitation of this coalition. */
export function revokeInvitation(input: { coalitionId: string; actor: RequestUser; invitationId: string }) {
  return runMembershipChange(input.coalitionId, async (ctx) => {
    await assertActorMay(ctx, input.actor, "member:manage");
    const invitation = await inv.findInvitation(ctx.trx, ctx.coalition.id, input.invitationId);
    if (!invitation) throw new MembershipError(404, t("members.error.noSuchInvitation"));
    if ((await inv.markInvitationRevoked(ctx.trx, ctx.coalition.id, invitation.id, now())) !== 1) {
      throw new MembershipError(409, t("members.error.invitationSettled"));
    }
    await writeAudit(ctx.trx, { coalitionId: ctx.coalition.id, actorId: input.actor.id, subjectEmail: invitation.email, action: "invitation.revoked", detail: { invitationId: invitation.id } });
    return {};
  });
}

export async function openInvitations(coalitionId: string) {
  const rows = await inv.listOpenInvitations(getDb(), coalitionId, now());
  return rows.map((r) => ({ id: r.id, email: r.email, role: r.role, expiresAt: r.expires_at, createdAt: r.created_at, invitedBy: r.invited_by_name }));
}

/** Why a link cannot be used (checked on opening and again, under the lock, on accepting). */
function unusable(invitation: Invitation | undefined, archived: boolean, at: string): MembershipError | null {
  if (!invitation) return new MembershipError(404, t("members.invitation.invalidLink"));
  if (invitation.revoked_at) return new MembershipError(410, t("members.invitation.revoked"));
  if (invitation.accepted_at) return new MembershipError(410, t("members.invitation.used"));
  if (invitation.expires_at <= at) return new MembershipError(410, t("members.invitation.expired"));
  if (archived) return new MembershipError(410, t("members.invitation.archived"));
  return null;
}

export type InvitationView =
  | { state: "unusable"; refusal: Refusal; coalition: { name: string; slug: string } | null; acceptedByViewer: boolean }
  | {
      state: "open";
      coalition: { name: string; slug: string; description: string };
      role: CoalitionRole;
      email: string;
      invitedBy: string | null;
      expiresAt: string;
      viewer: "anonymous" | "other-email" | "invitee";
      viewerEmail: string | null;
      currentRole: CoalitionRole | null;
      /** Why this viewer cannot accept (signed in with another address), answered with the page. */
      refusal: Refusal | null;
    };

/** What the invitation page shows for a token and a viewer. */
export async function viewInvitation(token: string, user: RequestUser | null): Promise<InvitationView> {
  const db = getDb();
  const invitation = TOKEN_RE.test(token) ? await inv.findInvitationByTokenHash(db, hashInvitationToken(token)) : undefined;
  const coalition = invitation ? await findCoalitionById(db, invitation.coalition_id) : undefined;
  const problem = unusable(invitation, Boolean(coalition?.archived_at), now());
  if (problem || !invitation || !coalition) {
    return {
      state: "unusable",
      refusal: problem?.toRefusal() ?? refusal(404, t("members.invitation.invalidLinkShort")),
      coalition: coalition && invitation?.accepted_by === user?.id ? { name: coalition.name, slug: coalition.slug } : null,
      acceptedByViewer: Boolean(user && invitation?.accepted_by === user.id),
    };
  }
  const inviter = await findUserById(db, invitation.invited_by);
  const membership = user ? await findMembership(db, coalition.id, user.id) : undefined;
  const viewer = !user ? "anonymous" : user.email.toLowerCase() === invitation.email ? "invitee" : "other-email";
  return {
    state: "open",
    coalition: { name: coalition.name, slug: coalition.slug, description: coalition.description },
    role: invitation.role,
    email: invitation.email,
    invitedBy: inviter?.name ?? null,
    expiresAt: invitation.expires_at,
    viewer,

    viewerEmail: user?.email ?? null,
    currentRole: (membership?.role as CoalitionRole | undefined) ?? null,
    refusal: viewer === "other-email" ? refusal(403, t("members.invitation.otherEmail")) : null,
  };
}

/**
 * Accepts an invitation as the signed-in user whose email it was sent to. Single use: the
 * acceptance is a conditional update, so a link can never be used twice. Someone who is
 * already a member keeps a higher role than the invited one.
 */
export async function acceptInvitation(token: string, user: RequestUser): Promise<MembershipResult<{ slug: string; role: CoalitionRole }>> {
  const db = getDb();
  const invitation = TOKEN_RE.test(token) ? await inv.findInvitationByTokenHash(db, hashInvitationToken(token)) : undefined;
  if (!invitation) {
    return unusable(undefined, false, now())!.toRefusal();
  }
  return runMembershipChange(invitation.coalition_id, async (ctx) => {
    const fresh = await inv.findInvitationByTokenHash(ctx.trx, invitation.token_hash);
    const at = now();
    const problem = unusable(fresh, Boolean(ctx.coalition.archived_at), at);
    if (problem) throw problem;
    if (user.email.toLowerCase() !== fresh!.email) {
      throw new MembershipError(403, t("members.invitation.otherEmailSignedIn", { email: user.email }));
    }
    if ((await inv.markInvitationAccepted(ctx.trx, fresh!.id, user.id, at)) !== 1) {
      throw new MembershipError(410, t("members.invitation.used"));
    }
    const current = (await findMembership(ctx.trx, ctx.coalition.id, user.id))?.role ?? null;
    const role = current ? higherRole(current, fresh!.role) : fresh!.role;
    await putMembership(ctx, user.id, role);
    await writeAudit(ctx.trx, {
      coalitionId: ctx.coalition.id,
      actorId: user.id,
      subjectUserId: user.id,
      subjectEmail: fresh!.email,
      action: "invitation.accepted",
      detail: { invitationId: fresh!.id, role, invitedRole: fresh!.role, previousRole: current },
    });
    return { slug: ctx.coalition.slug, role };
  });
}
