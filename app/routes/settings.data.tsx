import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, Card, FormAlert } from "../components/form";
import { Time } from "../components/time";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { requireUser } from "../models/access.server";
import { exportStatus, requestExport } from "../models/account-export.server";

// /settings/data (issue 27): "Download my data". Asking queues an archive (a job); the page says
// whether it is being prepared, ready (with its download, for an hour) or expired.

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("accountData.title") }) }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const link = new URL(request.url).searchParams.get("link");
  return { status: await exportStatus(user.id), linkExpired: link === "expired" };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "request-export") {
    await requestExport(user.id);
    return redirect("/settings/data");
  }
  throw new Response(t("sessions.error.unknownIntent"), { status: 400 });
}

export default function DataSettings() {
  const t = useT();
  const { status, linkExpired } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const requestButton = (
    <Form method="post" className="mt-4">
      <input type="hidden" name="intent" value="request-export" />
      <Button type="submit" disabled={busy}>
        {status.state === "none" ? t("accountData.request") : t("accountData.requestAgain")}
      </Button>
    </Form>
  );
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("accountData.title")}</h1>
      <p className="mt-1 text-slate-600">{t("accountData.intro")}</p>
      {linkExpired ? (
        <div className="mt-4">
          <FormAlert message={t("accountData.linkExpired")} />
        </div>
      ) : null}
      <Card className="mt-6">
        <h2 className="text-lg font-semibold">{t("accountData.contents.heading")}</h2>
        <ul className="mt-2 list-disc space-y-1 ps-5 text-sm text-slate-700">
          <li>{t("accountData.contents.profile")}</li>
          <li>{t("accountData.contents.memberships")}</li>
          <li>{t("accountData.contents.posts")}</li>
          <li>{t("accountData.contents.documents")}</li>
        </ul>
        <div className="mt-4" data-testid="export-status" data-state={status.state}>
          {status.state === "pending" ? (
            <p role="status" className="text-sm text-slate-700">
              {t("accountData.pending")} <Time iso={status.requestedAt} />
            </p>
          ) : null}
          {status.state === "ready" ? (
            <>
              <p className="text-sm text-slate-700">
                {t("accountData.ready")} <Time iso={status.expiresAt} />
              </p>
              <a
                href={`/settings/data/archive/${status.id}`}
                download
                className="mt-4 inline-flex items-center justify-center rounded-md border border-transparent bg-brand-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-800"
                data-testid="export-download"
              >
                {t("accountData.download")}
              </a>
            </>
          ) : null}
          {status.state === "expired" ? <p className="text-sm text-slate-700">{t("accountData.expired")}</p> : null}
          {status.state === "pending" ? null : requestButton}
        </div>
      </Card>
    </div>
  );
}
