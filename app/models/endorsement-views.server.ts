import { getDb } from "../../db/client";
import {
  countEndorsementsByGroup,
  countReconfirmed,
  findActiveEndorsement,
  findPreviousVersion,
  listActiveEndorsements,
  type EndorsementRow,
} from "../../db/queries/endorsements";
import type { StakeholderGroupId } from "../../db/schema";
import { toCsv } from "../lib/csv";
import type { EndorsementItem, EndorsementPanelData } from "../lib/endorsement-view";
import { regionLabel, REGIONS, stakeholderLabel, STAKEHOLDER_GROUPS } from "../lib/stakeholders";
import { decideFor, type CoalitionAccess } from "./access.server";
import type { ExportFile } from "./exports.server";
import type { VersionSummary } from "./versions.server";

// What the output page and the endorsement exports show of a version's endorsements (issue 24):
// people by name and handle (never an email address), organisations by name, group and region
// with their verification. Whoever may read the version may read these.

type Version = Pick<VersionSummary, "id" | "documentId" | "documentTitle" | "number" | "withdrawn">;

/** A stakeholder group id from a query string, or null (all groups). */
export function groupFilter(value: string | null | undefined): StakeholderGroupId | null {
  return STAKEHOLDER_GROUPS.some((g) => g.id === value) ? (value as StakeholderGroupId) : null;
}

function item(row: EndorsementRow): EndorsementItem {
  return {
    id: row.id,
    kind: row.organisation ? "organisation" : "person",
    name: row.name,
    handle: row.handle,
    organisation: row.organisation,
    group: row.stakeholder_group,
    groupLabel: stakeholderLabel(row.stakeholder_group),
    region: row.region,
    regionLabel: regionLabel(row.region),
    verified: Boolean(row.organisation && row.verified_at),
    reconfirmed: Boolean(row.reconfirms_id),
    endorsedAt: row.created_at,
  };
}

/** The version's active endorsements, of one group when `group` is set. */
export async function listEndorsements(version: Version, group: StakeholderGroupId | null): Promise<EndorsementItem[]> {
  return (await listActiveEndorsements(getDb(), version.id, group)).map(item);
}

/** Everything the endorsement panel of the output page needs (the loader's small hook). */
export async function endorsementPanel(access: CoalitionAccess, version: Version, url: URL): Promise<EndorsementPanelData> {
  const db = getDb();
  const group = groupFilter(url.searchParams.get("group"));
  const withdrawn = { version: { withdrawn: Boolean(version.withdrawn) } };
  const userId = access.user?.id ?? null;
  const [items, counts, previous, mine] = await Promise.all([
    listEndorsements(version, group),
    countEndorsementsByGroup(db, version.id),
    findPreviousVersion(db, version.id),
    userId ? findActiveEndorsement(db, version.id, userId) : Promise.resolve(undefined),
  ]);
  const reconfirm = previous ? { previousId: previous.id, previousNumber: Number(previous.number), ...(await countReconfirmed(db, version.id, previous.id)) } : null;
  const previousOfMine = previous && userId && !mine ? await findActiveEndorsement(db, previous.id, userId) : undefined;
  const canEndorse = decideFor(access, "endorsement:create", withdrawn).ok;
  const base = `/coalitions/${access.coalition.slug}/outputs/${version.id}`;
  const query = group ? `?group=${group}` : "";
  return {
    versionNumber: version.number,
    items,
    total: counts.reduce((n, c) => n + c.n, 0),
    groups: STAKEHOLDER_GROUPS.map((g) => ({ id: g.id, label: stakeholderLabel(g.id), count: counts.find((c) => c.group === g.id)?.n ?? 0 })),
    notStated: counts.find((c) => c.group === null)?.n ?? 0,
    regions: REGIONS.map((r) => ({ id: r.id, label: regionLabel(r.id) })),
    group,
    mine: mine ? { id: mine.id, organisation: mine.organisation } : null,
    /** The viewer endorsed the previous version and may re-confirm on this one. */
    canReconfirm: Boolean(previousOfMine) && canEndorse,
    reconfirm: reconfirm && reconfirm.endorsers > 0 ? reconfirm : null,
    signedIn: Boolean(userId),
    canEndorse: canEndorse && !mine,
    canWithdraw: Boolean(mine) && decideFor(access, "endorsement:withdraw").ok,
    canVerify: decideFor(access, "endorsement:verify").ok,
    loginHref: `/login?redirectTo=${encodeURIComponent(`${base}#endorsements`)}`,
    csvHref: `${base}/endorsements.csv${query}`,
    jsonHref: `${base}/endorsements.json${query}`,
  };
}

function fileBase(version: Version): string {
  return `endorsements-v${version.number}`;
}

/** The endorsements as CSV (safe against formula injection; labels in the request's language). */
export async function endorsementsCsv(version: Version, group: StakeholderGroupId | null): Promise<ExportFile> {
  const items = await listEndorsements(version, group);
  const rows = [
    ["kind", "name", "handle", "organisation", "stakeholder_group", "stakeholder_group_label", "region", "region_label", "verified", "reconfirmed", "endorsed_at"],
    ...items.map((i) => [i.kind, i.name, i.handle, i.organisation ?? "", i.group ?? "", i.groupLabel, i.region ?? "", i.regionLabel, i.verified ? "yes" : "no", i.reconfirmed ? "yes" : "no", i.endorsedAt]),
  ];
  return { body: toCsv(rows), fileName: `${fileBase(version)}.csv`, unicodeName: `${fileBase(version)}.csv`, contentType: "text/csv; charset=utf-8" };
}

/** The endorsements as JSON: the version, the counts per group, and each endorsement. */
export async function endorsementsJson(access: CoalitionAccess, version: Version, group: StakeholderGroupId | null, appOrigin: string): Promise<ExportFile> {
  const items = await listEndorsements(version, group);
  const counts = await countEndorsementsByGroup(getDb(), version.id);
  const body = {
    version: {
      id: version.id,
      number: version.number,
      title: version.documentTitle,
      url: new URL(`/coalitions/${access.coalition.slug}/outputs/${version.id}`, appOrigin).href,
      withdrawn: Boolean(version.withdrawn),
    },
    group,
    counts: { total: counts.reduce((n, c) => n + c.n, 0), byGroup: Object.fromEntries(counts.map((c) => [c.group ?? "not_stated", c.n])) },
    endorsements: items.map((i) => ({
      kind: i.kind,
      name: i.name,
      handle: i.handle,
      organisation: i.organisation,
      stakeholderGroup: i.group,
      region: i.region,
      verified: i.verified,
      reconfirmed: i.reconfirmed,
      endorsedAt: i.endorsedAt,
    })),
  };
  return { body: `${JSON.stringify(body, null, 2)}\n`, fileName: `${fileBase(version)}.json`, unicodeName: `${fileBase(version)}.json`, contentType: "application/json; charset=utf-8" };
}
