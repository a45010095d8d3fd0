import type { JobPayloads } from "../../../common/job-kinds";
import { localeOrDefault } from "../../../common/locales";
import { findCoalitionById } from "../../../db/queries/coalitions";
import { commentAuthorForMail, findConsultation, listCommenters } from "../../../db/queries/consultations";
import { enqueue } from "../../../db/queries/jobs";
import { listImmediateRecipients } from "../../../db/queries/mail-preferences";
import type { Executor } from "../../../db/queries/users";
import { t } from "../../lib/i18n/messages";
import { inLocale } from "../../lib/i18n/request-locale.server";
import { formatInZone } from "../../lib/time-zones";
import { isClosed } from "../../lib/consultation-rules";
import { composeCoalitionMail } from "./compose.server";
import { deliveryFor } from "./preferences.server";

// Consultation news (issue 26), run by the job runner (kind mail:consultation), each mail in its
// recipient's language and enqueued with a key so a re-run mails no one twice:
// - opened: the coalition's members who get its mail at once (its list), like a published output;
// - answered: the comment's author, unless they turned reply mail off (their "replies" choice);
// - closing (48 hours before the date, unless already closed): the commenters (same choice) and the list.

type Payload = JobPayloads["mail:consultation"];

export async function consultationMail(db: Executor, payload: Payload): Promise<number> {
  const coalitionRow = await db.selectFrom("consultations").select("coalition_id").where("id", "=", payload.consultationId).executeTakeFirst();
  if (!coalitionRow) return 0;
  const coalition = await findCoalitionById(db, coalitionRow.coalition_id);
  const c = coalition ? await findConsultation(db, coalition.id, payload.consultationId) : undefined;
  if (!coalition || !c || coalition.archived_at) return 0;
  const path = `/coalitions/${coalition.slug}/consultations/${c.id}`;
  const publicPath = coalition.visibility === "public" ? path : null;
  const subject = { title: c.document_title, number: Number(c.version_number) };
  let sent = 0;
  const send = async (to: { id: string; email: string; name: string; language?: string | null }, key: string, scope: "replies" | { coalitionId: string }, content: () => { headline: string; excerpt?: string | null; actionLabel: string; why: string }) => {
    const locale = localeOrDefault(to.language);
    const mail = await inLocale(locale, () => composeCoalitionMail(db, { to, coalition, locale, scope, content: { ...content(), path }, publicPath }));
    if (await enqueue(db, "mail:send", mail, { key: `${key}:${to.id}` })) sent++;
  };
  if (payload.event === "opened") {
    for (const to of await listImmediateRecipients(db, coalition.id, c.opened_by)) {
      await send(to, `consultation-opened:${c.id}`, { coalitionId: coalition.id }, () => ({
        headline: t("consultation.mail.openedHeadline", subject),
        excerpt: c.introduction,
        actionLabel: t("consultation.mail.action"),
        why: t("consultation.mail.whyList", { coalition: coalition.name }),
      }));
    }
  } else if (payload.event === "answered" && payload.commentId) {
    const a = await commentAuthorForMail(db, payload.commentId);
    if (!a || !a.answer) return 0;
    if ((await deliveryFor(db, a.user_id, "replies")).delivery === "off") return 0;
    await send({ id: a.user_id, email: a.email, name: a.name, language: a.language }, `consultation-answered:${payload.commentId}:${a.answer}`, "replies", () => ({
      headline: t("consultation.mail.answeredHeadline", { ...subject, paragraph: Number(a.paragraph_from) }),
      excerpt: `${t(`consultation.answer.${a.answer}` as never)}: ${a.answer_reason ?? ""}`,
      actionLabel: t("consultation.mail.action"),
      why: t("consultation.mail.whyComment"),
    }));
  } else if (payload.event === "closing") {
    if (isClosed(c, new Date(Date.parse(c.closes_at) - 1))) return 0; // closed explicitly already
    const seen = new Set<string>();
    for (const to of await listCommenters(db, c.id)) {
      seen.add(to.id);
      if ((await deliveryFor(db, to.id, "replies")).delivery === "off") continue;
      await send(to, `consultation-closing:${c.id}`, "replies", () => ({
        headline: t("consultation.mail.closingHeadline", { ...subject, date: formatInZone(c.closes_at, c.time_zone) }),
        actionLabel: t("consultation.mail.action"),
        why: t("consultation.mail.whyComment"),
      }));
    }
    for (const to of await listImmediateRecipients(db, coalition.id, null)) {
      if (seen.has(to.id)) continue;
      await send(to, `consultation-closing:${c.id}`, { coalitionId: coalition.id }, () => ({
        headline: t("consultation.mail.closingHeadline", { ...subject, date: formatInZone(c.closes_at, c.time_zone) }),
        actionLabel: t("consultation.mail.action"),
        why: t("consultation.mail.whyList", { coalition: coalition.name }),
      }));
    }
  }
  return sent;
}
