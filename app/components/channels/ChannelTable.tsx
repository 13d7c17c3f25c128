// The directory's result rows and its keyset pagination ("first page", "next page").
import { Link } from "@remix-run/react";
import { translate, type Locale } from "../../i18n";
import { useCountryName, useLocale, useT } from "../../lib/i18n";
import { usePlainLinks } from "../../lib/plain-links";
import type { DirectoryRow, FilterValues } from "./directory.server";
import { useFormatDay, useFormatNumber, useMonthName, usePeriodName } from "./format";
import { MONTHLY_KIND_OPTIONS } from "./options";

/** Loader data comes through serialisation: dates may arrive as Date or as ISO strings. */
type Item = Omit<DirectoryRow, "lastConfirmedAt" | "period"> & {
  lastConfirmedAt: Date | string | null;
  period: { startsOn: Date | string; capacity: number; free: number } | null;
};

/**
 * The labels every row looks up (kind, unit, segment list), made once per locale: a page of 25 rows
 * made ~200 translation lookups, a tenth of the table's render (docs/benchmarks-channels.md). The
 * texts are the translations' own, so both languages and the hydrated markup stay as they were.
 */
interface RowLabels {
  kind: (kind: Item["kind"]) => string;
  unit: (unit: Item["unit"]) => string;
  unitShort: (unit: Item["unit"]) => string;
  segments: (segments: readonly string[]) => string;
}

const rowLabels = new Map<Locale, RowLabels>();
/** Segment lists are short and repeat (five segments); more distinct lists than this is a bug. */
const MAX_SEGMENT_LISTS = 1_000;

function labelsFor(locale: Locale): RowLabels {
  let labels = rowLabels.get(locale);
  if (labels) return labels;
  const t = (key: string) => translate(locale, key);
  const memo = <K extends string>(text: (k: K) => string) => {
    const texts = new Map<K, string>();
    return (k: K) => {
      let found = texts.get(k);
      if (found === undefined) texts.set(k, (found = text(k)));
      return found;
    };
  };
  const separator = t("members.listSeparator");
  const segmentLists = new Map<string, string>();
  labels = {
    kind: memo((kind) => t(`channels.kinds.${kind}`)),
    unit: memo((unit) => t(`channels.units.${unit}`)),
    unitShort: memo((unit) => t(`channels.unitsShort.${unit}`)),
    segments: (segments) => {
      const key = segments.join(" ");
      let text = segmentLists.get(key);
      if (text === undefined) {
        text = segments.map((s) => t(`channels.segments.${s}`)).join(separator);
        if (segmentLists.size >= MAX_SEGMENT_LISTS) segmentLists.clear();
        segmentLists.set(key, text);
      }
      return text;
    },
  };
  rowLabels.set(locale, labels);
  return labels;
}

export function pageLink(base: string, values: FilterValues, extra: Record<string, string> = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

export function ChannelTable({
  items,
  month,
  showCountry = true,
}: {
  items: Item[];
  /** YYYY-MM when the free capacity shown is for a chosen month. */
  month?: string;
  showCountry?: boolean;
}) {
  const t = useT();
  const countryName = useCountryName();
  const formatDate = useFormatDay();
  const monthName = useMonthName();
  const periodName = usePeriodName();
  const num = useFormatNumber();
  const plainLinks = usePlainLinks();
  const labels = labelsFor(useLocale());
  const monthLabel = month ? monthName(month) : undefined;
  // Most rows show the same month: each period's name is formatted once per page.
  const periodNames = new Map<string, string>();
  const periodLabel = (startsOn: string | Date, monthly: boolean) => {
    const key = `${String(startsOn instanceof Date ? startsOn.getTime() : startsOn)} ${monthly}`;
    let name = periodNames.get(key);
    if (name === undefined) periodNames.set(key, (name = periodName(startsOn, monthly)));
    return name;
  };
  // A row's text, then its block-level second lines: only "none free" needs its own element.
  const freeOf = (free: number, capacity: number, unit: Item["unit"]) =>
    t("channelDirectory.results.freeOf", { free: num(free), capacity: num(capacity), unit: labels.unitShort(unit) });
  const staleNote = t("channelDirectory.results.staleNote");
  // <StaleBadge>'s markup, with its label looked up once per table rather than once per stale row.
  const staleLabel = t("channels.detail.stale");
  return (
    <div className="table-wrap">
      <table aria-label={t("channelDirectory.results.label")} className="channel-table" ref={plainLinks}>
        <thead>
          <tr>
            <th scope="col">{t("channelDirectory.results.colChannel")}</th>
            <th scope="col">{t("channelDirectory.results.colPlace")}</th>
            <th scope="col">{t("channelDirectory.results.colOwner")}</th>
            <th scope="col">{t("channelDirectory.results.colSegments")}</th>
            <th scope="col">{monthLabel ? t("channelDirectory.results.colFreeIn", { month: monthLabel }) : t("channelDirectory.results.colFree")}</th>
            <th scope="col">{t("channelDirectory.results.colConfirmed")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => {
            const route = c.originName && c.destinationName;
            const place = route
              ? t("channelDirectory.results.route", { origin: c.originName!, destination: c.destinationName! })
              : c.city;
            return (
              <tr key={c.id}>
                <th scope="row">
                  <a href={`/channels/${c.id}`} data-discover="true">
                    {c.name}
                  </a>
                  <span className="secondary-name">{labels.kind(c.kind)}</span>
                </th>
                <td>
                  {place}
                  {showCountry ? <span className="secondary-name">{countryName(c.country)}</span> : null}
                </td>
                <td>{c.owner}</td>
                <td>{labels.segments(c.segments)}</td>
                <td>
                  {c.period ? (
                    <>
                      {c.period.free === 0 ? (
                        <span className="free-none">{freeOf(c.period.free, c.period.capacity, c.unit)}</span>
                      ) : (
                        freeOf(c.period.free, c.period.capacity, c.unit)
                      )}
                      <span className="secondary-name">
                        {`${periodLabel(c.period.startsOn, MONTHLY_KIND_OPTIONS.includes(c.kind))} · ${labels.unit(c.unit)}`}
                      </span>
                    </>
                  ) : (
                    <span className="muted">{t("channelDirectory.results.noPeriod")}</span>
                  )}
                </td>
                <td>
                  {c.lastConfirmedAt ? formatDate(c.lastConfirmedAt) : t("channelDirectory.results.neverConfirmed")}
                  {c.stale ? (
                    <span className="secondary-name" title={staleNote}>
                      <span className="badge badge-warn">{staleLabel}</span> <span className="visually-hidden">{staleNote}</span>
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function DirectoryPager({ base, values, nextCursor, paged }: { base: string; values: FilterValues; nextCursor: string | null; paged: boolean }) {
  const t = useT();
  if (!paged && !nextCursor) return null;
  return (
    <nav className="row pagination" aria-label={t("channelDirectory.results.pagination")}>
      {paged ? <Link to={pageLink(base, values)}>{t("channelDirectory.results.firstPage")}</Link> : <span />}
      {nextCursor ? (
        <Link to={pageLink(base, values, { cursor: nextCursor })} rel="next">
          {t("channelDirectory.results.nextPage")}
        </Link>
      ) : null}
    </nav>
  );
}
