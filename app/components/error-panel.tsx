import { isRouteErrorResponse } from "@remix-run/react";

/** What an error thrown by a loader or action says: a refusal's status and message, or a generic failure. */
export function describeError(error: unknown): { status: number; title: string; message: string } {
  let title = "Something went wrong";
  let message = "An unexpected error occurred. Please try again.";
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (status === 404) {
      title = "Page not found";
      message = typeof error.data === "string" && error.data ? error.data : "There is nothing here, or you do not have access to it.";
    } else if (status === 403) {
      title = "Not allowed";
      message = typeof error.data === "string" && error.data ? error.data : "Your role does not allow this.";
    } else {
      title = `${error.status} ${error.statusText}`;
      message = typeof error.data === "string" ? error.data : message;
    }
  }
  return { status, title, message };
}

/** An error's panel; `heading` is the title's level (h2 inside a page that already has its h1). */
export function ErrorPanel({ error, heading: Heading = "h1", back = { href: "/", label: "Back to the coalition directory" } }: {
  error: unknown;
  heading?: "h1" | "h2";
  back?: { href: string; label: string };
}) {
  const { status, title, message } = describeError(error);
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm" data-testid="error-panel">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">Error {status}</p>
      <Heading className="mt-2 text-2xl font-semibold">{title}</Heading>
      <p className="mt-3 text-slate-600">{message}</p>
      <p className="mt-6">
        <a href={back.href} className="font-medium">
          {back.label}
        </a>
      </p>
    </div>
  );
}
