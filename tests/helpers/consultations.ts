import * as Y from "yjs";
import { getDb } from "../../db/client";
import { newId, now } from "../../db/ids";
import { yDocFromJson } from "../../app/models/document-render.server";
import { docJson } from "./documents";
import { createDocument } from "./factories";

/**
 * A published version with real content, open for public consultation (closing in 30 days),
 * with one answered comment on paragraph 2 and a reply: for pages that only need one to exist.
 */
export async function seedConsultation(o: { coalitionId: string; coordinatorId: string; commenterId: string }): Promise<{ id: string; versionId: string }> {
  const doc = await createDocument(o.coalitionId, o.coordinatorId, { title: "Charter on community networks" });
  const ydoc = yDocFromJson(docJson("Charter on community networks", "Community networks connect the unconnected.", "Spectrum should be affordable.", "We ask governments to act."));
  const at = now();
  const versionId = newId();
  await getDb()
    .insertInto("document_versions")
    .values({ id: versionId, document_id: doc.id, coalition_id: o.coalitionId, number: 1, label: "Draft for consultation", note: null, html: "", state: Y.encodeStateAsUpdate(ydoc), plain_text: "", published_by: o.coordinatorId, published_at: at })
    .execute();
  ydoc.destroy();
  const id = newId();
  await getDb()
    .insertInto("consultations")
    .values({ id, coalition_id: o.coalitionId, version_id: versionId, document_id: doc.id, introduction: "Tell us what to change before the forum adopts it.", closes_at: new Date(Date.now() + 30 * 86_400_000).toISOString(), time_zone: "UTC", opened_by: o.coordinatorId, opened_at: at })
    .execute();
  const comment = newId();
  await getDb()
    .insertInto("consultation_comments")
    .values([
      { id: comment, consultation_id: id, parent_id: null, author_id: o.commenterId, paragraph_from: 2, paragraph_to: 2, stakeholder_group: "civil", region: "african", body: "Say who connects them.", body_html: "<p>Say who connects them.</p>", created_at: at, answer: "partly", answer_reason: "We name community operators.", answered_by: o.coordinatorId, answered_at: at },
      { id: newId(), consultation_id: id, parent_id: comment, author_id: o.coordinatorId, paragraph_from: 2, paragraph_to: 2, stakeholder_group: "civil", region: null, body: "Thank you.", body_html: "<p>Thank you.</p>", created_at: at },
    ])
    .execute();
  return { id, versionId };
}
