import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { Button, FormAlert } from "../components/form";
import { readUnsubscribeToken, unsubscribe } from "../models/mail/unsubscribe.server";

// /unsubscribe/:token: GET shows what the link stops; POST stops it (RFC 8058 one-click, and the
// page's button). The signed token is the proof: no session is needed, and the Origin check lets
// this POST through (server/security.ts).

export const meta: MetaFunction = () => [{ title: "Unsubscribe · Coalition Workspace" }, { name: "robots", content: "noindex" }];

const TEXT = {
  title: "Unsubscribe",
  invalid: "This unsubscribe link is not valid. It may have been copied incompletely. You can choose what mail you get in your notification settings.",
  confirm: (what: string) => `Stop ${what}? You can turn it on again in your notification settings.`,
  button: "Unsubscribe",
  done: (what: string) => `Done: you will get no more ${what}.`,
  settings: "Notification settings",
};

export async function loader({ params }: LoaderFunctionArgs) {
  const target = await readUnsubscribeToken(params.token ?? "");
  return data({ what: target?.what ?? null }, { status: target ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

export async function action({ params }: ActionFunctionArgs) {
  const target = await unsubscribe(params.token ?? "");
  return data({ done: target?.what ?? null }, { status: target ? 200 : 404, headers: { "Cache-Control": "no-store" } });
}

export default function Unsubscribe() {
  const { what } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.done;
  return (
    <AuthCard title={TEXT.title}>
      {done ? (
        <FormAlert tone="success" message={TEXT.done(done)} />
      ) : what ? (
        <Form method="post" className="space-y-4">
          <p className="text-slate-700">{TEXT.confirm(what)}</p>
          <Button type="submit">{TEXT.button}</Button>
        </Form>
      ) : (
        <FormAlert message={TEXT.invalid} />
      )}
      <p className="mt-6 text-sm">
        <Link to="/settings/notifications">{TEXT.settings}</Link>
      </p>
    </AuthCard>
  );
}
