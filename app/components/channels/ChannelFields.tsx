// The channel form's fields, shared by "publish a channel" and "edit channel". Works without
// JavaScript: on the create form every place field is shown, with hints saying which kinds use it.
import { SelectField, TextArea, TextField } from "../Field";
import { CountrySelect } from "../members/CountrySelect";
import { useT } from "../../lib/i18n";

export const CHANNEL_KIND_OPTIONS = ["SALES", "SERVICE", "RORO", "RAIL", "WAREHOUSE"] as const;
export const SEGMENT_OPTIONS = ["ICE_PASSENGER", "COMMERCIAL", "NEV_PASSENGER", "NEV_COMMERCIAL", "PARTS"] as const;

type Values = Record<string, string | string[] | undefined>;

export function ChannelFields({
  kind,
  values,
  errors,
}: {
  /** Fixed kind when editing; undefined on the create form (a kind select is shown). */
  kind?: string;
  values: Values;
  errors: Record<string, string>;
}) {
  const t = useT();
  const text = (name: string) => {
    const v = values[name];
    return typeof v === "string" ? v : "";
  };
  const segments = Array.isArray(values.segments) ? values.segments : typeof values.segments === "string" ? [values.segments] : [];
  const route = kind === "RORO" || kind === "RAIL";
  const showCity = kind === undefined || !route;
  const showRoute = kind === undefined || route;
  return (
    <>
      {kind === undefined ? (
        <SelectField
          name="kind"
          label={t("channels.fields.kind")}
          defaultValue={text("kind") || "SERVICE"}
          error={errors.kind}
          options={CHANNEL_KIND_OPTIONS.map((k) => ({ value: k, label: `${t(`channels.kinds.${k}`)}: ${t(`channels.kindHints.${k}`)}` }))}
        />
      ) : (
        <p>
          <strong>{t("channels.fields.kind")}:</strong> {t(`channels.kinds.${kind}`)} <span className="muted">({t("channels.form.kindFixed")})</span>
        </p>
      )}
      <TextField type="text" name="name" label={t("channels.fields.name")} defaultValue={text("name")} error={errors.name} maxLength={160} required />

      <fieldset className="stack">
        <legend>{t("channels.form.placeGroup")}</legend>
        <CountrySelect
          name="country"
          label={route ? t("channels.fields.countryRoute") : t("channels.fields.country")}
          hint={kind === undefined ? t("channels.hints.countryRoute") : undefined}
          defaultValue={text("country")}
          error={errors.country}
          emptyLabel=""
        />
        {showCity ? (
          <TextField type="text" name="city" label={t("channels.fields.city")} hint={kind === undefined ? t("channels.hints.city") : undefined} defaultValue={text("city")} error={errors.city} maxLength={80} />
        ) : null}
        {showRoute ? (
          <>
            {kind === undefined ? <p className="hint">{t("channels.hints.route")}</p> : null}
            <TextField type="text" name="originName" label={t("channels.fields.originName")} defaultValue={text("originName")} error={errors.originName} maxLength={120} />
            <CountrySelect name="originCountry" label={t("channels.fields.originCountry")} defaultValue={text("originCountry") || "CN"} error={errors.originCountry} emptyLabel="" />
            <TextField type="text" name="destinationName" label={t("channels.fields.destinationName")} defaultValue={text("destinationName")} error={errors.destinationName} maxLength={120} />
          </>
        ) : null}
        <TextField type="text" name="localPartner" label={t("channels.fields.localPartner")} defaultValue={text("localPartner")} error={errors.localPartner} maxLength={160} />
      </fieldset>

      <fieldset className={`field${errors.segments ? " field-invalid" : ""}`} aria-describedby={errors.segments ? "segments-error" : undefined}>
        <legend>{t("channels.fields.segments")}</legend>
        <div className="checks">
          {SEGMENT_OPTIONS.map((s) => (
            <label key={s}>
              <input type="checkbox" name="segments" value={s} defaultChecked={segments.includes(s)} />
              {t(`channels.segments.${s}`)}
            </label>
          ))}
        </div>
        {errors.segments ? (
          <p className="field-error" id="segments-error">
            {t(errors.segments)}
          </p>
        ) : null}
      </fieldset>

      <fieldset className="stack">
        <legend>{t("channels.form.capacityGroup")}</legend>
        <TextField type="text"
          name="capacityPerPeriod"
          label={t("channels.fields.capacityPerPeriod")}
          hint={t("channels.hints.capacityPerPeriod")}
          inputMode="numeric"
          defaultValue={text("capacityPerPeriod")}
          error={errors.capacityPerPeriod}
          required
        />
        <div className="row">
          <TextField name="validFrom" type="date" label={t("channels.fields.validFrom")} hint={t("channels.hints.dates")} defaultValue={text("validFrom")} error={errors.validFrom} required />
          <TextField name="validTo" type="date" label={t("channels.fields.validTo")} defaultValue={text("validTo")} error={errors.validTo} required />
        </div>
        {kind === undefined ? (
          <TextArea name="sailings" label={t("channels.fields.sailings")} hint={t("channels.hints.sailings")} defaultValue={text("sailings")} error={errors.sailings} rows={2} />
        ) : null}
      </fieldset>

      <TextArea name="terms" label={t("channels.fields.terms")} hint={t("channels.hints.terms")} defaultValue={text("terms")} error={errors.terms} maxLength={4000} rows={6} />

      <fieldset className="stack">
        <legend>{t("channels.form.contactGroup")}</legend>
        <TextField type="text" name="contactName" label={t("channels.fields.contactName")} defaultValue={text("contactName")} error={errors.contactName} maxLength={120} required />
        <TextField name="contactEmail" type="email" label={t("channels.fields.contactEmail")} defaultValue={text("contactEmail")} error={errors.contactEmail} maxLength={254} required />
        <TextField name="contactPhone" type="text" inputMode="tel" autoComplete="tel" label={t("channels.fields.contactPhone")} defaultValue={text("contactPhone")} error={errors.contactPhone} maxLength={40} />
      </fieldset>
    </>
  );
}
