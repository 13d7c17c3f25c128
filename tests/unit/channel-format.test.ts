// The channel pages' number and day formatting takes shortcuts (a day's text looked up once
// formatted, plain digits below 1,000): the text must be exactly what Intl writes, in both languages.
import { describe, expect, it } from "vitest";
import { formatDayOf, formatNumber, type DateStyle } from "../../app/components/channels/format";
import { LOCALES } from "../../app/i18n";

const OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  medium: { dateStyle: "medium", timeZone: "UTC" },
  month: { year: "numeric", month: "long", timeZone: "UTC" },
  day: { dateStyle: "medium", timeZone: "UTC" },
};

describe("channel formatting", () => {
  it("writes numbers as Intl.NumberFormat does", () => {
    const samples = [0, -0, 1, 7, 42, 999, 1000, 1001, 12_345, 1_000_000, -1, -999, 0.5, 2.25, 999.5, Number.NaN];
    for (let n = 0; n < 1100; n++) samples.push(n);
    for (const locale of LOCALES) {
      const intl = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
      for (const n of samples) expect(formatNumber(locale, n), `${locale} ${n}`).toBe(intl.format(n));
    }
  });

  it("writes days as Intl.DateTimeFormat does, for every instant of a day and again from memory", () => {
    const start = Date.UTC(2026, 0, 1);
    for (const locale of LOCALES) {
      for (const style of ["medium", "month", "day"] as const) {
        const intl = new Intl.DateTimeFormat(locale, OPTIONS[style]);
        for (let day = 0; day < 400; day += 3) {
          // Midnight, the last millisecond and a moment in between: the same day, the same text.
          for (const offset of [0, 12 * 3_600_000 + 34_567, 86_399_999]) {
            const date = new Date(start + day * 86_400_000 + offset);
            expect(formatDayOf(locale, style, date), `${locale} ${style} ${date.toISOString()}`).toBe(intl.format(date));
            expect(formatDayOf(locale, style, date)).toBe(intl.format(date));
          }
        }
      }
    }
    // Before 1970 too (days are counted down from the epoch).
    const early = new Date(Date.UTC(1969, 11, 31, 23, 59));
    expect(formatDayOf("en", "medium", early)).toBe(new Intl.DateTimeFormat("en", OPTIONS.medium).format(early));
  });

  it("refuses an invalid date as Intl does", () => {
    expect(() => formatDayOf("en", "medium", new Date("not a date"))).toThrow(RangeError);
  });
});
