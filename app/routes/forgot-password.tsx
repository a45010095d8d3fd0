import { data, type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { AuthCard } from "../components/auth-card";
import { Button, FormAlert, TextField } from "../components/form";
import { fieldErrors, type FieldErrors } from "../lib/validation";
import { forgotSchema, requestPasswordReset } from "../models/password-reset.server";
import { RESET_TEXT } from "../lib/password-reset-text";

export const meta: MetaFunction = () => [{ title: "Forgot your password · Coalition Workspace" }];

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

type ActionData = { sent?: boolean; formError?: string; fieldErrors?: FieldErrors; values: { email: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = { email: String(form.get("email") ?? "") };
  const parsed = forgotSchema.safeParse(values);
  if (!parsed.success) return data<ActionData>({ fieldErrors: fieldErrors(parsed.error), values }, { status: 400 });
  const result = await requestPasswordReset({ email: parsed.data.email, address: context.clientAddress });
  if (!result.ok) return data<ActionData>({ formError: result.message, values }, { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } });
  return data<ActionData>({ sent: true, values });
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <AuthCard title="Forgot your password?" subtitle="Enter the address you sign in with. We will mail you a link to choose a new password.">
      {actionData?.sent ? (
        <FormAlert tone="success" message={RESET_TEXT.sent} />
      ) : (
        <Form method="post" className="space-y-4" noValidate>
          <FormAlert message={actionData?.formError} />
          <TextField label="Email" name="email" type="email" autoComplete="email" defaultValue={actionData?.values.email} error={actionData?.fieldErrors?.email} required />
          <Button type="submit" className="w-full" disabled={busy}>
            {busy ? "Sending…" : "Mail me a link"}
          </Button>
        </Form>
      )}
      <p className="mt-6 text-sm">
        <Link to="/login">Back to log in</Link>
      </p>
    </AuthCard>
  );
}
