import { t } from "../../lib/i18n/messages";

/** How many join requests wait: a number to see, a sentence to hear (never colour alone). */
export function pendingRequestsLabel(count: number): string {
  return t("members.pending.count", { count });
}

export function PendingBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="ms-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-amber-200 px-1.5 text-xs font-semibold text-amber-950" data-testid="pending-badge">
      <span aria-hidden="true">{count}</span>
      <span className="sr-only">{pendingRequestsLabel(count)}</span>
    </span>
  );
}
