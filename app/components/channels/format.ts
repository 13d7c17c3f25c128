// Numbers and dates in the reader's language, with the Intl formatters made once per locale and
// style: building an Intl.DateTimeFormat costs more than rendering a table row, and a directory
// page formats fifty dates (the profile in docs/benchmarks-channels.md). Both runtimes format the
// same way, so hydration matches (Number#toLocaleString would use each runtime's own locale).
import { useLocale } from "../../lib/i18n";

const numberFormats = new Map<string, { format: Intl.NumberFormat; plainBelowThousand: boolean }>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: string) {
  let entry = numberFormats.get(locale);
  if (!entry) {
    const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    // Whole numbers under 1,000 have no grouping separator; where the locale also writes them in
    // ASCII digits (en and zh-CN do; checked here, not assumed), their text is String(n), which
    // costs a fraction of Intl's ~1 µs: a directory page formats fifty such figures.
    const plainBelowThousand = [0, 7, 42, 999].every((n) => format.format(n) === String(n));
    entry = { format, plainBelowThousand };
    numberFormats.set(locale, entry);
  }
  return entry;
}

export type DateStyle = "medium" | "month" | "day";
const DATE_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  medium: { dateStyle: "medium", timeZone: "UTC" },
  month: { year: "numeric", month: "long", timeZone: "UTC" },
  day: { dateStyle: "medium", timeZone: "UTC" },
};

function dateFormat(locale: string, style: DateStyle) {
  const key = `${locale} ${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, DATE_OPTIONS[style]);
    dateFormats.set(key, format);
  }
  return format;
}

/** A number in the locale's format (as `Intl.NumberFormat`, one decimal at most). */
export function formatNumber(locale: string, n: number): string {
  const { format, plainBelowThousand } = numberFormat(locale);
  return plainBelowThousand && Number.isInteger(n) && (n > 0 || Object.is(n, 0)) && n < 1000 ? String(n) : format.format(n);
}

export function useFormatNumber() {
  const locale = useLocale();
  return (n: number) => formatNumber(locale, n);
}

/**
 * What each style shows depends only on the UTC calendar day (all three are in UTC and show no
 * time), so a day's text is formatted once per locale and style and then looked up: a directory
 * page shows 25 confirmation days and periods, mostly of the last few months, and
 * `Intl.DateTimeFormat#format` costs ~2 µs each (docs/benchmarks-channels.md). A pure function's
 * memo, bounded; not a cache of anything a request reads from the database.
 */
const DAY_MS = 86_400_000;
const MAX_DAY_TEXTS = 5_000;
const dayTexts = new Map<string, string>();

export function formatDayOf(locale: string, style: DateStyle, date: Date): string {
  const time = date.getTime();
  // An invalid date formats as Intl does (it throws a RangeError), never from the memo.
  if (Number.isNaN(time)) return dateFormat(locale, style).format(date);
  const key = `${locale} ${style} ${Math.floor(time / DAY_MS)}`;
  let text = dayTexts.get(key);
  if (text === undefined) {
    text = dateFormat(locale, style).format(date);
    if (dayTexts.size >= MAX_DAY_TEXTS) dayTexts.clear();
    dayTexts.set(key, text);
  }
  return text;
}

/** Dates are calendar days or instants shown in UTC, like the rest of the portal. */
export function useFormatDay() {
  const locale = useLocale();
  return (value: string | Date, style: DateStyle = "medium") => formatDayOf(locale, style, value instanceof Date ? value : new Date(value));
}

/** "November 2026" for monthly periods, the sailing or departure day otherwise. */
export function usePeriodName() {
  const format = useFormatDay();
  return (startsOn: string | Date, monthly: boolean) => format(startsOn, monthly ? "month" : "day");
}

/** "November 2026" for a YYYY-MM month key. */
export function useMonthName() {
  const format = useFormatDay();
  return (month: string) => format(`${month}-01T00:00:00.000Z`, "month");
}
