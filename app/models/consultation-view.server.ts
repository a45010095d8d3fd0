import { getDb } from "../../db/client";
import { listComments, type CommentRow } from "../../db/queries/consultations";
import { formatInZone } from "../lib/time-zones";
import { REGIONS, STAKEHOLDER_GROUPS, regionLabel, stakeholderLabel } from "../lib/stakeholders";
import { NEW_ACCOUNT_COMMENTS_PER_HOUR, NEW_ACCOUNT_DAYS } from "../lib/consultation-rules";
import { decideFor, type CoalitionAccess } from "./access.server";
import { versionBlocks } from "./consultation-blocks.server";
import { answerLabel, dispositionRows, paragraphLabel } from "./consultation-disposition.server";
import { consultationClosed, type Consultation } from "./consultations.server";

/** What the consultation page shows (issue 26), in the viewer's language and time zone. */

export interface CommentView {
  id: string;
  paragraph: string;
  from: number;
  to: number;
  author: string;
  handle: string | null;
  group: string;
  createdAt: string;
  /** Null when hidden: the page shows the reason instead. */
  html: string | null;
  hiddenReason: string | null;
  answer: { value: string; label: string; reason: string; by: string | null } | null;
  replies: CommentView[];
}

interface Bar {
  id: string;
  label: string;
  count: number;
}

function bars(values: Array<string | null>, list: ReadonlyArray<{ id: string }>, label: (id: string | null) => string): Bar[] {
  const out: Bar[] = list.map((item) => ({ id: item.id, label: label(item.id), count: values.filter((v) => v === item.id).length }));
  const unknown = values.filter((v) => !list.some((item) => item.id === v)).length;
  if (unknown) out.push({ id: "unknown", label: label(null), count: unknown });
  return out;
}

function view(c: CommentRow, replies: CommentView[]): CommentView {
  return {
    id: c.id,
    paragraph: paragraphLabel(Number(c.paragraph_from), Number(c.paragraph_to)),
    from: Number(c.paragraph_from),
    to: Number(c.paragraph_to),
    author: c.author_name ?? "",
    handle: c.author_handle ?? null,
    group: stakeholderLabel(c.stakeholder_group),
    createdAt: c.created_at,
    html: c.hidden_at ? null : c.body_html,
    hiddenReason: c.hidden_at ? (c.hidden_reason ?? "") : null,
    answer: c.answer ? { value: c.answer, label: answerLabel(c.answer), reason: c.answer_reason ?? "", by: c.answered_by_name ?? null } : null,
    replies,
  };
}

/** Counts of (top-level) comments per stakeholder group and per region, for the chart and its table. */
export function commentBalance(comments: CommentRow[]) {
  const top = comments.filter((c) => !c.parent_id);
  return {
    total: top.length,
    byGroup: bars(top.map((c) => c.stakeholder_group), STAKEHOLDER_GROUPS, stakeholderLabel),
    byRegion: bars(top.map((c) => c.region), REGIONS, regionLabel),
  };
}

export async function consultationPage(access: CoalitionAccess, c: Consultation, zone: string) {
  const rows = await listComments(getDb(), c.id);
  const replies = new Map<string, CommentView[]>();
  for (const r of rows) if (r.parent_id) replies.set(r.parent_id, [...(replies.get(r.parent_id) ?? []), view(r, [])]);
  const comments = rows.filter((r) => !r.parent_id).map((r) => view(r, replies.get(r.id) ?? []));
  const counts = new Map<number, number>();
  for (const cm of comments) for (let n = cm.from; n <= cm.to; n++) counts.set(n, (counts.get(n) ?? 0) + 1);
  const closed = consultationClosed(c);
  const comment = decideFor(access, "consultation:comment", { consultation: { closed } });
  return {
    consultation: {
      id: c.id,
      versionId: c.version_id,
      number: Number(c.version_number),
      label: c.version_label,
      title: c.document_title,
      introduction: c.introduction,
      closesAt: c.closes_at,
      closesText: formatInZone(c.closes_at, zone),
      closedText: c.closed_at ? formatInZone(c.closed_at, zone) : null,
      closed,
      withdrawn: Boolean(c.version_withdrawn_at),
    },
    blocks: versionBlocks(c.version_state).map((b) => ({ ...b, count: counts.get(b.number) ?? 0 })),
    comments,
    balance: commentBalance(rows),
    disposition: closed ? dispositionRows(rows) : null,
    canComment: comment.ok,
    /** Why the viewer may not comment (closed, not signed in, not allowed), shown instead of the form. */
    commentRefusal: comment.ok ? null : comment.message,
    signedIn: Boolean(access.user),
    canManage: decideFor(access, "consultation:manage").ok,
    profileGroup: access.user?.stakeholder_group ?? "",
    rules: { days: NEW_ACCOUNT_DAYS, perHour: NEW_ACCOUNT_COMMENTS_PER_HOUR },
  };
}
export type ConsultationPageData = Awaited<ReturnType<typeof consultationPage>>;
