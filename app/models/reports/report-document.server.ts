import type { JSONContent } from "@tiptap/core";
import { dateTimeFormat } from "../../lib/i18n/format";
import { t } from "../../lib/i18n/messages";
import { regionLabel, stakeholderLabel } from "../../lib/stakeholders";
import { extensionSections, type ReportContext } from "./report-sections.server";

// The annual report's first draft as ProseMirror JSON, in the language of whoever drafts it.
// Every figure is a link to the page it was counted from (absolute, so it survives export).

const text = (value: string, href?: string): JSONContent => ({ type: "text", text: value, ...(href ? { marks: [{ type: "link", attrs: { href } }] } : {}) });
const para = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const heading = (level: 1 | 2 | 3, value: string): JSONContent => ({ type: "heading", attrs: { level }, content: [text(value)] });
const list = (items: JSONContent[][]): JSONContent => ({ type: "bulletList", content: items.map((content) => ({ type: "listItem", content: [para(...content)] })) });
const day = (iso: string) => dateTimeFormat({ dateStyle: "long", timeZone: "UTC" }).format(new Date(iso));

export async function reportContent(ctx: ReportContext & { coalitionName: string; draftedAt: Date }): Promise<JSONContent> {
  const { figures: f, slug, link } = ctx;
  const year = String(ctx.year); // a year is not a number to format ("2,026")
  const base = `/coalitions/${slug}`;
  const nodes: JSONContent[] = [
    heading(1, t("report.doc.title", { year, coalition: ctx.coalitionName })),
    para(text(t("report.doc.intro", { year, date: day(ctx.draftedAt.toISOString()) }))),
    heading(2, t("report.doc.outputs.heading")),
    para(text(t("report.doc.outputs.count", { count: f.outputs.length, year }), link(`${base}/outputs`))),
  ];
  if (f.outputs.length) {
    nodes.push(list(f.outputs.map((o) => [text(t("report.doc.outputs.item", { title: o.title, number: o.number, label: o.label, date: day(o.publishedAt) }), link(`${base}/outputs/${o.versionId}`))])));
  }
  nodes.push(...(await extensionSections(ctx)));

  nodes.push(heading(2, t("report.doc.meetings.heading")));
  nodes.push(
    para(
      text(t("report.doc.meetings.count", { count: f.meetings.length }), link(`${base}/calendar`)),
      text(" · "),
      text(t("report.doc.meetings.total", { count: f.attendance.total }), link(`${base}/calendar`)),
      text(" · "),
      text(t("report.doc.meetings.distinct", { count: f.attendance.distinct }), link(`${base}/calendar`)),
    ),
  );
  if (f.meetings.length) {
    nodes.push(
      list(
        f.meetings.map((m) => [
          text(t("report.doc.meetings.item", { title: m.title, date: day(m.startsAt), count: m.present }), link(`${base}/calendar/${m.id}`)),
          ...(m.minutesDocumentId ? [text(" · "), text(t("report.doc.minutes"), link(`${base}/documents/${m.minutesDocumentId}`))] : []),
        ]),
      ),
    );
  }

  nodes.push(heading(2, t("report.doc.discussion.heading")));
  const threads = link(`${base}/threads`);
  nodes.push(
    para(
      text(t("report.doc.discussion.threads", { count: f.participation.threads }), threads),
      text(" · "),
      text(t("report.doc.discussion.posts", { count: f.participation.posts }), threads),
      text(" · "),
      text(t("report.doc.discussion.participants", { count: f.participation.participants }), threads),
    ),
  );

  const members = link(`${base}/members`);
  nodes.push(heading(2, t("report.doc.membership.heading")));
  nodes.push(para(text(t("report.doc.membership.note"))));
  nodes.push(
    para(
      text(t("report.doc.membership.atEnd", { count: f.membership.atEnd, year }), members),
      text(" · "),
      text(t("report.doc.membership.joined", { count: f.membership.joined }), members),
      text(" · "),
      text(t("report.doc.membership.requests", { count: f.joinRequests.received, approved: f.joinRequests.approved, declined: f.joinRequests.declined }), members),
    ),
  );
  const bars = (counts: Record<string, number>, label: (id: string | null) => string) =>
    list(Object.entries(counts).filter(([id, n]) => n > 0 || id !== "unknown").map(([id, n]) => [text(t("report.doc.membership.bar", { label: label(id === "unknown" ? null : id), count: n }), members)]));
  nodes.push(heading(3, t("report.doc.membership.byGroup")), bars(f.membership.byGroup, stakeholderLabel));
  nodes.push(heading(3, t("report.doc.membership.byRegion")), bars(f.membership.byRegion, regionLabel));

  nodes.push(heading(2, t("report.doc.sessions.heading")));
  if (f.annualMeetings.length === 0) nodes.push(para(text(t("report.doc.sessions.none", { year }), link("/calendar"))));
  else nodes.push(list(f.annualMeetings.map((e) => [text(t("report.doc.sessions.meeting", { title: e.title, date: day(e.startsAt) }), link("/calendar"))])));
  if (f.sessionReports.length === 0) nodes.push(para(text(t("report.doc.sessions.noReport", { year }), link(`${base}/compliance`))));
  for (const r of f.sessionReports) {
    nodes.push(
      para(
        r.versionId
          ? text(t("report.doc.sessions.report", { title: r.title }), link(`${base}/outputs/${r.versionId}`))
          : text(t("report.doc.sessions.reportUnpublished", { title: r.title }), link(`${base}/documents/${r.documentId}`)),
      ),
    );
  }

  nodes.push(heading(2, t("report.doc.coordination.heading")));
  nodes.push(para(text(t("report.doc.coordination.count", { attended: f.coordination.attended, count: f.coordination.held.length }), link(`${base}/compliance`))));
  if (f.coordination.held.length) {
    nodes.push(
      list(
        f.coordination.held.map((e) => [
          text(t("report.doc.coordination.item", { title: e.title, date: day(e.startsAt), status: t(e.attended ? "report.doc.coordination.attended" : "report.doc.coordination.missed") }), link(`${base}/compliance`)),
        ]),
      ),
    );
  }
  return { type: "doc", content: nodes };
}
