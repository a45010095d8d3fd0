import { getDb } from "../../db/client";
import { findMentionCandidates } from "../../db/queries/memberships";
import { requireAllowed, type CoalitionAccess } from "./access.server";

/** One person offered by the composer's mention autocomplete: no email, ever. */
export interface MentionCandidate {
  handle: string;
  name: string;
  organization: string | null;
}

export const MENTION_SUGGESTIONS = 8;

/**
 * The coalition's people matching what follows an `@` in the composer: handles that start with
 * it first, then names that contain it. Only for someone who may post in the coalition (the
 * policy's `post:create`), and only the coalition's own people (observers, members and
 * coordinators), never the one asking.
 */
export async function mentionCandidates(access: CoalitionAccess, rawQuery: string): Promise<MentionCandidate[]> {
  requireAllowed(access, "post:create");
  const query = rawQuery.normalize("NFC").toLowerCase().replace(/^@/, "").replace(/[%\\]/g, "").trim().slice(0, 30);
  const rows = await findMentionCandidates(getDb(), access.coalition.id, query, 50);
  const matches = rows.filter((r) => r.id !== access.user?.id && (r.handle.startsWith(query) || r.name.toLowerCase().includes(query)));
  const rank = (r: (typeof rows)[number]) => (r.handle.startsWith(query) ? 0 : 1);
  return matches
    .sort((a, b) => rank(a) - rank(b) || a.handle.localeCompare(b.handle))
    .slice(0, MENTION_SUGGESTIONS)
    .map((r) => ({ handle: r.handle, name: r.name, organization: r.organization }));
}
