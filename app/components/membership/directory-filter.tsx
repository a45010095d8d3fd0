import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormattedMessage } from "../../lib/i18n/react";
import { MIN_STAKEHOLDER_GROUPS, STAKEHOLDER_GROUPS, stakeholderLabel } from "../../lib/stakeholders";
import { useT } from "../../lib/i18n/react";

/** GET ?group=… filter; a plain form, so it works without JavaScript (and submits on change with it). */
export function DirectoryFilter({ group }: { group: string | null }) {
  const t = useT();
  return (
    <Form method="get" className="mt-6 flex flex-wrap items-end gap-2" role="search" aria-label={t("directory.filter.label")}>
      <div>
        <label htmlFor="group-filter" className="block text-sm font-medium text-slate-700">
          {t("directory.filter.group")}
        </label>
        <select
          id="group-filter"
          name="group"
          defaultValue={group ?? ""}
          onChange={(e) => e.currentTarget.form?.requestSubmit()}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100 sm:w-80"
        >
          <option value="">{t("directory.filter.anyGroup")}</option>
          {STAKEHOLDER_GROUPS.map((g) => (
            <option key={g.id} value={g.id}>
              {stakeholderLabel(g.id)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 shadow-sm hover:bg-slate-50">
        {t("directory.filter.submit")}
      </button>
      {group ? (
        <a href="/" className="px-2 py-2 text-sm">
          {t("directory.filter.showAll")}
        </a>
      ) : null}
    </Form>
  );
}

/** "12 members · 3 of 5 stakeholder groups" on a directory card. */
export function CoalitionStats({ stats }: { stats: { members: number; groups: string[] } }) {
  const t = useT();
  const ok = stats.groups.length >= MIN_STAKEHOLDER_GROUPS;
  const emphasis = (className: string) => (chunks: ReactNode[]) => <span className={className}>{chunks}</span>;
  return (
    <p className="mt-3 flex flex-wrap gap-x-3 text-xs text-slate-600" data-testid="coalition-stats">
      <span>
        <FormattedMessage id="directory.stats.members" values={{ count: stats.members, b: emphasis("font-semibold text-slate-800") }} />
      </span>
      <span title={ok ? t("directory.stats.meetsRule") : t("directory.stats.ruleAsks", { min: MIN_STAKEHOLDER_GROUPS })}>
        <FormattedMessage
          id="directory.stats.groups"
          values={{ count: stats.groups.length, total: STAKEHOLDER_GROUPS.length, b: emphasis(`font-semibold ${ok ? "text-green-800" : "text-amber-800"}`) }}
        />
      </span>
    </p>
  );
}
