import { z } from "zod";
import { DEFAULT_COALITION_DELIVERY, DEFAULT_DIGEST_DAY, DEFAULT_PERSONAL_DELIVERY, DELIVERIES, type Delivery } from "../../../common/mail-delivery";
import { getDb } from "../../../db/client";
import { now } from "../../../db/ids";
import { listUserCoalitions } from "../../../db/queries/activity";
import * as q from "../../../db/queries/mail-preferences";
import { msg, t } from "../../lib/i18n/messages";
import type { Executor } from "../../../db/queries/users";

/** What a mail is about, for choosing how (or whether) to send it. */
export type MailScope = { coalitionId: string } | "mentions" | "replies";

export interface DeliveryChoice {
  delivery: Delivery;
  digestDay: number;
}

/** How this person wants mail of this scope (their choice, or the default). */
export async function deliveryFor(db: Executor, userId: string, scope: MailScope): Promise<DeliveryChoice> {
  if (typeof scope === "object") {
    const row = await q.findCoalitionPreference(db, userId, scope.coalitionId);
    return row ? { delivery: row.delivery, digestDay: Number(row.digest_day) } : { delivery: DEFAULT_COALITION_DELIVERY, digestDay: DEFAULT_DIGEST_DAY };
  }
  const row = await q.findPersonalPreference(db, userId);
  return row ? { delivery: row[scope], digestDay: Number(row.digest_day) } : { delivery: DEFAULT_PERSONAL_DELIVERY, digestDay: DEFAULT_DIGEST_DAY };
}

export interface NotificationSettingsValues {
  mentions: string;
  replies: string;
  personal_day: string;
  coalitions: Array<{ id: string; name: string; slug: string; delivery: string; day: string }>;
}

/** The form's values as stored (or defaulted), one row per coalition the person belongs to. */
export async function notificationSettings(userId: string): Promise<NotificationSettingsValues> {
  const db = getDb();
  const [coalitions, chosen, personal] = await Promise.all([listUserCoalitions(db, userId), q.listCoalitionPreferences(db, userId), q.findPersonalPreference(db, userId)]);
  const byId = new Map(chosen.map((p) => [p.coalition_id, p]));
  return {
    mentions: personal?.mentions ?? DEFAULT_PERSONAL_DELIVERY,
    replies: personal?.replies ?? DEFAULT_PERSONAL_DELIVERY,
    personal_day: String(personal?.digest_day ?? DEFAULT_DIGEST_DAY),
    coalitions: coalitions
      .filter((c) => !c.archived_at)
      .map((c) => ({
        id: c.id,
        name: c.name,
        slug: c.slug,
        delivery: byId.get(c.id)?.delivery ?? DEFAULT_COALITION_DELIVERY,
        day: String(byId.get(c.id)?.digest_day ?? DEFAULT_DIGEST_DAY),
      })),
  };
}

// The messages are asked for when a value is refused, so they speak the request's language.
const delivery = z.enum(DELIVERIES, msg("mail.settings.error.delivery"));
const day = z.coerce
  .number(msg("mail.settings.error.day"))
  .int(msg("mail.settings.error.day"))
  .min(0, msg("mail.settings.error.day"))
  .max(6, msg("mail.settings.error.day"));

export type SettingsErrors = Record<string, string>;

/**
 * Reads the posted form against the person's own coalitions (a field for a coalition they are not
 * in is ignored) and stores it. Returns the values as posted, and errors keyed by field name.
 */
export async function saveNotificationSettings(userId: string, form: FormData): Promise<{ ok: boolean; values: NotificationSettingsValues; errors: SettingsErrors }> {
  const current = await notificationSettings(userId);
  const text = (name: string) => String(form.get(name) ?? "");
  const values: NotificationSettingsValues = {
    mentions: text("mentions"),
    replies: text("replies"),
    personal_day: text("personal_day"),
    coalitions: current.coalitions.map((c) => ({ ...c, delivery: text(`delivery.${c.id}`), day: text(`day.${c.id}`) })),
  };
  const errors: SettingsErrors = {};
  const check = <T>(field: string, schema: z.ZodType<T>, value: string): T | undefined => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) errors[field] = parsed.error.issues[0]?.message ?? t("mail.settings.error.invalid");
    return parsed.success ? parsed.data : undefined;
  };
  const mentions = check("mentions", delivery, values.mentions);
  const replies = check("replies", delivery, values.replies);
  const personalDay = check("personal_day", day, values.personal_day);
  const rows = values.coalitions.map((c) => ({ id: c.id, delivery: check(`delivery.${c.id}`, delivery, c.delivery), day: check(`day.${c.id}`, day, c.day) }));
  if (Object.keys(errors).length) return { ok: false, values, errors };
  const at = now();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await q.upsertPersonalPreference(trx, { user_id: userId, mentions: mentions!, replies: replies!, digest_day: personalDay!, updated_at: at });
      for (const r of rows) await q.upsertCoalitionPreference(trx, { user_id: userId, coalition_id: r.id, delivery: r.delivery!, digest_day: r.day!, updated_at: at });
    });
  return { ok: true, values, errors };
}

/** Turns one scope's mail off (the one-click unsubscribe). */
export async function turnOff(db: Executor, userId: string, scope: MailScope): Promise<void> {
  const at = now();
  if (typeof scope === "object") {
    const current = await deliveryFor(db, userId, scope);
    await q.upsertCoalitionPreference(db, { user_id: userId, coalition_id: scope.coalitionId, delivery: "off", digest_day: current.digestDay, updated_at: at });
    return;
  }
  const [mentions, replies] = await Promise.all([deliveryFor(db, userId, "mentions"), deliveryFor(db, userId, "replies")]);
  await q.upsertPersonalPreference(db, {
    user_id: userId,
    mentions: scope === "mentions" ? "off" : mentions.delivery,
    replies: scope === "replies" ? "off" : replies.delivery,
    digest_day: mentions.digestDay,
    updated_at: at,
  });
}

/**
 * Turns off every digest: each coalition whose mail goes to one, and mentions and replies when they
 * do (the one-click unsubscribe of a digest that covers more than one coalition).
 */
export async function turnOffDigests(db: Executor, userId: string): Promise<void> {
  const at = now();
  const inDigest = (d: Delivery) => d === "daily" || d === "weekly";
  const [mentions, replies] = await Promise.all([deliveryFor(db, userId, "mentions"), deliveryFor(db, userId, "replies")]);
  if (inDigest(mentions.delivery) || inDigest(replies.delivery)) {
    await q.upsertPersonalPreference(db, {
      user_id: userId,
      mentions: inDigest(mentions.delivery) ? "off" : mentions.delivery,
      replies: inDigest(replies.delivery) ? "off" : replies.delivery,
      digest_day: mentions.digestDay,
      updated_at: at,
    });
  }
  for (const c of await listUserCoalitions(db, userId)) {
    const current = await deliveryFor(db, userId, { coalitionId: c.id });
    if (current.delivery === "daily" || current.delivery === "weekly") {
      await q.upsertCoalitionPreference(db, { user_id: userId, coalition_id: c.id, delivery: "off", digest_day: current.digestDay, updated_at: at });
    }
  }
}
