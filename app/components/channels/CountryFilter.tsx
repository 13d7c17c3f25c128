// The directory's country filter: a <select> of every country, named and ordered in the reader's
// language. Its ~250 options are the same markup on every request but for which one is selected,
// and letting React render them costs as much server CPU as the page's 25 result rows (0.4 ms of
// ~4 ms per page, docs/benchmarks-channels.md); so the options are written as one HTML string, made
// once per locale from the fixed table in app/i18n/countries.ts (no user text in it), with the
// chosen one marked `selected` as React would mark it.
import { FieldFrame } from "../Field";
import { useCountryLists } from "../members/countries";
import { useLocale } from "../../lib/i18n";

const cache = new Map<string, string>();

/** What a browser's serialiser writes for text, so that hydration finds exactly this markup. */
const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\u00a0/g, "&nbsp;");

/** The options' markup, the "any country" one (value "") first, with `value` selected if it is there. */
export function countryOptionsHtml(locale: string, all: readonly { code: string; name: string }[], emptyLabel: string, value: string): string {
  const key = `${locale}\u0000${emptyLabel}`;
  let markup = cache.get(key);
  if (markup === undefined) {
    markup = [{ code: "", name: emptyLabel }, ...all].map((c) => `<option value="${c.code}">${escapeText(c.name)}</option>`).join("");
    cache.set(key, markup);
  }
  // Codes are two capital letters (or "" for any), so the option is found by its exact attribute.
  return /^([A-Z]{2})?$/.test(value) ? markup.replace(`<option value="${value}">`, `<option value="${value}" selected="">`) : markup;
}

export function CountryFilter({ name, label, value, error, emptyLabel }: { name: string; label: string; value?: string; error?: string; emptyLabel: string }) {
  const locale = useLocale();
  const { all } = useCountryLists();
  const html = countryOptionsHtml(locale, all, emptyLabel, value?.toUpperCase() ?? "");
  return (
    <FieldFrame id={`f-${name}`} label={label} error={error}>
      {(aria) => <select name={name} {...aria} dangerouslySetInnerHTML={{ __html: html }} />}
    </FieldFrame>
  );
}
