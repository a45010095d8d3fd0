import type { JSONContent } from "@tiptap/core";
import { getDb } from "../../../db/client";
import * as q from "../../../db/queries/report-decisions";
import { dateTimeFormat } from "../../lib/i18n/format";
import { t } from "../../lib/i18n/messages";
import { outcomeWord, stanceWord } from "../../lib/decisions";
import { yearRange } from "./report-figures.server";
import type { ReportContext, ReportSectionProvider } from "./report-sections.server";

// The annual report's sections for decisions, dissent annexes, endorsements and public consultations
// (issues 24 and 26), wired into REPORT_SECTIONS. Each figure links to the page it was counted from;
// tests/integration/report-decisions.test.ts recounts them in SQL.

const text = (value: string, href?: string): JSONContent => ({ type: "text", text: value, ...(href ? { marks: [{ type: "link", attrs: { href } }] } : {}) });
const para = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const heading = (value: string): JSONContent => ({ type: "heading", attrs: { level: 2 }, content: [text(value)] });
const list = (items: JSONContent[][]): JSONContent => ({ type: "bulletList", content: items.map((content) => ({ type: "listItem", content: [para(...content)] })) });
const day = (iso: string) => dateTimeFormat({ dateStyle: "long", timeZone: "UTC" }).format(new Date(iso));
const sep = () => text(" · ");
const base = (ctx: ReportContext) => `/coalitions/${ctx.slug}`;

export const decisionsSection: ReportSectionProvider = async (ctx) => {
  const rows = await q.listDecisionsClosed(getDb(), ctx.coalitionId, yearRange(ctx.year));
  if (!rows.length) return [];
  const outputs = ctx.link(`${base(ctx)}/outputs`);
  const by = (o: string) => rows.filter((r) => r.outcome === o).length;
  return [
    heading(t("report.tally.decisions.heading")),
    para(
      text(t("report.tally.decisions.count", { count: rows.length, year: String(ctx.year) }), outputs),
      sep(),
      text(t("report.tally.decisions.outcomes", { adopted: by("adopted"), notAdopted: by("not_adopted"), polls: by("poll"), restarted: by("restarted") }), outputs),
      sep(),
      text(t("report.tally.decisions.withDissent", { count: rows.filter((r) => r.dissent > 0).length }), outputs),
    ),
    list(
      rows.map((r) => [
        text(
          t("report.tally.decisions.item", {
            question: r.question || t("decisions.defaultQuestion", { title: r.title, number: r.number }),
            outcome: outcomeWord(r.outcome),
            date: day(r.closed_at),
            count: r.dissent,
          }),
          ctx.link(`${base(ctx)}/decisions/${r.id}`),
        ),
      ]),
    ),
  ];
};

export const dissentAnnexSection: ReportSectionProvider = async (ctx) => {
  const range = yearRange(ctx.year);
  const [decisions, stances] = await Promise.all([q.listDecisionsClosed(getDb(), ctx.coalitionId, range), q.countAnnexStances(getDb(), ctx.coalitionId, range)]);
  const withDissent = decisions.filter((d) => d.dissent > 0);
  if (!withDissent.length) return [];
  const total = stances.reduce((sum, s) => sum + s.n, 0);
  const byStance = ["object", "block", "stand_aside", "abstain"]
    .map((s) => ({ s, n: stances.filter((x) => x.stance === s).reduce((sum, x) => sum + x.n, 0) }))
    .filter((x) => x.n > 0)
    .map((x) => t("report.tally.annex.stance", { stance: stanceWord(x.s), count: x.n }))
    .join(t("decisions.result.separator"));
  return [
    heading(t("report.tally.annex.heading")),
    para(text(t("report.tally.annex.count", { count: total, stances: byStance }), ctx.link(`${base(ctx)}/outputs`))),
    list(withDissent.map((d) => [text(t("report.tally.annex.item", { title: d.title, number: d.number, count: d.dissent }), ctx.link(`${base(ctx)}/outputs/${d.version_id}#dissent-annex`))])),
  ];
};

export const endorsementsSection: ReportSectionProvider = async (ctx) => {
  const rows = await q.listEndorsementsGiven(getDb(), ctx.coalitionId, yearRange(ctx.year));
  if (!rows.length) return [];
  const sum = (k: "total" | "organisations" | "verified") => rows.reduce((n, r) => n + r[k], 0);
  return [
    heading(t("report.tally.endorsements.heading")),
    para(text(t("report.tally.endorsements.count", { count: sum("total"), year: String(ctx.year), organisations: sum("organisations"), verified: sum("verified") }), ctx.link(`${base(ctx)}/outputs`))),
    list(rows.map((r) => [text(t("report.tally.endorsements.item", { title: r.title, number: r.number, count: r.total, organisations: r.organisations }), ctx.link(`${base(ctx)}/outputs/${r.version_id}#endorsements`))])),
  ];
};

export const consultationsSection: ReportSectionProvider = async (ctx) => {
  const rows = await q.listConsultationsOpened(getDb(), ctx.coalitionId, yearRange(ctx.year));
  if (!rows.length) return [];
  const comments = await q.listConsultationComments(getDb(), rows.map((r) => r.id));
  const groups = new Set(comments.map((c) => c.stakeholder_group).filter((g) => g && g !== "unknown")).size;
  const page = (id: string) => ctx.link(`${base(ctx)}/consultations/${id}`);
  return [
    heading(t("report.tally.consultations.heading")),
    para(
      text(t("report.tally.consultations.count", { count: rows.length, year: String(ctx.year) }), ctx.link(`${base(ctx)}/outputs`)),
      sep(),
      text(t("report.tally.consultations.comments", { count: comments.length, groups }), ctx.link(`${base(ctx)}/outputs`)),
    ),
    list(
      rows.map((r) => {
        const mine = comments.filter((c) => c.consultation_id === r.id);
        const n = (answer: string | null) => mine.filter((c) => c.answer === answer).length;
        return [
          text(t("report.tally.consultations.item", { title: r.title, number: Number(r.number), count: mine.length }), page(r.id)),
          text(": "),
          text(t("report.tally.consultations.disposition", { accepted: n("accepted"), partly: n("partly"), rejected: n("rejected"), noted: n("noted"), unanswered: n(null) }), `${page(r.id)}#disposition`),
        ];
      }),
    ),
  ];
};
