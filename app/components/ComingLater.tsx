// The shell's page for a capability that a later release brings; says so plainly.
import { useT } from "../lib/i18n";

export function ComingLater({ section }: { section: "channels" | "sourcing" | "messages" | "knowledge" }) {
  const t = useT();
  return (
    <div className="stack narrow">
      <h1>{t(`common.nav.${section}`)}</h1>
      <p className="muted">{t(`common.home.${section}Blurb`)}</p>
      <div className="alert alert-info">{t("common.placeholder.body")}</div>
    </div>
  );
}
