// Country lists for pickers, named and ordered in the reader's language from the fixed table in
// app/i18n/countries.ts (the same on the server and in every browser, so hydration matches).
import { REGION_OF, REGIONS, type Region } from "../../../server/domain/countries";
import { COUNTRY_NAME_ENTRIES, countryCodesByName, countryName } from "../../i18n/countries";
import type { Locale } from "../../i18n";
import { useLocale } from "../../lib/i18n";

export interface CountryOption {
  code: string;
  name: string;
}

interface CountryLists {
  all: CountryOption[];
  byRegion: { region: Region; countries: CountryOption[] }[];
  names: Map<string, string>;
}

const cache = new Map<Locale, CountryLists>();

function buildCached(locale: Locale): CountryLists {
  let lists = cache.get(locale);
  if (!lists) {
    const all = countryCodesByName(locale).map((code) => ({ code, name: countryName(locale, code) }));
    lists = {
      all,
      byRegion: REGIONS.map((region) => ({ region, countries: all.filter((c) => REGION_OF.get(c.code) === region) })),
      names: new Map(all.map((c) => [c.code, c.name])),
    };
    cache.set(locale, lists);
  }
  return lists;
}

export function useCountryLists(): CountryLists {
  return buildCached(useLocale());
}

/** Values echoed from a failed form post are a string or a list; pickers want a list. */
export function asList(value: string | string[] | undefined | null): string[] {
  if (value === undefined || value === null || value === "") return [];
  return Array.isArray(value) ? value : [value];
}

let byName: Map<string, string> | undefined;

/**
 * What someone typed into a country filter ("Germany", "德国", "de") as an ISO code, or undefined.
 * Names are matched in every language the portal speaks, so a shared link works for everyone.
 */
export function resolveCountry(input: string): string | undefined {
  const text = input.trim().toLowerCase();
  if (!text) return undefined;
  if (!byName) {
    byName = new Map();
    for (const [code, names] of COUNTRY_NAME_ENTRIES) {
      for (const name of names) byName.set(name.toLowerCase(), code);
      byName.set(code.toLowerCase(), code);
    }
  }
  return byName.get(text);
}
