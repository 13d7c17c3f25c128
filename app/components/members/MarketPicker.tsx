// "Markets already served": checkboxes grouped by region in <details>, so the picker works without
// JavaScript and a screen reader hears one group at a time. Regions holding a choice start open.
import { useState } from "react";
import { useT } from "../../lib/i18n";
import { useCountryLists } from "./countries";

export function MarketPicker({ name = "markets", selected, error }: { name?: string; selected: string[]; error?: string }) {
  const t = useT();
  const { byRegion, names } = useCountryLists();
  // Server-rendered from `selected`; with JavaScript the summary and counts follow the ticks.
  const [chosen, setChosen] = useState(() => new Set(selected.map((c) => c.toUpperCase())));
  const toggle = (code: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(code);
      else next.delete(code);
      return next;
    });
  const id = `f-${name}`;
  const describedBy = [`${id}-hint`, `${id}-summary`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  const chosenNames = [...chosen].map((c) => names.get(c) ?? c);
  return (
    <fieldset className={`market-picker${error ? " field-invalid" : ""}`} aria-describedby={describedBy} id={id}>
      <legend>{t("members.markets.legend")}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t("members.markets.hint")}
      </p>
      <p className="hint" id={`${id}-summary`}>
        {chosenNames.length ? t("members.markets.selected", { list: chosenNames.join(t("members.listSeparator")) }) : t("members.markets.noneSelected")}
      </p>
      {byRegion.map(({ region, countries }) => {
        const count = countries.filter((c) => chosen.has(c.code)).length;
        return (
          <details key={region} open={count > 0}>
            <summary>
              {t(`members.markets.regions.${region}`)}
              {count > 0 ? <span className="badge">{t("members.markets.regionCount", { count })}</span> : null}
            </summary>
            <div className="checks market-checks">
              {countries.map((c) => (
                <label key={c.code}>
                  <input type="checkbox" name={name} value={c.code} defaultChecked={chosen.has(c.code)} onChange={(e) => toggle(c.code, e.currentTarget.checked)} />
                  {c.name}
                </label>
              ))}
            </div>
          </details>
        );
      })}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </fieldset>
  );
}
