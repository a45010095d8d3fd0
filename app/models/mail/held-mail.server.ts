import type { RequestUser } from "../../load-context";
import { localeOrDefault, type Locale } from "../../../common/locales";
import { getDb } from "../../../db/client";
import { newId, now } from "../../../db/ids";
import { countHeldMail, decideHeldMail, findHeldMail, insertHeldMail, listHeldMail, reopenHeldMail, setHeldMailThread, setOutsideMail } from "../../../db/queries/held-mail";
import { enqueue } from "../../../db/queries/jobs";
import { listCoordinatorIds } from "../../../db/queries/memberships";
import { findUserById } from "../../../db/queries/users";
import type { Coalition, User } from "../../../db/schema";
import { format, t } from "../../lib/i18n/messages";
import { renderMail } from "../../lib/mail/templates";
import { accessFor, requireAllowed, type CoalitionAccess } from "../access.server";
import { createThread } from "../threads.server";
import { mailDomain, mailOrigin } from "./addresses.server";

// Held outside mail (issue 22). A coalition may accept mail to <slug>@MAIL_DOMAIN from people who
// have a verified account but are not its members (coalitions.outside_mail). Such a mail is not
// posted: it waits on /coalitions/:slug/held-mail until a coordinator approves it (it becomes a
// thread by its sender, through the same createThread as the web, the approval standing in for
// the membership once) or rejects it (the sender may get the coordinator's answer by mail).
// Senders without an account are still refused (inbound.refused.noAccount says how to sign up):
// a thread needs an author who can be named, answered and held to the code of conduct.

const localeOf = (u: Pick<User, "language"> | undefined): Locale => localeOrDefault(u?.language);
const heldUrl = (coalition: Pick<Coalition, "slug">) => `${mailOrigin()}/coalitions/${coalition.slug}/held-mail`;

function mailTo(user: Pick<User, "email" | "name" | "language">, coalition: Pick<Coalition, "name">, content: { headline: string; excerpt?: string; actionUrl: string; actionLabel: string; why: string }) {
  return { to: user.email, ...renderMail({ locale: localeOf(user), recipientName: user.name, coalitionName: coalition.name, ...content }) };
}

/** Holds a non-member's mail for the coordinators, tells the sender, and mails each coordinator once. */
export async function holdMail(input: { sender: User; coalition: Coalition; messageId: string; subject: string; body: string }): Promise<string> {
  const id = newId();
  const { sender, coalition } = input;
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await insertHeldMail(trx, { id, coalition_id: coalition.id, sender_id: sender.id, message_id: input.messageId, subject: input.subject, body: input.body, created_at: now() });
      const l = localeOf(sender);
      await enqueue(trx, "mail:send", mailTo(sender, coalition, {
        headline: format(l, "held.mail.heldHeadline", { subject: input.subject }),
        excerpt: format(l, "held.mail.heldExcerpt", { coalition: coalition.name }),
        actionUrl: `${mailOrigin()}/coalitions/${coalition.slug}`,
        actionLabel: format(l, "held.mail.coalitionAction"),
        why: format(l, "held.mail.whySender"),
      }), { key: `held:${id}:sender` });
      for (const coordinatorId of await listCoordinatorIds(trx, coalition.id)) {
        const coordinator = await findUserById(trx, coordinatorId);
        if (!coordinator) continue;
        const c = localeOf(coordinator);
        await enqueue(trx, "mail:send", mailTo(coordinator, coalition, {
          headline: format(c, "held.mail.waitingHeadline", { name: sender.name, subject: input.subject }),
          excerpt: input.body,
          actionUrl: heldUrl(coalition),
          actionLabel: format(c, "held.mail.reviewAction"),
          why: format(c, "held.mail.whyCoordinator"),
        }), { key: `held:${id}:coordinator:${coordinatorId}` });
      }
    });
  return id;
}

export interface HeldItem {
  id: string;
  subject: string;
  body: string;
  receivedAt: string;
  senderName: string;
  senderEmail: string;
}

