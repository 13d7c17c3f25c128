// Numbers in the reader's language (the same on the server and in the browser, so hydration
// matches: Number#toLocaleString would use whatever locale each runtime has).
import { useLocale } from "../../lib/i18n";

export function useFormatNumber() {
  const locale = useLocale();
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return (n: number) => format.format(n);
}
