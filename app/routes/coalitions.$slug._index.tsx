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

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.coalition.name} · Coalition Workspace` : "Coalition Workspace" }, ...socialMeta(data?.card)];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const access = await requireCoalitionAccess(context, request, params.slug);
  return { coalition: summarizeCoalition(access.coalition), about: coalitionAbout(access.coalition), abilities: access.abilities, ...(await membershipOverview(access)), activity: await coalitionActivity(access), card: coalitionCard(access.coalition, context.appOrigin) };
}

const JOIN_TEXT = {
  open: "Anyone with an account can join at once.",
  approval: "People ask to join; the coordinators approve.",
  invitation: "Membership is by invitation from the coordinators.",
} as const;

export default function CoalitionOverview() {
  const { coalition, about, balance, membershipButton, activity } = useLoaderData<typeof loader>();
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <Card>
          <h2 className="text-lg font-semibold">About</h2>
          {/* Sanitised by the posts' renderer (raw HTML off, allowlist). */}
          <div className="prose-content mt-2 text-slate-700" data-testid="coalition-description" dangerouslySetInnerHTML={{ __html: about.descriptionHtml }} />
          {about.mailingList || about.website || about.contactEmail ? (
            <dl className="mt-4 grid gap-x-4 gap-y-1 border-t border-slate-100 pt-4 text-sm sm:grid-cols-[max-content_1fr]" data-testid="coalition-contact">
              {about.website ? (
                <>
                  <dt className="font-medium text-slate-500">Website</dt>
                  <dd className="break-all">
                    <a href={about.website} rel="noopener nofollow">
                      {about.website}
                    </a>
                  </dd>
                </>
              ) : null}
              {about.mailingList ? (
                <>
                  <dt className="font-medium text-slate-500">Mailing list</dt>
                  <dd className="break-all">
                    <a href={`mailto:${about.mailingList}`}>{about.mailingList}</a>
                  </dd>
                </>
              ) : null}
              {about.contactEmail ? (
                <>
                  <dt className="font-medium text-slate-500">Contact</dt>
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
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Founders</h2>
          {coalition.founders.length ? (
            <ul className="mt-2 flex flex-wrap gap-2">
              {coalition.founders.map((f) => (
                <li key={f} className="rounded-full bg-slate-100 px-3 py-1 text-sm text-slate-700">
                  {f}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-500">Not recorded.</p>
          )}
          <h2 className="mt-5 text-sm font-semibold uppercase tracking-wide text-slate-500">Joining</h2>
          <p className="mt-2 text-sm text-slate-700">{JOIN_TEXT[coalition.joinPolicy]}</p>
          <div className="mt-4">
            <MembershipButton state={membershipButton} />
          </div>
        </Card>
      </aside>
    </div>
  );
}