/** The queue page: the coalition's waiting mail and whether it accepts outside mail (coordinators). */
export async function heldMailQueue(access: CoalitionAccess): Promise<{ items: HeldItem[]; outsideMail: boolean; mailAddress: string }> {
  requireAllowed(access, "thread:moderate");
  const rows = await listHeldMail(getDb(), access.coalition.id);
  return {
    items: rows.map((r) => ({ id: r.id, subject: r.subject, body: r.body, receivedAt: r.created_at, senderName: r.sender_name, senderEmail: r.sender_email })),
    outsideMail: access.coalition.outside_mail === 1,
    mailAddress: `${access.coalition.slug}@${mailDomain()}`,
  };
}

export function heldMailCount(coalitionId: string): Promise<number> {
  return countHeldMail(getDb(), coalitionId);
}

/** Turns the coalition's outside mail on or off (coordinators, as a coalition setting). */
export async function setOutsideMailAccepted(access: CoalitionAccess, on: boolean): Promise<void> {
  requireAllowed(access, "coalition:edit");
  await setOutsideMail(getDb(), access.coalition.id, on, now());
}

export type DecideResult = { ok: true; threadId?: string } | { ok: false; status: 404 | 409 | 400; message: string };

const requestUser = (u: User): RequestUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  organization: u.organization,
  stakeholder_group: u.stakeholder_group,
  region: u.region,
  language: u.language ?? null,
  isSiteAdmin: u.is_site_admin === 1,
});

/** Approves a held mail: it becomes a thread by its sender, who is told by mail. Once. */
export async function approveHeldMail(access: CoalitionAccess, id: string): Promise<DecideResult> {
  requireAllowed(access, "thread:moderate");
  const db = getDb();
  const held = await findHeldMail(db, id);
  if (!held || held.coalition_id !== access.coalition.id) return { ok: false, status: 404, message: t("held.error.gone") };
  const sender = await findUserById(db, held.sender_id);
  if (!sender || !(await decideHeldMail(db, id, { state: "approved", decided_by: access.user!.id, decided_at: now() }))) {
    return { ok: false, status: 409, message: t("held.error.decided") };
  }
  // The coordinator's approval stands in for the membership, for this one thread.
  const senderAccess = await accessFor(access.coalition, requestUser(sender));
  const created = await createThread({ ...senderAccess, roles: [...senderAccess.roles, "member"] }, { title: held.subject, body: held.body, documentId: null, audience: null });
  if (!created.ok) {
    await reopenHeldMail(db, id);
    return { ok: false, status: 400, message: created.message };
  }
  await setHeldMailThread(db, id, created.threadId);
  const l = localeOf(sender);
  await enqueue(db, "mail:send", mailTo(sender, access.coalition, {
    headline: format(l, "held.mail.approvedHeadline", { subject: held.subject }),
    actionUrl: `${mailOrigin()}/coalitions/${access.coalition.slug}/threads/${created.threadId}`,
    actionLabel: format(l, "held.mail.threadAction"),
    why: format(l, "held.mail.whySender"),
  }), { key: `held:${id}:approved` });
  return { ok: true, threadId: created.threadId };
}

/** Rejects a held mail: nothing is posted; the sender gets the coordinator's answer when one is given. */
export async function rejectHeldMail(access: CoalitionAccess, id: string, answer: string): Promise<DecideResult> {
  requireAllowed(access, "thread:moderate");
  const db = getDb();
  const held = await findHeldMail(db, id);
  if (!held || held.coalition_id !== access.coalition.id) return { ok: false, status: 404, message: t("held.error.gone") };
  const text = answer.replace(/\r\n/g, "\n").trim().slice(0, 5000);
  const sender = await findUserById(db, held.sender_id);
  const done = await db.transaction().execute(async (trx) => {
    if (!(await decideHeldMail(trx, id, { state: "rejected", decided_by: access.user!.id, decided_at: now() }))) return false;
    if (text && sender) {
      const l = localeOf(sender);
      await enqueue(trx, "mail:send", mailTo(sender, access.coalition, {
        headline: format(l, "held.mail.rejectedHeadline", { subject: held.subject }),
        excerpt: format(l, "held.mail.rejectedExcerpt", { name: access.user!.name, answer: text }),
        actionUrl: `${mailOrigin()}/coalitions/${access.coalition.slug}`,
        actionLabel: format(l, "held.mail.coalitionAction"),
        why: format(l, "held.mail.whySender"),
      }), { key: `held:${id}:rejected` });
    }
    return true;
  });
  if (!done) return { ok: false, status: 409, message: t("held.error.decided") };
  return { ok: true };
}
