/**
 * A person's colour (avatars, carets): derived from the user id only, so everyone sees each
 * person in the same colour, in every document and session. The collaboration server stamps it
 * into each connection's awareness `user`; the editor uses the same function for its own caret.
 */
export const USER_PALETTE = ["#2563eb", "#db2777", "#16a34a", "#ea580c", "#7c3aed", "#0891b2", "#ca8a04", "#dc2626", "#4f46e5", "#059669"] as const;

export function userColor(userId: string): string {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0;
  return USER_PALETTE[h % USER_PALETTE.length];
}
