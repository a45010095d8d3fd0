import { Form, useLocation } from "@remix-run/react";
import { useT } from "../lib/i18n/react";

/** The notice for a signed-in person whose address (or new address) waits for its link, with "send again". */
export function VerifyBanner({ pendingEmail, unverifiedEmail }: { pendingEmail: string | null; unverifiedEmail: string | null }) {
  const t = useT();
  const location = useLocation();
  // An address inside a right-to-left sentence is isolated (FSI … PDI) so it reads left to right.
  const isolate = (email: string) => `\u2068${email}\u2069`;
  const message = pendingEmail ? t("verify.banner.pending", { email: isolate(pendingEmail) }) : t("verify.banner.unverified", { email: isolate(unverifiedEmail ?? "") });
  return (
    <div role="status" className="mb-6 flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950" data-testid="verify-banner">
      <p className="flex-1" dir="auto">
        {message}
      </p>
      <Form method="post" action="/verify-email/resend">
        <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
        <button type="submit" className="rounded border border-amber-400 bg-white px-3 py-1 font-medium text-amber-950 hover:bg-amber-100 focus:outline-none focus:ring-2 focus:ring-amber-600">
          {t("verify.banner.resend")}
        </button>
      </Form>
    </div>
  );
}
