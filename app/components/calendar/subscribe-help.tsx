/**
 * A feed's subscribe link (webcal://, which calendar programs open as a subscription) with a
 * plain-language "how to subscribe" beside it.
 */
const TEXT = {
  subscribe: "Subscribe in your calendar",
  download: "download the .ics file",
  or: "or",
  how: "How to subscribe",
  steps: [
    "On a phone or a computer with a calendar program (Apple Calendar, Outlook, Thunderbird), the subscribe link opens it and asks you to confirm.",
    "In Google Calendar on the web: open “Other calendars”, choose “+”, then “From URL”, and paste the address below.",
    "Your calendar checks the feed for changes by itself, usually every few hours. Changed events update in place; nothing is added twice.",
  ],
  address: "Feed address",
} as const;

export function SubscribeHelp({ httpUrl, label = TEXT.subscribe }: { httpUrl: string; label?: string }) {
  const webcal = httpUrl.replace(/^https?:\/\//, "webcal://");
  return (
    <div className="rounded-lg border border-slate-200 bg-slate-50 p-4 text-sm" data-testid="subscribe-help">
      <p>
        <a href={webcal} className="font-semibold" data-testid="webcal-link">
          {label}
        </a>{" "}
        {TEXT.or}{" "}
        <a href={httpUrl} download>
          {TEXT.download}
        </a>
        .
      </p>
      <details className="mt-2">
        <summary className="cursor-pointer font-medium text-slate-700">{TEXT.how}</summary>
        <ol className="mt-2 list-decimal space-y-1 ps-5 text-slate-700">
          {TEXT.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
        <p className="mt-2 text-slate-600">
          {TEXT.address}: <code className="break-all">{httpUrl}</code>
        </p>
      </details>
    </div>
  );
}
