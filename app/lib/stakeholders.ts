import { t, type MessageId } from "./i18n/messages";

/** The forum's five stakeholder groups (fixed list). `label` is English; pages show `stakeholderLabel(id)`. */
export const STAKEHOLDER_GROUPS = [
  { id: "government", label: "Government & intergovernmental organizations" },
  { id: "technical", label: "Internet institutions (technical operators)" },
  { id: "private", label: "Private sector" },
  { id: "civil", label: "Civil society" },
  { id: "academic", label: "Academic & technical community" },
] as const;
export type StakeholderGroupId = (typeof STAKEHOLDER_GROUPS)[number]["id"];

/** The five UN regional groups. */
export const REGIONS = [
  { id: "african", label: "African Group" },
  { id: "asia_pacific", label: "Asia-Pacific Group" },
  { id: "eastern_european", label: "Eastern European Group" },
  { id: "latin_american_caribbean", label: "Latin American & Caribbean Group" },
  { id: "weog", label: "Western European & Others Group" },
] as const;
export type RegionId = (typeof REGIONS)[number]["id"];

/** The forum's rule: a coalition spans at least this many stakeholder groups. */
export const MIN_STAKEHOLDER_GROUPS = 3;

export const STAKEHOLDER_GROUP_IDS = STAKEHOLDER_GROUPS.map((g) => g.id) as [StakeholderGroupId, ...StakeholderGroupId[]];
export const REGION_IDS = REGIONS.map((r) => r.id) as [RegionId, ...RegionId[]];

/** A stakeholder group's name in the current language ("Not stated" for none or an unknown id). */
export function stakeholderLabel(id: string | null | undefined): string {
  const group = STAKEHOLDER_GROUPS.find((g) => g.id === id);
  return group ? t(`stakeholders.${group.id}` as MessageId) : t("stakeholders.notStated");
}

/** A regional group's name in the current language. */
export function regionLabel(id: string | null | undefined): string {
  const region = REGIONS.find((r) => r.id === id);
  return region ? t(`regions.${region.id}` as MessageId) : t("stakeholders.notStated");
}
