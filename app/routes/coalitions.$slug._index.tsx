import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card } from "../components/form";
import { MembershipButton } from "../components/membership/membership-button";
import { StakeholderBalance } from "../components/membership/stakeholder-balance";
import { requireCoalitionAccess } from "../models/access.server";
import { coalitionAbout, summarizeCoalition } from "../models/coalitions.server";
import { membershipOverview } from "../models/membership-overview.server";
import { coalitionActivity } from "../models/activity.server";
import { CoalitionActivity } from "../components/activity-feed";
import { socialMeta } from "../lib/social-meta";
import { coalitionCard } from "../models/social-cards.server";
import { t, type MessageId } from "../lib/i18n/messages";
import { useT } from "../lib/i18n/react";
import { ComplianceCard } from "../components/compliance/compliance-card";
import { checklistView, reportYearsView } from "../models/compliance/compliance-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? t("coalition.meta.title", { name: data.coalition.name }) : t("site.name") }, ...socialMeta(data?.card)];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug);
  return { coalition: summarizeCoalition(access.coalition), about: coalitionAbout(access.coalition), abilities: access.abilities, ...(await membershipOverview(access)), activity: await coalitionActivity(access), card: coalitionCard(access.coalition, context.appOrigin), checklist: await checklistView(access), reportYears: await reportYearsView(access) };
}

const JOIN_TEXT: Record<"open" | "approval" | "invitation", MessageId> = {
  open: "coalition.joining.open",
  approval: "coalition.joining.approval",
  invitation: "coalition.joining.invitation",
};

export default function CoalitionOverview() {
  const { coalition, about, balance, membershipButton, activity, checklist, reportYears } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <Card>
          <h2 className="text-lg font-semibold">{t("coalition.about")}</h2>
          {/* Sanitised by the posts' renderer (raw HTML off, allowlist). */}
          <div className="prose-content mt-2 text-slate-700" dir="auto" data-testid="coalition-description" dangerouslySetInnerHTML={{ __html: about.descriptionHtml }} />
          {about.mailingList || about.website || about.contactEmail ? (
            <dl className="mt-4 grid gap-x-4 gap-y-1 border-t border-slate-100 pt-4 text-sm sm:grid-cols-[max-content_1fr]" data-testid="coalition-contact">
              {about.website ? (
                <>
                  <dt className="font-medium text-slate-500">{t("coalition.website")}</dt>
                  <dd className="break-all">
                    <a href={about.website} rel="noopener nofollow">
                      {about.website}
                    </a>
                  </dd>
                </>
              ) : null}
              {about.mailingList ? (
                <>
                  <dt className="font-medium text-slate-500">{t("coalition.mailingList")}</dt>
                  <dd className="break-all">
                    <a href={`mailto:${about.mailingList}`}>{about.mailingList}</a>
                  </dd>
                </>
              ) : null}
              {about.contactEmail ? (
                <>
                  <dt className="font-medium text-slate-500">{t("coalition.contact")}</dt>
                  <dd className="break-all">
                    <a href={`mailto:${about.contactEmail}`}>{about.contactEmail}</a>
                  </dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </Card>
        <StakeholderBalance balance={balance} />
        <CoalitionActivity items={activity} />
      </div>
      <aside className="space-y-6">
        <Card>
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("coalition.founders")}</h2>
          {coalition.founders.length ? (
            <ul className="mt-2 flex flex-wrap gap-2">
              {coalition.founders.map((f) => (
                <li key={f} className="rounded-full bg-slate-100 px-3 py-1 text-sm text-slate-700">
                  {f}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-500">{t("coalition.foundersNone")}</p>
          )}
          <h2 className="mt-5 text-sm font-semibold uppercase tracking-wide text-slate-500">{t("coalition.joining")}</h2>
          <p className="mt-2 text-sm text-slate-700">{t(JOIN_TEXT[coalition.joinPolicy])}</p>
          <div className="mt-4">
            <MembershipButton state={membershipButton} />
          </div>
        </Card>
        <ComplianceCard slug={coalition.slug} items={checklist} years={reportYears} />
      </aside>
    </div>
  );
}
