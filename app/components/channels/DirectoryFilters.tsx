// The directory's filters: a GET form, so every result is a shareable URL and works without
// JavaScript. On a country page the country (and so the region) is fixed by the address.
import { Form, Link } from "@remix-run/react";
import { CountryFilter } from "./CountryFilter";
import { KIND_OPTIONS, SEGMENT_OPTIONS } from "./options";
import { REGIONS } from "../../../server/domain/countries";
import { translate, type Locale } from "../../i18n";
import { useLocale, useT } from "../../lib/i18n";
import { SelectField, TextField } from "../Field";
import type { FilterValues } from "./directory.server";

type Options = { value: string; label: string }[];

/** The kind, region and segment choices depend on the locale alone: made once per locale. */
const choices = new Map<Locale, { kinds: Options; regions: Options; segments: Options }>();
function choicesFor(locale: Locale) {
  let lists = choices.get(locale);
  if (!lists) {
    const t = (key: string) => translate(locale, key);
    lists = {
      kinds: [{ value: "", label: t("channelDirectory.filters.anyKind") }, ...KIND_OPTIONS.map((k) => ({ value: k, label: t(`channels.kinds.${k}`) }))],
      regions: [{ value: "", label: t("channelDirectory.filters.anyRegion") }, ...REGIONS.map((r) => ({ value: r, label: t(`channels.regions.${r}`) }))],
      segments: [
        { value: "", label: t("channelDirectory.filters.anySegment") },
        ...SEGMENT_OPTIONS.map((s) => ({ value: s, label: t(`channels.segments.${s}`) })),
      ],
    };
    choices.set(locale, lists);
  }
  return lists;
}

export function DirectoryFilters({
  action,
  values,
  errors,
  countryFixed = false,
}: {
  action: string;
  values: FilterValues;
  errors: Record<string, string>;
  countryFixed?: boolean;
}) {
  const t = useT();
  const { kinds, regions, segments } = choicesFor(useLocale());
  const any = Object.entries(values).some(([k, v]) => v && !(countryFixed && (k === "country" || k === "region")));
  return (
    <Form method="get" action={action} className="card directory-filters channel-filters" role="search" aria-label={t("channelDirectory.filters.label")}>
      <TextField
        name="q"
        type="search"
        label={t("channelDirectory.filters.q")}
        hint={t("channelDirectory.filters.qHint")}
        defaultValue={values.q}
        error={errors.q}
        maxLength={120}
      />
      <SelectField
        name="kind"
        label={t("channelDirectory.filters.kind")}
        defaultValue={values.kind?.toUpperCase() ?? ""}
        error={errors.kind}
        options={kinds}
      />
      {countryFixed ? null : (
        <>
          <SelectField
            name="region"
            label={t("channelDirectory.filters.region")}
            defaultValue={values.region?.toUpperCase() ?? ""}
            error={errors.region}
            options={regions}
          />
          <CountryFilter
            name="country"
            label={t("channelDirectory.filters.country")}
            value={values.country}
            error={errors.country}
            emptyLabel={t("channelDirectory.filters.anyCountry")}
          />
        </>
      )}
      <SelectField
        name="segment"
        label={t("channelDirectory.filters.segment")}
        defaultValue={values.segment?.toUpperCase() ?? ""}
        error={errors.segment}
        options={segments}
      />
      <TextField
        name="month"
        type="month"
        label={t("channelDirectory.filters.month")}
        hint={t("channelDirectory.filters.monthHint")}
        defaultValue={values.month}
        error={errors.month}
        placeholder="YYYY-MM"
        pattern="\d{4}-\d{2}"
      />
      <TextField
        name="minFree"
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        label={t("channelDirectory.filters.minFree")}
        hint={t("channelDirectory.filters.minFreeHint")}
        defaultValue={values.minFree}
        error={errors.minFree}
      />
      <SelectField
        name="sort"
        label={t("channelDirectory.filters.sort")}
        defaultValue={values.sort ?? ""}
        error={errors.sort}
        options={[
          { value: "", label: values.q ? t("channelDirectory.filters.sortRelevance") : t("channelDirectory.filters.sortFresh") },
          { value: "relevance", label: t("channelDirectory.filters.sortRelevance") },
          { value: "free", label: t("channelDirectory.filters.sortFree") },
          { value: "fresh", label: t("channelDirectory.filters.sortFresh") },
        ]}
      />
      <div className="row directory-filter-actions">
        <button type="submit">{t("channelDirectory.filters.submit")}</button>
        {any ? <Link to={action}>{t("channelDirectory.filters.clear")}</Link> : null}
      </div>
    </Form>
  );
}
