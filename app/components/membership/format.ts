import { COALITION_ROLES, OPEN_ROLES, type CoalitionRole } from "../../../common/roles";
import { formatDate as localDate, formatTime } from "../../lib/format-time";
import { roleName } from "../../lib/i18n/vocabulary";

// Formatting shared by the membership pages, in the page's language. Dates are in UTC so that
// the server render and the hydrated page agree.

/** "29 Nov 2026" (or the page language's own form). */
export function formatDate(iso: string): string {
  return localDate(iso);
}

/** "29 Nov 2026, 06:05 UTC" (or the page language's own form). */
export function formatDateTime(iso: string): string {
  return formatTime(iso);
}

/** The role picker's order: the roles open joining grants first, then the others (highest first). */
const ROLE_ORDER = [...OPEN_ROLES, ...COALITION_ROLES.filter((r) => !(OPEN_ROLES as readonly string[]).includes(r))];

/** The role picker's options, named in the current language. */
export function roleOptions(): Array<{ id: CoalitionRole; label: string }> {
  return ROLE_ORDER.map((id) => ({ id, label: roleName(id) }));
}

const ROLE_STYLE: Record<CoalitionRole, string> = {
  coordinator: "bg-brand-700 text-white",
  member: "bg-brand-50 text-brand-800 ring-1 ring-inset ring-brand-100",
  observer: "bg-slate-100 text-slate-700 ring-1 ring-inset ring-slate-200",
} as const;

export function roleBadgeClass(role: CoalitionRole): string {
  return `inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${ROLE_STYLE[role]}`;
}
