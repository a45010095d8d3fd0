import type { SearchKind } from "../schema";
import type { SearchHit } from "./search";
import type { Executor } from "./users";

/** What a result shows: loaded for one page of hits only, after permission filtering. */
export interface HitDetail {
  kind: SearchKind;
  refId: string;
  coalition: { id: string; slug: string; name: string };
  title: string;
  /** The text the snippet is cut from (a document's current text, a post's Markdown…). */
  body: string;
  at: string;
  by: string | null;
  /** Where a result links to, by parts (the model builds the URL). */
  threadId?: string;
  postNumber?: number;
  versionLabel?: string;
  consultationId?: string;
}

/** Caps the text loaded per hit: snippets come from the first matches, never from megabytes. */
const BODY_LIMIT = 200_000;

export async function loadHitDetails(db: Executor, hits: SearchHit[]): Promise<HitDetail[]> {
  if (!hits.length) return [];
  const ids = (kind: SearchKind) => hits.filter((h) => h.kind === kind).map((h) => h.refId);
  const coalitionIds = [...new Set(hits.map((h) => h.coalitionId))];
  const [coalitions, documents, outputs, threads, posts, comments] = await Promise.all([
    db.selectFrom("coalitions").select(["id", "slug", "name", "description"]).where("id", "in", coalitionIds).execute(),
    ids("document").length
      ? db
          .selectFrom("documents as d")
          .leftJoin("users as u", "u.id", "d.last_edited_by")
          .select(["d.id", "d.title", "d.plain_text", "u.name as by"])
          .where("d.id", "in", ids("document"))
          .execute()
      : [],
    ids("output").length
      ? db
          .selectFrom("document_versions as v")
          .innerJoin("documents as d", "d.id", "v.document_id")
          .leftJoin("users as u", "u.id", "v.published_by")
          .select(["v.id", "d.title", "v.label", "v.note", "v.plain_text", "u.name as by"])
          .where("v.id", "in", ids("output"))
          .execute()
      : [],
    ids("thread").length
      ? db
          .selectFrom("threads as t")
          .leftJoin("users as u", "u.id", "t.author_id")
          .select(["t.id", "t.title", "u.name as by"])
          .where("t.id", "in", ids("thread"))
          .execute()
      : [],
    ids("post").length
      ? db
          .selectFrom("posts as p")
          .innerJoin("threads as t", "t.id", "p.thread_id")
          .leftJoin("users as u", "u.id", "p.author_id")
          .select(["p.id", "p.number", "p.body", "t.id as thread_id", "t.title", "u.name as by"])
          .where("p.id", "in", ids("post"))
          .execute()
      : [],
    ids("consultation").length
      ? db
          .selectFrom("consultation_comments as k")
          .innerJoin("consultations as c", "c.id", "k.consultation_id")
          .innerJoin("documents as d", "d.id", "c.document_id")
          .leftJoin("users as u", "u.id", "k.author_id")
          .select(["k.id", "k.body", "k.answer_reason", "k.consultation_id", "d.title", "u.name as by"])
          .where("k.id", "in", ids("consultation"))
          .execute()
      : [],
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const cs = byId(coalitions);
  const ds = byId(documents);
  const os = byId(outputs);
  const ts = byId(threads);
  const ps = byId(posts);
  const ks = byId(comments);
  const clip = (s: string) => (s.length > BODY_LIMIT ? s.slice(0, BODY_LIMIT) : s);

  const out: HitDetail[] = [];
  for (const h of hits) {
    const c = cs.get(h.coalitionId);
    if (!c) continue;
    const base = { kind: h.kind, refId: h.refId, coalition: { id: c.id, slug: c.slug, name: c.name }, at: h.at };
    if (h.kind === "coalition") out.push({ ...base, title: c.name, body: clip(c.description), by: null });
    else if (h.kind === "document") {
      const d = ds.get(h.refId);
      if (d) out.push({ ...base, title: d.title, body: clip(d.plain_text), by: d.by });
    } else if (h.kind === "output") {
      const o = os.get(h.refId);
      if (o) out.push({ ...base, title: o.title, body: clip([o.note, o.plain_text].filter(Boolean).join("\n")), by: o.by, versionLabel: o.label });
    } else if (h.kind === "thread") {
      const t = ts.get(h.refId);
      if (t) out.push({ ...base, title: t.title, body: "", by: t.by, threadId: t.id });
    } else if (h.kind === "post") {
      const p = ps.get(h.refId);
      if (p) out.push({ ...base, title: p.title, body: clip(p.body), by: p.by, threadId: p.thread_id, postNumber: p.number });
    } else if (h.kind === "consultation") {
      const k = ks.get(h.refId);
      if (k) out.push({ ...base, title: k.title, body: clip([k.body, k.answer_reason].filter(Boolean).join("\n")), by: k.by, consultationId: k.consultation_id });
    }
  }
  return out;
}
