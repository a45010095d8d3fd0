/**
 * A person's colour (avatars, carets): derived from the user id only, so everyone sees each
 * person in the same colour, in every document and session. The collaboration server stamps it
 * into each connection's awareness `user`; the editor uses the same function for its own caret.
 */
// Each colour carries white initials at 4.5:1 or more (WCAG 1.4.3): Tailwind's 600/700 shades.
export const USER_PALETTE = ["#2563eb", "#be185d", "#15803d", "#c2410c", "#7c3aed", "#0e7490", "#a16207", "#dc2626", "#4f46e5", "#047857"] as const;

export function userColor(userId: string): string {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0;
  return USER_PALETTE[h % USER_PALETTE.length];
}
