// Page titles in the reader's language: "<page> · Export Alliance Portal".
import type { MetaFunction } from "@remix-run/node";
import { translate, type Locale } from "../../i18n";

export function titleMeta(key: string): MetaFunction {
  return ({ matches }) => {
    const locale = (matches[0]?.data as { locale?: Locale } | undefined)?.locale ?? "en";
    return [{ title: `${translate(locale, key)} · ${translate(locale, "common.appName")}` }];
  };
}
