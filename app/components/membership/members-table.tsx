import { Form } from "@remix-run/react";
import { regionLabel, stakeholderLabel } from "../../lib/stakeholders";
import { formatDate, roleBadgeClass, roleOptions } from "./format";
import { REASON_MAX } from "../../lib/membership-schemas";
import { useT } from "../../lib/i18n/react";
import { roleName } from "../../lib/i18n/vocabulary";
import type { CoalitionRole } from "../../../common/roles";

export interface MemberView {
  id: string;
  userId: string;
  name: string;
  handle: string;
  email: string | null;
  organization: string | null;
  stakeholderGroup: string | null;
  region: string | null;
  role: CoalitionRole;
  since: string;
}

export interface RowError {
  target?: string;
  formError?: string;
}

/**
 * The members table. On a phone the profile columns fold under the name; coordinators get
 * a role selector and a remove control (a disclosure, so it asks for a reason without JS).
 */
export function MembersTable({ members, manage, meId, error }: { members: MemberView[]; manage: boolean; meId: string | null; error?: RowError }) {
  const t = useT();
  const showEmail = members.some((m) => m.email);
  return (
    // A phone scrolls the table inside this box, never the page.
    <div className="table-scroll rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="members-table-box">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="members-table">
        <caption className="sr-only">{t("members.table.caption")}</caption>
        <thead className="bg-slate-50 text-start text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-3 sm:px-4">{t("members.table.name")}</th>
            <th scope="col" className="hidden px-4 py-3 md:table-cell">{t("members.table.organization")}</th>
            <th scope="col" className="hidden px-4 py-3 lg:table-cell">{t("members.table.group")}</th>
            <th scope="col" className="hidden px-4 py-3 lg:table-cell">{t("members.table.region")}</th>
            <th scope="col" className="px-3 py-3 sm:px-4">{t("members.table.role")}</th>
            <th scope="col" className="hidden px-4 py-3 sm:table-cell">{t("members.table.since")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.map((m) => (
            <tr key={m.id} id={`member-${m.userId}`} data-testid="member-row" data-user-id={m.userId} className="align-top target:bg-amber-50">
              <td className="px-3 py-3 sm:min-w-[10rem] sm:px-4 lg:min-w-[13rem]">
                <div className="font-medium text-slate-900">
                  {m.name}
                  {m.userId === meId ? <span className="ms-1 text-xs font-normal text-slate-500">{t("members.table.you")}</span> : null}
                </div>
                <div className="text-xs text-slate-500 [overflow-wrap:anywhere]" data-testid="member-handle">
                  {`@${m.handle}`}
                </div>
                {showEmail && m.email ? (
                  <a href={`mailto:${m.email}`} className="block text-xs [overflow-wrap:anywhere]" data-testid="member-email">
                    {m.email}
                  </a>
                ) : null}
                <div className="mt-1 space-y-0.5 text-xs text-slate-500 lg:hidden">
                  <p className="md:hidden">{m.organization ?? t("members.table.organizationNotStated")}</p>
                  <p>
                    {stakeholderLabel(m.stakeholderGroup)} · {regionLabel(m.region)}
                  </p>
                  <p className="sm:hidden">{t("members.table.sinceDate", { date: formatDate(m.since) })}</p>
                </div>
              </td>
              <td className="hidden px-4 py-3 text-slate-700 md:table-cell">{m.organization ?? <span className="text-slate-500">{t("stakeholders.notStated")}</span>}</td>
              <td className="hidden px-4 py-3 text-slate-700 lg:table-cell">{stakeholderLabel(m.stakeholderGroup)}</td>
              <td className="hidden px-4 py-3 text-slate-700 lg:table-cell">{regionLabel(m.region)}</td>
              <td className="px-3 py-3 sm:px-4">
                {manage ? <ManageControls member={m} error={error?.target === m.id ? error.formError : undefined} /> : <span className={roleBadgeClass(m.role)}>{roleName(m.role)}</span>}
              </td>
              <td className="hidden whitespace-nowrap px-4 py-3 text-slate-600 sm:table-cell">{formatDate(m.since)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ManageControls({ member, error }: { member: MemberView; error?: string }) {
  const t = useT();
  return (
    <div className="w-[9.25rem] space-y-2 sm:w-auto sm:min-w-[11.5rem]">
      <Form method="post" className="flex flex-wrap items-center gap-1.5" aria-label={t("members.table.roleOf", { name: member.name })}>
        <input type="hidden" name="intent" value="change-role" />
        <input type="hidden" name="membershipId" value={member.id} />
        <label htmlFor={`role-${member.id}`} className="sr-only">
          {t("members.table.roleOf", { name: member.name })}
        </label>
        <select
          id={`role-${member.id}`}
          name="role"
          defaultValue={member.role}
          className="w-full rounded-md border border-slate-300 bg-white py-1 ps-2 pe-7 text-sm sm:w-auto focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-100"
        >
          {roleOptions().map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-semibold text-slate-700 hover:bg-slate-50">
          {t("members.table.save")}
        </button>
      </Form>
      <details className="group text-xs">
        <summary className="cursor-pointer select-none text-red-700 hover:underline">{t("members.table.remove")}</summary>
        <Form method="post" className="mt-2 space-y-2 rounded-md border border-red-200 bg-red-50 p-2">
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="membershipId" value={member.id} />
          <label htmlFor={`reason-${member.id}`} className="block font-medium text-red-900">
            {t("members.table.removeReason")}
          </label>
          <input id={`reason-${member.id}`} name="reason" dir="auto" maxLength={REASON_MAX} className="w-full rounded border border-red-200 bg-white px-2 py-1 text-xs" />
          <button type="submit" className="rounded-md bg-red-700 px-2 py-1 font-semibold text-white hover:bg-red-800">
            {t("members.table.removeName", { name: member.name })}
          </button>
        </Form>
      </details>
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
