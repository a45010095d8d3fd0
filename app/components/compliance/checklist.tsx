import { Link } from "@remix-run/react";
import { useT } from "../../lib/i18n/react";

export interface ChecklistItemView {
  id: string;
  label: string;
  status: "pass" | "fail" | "na";
  summary: string;
  todo: string | null;
  evidenceHref: string;
}

const STYLE = {
  pass: { box: "border-green-200 bg-green-50", icon: "bg-green-700 text-white", glyph: "✓", word: "compliance.status.pass" },
  fail: { box: "border-red-200 bg-red-50", icon: "bg-red-700 text-white", glyph: "✗", word: "compliance.status.fail" },
  na: { box: "border-slate-200 bg-slate-50", icon: "bg-slate-500 text-white", glyph: "–", word: "compliance.status.na" },
} as const;

/** The forum checklist: each item with an icon and a word for its state (never colour alone), what was found, what to do and its evidence. */
export function ComplianceChecklist({ items, headingId = "compliance-heading" }: { items: ChecklistItemView[]; headingId?: string }) {
  const t = useT();
  return (
    <ul className="mt-3 space-y-2" aria-labelledby={headingId} data-testid="compliance-checklist">
      {items.map((item) => {
        const s = STYLE[item.status];
        return (
          <li key={item.id} className={`rounded-md border p-3 text-sm ${s.box}`} data-check={item.id} data-status={item.status}>
            <div className="flex items-start gap-2">
              <span aria-hidden="true" className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold ${s.icon}`}>
                {s.glyph}
              </span>
              <div className="min-w-0">
                <p className="font-semibold text-slate-900">
                  {item.label} <span className="font-normal text-slate-700">· {t(s.word)}</span>
                </p>
                <p className="mt-1 text-slate-700" dir="auto">
                  {item.summary}
                </p>
                {item.todo ? (
                  <p className="mt-1 text-red-900">
                    <strong>{t("compliance.todoLabel")}</strong> {item.todo}
                  </p>
                ) : null}
                <p className="mt-1">
                  <Link to={item.evidenceHref} className="text-brand-700 underline">
                    {t("compliance.evidence")}
                    <span className="sr-only">: {item.label}</span>
                  </Link>
                </p>
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
