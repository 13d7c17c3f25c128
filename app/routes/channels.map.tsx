// Channels on the world map, with the same figures as a table, and capacity and utilisation this
// month per kind and per region. The outlines are projected once per process; a request costs
// one aggregate query and the colouring.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CapacityChart } from "../components/channels/CapacityChart";
import { CountryTable, WorldMap } from "../components/channels/WorldMap";
import { worldShapes } from "../components/channels/world-map.server";
import { ErrorPage } from "../components/ErrorPage";
import { translate, type Locale } from "../i18n";
import { requireActiveMember } from "../lib/auth.server";
import { useT } from "../lib/i18n";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined)?.locale ?? "en";
  return [{ title: `${translate(locale, "channelDirectory.map.title")} · ${translate(locale, "common.appShortName")}` }];
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireActiveMember(context, request);
  const overview = await context.services.channelDirectory.overview(user);
  return { overview, shapes: worldShapes() };
}

export default function ChannelMap() {
  const { overview, shapes } = useLoaderData<typeof loader>();
  const t = useT();
  const drawn = new Set(shapes.countries.map((c) => c.code));
  return (
    <div className="stack">
      <h1>{t("channelDirectory.map.title")}</h1>
      <p className="muted">{t("channelDirectory.map.lead")}</p>
      <nav aria-label={t("channelDirectory.links.label")}>
        <ul className="row link-row">
          <li>
            <Link to="/channels">{t("channelDirectory.links.directory")}</Link>
          </li>
          <li>
            <Link to="/channels/mine">{t("channelDirectory.links.mine")}</Link>
          </li>
        </ul>
      </nav>
      <WorldMap shapes={shapes} countries={overview.byCountry} month={overview.month} />
      <p role="status">{t("channelDirectory.map.total", { count: overview.totalChannels, countries: overview.byCountry.length })}</p>
      <section aria-labelledby="country-table-title" className="stack">
        <h2 id="country-table-title">{t("channelDirectory.map.tableTitle")}</h2>
        <p className="muted">{t("channelDirectory.map.tableHint")}</p>
        <CountryTable countries={overview.byCountry} month={overview.month} drawn={drawn} />
      </section>
      <CapacityChart byKind={overview.byKind} byRegion={overview.byRegion} month={overview.month} />
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
