import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { Button, FormAlert, TextField } from "../components/form";
import { safeRedirectTarget } from "../lib/redirect-target";
import { loginSchema } from "../lib/validation";
import { GENERIC_LOGIN_ERROR, login } from "../models/auth.server";

export const meta: MetaFunction = () => [{ title: "Log in · Coalition Workspace" }];

// A document POST only sends the action's headers that a route's `headers` export passes on.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.user) throw redirect(safeRedirectTarget(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

type ActionData = { formError: string; values: { email: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = { email: String(form.get("email") ?? "") };
  const parsed = loginSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return data<ActionData>({ formError: GENERIC_LOGIN_ERROR, values }, { status: 400 });
  const result = await login({ ...parsed.data, address: context.clientAddress, cookieHeader: request.headers.get("Cookie") });
  if (result.ok) {
    const headers = new Headers([["Set-Cookie", result.setCookie], ["Set-Cookie", result.deviceCookie]]);
    return redirect(safeRedirectTarget(form.get("redirectTo")), { headers });
  }
  if (result.status === 429) {
    return data<ActionData>({ formError: result.message, values }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
  }
  return data<ActionData>({ formError: result.message, values }, { status: 400 });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const redirectTo = params.get("redirectTo") ?? "";
  return (
    <AuthCard
      title="Log in"
      subtitle={
        <>
          New here? <Link to={`/signup${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`}>Create an account</Link>
        </>
      }
    >
      <Form method="post" className="space-y-4" noValidate>
        <FormAlert message={actionData?.formError} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={actionData?.values.email} required />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" className="w-full" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </Button>
      </Form>
      <p className="mt-4 text-sm">
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </AuthCard>
  );
}
