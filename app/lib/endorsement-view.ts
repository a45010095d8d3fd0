import type { RegionId, StakeholderGroupId } from "./stakeholders";

// The shapes the output page's endorsement panel receives (issue 24): built by
// app/models/endorsement-views.server.ts, shown by app/components/endorsements/.

export interface EndorsementItem {
  id: string;
  kind: "person" | "organisation";
  name: string;
  handle: string;
  organisation: string | null;
  /** The organisation's group, or (endorsing as oneself) the person's profile group. */
  group: StakeholderGroupId | null;
  groupLabel: string;
  region: RegionId | null;
  regionLabel: string;
  verified: boolean;
  /** It re-confirms an endorsement of the previous version. */
  reconfirmed: boolean;
  endorsedAt: string;
}

export interface EndorsementPanelData {
  versionNumber: number;
  items: EndorsementItem[];
  /** Active endorsements of every group (the filter aside). */
  total: number;
  groups: Array<{ id: StakeholderGroupId; label: string; count: number }>;
  notStated: number;
  regions: Array<{ id: RegionId; label: string }>;
  /** The group the list is filtered by, or null. */
  group: StakeholderGroupId | null;
  mine: { id: string; organisation: string | null } | null;
  /** The viewer endorses the previous version and may re-confirm on this one with one action. */
  canReconfirm: boolean;
  /** "k of m endorsers re-confirmed": of the previous version's active endorsers (m), those who endorse this one (k). */
  reconfirm: { previousId: string; previousNumber: number; reconfirmed: number; endorsers: number } | null;
  signedIn: boolean;
  canEndorse: boolean;
  canWithdraw: boolean;
  canVerify: boolean;
  loginHref: string;
  csvHref: string;
  jsonHref: string;
}

/** What the endorsement part of the page's action answers (`intent: "endorsement"` tells it apart). */
export interface EndorsementAnswer {
  intent: "endorsement";
  action: string;
  ok: boolean;
  message: string;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
}

export function isEndorsementAnswer(value: unknown): value is EndorsementAnswer {
  return Boolean(value) && typeof value === "object" && (value as { intent?: unknown }).intent === "endorsement";
}
