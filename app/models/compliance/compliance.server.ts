import { getDb } from "../../../db/client";
import * as q from "../../../db/queries/reports";
import type { Coalition } from "../../../db/schema";
import { dateTimeFormat, formatList, formatNumber } from "../../lib/i18n/format";
import { t } from "../../lib/i18n/messages";
import { MIN_STAKEHOLDER_GROUPS, STAKEHOLDER_GROUPS, stakeholderLabel } from "../../lib/stakeholders";
import { dissentCheck } from "./dissent-check.server";

/**
 * The forum's conditions for an active coalition (issue 25), each checked from what the
 * workspace records, green (pass), red (fail, with what to do) or neutral (not applicable yet).
 * "The last 12 months" is the 365 days before `at`. Active members are today's members who, in
 * that window, wrote or edited a post, edited or published one of the coalition's documents or
 * were recorded present at one of its meetings.
 */

export const CHECK_IDS = ["openMembership", "openArchive", "stakeholderGroups", "dissent", "annualReport", "sessionReport", "coordination"] as const;
export type CheckId = (typeof CHECK_IDS)[number];
export type CheckStatus = "pass" | "fail" | "na";

export interface ComplianceItem {
  id: CheckId;
  status: CheckStatus;
  /** What was found, in words. */
  summary: string;
  /** For a failing item: what to do. */
  todo: string | null;
  /** Where the evidence is (a path of the workspace). */
  evidenceHref: string;
}

/** Join requests answered within this many days (median) count as open membership. */
export const ANSWER_WITHIN_DAYS = 30;
const DAY_MS = 86_400_000;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const day = (iso: string) => dateTimeFormat({ dateStyle: "long", timeZone: "UTC" }).format(new Date(iso));

async function openMembership(c: Coalition, window: q.Range): Promise<ComplianceItem> {
  const answered = await q.listAnsweredRequests(getDb(), c.id, window);
  const days = median(answered.filter((r) => r.decided_at).map((r) => (Date.parse(r.decided_at!) - Date.parse(r.created_at)) / DAY_MS));
  const policy = t(c.join_policy === "open" ? "compliance.membership.open" : c.join_policy === "approval" ? "compliance.membership.approval" : "compliance.membership.invitation");
  const timing =
    days === null
      ? t("compliance.membership.noRequests")
      : t("compliance.membership.median", { days: formatNumber(Math.round(days * 10) / 10), count: answered.length });
  const closed = c.join_policy === "invitation";
  const slow = days !== null && days > ANSWER_WITHIN_DAYS;
  return {
    id: "openMembership",
    status: closed || slow ? "fail" : "pass",
    summary: `${policy} ${timing}`,
    todo: closed ? t("compliance.membership.todoPolicy") : slow ? t("compliance.membership.todoSlow", { days: ANSWER_WITHIN_DAYS }) : null,
    evidenceHref: `/coalitions/${c.slug}/members`,
  };
}

async function openArchive(c: Coalition): Promise<ComplianceItem> {
  const counts = await q.countThreadsByAudience(getDb(), c.id);
  const open = c.visibility === "public" && c.default_thread_audience === "public";
  const summary = [
    t(c.visibility === "public" ? "compliance.archive.public" : "compliance.archive.private"),
    t(c.default_thread_audience === "public" ? "compliance.archive.defaultPublic" : "compliance.archive.defaultMembers"),
    t("compliance.archive.counts", { public: counts.public, members: counts.members }),
  ].join(" ");
  return {
    id: "openArchive",
    status: open ? "pass" : "fail",
    summary,
    todo: open ? null : t("compliance.archive.todo"),
    evidenceHref: c.visibility === "public" ? `/coalitions/${c.slug}/threads` : `/coalitions/${c.slug}/settings`,
  };
}

async function stakeholderGroups(c: Coalition, window: q.Range): Promise<ComplianceItem> {
  const active = await q.listActiveMembers(getDb(), c.id, window);
  const groups = STAKEHOLDER_GROUPS.map((g) => g.id).filter((id) => active.some((m) => m.stakeholder_group === id));
  const ok = groups.length >= MIN_STAKEHOLDER_GROUPS;
  return {
    id: "stakeholderGroups",
    status: ok ? "pass" : "fail",
    summary: t("compliance.groups.summary", { groups: groups.length, active: active.length, names: groups.length ? formatList(groups.map((g) => stakeholderLabel(g))) : "—" }),
    todo: ok ? null : t("compliance.groups.todo", { min: MIN_STAKEHOLDER_GROUPS }),
    evidenceHref: `/coalitions/${c.slug}/members`,
  };
}

