import * as Y from "yjs";

/** The person an awareness state names (the server stamps `user` from the session). */
export interface EditorPerson {
  id: string | null;
  name: string;
  color: string | null;
}

export function personOf(state: unknown): EditorPerson | null {
  const u = (state as { user?: { id?: unknown; name?: unknown; color?: unknown } } | null)?.user;
  if (!u || typeof u.name !== "string" || !u.name.trim()) return null;
  return { id: typeof u.id === "string" ? u.id : null, name: u.name, color: typeof u.color === "string" ? u.color : null };
}

/**
 * Who wrote a remote update: the Yjs clients whose new content it carries, matched to the people
 * present (awareness client id = the writer's Y.Doc client id). Null when it carries no new
 * content (a deletion only: Yjs does not record who deletes) or none of its writers is present.
 * When several are, the one with the most new content wins.
 */
export function authorOfUpdate(update: Uint8Array, states: Map<number, unknown>, selfClientId: number): EditorPerson | null {
  let meta: { from: Map<number, number>; to: Map<number, number> };
  try {
    meta = Y.parseUpdateMeta(update);
  } catch {
    return null;
  }
  let best: EditorPerson | null = null;
  let most = 0;
  for (const [client, to] of meta.to) {
    if (client === selfClientId) continue;
    const person = personOf(states.get(client));
    const size = to - (meta.from.get(client) ?? 0);
    if (person && size > most) {
      best = person;
      most = size;
    }
  }
  return best;
}
