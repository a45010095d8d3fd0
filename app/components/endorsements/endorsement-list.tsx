import { Form } from "@remix-run/react";
import type { EndorsementItem, EndorsementPanelData } from "../../lib/endorsement-view";
import { FormattedMessage, useT } from "../../lib/i18n/react";
import { Button } from "../form";

/** The endorsers, filterable by stakeholder group (a GET form), with counts and the exports. */
export function EndorsementList({ data, busy }: { data: EndorsementPanelData; busy: boolean }) {
  const t = useT();
  const shownCount = data.group ? (data.groups.find((g) => g.id === data.group)?.count ?? 0) : data.total;
  return (
    <div className="mt-5 border-t border-slate-100 pt-4">
      <Form method="get" preventScrollReset className="flex flex-wrap items-end gap-2" data-testid="endorsements-filter">
        <div>
          <label htmlFor="endorsements-group" className="block text-sm font-medium text-slate-700">
            {t("endorsements.filter.label")}
          </label>
          <select id="endorsements-group" name="group" defaultValue={data.group ?? ""} className="mt-1 block rounded-md border border-slate-500 bg-white px-3 py-2 text-sm shadow-sm">
            <option value="">{t("endorsements.filter.all", { count: data.total })}</option>
            {data.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {t("endorsements.filter.group", { group: g.label, count: g.count })}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          {t("endorsements.filter.submit")}
        </Button>
      </Form>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-label={t("endorsements.counts.label")} data-testid="endorsements-counts">
        {data.groups
          .filter((g) => g.count > 0)
          .map((g) => (
            <li key={g.id} data-group={g.id}>
              {t("endorsements.counts.group", { group: g.label, count: g.count })}
            </li>
          ))}
        {data.notStated > 0 ? <li>{t("endorsements.counts.notStated", { count: data.notStated })}</li> : null}
      </ul>
      {data.items.length ? (
        <ul className="mt-3 divide-y divide-slate-100" data-testid="endorsement-list">
          {data.items.map((item) => (
            <Endorser key={item.id} item={item} canVerify={data.canVerify} busy={busy} />
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-sm text-slate-600" data-testid="endorsements-empty">
          {data.group ? t("endorsements.emptyGroup") : t("endorsements.empty")}
        </p>
      )}
      <p className="mt-3 text-xs text-slate-500">{t("endorsements.shown", { count: shownCount })}</p>
      <p className="mt-3 flex flex-wrap gap-2 text-sm">
        <a href={data.csvHref} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50">
          {t("endorsements.export.csv")}
        </a>
        <a href={data.jsonHref} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 no-underline shadow-sm hover:bg-slate-50">
          {t("endorsements.export.json")}
        </a>
      </p>
    </div>
  );
}

function Endorser({ item, canVerify, busy }: { item: EndorsementItem; canVerify: boolean; busy: boolean }) {
  const t = useT();
  const person = (
    <span>
      <span dir="auto">{item.name}</span> <span className="text-slate-500" dir="ltr">@{item.handle}</span>
    </span>
  );
  return (
    <li className="flex flex-wrap items-start justify-between gap-2 py-2" data-testid="endorser" data-kind={item.kind} data-group={item.group ?? ""}>
      <div className="min-w-0 text-sm">
        {item.organisation ? (
          <>
            <p className="font-semibold text-slate-900">
              <span dir="auto">{item.organisation}</span>
              {item.verified ? (
                <span className="ms-2 rounded-full bg-green-100 px-2 py-0.5 align-middle text-xs font-semibold text-green-900" data-testid="verified-badge">
                  {t("endorsements.verified")}
                </span>
              ) : null}
            </p>
            <p className="text-slate-600">{t("endorsements.groupRegion", { group: item.groupLabel, region: item.regionLabel })}</p>
            <p className="text-xs text-slate-500">
              <FormattedMessage id="endorsements.onBehalfBy" values={{ person }} />
            </p>
          </>
        ) : (
          <>
            <p className="font-medium text-slate-900">{person}</p>
            <p className="text-slate-600">{t("endorsements.groupRegion", { group: item.groupLabel, region: item.regionLabel })}</p>
          </>
        )}
        {item.reconfirmed ? <p className="text-xs text-slate-500">{t("endorsements.reconfirmedBadge")}</p> : null}
      </div>
      {canVerify && item.organisation ? (
        <Form method="post">
          <input type="hidden" name="endorsement" value={item.id} />
          <Button type="submit" name="intent" value={item.verified ? "endorse-unverify" : "endorse-verify"} variant="secondary" disabled={busy} aria-label={item.verified ? t("endorsements.unverifyLabel", { organisation: item.organisation }) : t("endorsements.verifyLabel", { organisation: item.organisation })}>
            {item.verified ? t("endorsements.unverify") : t("endorsements.verify")}
          </Button>
        </Form>
      ) : null}
    </li>
  );
}
