// A one-line confirmation after a redirect (?notice=key), from a fixed list so a link cannot make
// the page say anything else.
import { useSearchParams } from "@remix-run/react";
import { useT } from "../../lib/i18n";

export function Notice({ allowed }: { allowed: Record<string, string> }) {
  const t = useT();
  const [params] = useSearchParams();
  const key = params.get("notice");
  const message = key && Object.hasOwn(allowed, key) ? allowed[key] : undefined;
  if (!message) return null;
  return (
    <div className="alert alert-ok" role="status">
      {t(message)}
    </div>
  );
}
