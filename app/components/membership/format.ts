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

export const ROLE_LABEL = { coordinator: "Coordinator", member: "Member", observer: "Observer" } as const;
export const ROLE_OPTIONS = [
  { id: "member", label: "Member" },
  { id: "observer", label: "Observer" },
  { id: "coordinator", label: "Coordinator" },
] as const;

const ROLE_STYLE = {
  coordinator: "bg-brand-700 text-white",
  member: "bg-brand-50 text-brand-800 ring-1 ring-inset ring-brand-100",
  observer: "bg-slate-100 text-slate-700 ring-1 ring-inset ring-slate-200",
} as const;

export function roleBadgeClass(role: keyof typeof ROLE_LABEL): string {
  return `inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${ROLE_STYLE[role]}`;
}
