/** Shapes of a contribution summary (app/models/authorship.server.ts), shared with the page. */

/** One person's (or one group's) part of a text. `kind` says who it is when not a person. */
export interface ContributionShare {
  key: string;
  kind: "person" | "former" | "unknown";
  name: string;
  handle: string | null;
  characters: number;
  share: number;
}

export interface GroupShare {
  id: string;
  label: string;
  characters: number;
  share: number;
}

export interface ContributionSummary {
  total: number;
  people: ContributionShare[];
  groups: GroupShare[];
}

/** One person who typed in a draft, with the Yjs client ids they typed with (for authorship colours). */
export interface DraftAuthor {
  key: string;
  kind: "person" | "former";
  name: string;
  handle: string | null;
  group: string;
  groupLabel: string;
  clientIds: number[];
}
