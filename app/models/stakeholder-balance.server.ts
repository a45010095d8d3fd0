import { getDb } from "../../db/client";
import { listMemberGroups } from "../../db/queries/memberships";
import { MIN_STAKEHOLDER_GROUPS, REGIONS, STAKEHOLDER_GROUPS, regionLabel, stakeholderLabel, type StakeholderGroupId } from "../lib/stakeholders";

export interface BalanceBar {
  id: string;
  label: string;
  count: number;
}

export interface StakeholderBalance {
  total: number;
  byGroup: BalanceBar[];
  byRegion: BalanceBar[];
  groupsSpanned: number;
  meetsRule: boolean;
}

const isGroup = (v: string | null): v is StakeholderGroupId => STAKEHOLDER_GROUPS.some((g) => g.id === v);

/** Bars in the current language (the loader runs in the request's). */
function bars(values: Array<string | null>, list: ReadonlyArray<{ id: string }>, label: (id: string | null) => string): BalanceBar[] {
  const out: BalanceBar[] = list.map((item) => ({ id: item.id, label: label(item.id), count: values.filter((v) => v === item.id).length }));
  const unknown = values.filter((v) => !list.some((item) => item.id === v)).length;
  if (unknown) out.push({ id: "unknown", label: label(null), count: unknown });
  return out;
}

/** Members of one coalition by stakeholder group and by region, and whether it meets the forum's rule. */
export async function coalitionBalance(coalitionId: string): Promise<StakeholderBalance> {
  const rows = await listMemberGroups(getDb(), [coalitionId]);
  const groupsSpanned = new Set(rows.map((r) => r.stakeholderGroup).filter(isGroup)).size;
  return {
    total: rows.length,
    byGroup: bars(rows.map((r) => r.stakeholderGroup), STAKEHOLDER_GROUPS, stakeholderLabel),
    byRegion: bars(rows.map((r) => r.region), REGIONS, regionLabel),
    groupsSpanned,
    meetsRule: groupsSpanned >= MIN_STAKEHOLDER_GROUPS,
  };
}

export interface DirectoryStats {
  members: number;
  groups: StakeholderGroupId[];
}

/** Member count and stakeholder groups spanned, per coalition, for the directory cards and filter. */
export async function directoryStats(coalitionIds: readonly string[]): Promise<Record<string, DirectoryStats>> {
  const out: Record<string, DirectoryStats> = Object.fromEntries(coalitionIds.map((id) => [id, { members: 0, groups: [] }]));
  for (const row of await listMemberGroups(getDb(), coalitionIds)) {
    const entry = out[row.coalitionId];
    if (!entry) continue;
    entry.members += 1;
    if (isGroup(row.stakeholderGroup) && !entry.groups.includes(row.stakeholderGroup)) entry.groups.push(row.stakeholderGroup);
  }
  return out;
}

/**
 * Directory cards with their member count and stakeholder groups, keeping only coalitions
 * with a member in `group` when one is given (an unknown group filters nothing).
 */
export async function withDirectoryStats<C extends { id: string }>(coalitions: C[], group: string | null) {
  const stats = await directoryStats(coalitions.map((c) => c.id));
  const filter = STAKEHOLDER_GROUPS.some((g) => g.id === group) ? (group as StakeholderGroupId) : null;
  const rows = coalitions
    .map((c) => ({ ...c, stats: stats[c.id] ?? { members: 0, groups: [] } }))
    .filter((c) => !filter || c.stats.groups.includes(filter));
  return { coalitions: rows, group: filter };
}
