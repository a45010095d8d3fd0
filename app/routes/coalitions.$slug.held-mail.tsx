import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, FormAlert, TextAreaField } from "../components/form";
import { Time } from "../components/time";
import { badRequest } from "../lib/http.server";
import { t, type MessageId } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { requireCoalitionAccess } from "../models/access.server";
import { approveHeldMail, heldMailQueue, rejectHeldMail, setOutsideMailAccepted } from "../models/mail/held-mail.server";

// The coordinators' queue of mail to the coalition's address from signed-up non-members (issue 22),
// and the setting that accepts such mail at all.
export const meta: MetaFunction = () => [{ title: t("held.page.title") }];

const NOTICES = {
  approved: "held.notice.approved",
  rejected: "held.notice.rejected",
  on: "held.notice.on",
  off: "held.notice.off",
} as const satisfies Record<string, MessageId>;
type Notice = keyof typeof NOTICES;

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "thread:moderate");
  const queue = await heldMailQueue(access);
  const notice = new URL(request.url).searchParams.get("done");
  return {
    ...queue,
    canEdit: access.abilities["coalition:edit"],
    notice: notice && notice in NOTICES ? (notice as Notice) : null,
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug, "thread:moderate");
  const form = await request.formData();
  const intent = form.get("intent");
  const base = `/coalitions/${access.coalition.slug}/held-mail`;
  if (intent === "setting") {
    const on = form.get("outside_mail") === "on";
    await setOutsideMailAccepted(access, on);
    return redirect(`${base}?done=${on ? "on" : "off"}`);
  }
  const id = String(form.get("id") ?? "");
  if (intent === "approve" || intent === "reject") {
    const result = intent === "approve" ? await approveHeldMail(access, id) : await rejectHeldMail(access, id, String(form.get("answer") ?? ""));
    if (!result.ok) return data({ id, message: result.message }, { status: result.status });
    return redirect(`${base}?done=${intent === "approve" ? "approved" : "rejected"}`);
  }
  throw badRequest(t("members.error.unknownAction"));
}

export default function HeldMail() {
  const { items, outsideMail, canEdit, notice, mailAddress } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyId = navigation.state === "submitting" ? String(navigation.formData?.get("id") ?? navigation.formData?.get("intent")) : null;
  const t = useT();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h2 className="text-xl font-semibold">{t("held.page.title")}</h2>
      {notice && !actionData ? <FormAlert tone="success" message={t(NOTICES[notice])} /> : null}
      {actionData ? <FormAlert message={actionData.message} /> : null}
      {canEdit ? (
        <Card>
          <Form method="post" className="space-y-3" aria-label={t("held.setting.label")}>
            <input type="hidden" name="intent" value="setting" />
            <label className="flex items-start gap-3 text-sm">
              <input type="checkbox" name="outside_mail" defaultChecked={outsideMail} className="mt-1 h-4 w-4" />
              <span>
                <span className="font-medium">{t("held.setting.label")}</span>
                <span className="mt-1 block text-slate-600">{t("held.setting.hint", { address: mailAddress })}</span>
              </span>
            </label>
            <div className="flex justify-end">
              <Button type="submit" disabled={busyId === "setting"}>
                {t("held.setting.save")}
              </Button>
            </div>
          </Form>
        </Card>
      ) : null}
      {items.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="held-empty">
          {t("held.page.empty")}
        </p>
      ) : (
        <ul className="space-y-4" data-testid="held-list">
          {items.map((item) => (
            <li key={item.id}>
              <Card>
                <h3 className="text-base font-semibold" dir="auto">
                  {item.subject}
                </h3>
                <p className="mt-1 text-sm text-slate-600">
                  {t("held.item.from", { name: item.senderName, address: item.senderEmail })} · <Time iso={item.receivedAt} />
                </p>
                <div className="mt-3 whitespace-pre-wrap break-words rounded bg-slate-50 p-3 text-sm" dir="auto">
                  {item.body}
                </div>
                <div className="mt-4 flex flex-wrap items-end gap-4">
                  <Form method="post">
                    <input type="hidden" name="intent" value="approve" />
                    <input type="hidden" name="id" value={item.id} />
                    <Button type="submit" disabled={busyId === item.id}>
                      {t("held.item.approve")}
                    </Button>
                  </Form>
                  <Form method="post" className="min-w-64 flex-1 space-y-2" aria-label={t("held.item.rejectLabel", { subject: item.subject })}>
                    <input type="hidden" name="intent" value="reject" />
                    <input type="hidden" name="id" value={item.id} />
                    <TextAreaField label={t("held.item.answer")} id={`answer-${item.id}`} name="answer" rows={2} hint={t("held.item.answerHint")} />
                    <Button type="submit" variant="secondary" disabled={busyId === item.id}>
                      {t("held.item.reject")}
                    </Button>
                  </Form>
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
