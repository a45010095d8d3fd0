import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { Button, FormAlert } from "../components/form";
import { t } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { readUnsubscribeToken, unsubscribe } from "../models/mail/unsubscribe.server";

// /unsubscribe/:token: GET shows what the link stops; POST stops it (RFC 8058 one-click, and the
// page's button). The signed token is the proof: no session is needed, and the Origin check lets
// this POST through (server/security.ts).

export const meta: MetaFunction = () => [{ title: t("auth.pageTitle", { page: t("unsubscribe.title") }) }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const target = await readUnsubscribeToken(params.token ?? "");
  return data({ what: target?.what ?? null }, { status: target ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

export async function action({ params }: ActionFunctionArgs) {
  const target = await unsubscribe(params.token ?? "");
  return data({ done: target?.what ?? null }, { status: target ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

export default function Unsubscribe() {
  const t = useT();
  const { what } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.done;
  return (
    <AuthCard title={t("unsubscribe.title")}>
      {done ? (
        <FormAlert tone="success" message={t("unsubscribe.done", { what: done })} />
      ) : what ? (
        <Form method="post" className="space-y-4">
          <p className="text-slate-700">{t("unsubscribe.confirm", { what })}</p>
          <Button type="submit">{t("unsubscribe.button")}</Button>
        </Form>
      ) : (
        <FormAlert message={t("unsubscribe.invalid")} />
      )}
      <p className="mt-6 text-sm">
        <Link to="/settings/notifications">{t("unsubscribe.settings")}</Link>
      </p>
    </AuthCard>
  );
}
