/** People shown as coloured initials (presence in the list and the editor). */

export interface AvatarPerson {
  key: string;
  name: string;
  color?: string | null;
  self?: boolean;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? "?").slice(0, 2);
  return letters.toUpperCase();
}

const SAFE_COLOR = /^#[0-9a-fA-F]{3,8}$/;

export function Avatar({ person, size = "md" }: { person: AvatarPerson; size?: "sm" | "md" }) {
  const color = person.color && SAFE_COLOR.test(person.color) ? person.color : "#475569";
  const dims = size === "sm" ? "h-6 w-6 text-[10px]" : "h-8 w-8 text-xs";
  return (
    <span
      title={person.self ? `${person.name} (you)` : person.name}
      className={`inline-flex ${dims} items-center justify-center rounded-full font-semibold text-white ring-2 ring-white`}
      style={{ backgroundColor: color }}
      data-testid="presence-avatar"
    >
      <span aria-hidden="true">{initials(person.name)}</span>
      <span className="sr-only">{person.self ? `${person.name} (you)` : person.name}</span>
    </span>
  );
}

export function AvatarStack({ people, max = 5, size = "md" }: { people: AvatarPerson[]; max?: number; size?: "sm" | "md" }) {
  if (!people.length) return null;
  const shown = people.slice(0, max);
  const more = people.length - shown.length;
  return (
    <span className="flex -space-x-2" aria-label={`In this document now: ${people.map((p) => p.name).join(", ")}`}>
      {shown.map((p) => (
        <Avatar key={p.key} person={p} size={size} />
      ))}
      {more > 0 ? (
        <span className={`inline-flex ${size === "sm" ? "h-6 w-6 text-[10px]" : "h-8 w-8 text-xs"} items-center justify-center rounded-full bg-slate-200 font-semibold text-slate-700 ring-2 ring-white`}>
          +{more}
        </span>
      ) : null}
    </span>
  );
}
