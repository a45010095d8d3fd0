import { COALITION_ROLES, OPEN_ROLES, ROLE_LABEL, type CoalitionRole } from "../../../common/roles";

// Formatting shared by the membership pages. Dates are formatted in UTC with a fixed
// locale so that the server render and the hydrated page agree.

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return `${dateTimeFormat.format(new Date(iso))} UTC`;
}

export { ROLE_LABEL };
/** The role picker's order: the roles open joining grants first, then the others (highest first). */
export const ROLE_OPTIONS = [...OPEN_ROLES, ...COALITION_ROLES.filter((r) => !(OPEN_ROLES as readonly string[]).includes(r))].map((id) => ({ id, label: ROLE_LABEL[id] }));

const ROLE_STYLE: Record<CoalitionRole, string> = {
  coordinator: "bg-brand-700 text-white",
  member: "bg-brand-50 text-brand-800 ring-1 ring-inset ring-brand-100",
  observer: "bg-slate-100 text-slate-700 ring-1 ring-inset ring-slate-200",
} as const;

export function roleBadgeClass(role: CoalitionRole): string {
  return `inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${ROLE_STYLE[role]}`;
}
