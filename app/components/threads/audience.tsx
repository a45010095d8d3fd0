import type { MessageId } from "../../lib/i18n/messages";
import { useT } from "../../lib/i18n/react";
import { THREAD_AUDIENCES, type ThreadAudience } from "../../lib/thread-audience";
import { FieldError } from "../form";

const AUDIENCE_ID: Record<ThreadAudience, MessageId> = { public: "threads.audience.public", members: "threads.audience.members" };

/** "Public: anyone who can see the coalition"… in the page's language. */
export function useAudienceLabel(): (audience: ThreadAudience) => string {
  const t = useT();
  return (audience) => t(AUDIENCE_ID[audience]);
}

/** "Members only", in words (not colour alone), on a members-only thread in lists and on its page. */
export function MembersOnlyBadge({ audience }: { audience: ThreadAudience }) {
  const t = useT();
  if (audience !== "members") return null;
  return (
    <span className="rounded-full border border-slate-400 bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800" data-testid="members-only-badge">
      {t("threads.audience.badge")}
    </span>
  );
}

/** Who can read a thread: one radio per audience, with what it means. Plain inputs: works without JavaScript. */
export function AudienceFieldset({ value, error, legend }: { value: string; error?: string; legend?: string }) {
  const t = useT();
  const label = useAudienceLabel();
  return (
    <fieldset aria-describedby={error ? "field-audience-error" : undefined}>
      <legend className="block text-sm font-medium text-slate-700">{legend ?? t("threads.audience.legend")}</legend>
      <div className="mt-2 space-y-2">
        {THREAD_AUDIENCES.map((a) => (
          <label key={a} className="flex cursor-pointer items-start gap-2 text-sm text-slate-800">
            <input type="radio" name="audience" value={a} defaultChecked={value === a} className="mt-1 accent-brand-700" />
            <span>{label(a)}</span>
          </label>
        ))}
      </div>
      <FieldError id="field-audience-error" message={error} />
    </fieldset>
  );
}
