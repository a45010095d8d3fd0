import { redirect } from "@remix-run/node";
import { t } from "./i18n/messages";
import type { Refusal } from "./policy";
import type { FieldErrors } from "./validation";

// Response helpers for loaders and actions. Guards throw these; Remix renders the boundary.

export function notFound(message = t("http.notFound")): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = t("http.forbidden")): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export function badRequest(message = t("http.badRequest")): Response {
  return new Response(message, { status: 400, statusText: "Bad Request" });
}

/** The body of a 400 that re-renders a form: per-field messages and the typed values. */
export interface FormFailure<V = Record<string, unknown>> {
  ok: false;
  fieldErrors: FieldErrors;
  values: V;
  formError?: string;
}

/**
 * THE way a refusal becomes a response: its status and message. A 403 for someone not signed
 * in becomes a redirect to log in (they may well be allowed once signed in). Guards throw it;
 * the nearest error boundary (the coalition layout's, inside a coalition) renders it.
 */
export function refusalResponse(refused: Refusal, request?: Request, signedIn = true): Response {
  if (refused.status === 403 && !signedIn && request) {
    const url = new URL(request.url);
    return redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const statusText = { 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 410: "Gone" }[refused.status];
  return new Response(refused.message, { status: refused.status, statusText });
}

/** A refusal's per-field messages: its own list, else its message under its field. */
export function refusalFieldErrors(refused: Refusal): FieldErrors {
  return refused.fieldErrors ?? (refused.field ? { [refused.field]: refused.message } : {});
}

/** A refusal as the parts of a form's body: its message above the form, and its per-field messages when it has any. */
export function refusalMessages(refused: Refusal): { formError: string; fieldErrors?: FieldErrors } {
  const fieldErrors = refusalFieldErrors(refused);
  return Object.keys(fieldErrors).length ? { formError: refused.message, fieldErrors } : { formError: refused.message };
}

/** The body of a form's refusal for actions that re-render the form: the message under its field, or above the form. */
export function refusalForm<V>(refused: Refusal, values: V): FormFailure<V> {
  const fieldErrors = refusalFieldErrors(refused);
  return Object.keys(fieldErrors).length ? { ok: false, fieldErrors, values } : { ok: false, fieldErrors, values, formError: refused.message };
}
