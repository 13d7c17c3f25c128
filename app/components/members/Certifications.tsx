// Certifications: the table on a profile (expired ones flagged in words, not colour alone) and the
// form to add or edit one.
import type { ReactNode } from "react";
import { SelectField, TextField } from "../Field";
import { useFormatDate, useT } from "../../lib/i18n";

export type Validity = "valid" | "expiring" | "expired" | "notYetValid";

export interface CertificationRow {
  id: string;
  type: string;
  label: string | null;
  scope: string;
  issuer: string;
  validFrom: string | Date;
  validTo: string | Date;
  validity: Validity;
}

const BADGE: Record<Validity, string> = {
  valid: "badge badge-ok",
  expiring: "badge badge-warn",
  expired: "badge badge-bad",
  notYetValid: "badge",
};

const MARK: Record<Validity, string> = { valid: "✓", expiring: "!", expired: "✕", notYetValid: "…" };

export function ValidityBadge({ validity }: { validity: Validity }) {
  const t = useT();
  return (
    <span className={BADGE[validity]} data-validity={validity}>
      <span aria-hidden="true">{`${MARK[validity]} `}</span>
      {t(`members.validity.${validity}`)}
    </span>
  );
}

export function useCertificationName() {
  const t = useT();
  return (c: { type: string; label: string | null }) => {
    const type = t(`members.certTypes.${c.type}`);
    if (c.type === "OTHER") return c.label ?? type;
    return c.label ? `${type}: ${c.label}` : type;
  };
}

export function CertificationTable({ rows, actions }: { rows: CertificationRow[]; actions?: (row: CertificationRow) => ReactNode }) {
  const t = useT();
  const formatDate = useFormatDate();
  const nameOf = useCertificationName();
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("members.profile.colType")}</th>
            <th scope="col">{t("members.profile.colScope")}</th>
            <th scope="col">{t("members.profile.colIssuer")}</th>
            <th scope="col">{t("members.profile.colValidFrom")}</th>
            <th scope="col">{t("members.profile.colValidTo")}</th>
            <th scope="col">{t("members.profile.colStatus")}</th>
            {actions ? <th scope="col">{t("members.edit.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} className={`cert-${c.validity}`}>
              <th scope="row">{nameOf(c)}</th>
              <td>{c.scope}</td>
              <td>{c.issuer}</td>
              <td>{formatDate(c.validFrom)}</td>
              <td>{formatDate(c.validTo)}</td>
              <td>
                <ValidityBadge validity={c.validity} />
              </td>
              {actions ? <td>{actions(c)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const CERTIFICATION_TYPES = ["IATF_16949", "ISO_9001", "ISO_14001", "ISO_45001", "UNECE_TYPE_APPROVAL", "EU_WVTA", "CCC", "OTHER"] as const;

export interface CertificationValues {
  type?: string;
  label?: string | null;
  scope?: string;
  issuer?: string;
  validFrom?: string;
  validTo?: string;
}

/** Form fields of one certification; `prefix` keeps ids unique when two forms share a page. */
export function CertificationFields({ values, errors, prefix }: { values: CertificationValues; errors: Record<string, string>; prefix: string }) {
  const t = useT();
  const id = (name: string) => `${prefix}-${name}`;
  return (
    <>
      <SelectField
        id={id("type")}
        name="type"
        label={t("members.certification.type")}
        defaultValue={values.type ?? ""}
        error={errors.type}
        required
        options={[{ value: "", label: t("members.apply.kindPlaceholder") }, ...CERTIFICATION_TYPES.map((v) => ({ value: v, label: t(`members.certTypes.${v}`) }))]}
      />
      <TextField type="text" id={id("label")} name="label" label={t("members.certification.label")} hint={t("members.certification.labelHint")} defaultValue={values.label ?? ""} error={errors.label} maxLength={120} />
      <TextField type="text" id={id("scope")} name="scope" label={t("members.certification.scope")} hint={t("members.certification.scopeHint")} defaultValue={values.scope ?? ""} error={errors.scope} required maxLength={300} />
      <TextField type="text" id={id("issuer")} name="issuer" label={t("members.certification.issuer")} defaultValue={values.issuer ?? ""} error={errors.issuer} required maxLength={200} />
      <div className="grid grid-2">
        <TextField id={id("validFrom")} name="validFrom" type="date" label={t("members.certification.validFrom")} hint={t("members.certification.dateHint")} defaultValue={values.validFrom ?? ""} error={errors.validFrom} required />
        <TextField id={id("validTo")} name="validTo" type="date" label={t("members.certification.validTo")} hint={t("members.certification.dateHint")} defaultValue={values.validTo ?? ""} error={errors.validTo} required />
      </div>
    </>
  );
}

/** A Date from the loader as the YYYY-MM-DD a date input wants. */
export function isoDate(value: string | Date) {
  return new Date(value).toISOString().slice(0, 10);
}
