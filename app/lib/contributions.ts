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
