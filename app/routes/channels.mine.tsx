// "My channels and requests": the organisation's own channels (with reminders to confirm stale
// listings and decide waiting requests) and the capacity it has asked for on other channels.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ChannelStatusBadge, RequestStatusBadge, StaleBadge, useOrgName, usePeriodLabel } from "../components/channels/ui";
import { ErrorPage } from "../components/ErrorPage";
import { orRespond } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { requireActiveMember } from "../lib/auth.server";
import { useCountryName, useFormatDate, useT } from "../lib/i18n";

export const meta = titleMeta("channels.mine.title");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireActiveMember(context, request);
  const mine = await orRespond(context.services.channels.mine(user));
  return { mine };
}

export default function MyChannels() {
  const { mine } = useLoaderData<typeof loader>();
  const t = useT();
  const country = useCountryName();
  const orgName = useOrgName();
  const periodLabel = usePeriodLabel();
  const formatDate = useFormatDate();
  const place = (c: { city: string; country: string; originName: string | null; destinationName?: string | null }) =>
    c.originName ? `${c.originName} → ${c.destinationName ?? c.city}, ${country(c.country)}` : `${c.city}, ${country(c.country)}`;
  return (
    <div className="stack">
      <p>
        <Link to="/channels">{t("channels.title")}</Link>
      </p>
      <div className="row row-between">
        <h1>{t("channels.mine.title")}</h1>
        {mine.canPublish ? (
          <Link to="/channels/new" className="button">
            {t("channels.publishLink")}
          </Link>
        ) : null}
      </div>
      {mine.isAdmin && mine.staleCount > 0 ? <div className="alert alert-info">{t("channels.mine.staleReminder", { count: mine.staleCount })}</div> : null}
      {mine.isAdmin && mine.awaitingDecision > 0 ? <div className="alert alert-info">{t("channels.mine.awaiting", { count: mine.awaitingDecision })}</div> : null}

      <section aria-labelledby="own-channels" className="stack">
        <h2 id="own-channels">{t("channels.mine.channelsTitle")}</h2>
        {mine.channels.length === 0 ? (
          <p className="muted">{t("channels.mine.noChannels")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("channels.mine.channel")}</th>
                  <th scope="col">{t("channels.mine.kind")}</th>
                  <th scope="col">{t("channels.mine.place")}</th>
                  <th scope="col">{t("channels.mine.status")}</th>
                  <th scope="col">{t("channels.mine.pending")}</th>
                  <th scope="col">{t("channels.mine.waitlisted")}</th>
                </tr>
              </thead>
              <tbody>
                {mine.channels.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={`/channels/${c.id}`}>{c.name}</Link>
                    </th>
                    <td>{t(`channels.kinds.${c.kind}`)}</td>
                    <td>{place(c)}</td>
                    <td>
                      <ChannelStatusBadge status={c.status} /> {c.stale ? <StaleBadge /> : null}
                    </td>
                    <td>{c.pending}</td>
                    <td>{c.waitlisted}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="own-requests" className="stack">
        <h2 id="own-requests">{t("channels.mine.requestsTitle")}</h2>
        {mine.requests.length === 0 ? (
          <p className="muted">{t("channels.mine.noRequests")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("channels.mine.channel")}</th>
                  <th scope="col">{t("channels.mine.owner")}</th>
                  <th scope="col">{t("channels.mine.period")}</th>
                  <th scope="col">{t("channels.mine.units")}</th>
                  <th scope="col">{t("channels.mine.status")}</th>
                  <th scope="col">{t("channels.detail.made")}</th>
                </tr>
              </thead>
              <tbody>
                {mine.requests.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/channels/requests/${r.id}`}>{r.channel.name}</Link>
                    </th>
                    <td>{orgName(r.channel.owner)}</td>
                    <td>{periodLabel(r.period.startsOn, !["RORO", "RAIL"].includes(r.channel.kind))}</td>
                    <td>
                      {r.status === "APPROVED" && r.approvedUnits !== null && r.approvedUnits !== r.units ? `${r.approvedUnits} / ${r.units}` : r.units}{" "}
                      {t(`channels.unitsShort.${r.unit}`)}
                    </td>
                    <td>
                      <RequestStatusBadge status={r.status} />
                    </td>
                    <td>{formatDate(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
