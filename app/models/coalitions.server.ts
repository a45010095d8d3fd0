import { getDb } from "../../db/client";
import { listCoalitionsForDirectory } from "../../db/queries/coalitions";
import { readableStates } from "../lib/search-policy";
import type { Coalition } from "../../db/schema";
import type { RequestUser } from "../load-context";

export interface CoalitionSummary {
  id: string;
  slug: string;
  name: string;
  description: string;
  founders: string[];
  visibility: Coalition["visibility"];
  joinPolicy: Coalition["join_policy"];
  archived: boolean;
}

export function parseFounders(json: string): string[] {
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

export function summarizeCoalition(c: Coalition): CoalitionSummary {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    description: c.description,
    founders: parseFounders(c.founders),
    visibility: c.visibility,
    joinPolicy: c.join_policy,
    archived: Boolean(c.archived_at),
  };
}

/** The directory as this viewer may see it. */
export async function listDirectory(user: RequestUser | null, options: { includeArchived?: boolean } = {}): Promise<CoalitionSummary[]> {
  const rows = await listCoalitionsForDirectory(getDb(), {
    userId: user?.id ?? null,
    viewable: readableStates({ signedIn: Boolean(user), isSiteAdmin: user?.isSiteAdmin }).coalition,
    includeArchived: options.includeArchived,
  });
  return rows.map(summarizeCoalition);
}
