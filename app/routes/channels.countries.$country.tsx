// A country's channels: this month's figures per kind, then the directory with the country fixed
// (the other filters, sorting and pages work as on /channels).
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DirectoryFilters } from "../components/channels/DirectoryFilters";
import { DirectoryResults } from "../components/channels/DirectoryResults";
import { loadDirectory } from "../components/channels/directory.server";
import { useFormatNumber, useMonthName } from "../components/channels/format";
import { ErrorPage } from "../components/ErrorPage";
import { translate, type Locale } from "../i18n";
import { notFound, requireActiveMember } from "../lib/auth.server";
import { isDomainError } from "../lib/forms.server";
import { useCountryName, useT } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ matches, data: page }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined)?.locale ?? "en";
  const code = page?.summary.country ?? "";
  let name = code;
  try {
    name = new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
  } catch {
    // not a region code: the title shows it as it is
  }
  return [{ title: `${translate(locale, "channelDirectory.country.title", { country: name })} · ${translate(locale, "common.appShortName")}` }];
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireActiveMember(context, request);
  const raw = params.country ?? "";
  const url = new URL(request.url);
  // One address per country: /channels/countries/kz -> /channels/countries/KZ.
  if (/^[a-z]{2}$/i.test(raw) && raw !== raw.toUpperCase()) throw redirect(`/channels/countries/${raw.toUpperCase()}${url.search}`);
  let summary;
  try {
    summary = await context.services.channelDirectory.countrySummary(user, { country: raw });
  } catch (error) {
    if (isDomainError(error) && error.status === 404) throw notFound();
    throw error;
  }
  // The address fixes the country; a country or region in the query string is ignored.
  const { page, status } = await loadDirectory(context, user, url, { country: summary.country, region: undefined });
  const { country: _country, region: _region, ...values } = page.values;
  return data({ summary, page: { ...page, values } }, { status });
}

export default function CountryChannels() {
  const { summary, page } = useLoaderData<typeof loader>();
  const t = useT();
  const countryName = useCountryName();
  const num = useFormatNumber();
  const name = countryName(summary.country);
  const base = `/channels/countries/${summary.country}`;
  const monthLabel = useMonthName()(summary.month);
  return (
    <div className="stack">
      <nav aria-label={t("channelDirectory.links.label")}>
        <ul className="row link-row">
          <li>
            <Link to="/channels">{t("channelDirectory.country.back")}</Link>
          </li>
          <li>
            <Link to="/channels/map">{t("channelDirectory.country.map")}</Link>
          </li>
        </ul>
      </nav>
      <h1>{t("channelDirectory.country.title", { country: name })}</h1>
      <section className="card stack" aria-labelledby="country-summary">
        <h2 id="country-summary">{t("channelDirectory.country.summary", { country: name })}</h2>
        {summary.channels === 0 ? (
          <p>{t("channelDirectory.country.noChannels", { country: name })}</p>
        ) : (
          <>
            <p>{summary.channels === 1 ? t("channelDirectory.country.channelsOne") : t("channelDirectory.country.channels", { count: summary.channels })}</p>
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("channelDirectory.chart.lead", { month: monthLabel })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("channelDirectory.chart.colKind")}</th>
                    <th scope="col">{t("channelDirectory.chart.colChannels")}</th>
                    <th scope="col">{t("channelDirectory.chart.colCapacity")}</th>
                    <th scope="col">{t("channelDirectory.chart.colApproved")}</th>
                    <th scope="col">{t("channelDirectory.chart.colFree")}</th>
                    <th scope="col">{t("channelDirectory.chart.colUtilisation")}</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.kinds.map((k) => {
                    const unit = t(`channels.unitsShort.${k.unit}`);
                    return (
                      <tr key={k.kind}>
                        <th scope="row">
                          <Link to={`${base}?kind=${k.kind}`}>{t(`channels.kinds.${k.kind}`)}</Link>
                        </th>
                        <td>{num(k.channels)}</td>
                        <td>{`${num(k.capacity)} ${unit}`}</td>
                        <td>{`${num(k.approvedUnits)} ${unit}`}</td>
                        <td>{`${num(k.free)} ${unit}`}</td>
                        <td>{k.utilisation === null ? "–" : t("channelDirectory.chart.percent", { value: num(k.utilisation) })}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <DirectoryFilters action={base} values={page.values} errors={page.fieldErrors} countryFixed />
      <DirectoryResults page={page} base={base} showCountry={false} />
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
