// The sourcing request form, shared by posting (/sourcing/new) and editing (/sourcing/:id/edit) so
// that both post the same field names to the domain's one RequestSchema.
import { Form } from "@remix-run/react";
import { SelectField, TextArea, TextField } from "../Field";
import { useT } from "../../lib/i18n";
import { BUSINESS_TYPES, CERT_TYPES, DIRECTIONS, PART_CATEGORIES, SEGMENTS } from "./ui";

const asList = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export function RequestForm({
  values,
  errors,
  defaultDirection,
  editing = false,
  directionLocked = false,
  busy,
}: {
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
  defaultDirection?: string;
  /** Editing hides "publish now": publishing is its own step on the request page. */
  editing?: boolean;
  /** An open request keeps its direction; a disabled select is not posted, so the domain keeps it. */
  directionLocked?: boolean;
  busy: boolean;
}) {
  const t = useT();
  const text = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : "");
  const segments = asList(values.segments);
  const certs = asList(values.requiredCertifications);
  return (
    <Form method="post" className="form card stack" noValidate>
      <SelectField name="direction" label={t("sourcing.fields.direction")} defaultValue={text("direction") || defaultDirection} error={errors.direction}
        disabled={directionLocked} options={DIRECTIONS.map((d) => ({ value: d, label: t(`sourcing.directions.${d}`) }))} />
      <SelectField name="category" label={t("sourcing.fields.category")} defaultValue={text("category") || undefined} error={errors.category}
        options={PART_CATEGORIES.map((c) => ({ value: c, label: t(`sourcing.categories.${c}`) }))} />
      <SelectField name="businessType" label={t("sourcing.fields.businessType")} defaultValue={text("businessType") || undefined} error={errors.businessType}
        options={BUSINESS_TYPES.map((b) => ({ value: b, label: t(`sourcing.businessTypes.${b}`) }))} />
      <TextField name="title" label={t("sourcing.fields.title")} defaultValue={text("title")} error={errors.title} maxLength={160} />
      <TextField name="targetMarkets" label={t("sourcing.fields.targetMarkets")} hint={t("sourcing.fields.targetMarketsHint")} defaultValue={text("targetMarkets")} error={errors.targetMarkets} />
      <fieldset className={`field${errors.segments ? " field-invalid" : ""}`}>
        <legend>{t("sourcing.fields.segments")}</legend>
        <div className="checks">
          {SEGMENTS.map((s) => (
            <label key={s}>
              <input type="checkbox" name="segments" value={s} defaultChecked={segments.includes(s)} /> {t(`channels.segments.${s}`)}
            </label>
          ))}
        </div>
        {errors.segments ? <p className="field-error">{t(errors.segments)}</p> : null}
      </fieldset>
      <TextField name="annualVolume" inputMode="numeric" label={t("sourcing.fields.annualVolume")} defaultValue={text("annualVolume")} error={errors.annualVolume} />
      <fieldset className={`field${errors.requiredCertifications ? " field-invalid" : ""}`}>
        <legend>{t("sourcing.fields.requiredCertifications")}</legend>
        <div className="checks">
          {CERT_TYPES.map((c) => (
            <label key={c}>
              <input type="checkbox" name="requiredCertifications" value={c} defaultChecked={certs.includes(c)} /> {t(`members.certTypes.${c}`)}
            </label>
          ))}
        </div>
        {errors.requiredCertifications ? <p className="field-error">{t(errors.requiredCertifications)}</p> : null}
      </fieldset>
      <TextField name="startOfProduction" type="date" label={t("sourcing.fields.startOfProduction")} defaultValue={text("startOfProduction")} error={errors.startOfProduction} />
      <TextField name="responseDeadline" type="date" label={t("sourcing.fields.responseDeadline")} defaultValue={text("responseDeadline")} error={errors.responseDeadline} />
      <TextArea name="description" label={t("sourcing.fields.description")} defaultValue={text("description")} error={errors.description} rows={6} />
      <label className="check">
        <input type="checkbox" name="confidential" value="on" defaultChecked={text("confidential") === "on"} /> {t("sourcing.fields.confidential")}
      </label>
      {editing ? null : (
        <label className="check">
          <input type="checkbox" name="publish" value="on" defaultChecked={text("publish") === "on"} /> {t("sourcing.fields.publish")}
        </label>
      )}
      <button type="submit" disabled={busy}>
        {t("sourcing.form.submit")}
      </button>
    </Form>
  );
}
