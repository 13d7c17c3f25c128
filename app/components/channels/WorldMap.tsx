// The world map: country outlines (projected once per process, world-map.server.ts) coloured by the
// number of published channels; every country with channels is a link to its page, with an
// accessible name and a tooltip listing this month's free capacity per kind. Plain SVG and links:
// no JavaScript needed. A table with the same figures follows it (CountryTable).
import { Link } from "@remix-run/react";
import type { CountryFigures } from "../../../server/domain/channel-directory";
import { useCountryName, useT } from "../../lib/i18n";
import { useFormatNumber, useMonthName } from "./format";
import type { WorldShapes } from "./world-map.server";

const BINS = 5;

/**
 * Lower bounds of the colour bins, geometric between 1 and the largest count, so that a country
 * with 3 channels and one with 300 both read at a glance. Returns at most BINS distinct bounds.
 */
export function binBounds(max: number): number[] {
  const bounds = [1];
  for (let i = 1; i < BINS; i++) {
    const b = Math.ceil(Math.pow(Math.max(max, 1), i / BINS));
    if (b > bounds[bounds.length - 1]!) bounds.push(b);
  }
  return bounds;
}

function binOf(count: number, bounds: number[]) {
  let bin = 0;
  for (let i = 0; i < bounds.length; i++) if (count >= bounds[i]!) bin = i + 1;
  // Spread over the five shades even when there are fewer bins, darkest for the top one.
  return bin === 0 ? 0 : Math.round((bin * BINS) / bounds.length);
}

function useFigureLines(month: string) {
  const t = useT();
  const num = useFormatNumber();
  const monthLabel = useMonthName()(month);
  return (figures: CountryFigures) =>
    figures.kinds.map((k) =>
      t("channelDirectory.map.freeLine", {
        kind: t(`channels.kinds.${k.kind}`),
        free: num(k.free),
        capacity: num(k.capacity),
        unit: t(`channels.unitsShort.${k.unit}`),
        month: monthLabel,
      }),
    );
}

export function WorldMap({ shapes, countries, month }: { shapes: WorldShapes; countries: CountryFigures[]; month: string }) {
  const t = useT();
  const countryName = useCountryName();
  const lines = useFigureLines(month);
  const byCode = new Map(countries.map((c) => [c.country, c]));
  const bounds = binBounds(Math.max(0, ...countries.map((c) => c.channels)));
  const label = (c: CountryFigures) =>
    c.channels === 1
      ? t("channelDirectory.map.countryLinkOne", { country: countryName(c.country) })
      : t("channelDirectory.map.countryLink", { country: countryName(c.country), count: c.channels });
  return (
    <figure className="world-map">
      <svg viewBox={`0 0 ${shapes.width} ${shapes.height}`} aria-labelledby="world-map-caption" width="100%" preserveAspectRatio="xMidYMid meet">
        <g aria-hidden="true">
          {shapes.countries
            .filter((s) => !byCode.has(s.code))
            .map((s) => (
              <path key={s.code} d={s.d} className="map-bin-0" />
            ))}
        </g>
        {shapes.countries
          .filter((s) => byCode.has(s.code))
          .map((s) => {
            const figures = byCode.get(s.code)!;
            return (
              <a key={s.code} href={`/channels/countries/${s.code}`} aria-label={label(figures)} className="map-country">
                <title>{[label(figures), ...lines(figures)].join("\n")}</title>
                <path d={s.d} className={`map-bin-${binOf(figures.channels, bounds)}`} />
              </a>
            );
          })}
      </svg>
      <figcaption id="world-map-caption">
        {t("channelDirectory.map.figure")}
        <MapLegend bounds={bounds} max={Math.max(0, ...countries.map((c) => c.channels))} />
      </figcaption>
    </figure>
  );
}

function MapLegend({ bounds, max }: { bounds: number[]; max: number }) {
  const t = useT();
  const num = useFormatNumber();
  if (max === 0) return null;
  return (
    <span className="map-legend">
      <span className="visually-hidden">{t("channelDirectory.map.legend")}: </span>
      <span className="map-legend-item">
        <span className="map-swatch map-bin-0" aria-hidden="true" /> {t("channelDirectory.map.legendNone")}
      </span>
      {bounds.map((from, i) => {
        const to = i + 1 < bounds.length ? bounds[i + 1]! - 1 : max;
        return (
          <span className="map-legend-item" key={from}>
            <span className={`map-swatch map-bin-${binOf(from, bounds)}`} aria-hidden="true" />{" "}
            {to > from ? t("channelDirectory.map.legendRange", { from: num(from), to: num(to) }) : t("channelDirectory.map.legendSingle", { from: num(from) })}
          </span>
        );
      })}
    </span>
  );
}

/** The map's text alternative: every country with channels, most channels first. */
export function CountryTable({ countries, month, drawn }: { countries: CountryFigures[]; month: string; drawn: Set<string> }) {
  const t = useT();
  const countryName = useCountryName();
  const lines = useFigureLines(month);
  const num = useFormatNumber();
  const sorted = [...countries].sort((a, b) => b.channels - a.channels || a.country.localeCompare(b.country));
  if (sorted.length === 0) return <p>{t("channelDirectory.map.none")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t("channelDirectory.map.tableTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("channelDirectory.map.colCountry")}</th>
            <th scope="col">{t("channelDirectory.map.colRegion")}</th>
            <th scope="col">{t("channelDirectory.map.colChannels")}</th>
            <th scope="col">{t("channelDirectory.map.colFree")}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((c) => (
            <tr key={c.country}>
              <th scope="row">
                <Link to={`/channels/countries/${c.country}`}>{countryName(c.country)}</Link>
                {drawn.has(c.country) ? null : <span className="secondary-name">{t("channelDirectory.map.notDrawn")}</span>}
              </th>
              <td>{t(`channels.regions.${c.region}`)}</td>
              <td>{num(c.channels)}</td>
              <td>
                <ul className="plain-list">
                  {lines(c).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
