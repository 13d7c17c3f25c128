// The UI's access to translations: the locale comes from the root loader.
import { useRouteLoaderData } from "@remix-run/react";
import { createContext, useContext } from "react";
import { translator, type Locale, type Translate } from "../i18n";
import { countryName } from "../i18n/countries";

export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  return data?.locale ?? "en";
}

export function useT(): Translate {
  return translator(useLocale());
}

/**
 * Country names in the user's language, from a fixed table: browsers' Intl names differ from
 * Node's (Chromium says "Hong Kong", Node "Hong Kong SAR China"), which breaks hydration.
 */
export function useCountryName() {
  const locale = useLocale();
  return (code: string) => countryName(locale, code);
}

// Building an Intl.DateTimeFormat costs more than rendering a table row (14% of a page's CPU in
// docs/benchmarks-channels.md), so each locale and options pair is built once per process.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const MEDIUM: Intl.DateTimeFormatOptions = { dateStyle: "medium" };

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions) {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...options });
    dateFormats.set(key, format);
  }
  return format;
}

export function useFormatDate() {
  const locale = useLocale();
  return (value: string | Date, options: Intl.DateTimeFormatOptions = MEDIUM) => dateFormat(locale, options).format(new Date(value));
}

const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
