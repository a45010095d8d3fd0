import type { JSONContent } from "@tiptap/core";
import { getDb } from "../../db/client";
import { listAdoptions, listStances, listVersionAnnex, listVersionDecisions, type DecisionRow } from "../../db/queries/decisions";
import { ANNEX_STANCES, KIND_STANCES, REASON_REQUIRED, kindWord, outcomeWord, stanceWord, type DecisionKind } from "../lib/decisions";
import { escapeHtml } from "../lib/mail/templates";
import { markdownText } from "../lib/markdown-escape";
import { formatInZone } from "../lib/time-zones";
import { t } from "../lib/i18n/messages";
import { regionLabel, stakeholderLabel } from "../lib/stakeholders";
import { decideFor, type CoalitionAccess } from "./access.server";
import { choicesOf, outcomeStatement, pollOptions, tally } from "./decision-results.server";
import { decisionTarget, isOpen, newerVersionOf } from "./decisions.server";
import { markdownToBlocks } from "./document-render.server";
import { longDate, type VersionSummary } from "./versions.server";

// What the decision page, the version page and the exports show of decisions (issue 24), in the
// request's language and the viewer's time zone. Results before the close only when the decision
// shows stances while open; who chose what never in an anonymous decision (only who took part).

const questionOf = (d: Pick<DecisionRow, "question" | "document_title" | "version_number">) => d.question || t("decisions.defaultQuestion", { title: d.document_title, number: d.version_number });

/** Which stances the annex keeps, in words, for the forms and the page. */
export function annexRule(): string {
  return t("annex.rule", { stances: [...ANNEX_STANCES].map(stanceWord).join(t("decisions.result.separator")) });
}

export async function decisionPage(access: CoalitionAccess, d: DecisionRow, zone: string) {
  const stances = await listStances(getDb(), d.id);
  const open = isOpen(d);
  const showResults = !open || Boolean(d.visible);
  const options = pollOptions(d);
  const viewerId = access.user?.id ?? null;
  const mine = viewerId ? stances.find((s) => s.user_id === viewerId) : undefined;
  const target = decisionTarget(d);
  const newer = await newerVersionOf(d);
  return {
    id: d.id,
    kind: d.kind,
    kindLabel: kindWord(d.kind),
    question: questionOf(d),
    documentTitle: d.document_title,
    version: { id: d.version_id, number: Number(d.version_number), label: d.version_label, withdrawn: Boolean(d.version_withdrawn_at) },
    deadline: d.deadline_at,
    deadlineText: formatInZone(d.deadline_at, zone),
    zone,
    openedBy: d.opened_by_name,
    openedAt: d.opened_at,
    closedAt: d.closed_at,
    closedBy: d.closed_by_name,
    closeReason: d.close_reason,
    outcome: d.outcome,
    outcomeLabel: d.outcome ? outcomeWord(d.outcome) : null,
    statement: outcomeStatement(d),
    open,
    anonymous: Boolean(d.anonymous),
    visible: Boolean(d.visible),
    observers: Boolean(d.observers),
    multiple: Boolean(d.multiple),
    onObjection: d.on_objection,
    options,
    stanceChoices: d.kind === "poll" ? null : KIND_STANCES[d.kind as Exclude<DecisionKind, "poll">].map((s) => ({ id: s, label: stanceWord(s), needsReason: REASON_REQUIRED.has(s) })),
    mine: mine ? { stance: mine.stance, choices: choicesOf(mine), reason: mine.reason } : null,
    participants: stances.map((s) => ({ id: s.user_id, name: s.name, handle: s.handle })),
    showResults,
    tallies: showResults ? tally(d, stances) : null,
    stances:
      showResults && d.kind !== "poll"
        ? stances.map((s) => ({ key: s.user_id, name: d.anonymous ? null : s.name, stance: stanceWord(s.stance), reasonHtml: s.reason_html, group: stakeholderLabel(s.stakeholder_group) }))
        : [],
    annexRule: d.kind === "poll" ? null : annexRule(),
    newer,
    restartedAs: d.restarted_as,
    restartedFrom: d.restarted_from,
    abilities: {
      takePart: decideFor(access, "decision:take-part", target).ok,
      close: decideFor(access, "decision:close", target).ok,
      restart: Boolean(newer) && decideFor(access, "decision:open", target).ok,
    },
  };
}
export type DecisionPageData = Awaited<ReturnType<typeof decisionPage>>;

export interface AnnexView {
  decisionId: string;
  question: string;
  closedAt: string | null;
  closedOn: string | null;
  entries: Array<{ key: string; stance: string; reasonHtml: string; reason: string; author: string | null; group: string; region: string }>;
}

