import { Form } from "@remix-run/react";
import { MIN_STAKEHOLDER_GROUPS, STAKEHOLDER_GROUPS } from "../../lib/stakeholders";

/** GET ?group=… filter; a plain form, so it works without JavaScript (and submits on change with it). */
export function DirectoryFilter({ group }: { group: string | null }) {
  return (
    <Form method="get" className="mt-6 flex flex-wrap items-end gap-2" role="search" aria-label="Filter coalitions">
      <div>
        <label htmlFor="group-filter" className="block text-sm font-medium text-slate-700">
          Coalitions with members from
        </label>
        <select
          id="group-filter"
          name="group"
          defaultValue={group ?? ""}
          onChange={(e) => e.currentTarget.form?.requestSubmit()}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100 sm:w-80"
        >
          <option value="">Any stakeholder group</option>
          {STAKEHOLDER_GROUPS.map((g) => (
            <option key={g.id} value={g.id}>
              {g.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 shadow-sm hover:bg-slate-50">
        Filter
      </button>
      {group ? (
        <a href="/" className="px-2 py-2 text-sm">
          Show all coalitions
        </a>
      ) : null}
    </Form>
  );
}

/** "12 members · 3 of 5 stakeholder groups" on a directory card. */
export function CoalitionStats({ stats }: { stats: { members: number; groups: string[] } }) {
  const ok = stats.groups.length >= MIN_STAKEHOLDER_GROUPS;
  return (
    <p className="mt-3 flex flex-wrap gap-x-3 text-xs text-slate-600" data-testid="coalition-stats">
      <span>
        <span className="font-semibold text-slate-800">{stats.members}</span> {stats.members === 1 ? "member" : "members"}
      </span>
      <span title={ok ? "Meets the forum's rule" : `The forum asks for at least ${MIN_STAKEHOLDER_GROUPS}`}>
        <span className={`font-semibold ${ok ? "text-green-800" : "text-amber-800"}`}>{stats.groups.length}</span> of {STAKEHOLDER_GROUPS.length} stakeholder groups
      </span>
    </p>
  );
}
