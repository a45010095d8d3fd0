import { FormattedMessage, useT } from "../../lib/i18n/react";

/**
 * A feed's subscribe link (webcal://, which calendar programs open as a subscription) with a
 * plain-language "how to subscribe" beside it.
 */
const STEPS = ["calendar.subscribe.step1", "calendar.subscribe.step2", "calendar.subscribe.step3"] as const;

export function SubscribeHelp({ httpUrl, label }: { httpUrl: string; label?: string }) {
  const t = useT();
  const webcal = httpUrl.replace(/^https?:\/\//, "webcal://");
  return (
    <div className="rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm" data-testid="subscribe-help">
      <p>
        <FormattedMessage
          id="calendar.subscribe.links"
          values={{
            subscribe: (
              <a href={webcal} className="font-semibold" data-testid="webcal-link">
                {label ?? t("calendar.subscribe.link")}
              </a>
            ),
            download: (chunks) => (
              <a href={httpUrl} download>
                {chunks}
              </a>
            ),
          }}
        />
      </p>
      <details className="mt-2">
        <summary className="cursor-pointer font-medium text-slate-700">{t("calendar.subscribe.how")}</summary>
        <ol className="mt-2 list-decimal space-y-1 ps-5 text-slate-700">
          {STEPS.map((s) => (
            <li key={s}>{t(s)}</li>
          ))}
        </ol>
        <p className="mt-2 text-slate-600">
          <FormattedMessage
            id="calendar.subscribe.address"
            values={{
              url: (
                <code className="break-all" dir="ltr">
                  {httpUrl}
                </code>
              ),
            }}
          />
        </p>
      </details>
    </div>
  );
}