async function annexOf(versionId: string, titleOf: (d: { question: string }) => string): Promise<AnnexView[]> {
  const rows = await listVersionAnnex(getDb(), versionId);
  const out: AnnexView[] = [];
  for (const r of rows) {
    let view = out.find((a) => a.decisionId === r.decision_id);
    if (!view) {
      view = { decisionId: r.decision_id, question: titleOf(r), closedAt: r.closed_at, closedOn: r.closed_at ? longDate(r.closed_at) : null, entries: [] };
      out.push(view);
    }
    view.entries.push({
      key: `${r.decision_id}-${r.position}`,
      stance: stanceWord(r.stance),
      reasonHtml: r.reason_html,
      reason: r.reason,
      author: r.author_name,
      group: stakeholderLabel(r.stakeholder_group),
      region: regionLabel(r.region),
    });
  }
  return out;
}

/** The version page's part: adoption, the decisions on it, the dissent annex, and whether the viewer may open one. */
export async function versionDecisions(access: CoalitionAccess, version: VersionSummary, zone: string) {
  const rows = await listVersionDecisions(getDb(), version.id);
  const title = (d: { question: string }) => d.question || t("decisions.defaultQuestion", { title: version.documentTitle, number: version.number });
  return {
    adoptedBy: rows
      .filter((d) => d.outcome === "adopted" && d.closed_at)
      .map((d) => ({ id: d.id, question: questionOf(d), closedAt: d.closed_at!, closedOn: longDate(d.closed_at!) })),
    decisions: rows.map((d) => ({ id: d.id, question: questionOf(d), kindLabel: kindWord(d.kind), open: isOpen(d), deadlineText: formatInZone(d.deadline_at, zone), outcomeLabel: d.outcome ? outcomeWord(d.outcome) : null })),
    annex: await annexOf(version.id, title),
    annexRule: annexRule(),
    canOpen: decideFor(access, "decision:open", { version: { withdrawn: Boolean(version.withdrawn) } }).ok,
  };
}
export type VersionDecisionsData = Awaited<ReturnType<typeof versionDecisions>>;

/** Per version id, "Adopted on DATE by DECISION" for lists of versions. */
export async function adoptionLines(versionIds: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const a of await listAdoptions(getDb(), versionIds)) {
    if (out[a.version_id] || !a.closed_at) continue;
    out[a.version_id] = t("annex.adoptedOn", { date: longDate(a.closed_at), decision: a.question || t("decisions.defaultQuestion", { title: a.title, number: Number(a.number) }) });
  }
  return out;
}

const textNode = (text: string, bold = false): JSONContent => ({ type: "text", text, ...(bold ? { marks: [{ type: "bold" }] } : {}) });

/**
 * The adoption line(s) and the dissent annex of a version, for its exports (current language):
 * Markdown, HTML, and ProseMirror blocks for the Word file (`nodes`, the same headings, lines and
 * reasons; a reason's Markdown becomes blocks in a quote, its raw HTML stays text).
 */
export async function annexForExport(version: Pick<VersionSummary, "id" | "documentTitle" | "number">): Promise<{ lines: string[]; markdown: string; html: string; nodes: JSONContent[] }> {
  const lines = Object.values(await adoptionLines([version.id]));
  const annex = await annexOf(version.id, (d) => d.question || t("decisions.defaultQuestion", { title: version.documentTitle, number: version.number }));
  if (!annex.length) return { lines, markdown: "", html: "", nodes: [] };
  const md: string[] = [`\n\n## ${markdownText(t("annex.heading"))}\n`];
  const html: string[] = [`<section class="dissent-annex"><h2>${escapeHtml(t("annex.heading"))}</h2>`];
  const nodes: JSONContent[] = [{ type: "heading", attrs: { level: 2 }, content: [textNode(t("annex.heading"))] }];
  for (const a of annex) {
    const heading = a.closedOn ? t("annex.decisionHeading", { question: a.question, date: a.closedOn }) : a.question;
    md.push(`\n### ${markdownText(heading)}\n`);
    html.push(`<h3>${escapeHtml(heading)}</h3>`);
    nodes.push({ type: "heading", attrs: { level: 3 }, content: [textNode(heading)] });
    if (!a.entries.length) {
      md.push(`\n${markdownText(t("annex.none"))}\n`);
      html.push(`<p>${escapeHtml(t("annex.none"))}</p>`);
      nodes.push({ type: "paragraph", content: [textNode(t("annex.none"))] });
    }
    for (const e of a.entries) {
      const who = t("annex.entryLine", { stance: e.stance, author: e.author ?? t("annex.anonymous"), group: e.group });
      md.push(`\n**${markdownText(who)}**\n`);
      if (e.reason) md.push(`\n${e.reason.replace(/</g, "&lt;").split(/\r?\n/).map((l) => `> ${l}`).join("\n")}\n`);
      html.push(`<p><strong>${escapeHtml(who)}</strong></p>${e.reasonHtml ? `<blockquote>${e.reasonHtml}</blockquote>` : ""}`);
      nodes.push({ type: "paragraph", content: [textNode(who, true)] });
      const reason = e.reason.trim() ? markdownToBlocks(e.reason) : [];
      if (reason.length) nodes.push({ type: "blockquote", content: reason });
    }
  }
  html.push("</section>");
  return { lines, markdown: md.join(""), html: html.join("\n"), nodes };
}
