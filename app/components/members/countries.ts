// Country lists for pickers, named and sorted in the reader's language. Sorting ~250 names with
// the locale's collation costs more than rendering a page's rows, so each locale is sorted once.
import { REGION_OF, REGIONS, type Region } from "../../../server/domain/countries";
import { LOCALES, type Locale } from "../../i18n";
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

function build(locale: Locale): CountryLists {
  const display = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
  const nameOf = (code: string) => {
    try {
      return display.of(code) ?? code;
    } catch {
      return code;
    }
  };
  const collator = new Intl.Collator(locale);
  const all = [...REGION_OF.keys()].map((code) => ({ code, name: nameOf(code) })).sort((a, b) => collator.compare(a.name, b.name));
  return {
    all,
    byRegion: REGIONS.map((region) => ({ region, countries: all.filter((c) => REGION_OF.get(c.code) === region) })),
    names: new Map(all.map((c) => [c.code, c.name])),
  };
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
    for (const locale of LOCALES) {
      for (const c of buildCached(locale).all) byName.set(c.name.toLowerCase(), c.code);
    }
    for (const code of REGION_OF.keys()) byName.set(code.toLowerCase(), code);
  }
  return byName.get(text);
}

function buildCached(locale: Locale): CountryLists {
  let lists = cache.get(locale);
  if (!lists) {
    lists = build(locale);
    cache.set(locale, lists);
  }
  return lists;
}
