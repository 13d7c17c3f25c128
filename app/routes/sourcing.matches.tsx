// The reverse view: open requests that fit our capability profile, best match first, with reasons.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useOrgName } from "../components/channels/ui";
import { ErrorPage } from "../components/ErrorPage";
import { orRespond } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { ReasonList, SourcingNav, useMarketList, type ReasonData } from "../components/sourcing/ui";
import { requireActiveMember } from "../lib/auth.server";
import { useFormatDate, useT } from "../lib/i18n";

export const meta = titleMeta("sourcing.matches.title");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireActiveMember(context, request);
  return orRespond(context.services.sourcing.matchingRequests(user));
}

export default function MatchingRequests() {
  const { hasProfile, items } = useLoaderData<typeof loader>();
  const t = useT();
  const formatDate = useFormatDate();
  const markets = useMarketList();
  const orgName = useOrgName();
  return (
    <div className="stack">
      <SourcingNav />
      <h1>{t("sourcing.matches.title")}</h1>
      <p className="muted">{t("sourcing.matches.lead")}</p>
      {!hasProfile ? (
        <p>
          <Link to="/sourcing/profile">{t("sourcing.matches.noProfile")}</Link>
        </p>
      ) : items.length === 0 ? (
        <p className="muted">{t("sourcing.matches.none")}</p>
      ) : (
        <ol className="stack">
          {items.map((r) => (
            <li key={r.id} className="card" data-request-id={r.id}>
              <h2 className="h3">
                <Link to={`/sourcing/${r.id}`}>
                  {r.full && r.title ? r.title : t("sourcing.list.confidentialTitle", { category: t(`sourcing.categories.${r.category}`) })}
                </Link>{" "}
                <span className="badge">{t("sourcing.candidates.score", { score: r.score })}</span>
              </h2>
              <p className="muted">
                {t(`sourcing.categories.${r.category}`)} · {markets(r.targetMarkets)} · {r.poster ? `${orgName(r.poster)} · ` : ""}
                {t("sourcing.list.deadline", { date: formatDate(r.responseDeadline) })} · {t(`sourcing.volumeBands.${r.volumeBand}`)}
              </p>
              <ReasonList reasons={r.reasons as ReasonData[]} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
