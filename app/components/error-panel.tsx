import { isRouteErrorResponse } from "@remix-run/react";
import type { MessageId } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";

type Translate = (id: MessageId, values?: Record<string, string | number>) => string;

/**
 * What an error thrown by a loader or action says: a refusal's status and message (the server
 * already wrote it in the reader's language), or a generic failure, in the page's language.
 */
export function describeError(error: unknown, t: Translate): { status: number; title: string; message: string } {
  let title = t("errors.generic.title");
  let message = t("errors.generic.message");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const given = typeof error.data === "string" && error.data ? error.data : null;
    if (status === 404) {
      title = t("errors.notFound.title");
      message = given ?? t("errors.notFound.message");
    } else if (status === 403) {
      title = t("errors.forbidden.title");
      message = given ?? t("errors.forbidden.message");
    } else if (status === 429) {
      title = t("errors.tooMany.title");
      message = given ?? t("errors.tooMany.message");
    } else if (status === 503) {
      title = t("errors.unavailable.title");
      message = given ?? t("errors.unavailable.message");
    } else {
      title = t("errors.refused.title");
      message = given ?? message;
    }
  }
  return { status, title, message };
}

/** An error's panel; `heading` is the title's level (h2 inside a page that already has its h1). */
export function ErrorPanel({ error, heading: Heading = "h1", back }: {
  error: unknown;
  heading?: "h1" | "h2";
  back?: { href: string; label: string };
}) {
  const t = useT();
  const { status, title, message } = describeError(error, t);
  const link = back ?? { href: "/", label: t("errors.backToDirectory") };
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm" data-testid="error-panel">
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{t("errors.code", { status })}</p>
      <Heading className="mt-2 text-2xl font-semibold">{title}</Heading>
      <p className="mt-3 text-slate-600">{message}</p>
      <p className="mt-6">
        <a href={link.href} className="font-medium">
          {link.label}
        </a>
      </p>
    </div>
  );
}
