import { Form } from "@remix-run/react";
import { regionLabel, stakeholderLabel } from "../../lib/stakeholders";
import { Button, Card } from "../form";
import { formatDate, roleOptions } from "./format";
import { REASON_MAX } from "../../lib/membership-schemas";
import { useT } from "../../lib/i18n/react";

export interface PendingRequestView {
  id: string;
  name: string;
  email: string;
  statement: string;
  stakeholderGroup: string;
  organization: string;
  region: string | null;
  createdAt: string;
}

export interface RequestError {
  target?: string;
  formError?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** Coordinators' queue: approve in a chosen role, or decline with a reason the requester sees. */
export function PendingRequests({ requests, error }: { requests: PendingRequestView[]; error?: RequestError }) {
  const t = useT();
  return (
    <Card>
      <div className="flex items-baseline justify-between gap-3">
        <h2 className="text-lg font-semibold">{t("members.requests.title")}</h2>
        <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">{t("members.requests.waiting", { count: requests.length })}</span>
      </div>
      {requests.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">{t("members.requests.none")}</p>
      ) : (
        <ul className="mt-4 space-y-4" data-testid="pending-requests">
          {requests.map((r) => {
            const mine = error?.target === r.id ? error : undefined;
            return (
              <li key={r.id} className="rounded-md border border-slate-200 p-4" data-testid="pending-request">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <p className="font-medium text-slate-900">
                    {r.name} <span className="break-all text-sm font-normal text-slate-500">{r.email}</span>
                  </p>
                  <p className="text-xs text-slate-500">{t("members.requests.asked", { date: formatDate(r.createdAt) })}</p>
                </div>
                <p className="mt-1 text-sm text-slate-600">
                  {r.organization} · {stakeholderLabel(r.stakeholderGroup)} · {regionLabel(r.region)}
                </p>
                <blockquote className="mt-2 whitespace-pre-line border-s-4 border-brand-100 ps-3 text-sm text-slate-700" dir="auto">
                  {r.statement}
                </blockquote>
                {mine?.formError ? (
                  <p role="alert" className="mt-2 text-sm text-red-700">
                    {mine.formError}
                  </p>
                ) : null}
                <div className="mt-3 grid gap-3 md:grid-cols-2">
                  <Form method="post" className="flex flex-wrap items-end gap-2">
                    <input type="hidden" name="intent" value="approve" />
                    <input type="hidden" name="requestId" value={r.id} />
                    <div>
                      <label htmlFor={`approve-role-${r.id}`} className="block text-xs font-medium text-slate-600">
                        {t("members.requests.approveAs")}
                      </label>
                      <select
                        id={`approve-role-${r.id}`}
                        name="role"
                        defaultValue="member"
                        className="mt-1 rounded-md border border-slate-300 bg-white py-1.5 ps-2 pe-7 text-sm"
                      >
                        {roleOptions().map((o) => (
                          <option key={o.id} value={o.id}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                    </div>
                    <Button type="submit" className="py-1.5">
                      {t("members.requests.approve")}
                    </Button>
                  </Form>
                  <Form method="post" className="space-y-2">
                    <input type="hidden" name="intent" value="decline" />
                    <input type="hidden" name="requestId" value={r.id} />
                    <label htmlFor={`decline-reason-${r.id}`} className="block text-xs font-medium text-slate-600">
                      {t("members.requests.declineReason")}
                    </label>
                    <div className="flex gap-2">
                      <input
                        id={`decline-reason-${r.id}`}
                        name="reason"
                        dir="auto"
                        maxLength={REASON_MAX}
                        defaultValue={typeof mine?.values?.reason === "string" ? mine.values.reason : undefined}
                        aria-invalid={mine?.fieldErrors?.reason ? true : undefined}
                        className={`min-w-0 flex-1 rounded-md border px-2 py-1.5 text-sm ${mine?.fieldErrors?.reason ? "border-red-500" : "border-slate-300"}`}
                      />
                      <Button type="submit" variant="danger" className="py-1.5">
                        {t("members.requests.decline")}
                      </Button>
                    </div>
                    {mine?.fieldErrors?.reason ? (
                      <p role="alert" className="text-xs text-red-700">
                        {mine.fieldErrors.reason}
                      </p>
                    ) : null}
                  </Form>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
