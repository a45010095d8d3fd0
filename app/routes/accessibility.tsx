import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getConfig } from "../lib/config.server";
import { t as translate, type MessageId } from "../lib/i18n/messages";
import { FormattedMessage, useT } from "../lib/i18n/react";

// The accessibility statement (issue 21): what the site meets, how that is tested, its known
// limits, and how to report a problem (the ADMIN_EMAIL contact when the site has one).

export const meta: MetaFunction = () => [{ title: `${translate("accessibility.title")} · ${translate("site.name")}` }];

export async function loader(_: LoaderFunctionArgs) {
  return { contact: getConfig().ADMIN_EMAIL ?? null };
}

function Section({ id, heading, items }: { id: string; heading: string; items: MessageId[] }) {
  const t = useT();
  return (
    <section aria-labelledby={id} className="mt-8">
      <h2 id={id} className="text-xl font-semibold">
        {heading}
      </h2>
      <ul className="mt-3 list-disc space-y-2 ps-6 leading-relaxed text-slate-800">
        {items.map((item) => (
          <li key={item}>{t(item)}</li>
        ))}
      </ul>
    </section>
  );
}

export default function AccessibilityStatement() {
  const { contact } = useLoaderData<typeof loader>();
  const t = useT();
  const mail = (chunks: ReactNode) => (
    <a href={`mailto:${contact}?subject=${encodeURIComponent(t("accessibility.report.subject"))}`} className="font-medium" data-testid="accessibility-contact">
      {chunks}
    </a>
  );
  return (
    <article className="mx-auto max-w-3xl" data-testid="accessibility-statement">
      <h1 className="text-3xl font-semibold tracking-tight">{t("accessibility.title")}</h1>
      <p className="mt-3 leading-relaxed text-slate-700">{t("accessibility.intro")}</p>
      <Section
        id="met"
        heading={t("accessibility.met.heading")}
        items={["accessibility.met.target", "accessibility.met.languages", "accessibility.met.rtl", "accessibility.met.keyboard", "accessibility.met.forms", "accessibility.met.contrast", "accessibility.met.motion"]}
      />
      <Section id="tested" heading={t("accessibility.tested.heading")} items={["accessibility.tested.axe", "accessibility.tested.keyboard", "accessibility.tested.screenReader"]} />
      <Section
        id="limits"
        heading={t("accessibility.limits.heading")}
        items={["accessibility.limits.liveEditing", "accessibility.limits.toolbar", "accessibility.limits.content", "accessibility.limits.audit"]}
      />
      <section aria-labelledby="report" className="mt-8">
        <h2 id="report" className="text-xl font-semibold">
          {t("accessibility.report.heading")}
        </h2>
        <p className="mt-3 leading-relaxed text-slate-800">
          {contact ? <FormattedMessage id="accessibility.report.email" values={{ email: contact, link: mail }} /> : t("accessibility.report.noEmail")}
        </p>
        <p className="mt-2 leading-relaxed text-slate-800">{t("accessibility.report.details")}</p>
      </section>
    </article>
  );
}
