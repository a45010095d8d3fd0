import { formatList, formatNumber } from "../../lib/i18n/format";
import { useT } from "../../lib/i18n/react";

/** People shown as coloured initials (presence in the list and the editor). */

export interface AvatarPerson {
  key: string;
  name: string;
  color?: string | null;
  self?: boolean;
}

/**
 * "AL" for Ada Lovelace, "GH" for Grace Brewster Hopper → first and last name; "AD" for a single
 * name "Ada". Letters, not code units: an accented or non-Latin initial is never cut in half.
 */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .map((w) => Array.from(w.replace(/^[^\p{L}\p{N}]+/u, "")))
    .filter((w) => w.length > 0);
  if (!words.length) return "?";
  const letters = words.length > 1 ? [words[0][0], words[words.length - 1][0]] : words[0].slice(0, 2);
  return letters.join("").toLocaleUpperCase();
}

const SAFE_COLOR = /^#[0-9a-fA-F]{3,8}$/;

export function Avatar({ person, size = "md" }: { person: AvatarPerson; size?: "sm" | "md" }) {
  const t = useT();
  const name = person.self ? t("documents.people.you", { name: person.name }) : person.name;
  const color = person.color && SAFE_COLOR.test(person.color) ? person.color : "#475569";
  const dims = size === "sm" ? "h-6 w-6 text-[10px]" : "h-8 w-8 text-xs";
  return (
    <span
      title={name}
      className={`inline-flex ${dims} shrink-0 items-center justify-center rounded-full font-semibold leading-none tracking-tight text-white ring-2 ring-white`}
      style={{ backgroundColor: color }}
      data-testid="presence-avatar"
    >
      <span aria-hidden="true">{initials(person.name)}</span>
      <span className="sr-only">{name}</span>
    </span>
  );
}

export function AvatarStack({ people, max = 5, size = "md" }: { people: AvatarPerson[]; max?: number; size?: "sm" | "md" }) {
  const t = useT();
  if (!people.length) return null;
  const shown = people.slice(0, max);
  const more = people.length - shown.length;
  return (
    // Overlapping only by the ring's width, so no avatar hides its neighbour's second letter.
    // One picture for screen readers, named with everyone (the "+2" hides names a list still says).
    <span className="flex -space-x-0.5" role="img" aria-label={t("documents.people.inDocument", { names: formatList(people.map((p) => (p.self ? t("documents.people.you", { name: p.name }) : p.name))) })}>
      {shown.map((p) => (
        <Avatar key={p.key} person={p} size={size} />
      ))}
      {more > 0 ? (
        <span className={`inline-flex ${size === "sm" ? "h-6 w-6 text-[10px]" : "h-8 w-8 text-xs"} items-center justify-center rounded-full bg-slate-200 font-semibold text-slate-700 ring-2 ring-white`}>
          {t("documents.people.more", { count: formatNumber(more) })}
        </span>
      ) : null}
    </span>
  );
}
