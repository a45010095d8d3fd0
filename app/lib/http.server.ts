import type { FieldErrors } from "./validation";

// Response helpers for loaders and actions. Guards throw these; Remix renders the boundary.

export function notFound(message = "There is nothing here, or you do not have access to it."): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = "Your role does not allow this."): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export function badRequest(message = "Bad request"): Response {
  return new Response(message, { status: 400, statusText: "Bad Request" });
}

/** The body of a 400 that re-renders a form: per-field messages and the typed values. */
export interface FormFailure<V = Record<string, unknown>> {
  ok: false;
  fieldErrors: FieldErrors;
  values: V;
  formError?: string;
}
