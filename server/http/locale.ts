// The user's language: the `lang` cookie when set, otherwise the first supported language in
// Accept-Language (any zh* means zh-CN), otherwise English.
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "lang";

export function resolveLocale(cookieHeader: string | undefined, acceptLanguage: string | undefined): Locale {
  const fromCookie = cookieHeader?.match(/(?:^|;\s*)lang=([^;]+)/)?.[1];
  if (fromCookie) {
    const decoded = decodeURIComponent(fromCookie);
    if ((LOCALES as readonly string[]).includes(decoded)) return decoded as Locale;
  }
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.trim().slice(2) ?? "1");
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return "en";
}
