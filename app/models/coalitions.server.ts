import { getDb } from "../../db/client";
import { renderMarkdown } from "../lib/markdown.server";
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

export interface CoalitionAbout {
  /** The description's Markdown as sanitised HTML (the posts' renderer and allowlist). */
  descriptionHtml: string;
  mailingList: string | null;
  website: string | null;
  contactEmail: string | null;
}

/** What the coalition page's "About" card shows. */
export function coalitionAbout(c: Coalition): CoalitionAbout {
  return {
    descriptionHtml: renderMarkdown(c.description).html,
    mailingList: c.mailing_list,
    // Validated on save; checked again so a row written another way cannot link to javascript:.
    website: c.website && /^https?:\/\//i.test(c.website) ? c.website : null,
    contactEmail: c.contact_email,
  };
}