async function reports(c: Coalition, at: Date): Promise<ComplianceItem[]> {
  const db = getDb();
  const marked = await q.listReports(db, c.id);
  const year = at.getUTCFullYear();
  const annual = marked.find((r) => r.kind === "annual" && r.year === year);
  const annualItem: ComplianceItem = annual?.version_id
    ? { id: "annualReport", status: "pass", summary: t("compliance.annual.published", { year: String(year), date: day(annual.published_at!) }), todo: null, evidenceHref: `/coalitions/${c.slug}/outputs/${annual.version_id}` }
    : {
        id: "annualReport",
        status: "fail",
        summary: t(annual ? "compliance.annual.drafted" : "compliance.annual.missing", { year: String(year) }),
        todo: t(annual ? "compliance.annual.todoPublish" : "compliance.annual.todoDraft", { year: String(year) }),
        evidenceHref: `/coalitions/${c.slug}/compliance`,
      };
  const last = await q.findLastAnnualMeeting(db, at.toISOString());
  let sessionItem: ComplianceItem;
  if (!last) {
    sessionItem = { id: "sessionReport", status: "na", summary: t("compliance.session.noMeeting"), todo: null, evidenceHref: "/calendar" };
  } else {
    const sessionYear = Number(last.starts_at.slice(0, 4));
    const session = marked.find((r) => r.kind === "session" && r.year === sessionYear);
    sessionItem = session?.version_id
      ? { id: "sessionReport", status: "pass", summary: t("compliance.session.published", { year: String(sessionYear), title: session.title }), todo: null, evidenceHref: `/coalitions/${c.slug}/outputs/${session.version_id}` }
      : {
          id: "sessionReport",
          status: "fail",
          summary: t(session ? "compliance.session.unpublished" : "compliance.session.missing", { year: String(sessionYear), meeting: last.title }),
          todo: t(session ? "compliance.session.todoPublish" : "compliance.session.todoMark", { year: String(sessionYear) }),
          evidenceHref: `/coalitions/${c.slug}/compliance`,
        };
  }
  return [annualItem, sessionItem];
}

async function coordination(c: Coalition, window: q.Range): Promise<ComplianceItem> {
  const held = await q.listForumEventsOfKind(getDb(), "coordination_meeting", window);
  const attended = new Set(await q.listCoordinationAttended(getDb(), c.id));
  const count = held.filter((e) => attended.has(e.id)).length;
  const evidenceHref = `/coalitions/${c.slug}/compliance#coordination`;
  if (held.length === 0) return { id: "coordination", status: "na", summary: t("compliance.coordination.none"), todo: null, evidenceHref };
  return {
    id: "coordination",
    status: count > 0 ? "pass" : "fail",
    summary: t("compliance.coordination.summary", { attended: count, count: held.length }),
    todo: count > 0 ? null : t("compliance.coordination.todo"),
    evidenceHref,
  };
}

/** The checklist of one coalition at `at`, in CHECK_IDS order. */
export async function complianceOf(c: Coalition, at: Date = new Date()): Promise<ComplianceItem[]> {
  const window: q.Range = { from: new Date(at.getTime() - 365 * DAY_MS).toISOString(), to: at.toISOString() };
  const [membership, archive, groups, dissent, [annual, session], coord] = await Promise.all([
    openMembership(c, window),
    openArchive(c),
    stakeholderGroups(c, window),
    dissentCheck({ coalitionId: c.id, slug: c.slug, window }),
    reports(c, at),
    coordination(c, window),
  ]);
  return [membership, archive, groups, dissent, annual, session, coord];
}

/** The item's name, in the reader's language. */
export function checkLabel(id: CheckId, at: Date = new Date()): string {
  return t(`compliance.item.${id}`, { year: String(at.getUTCFullYear()) });
}
