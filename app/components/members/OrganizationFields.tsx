// The profile fields an applicant fills in and an org admin edits later.
import { TextArea, TextField } from "../Field";
import { useT } from "../../lib/i18n";
import { asList } from "./countries";
import { CountrySelect } from "./CountrySelect";
import { MarketPicker } from "./MarketPicker";

export interface OrganizationValues {
  nameZh?: string;
  nameEn?: string;
  homeCity?: string;
  homeCountry?: string;
  website?: string | null;
  description?: string;
  markets?: string | string[];
}

export function OrganizationFields({ values, errors }: { values: OrganizationValues; errors: Record<string, string> }) {
  const t = useT();
  return (
    <>
      <TextField type="text" name="nameZh" label={t("members.apply.nameZh")} defaultValue={values.nameZh ?? ""} error={errors.nameZh} required maxLength={120} lang="zh-CN" />
      <TextField type="text" name="nameEn" label={t("members.apply.nameEn")} defaultValue={values.nameEn ?? ""} error={errors.nameEn} required maxLength={120} lang="en" />
      <div className="grid grid-2">
        <TextField type="text" name="homeCity" label={t("members.apply.homeCity")} defaultValue={values.homeCity ?? ""} error={errors.homeCity} required maxLength={80} autoComplete="address-level2" />
        <CountrySelect name="homeCountry" label={t("members.apply.homeCountry")} defaultValue={values.homeCountry ?? "CN"} error={errors.homeCountry} />
      </div>
      <TextField
        name="website"
        type="text"
        inputMode="url"
        label={t("members.apply.website")}
        hint={t("members.apply.websiteHint")}
        defaultValue={values.website ?? ""}
        error={errors.website}
        maxLength={300}
        autoComplete="url"
      />
      <TextArea
        name="description"
        label={t("members.apply.description")}
        hint={t("members.apply.descriptionHint")}
        defaultValue={values.description ?? ""}
        error={errors.description}
        required
        maxLength={2000}
        rows={5}
      />
      <MarketPicker selected={asList(values.markets)} error={errors.markets} />
    </>
  );
}
