import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";

// Consultations and their comments straight into the tables (issue 26), for tests of what reads
// them (activity, search, the annual report): the models' own rules are tested in consultations.test.ts.

export async function insertConsultation(o: { coalitionId: string; versionId: string; documentId: string; userId: string; closesAt: string; closedAt?: string | null; openedAt?: string }) {
  const id = newId();
  await getDb()
    .insertInto("consultations")
    .values({
      id, coalition_id: o.coalitionId, version_id: o.versionId, document_id: o.documentId, introduction: "Tell us.", closes_at: o.closesAt, time_zone: "UTC",
      opened_by: o.userId, opened_at: o.openedAt ?? now(), closed_at: o.closedAt ?? null, closed_by: o.closedAt ? o.userId : null,
    })
    .execute();
  return { id };
}

export async function insertConsultationComment(o: {
  consultationId: string;
  userId: string;
  body: string;
  paragraph?: number;
  parentId?: string;
  hidden?: boolean;
  answer?: "accepted" | "partly" | "rejected" | "noted";
  group?: string;
  at?: string;
}) {
  const id = newId();
  const at = o.at ?? now();
  await getDb()
    .insertInto("consultation_comments")
    .values({
      id, consultation_id: o.consultationId, parent_id: o.parentId ?? null, author_id: o.userId, paragraph_from: o.paragraph ?? 1, paragraph_to: o.paragraph ?? 1,
      stakeholder_group: o.group ?? "civil", region: null, body: o.body, body_html: `<p>${o.body}</p>`, created_at: at,
      hidden_at: o.hidden ? at : null, hidden_by: o.hidden ? o.userId : null, hidden_reason: o.hidden ? "Off topic" : null,
      answer: o.answer ?? null, answer_reason: o.answer ? "Because." : null, answered_by: o.answer ? o.userId : null, answered_at: o.answer ? at : null,
    })
    .execute();
  return { id };
}
