// Post a sourcing request (OEM seeks supplier, or a supplier's offer), as a draft or published.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, SelectField, TextArea, TextField } from "../components/Field";
import { actionFailure } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { BUSINESS_TYPES, CERT_TYPES, DIRECTIONS, PART_CATEGORIES, SEGMENTS, SourcingNav } from "../components/sourcing/ui";
import { requireActiveMember } from "../lib/auth.server";
import { formValues } from "../lib/forms.server";
import { useT } from "../lib/i18n";

export const meta = titleMeta("sourcing.form.newTitle");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireActiveMember(context, request);
  return { defaultDirection: user.organization.kind === "SUPPLIER" ? "SUPPLIER_SEEKS_OEM" : "OEM_SEEKS_SUPPLIER" };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireActiveMember(context, request);
  const form = await request.formData();
  try {
    const created = await context.services.sourcing.createRequest(user, formValues(form, ["segments", "requiredCertifications"]));
    throw redirect(`/sourcing/${created.id}?notice=${created.status === "OPEN" ? "published" : "created"}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return actionFailure(form, error);
  }
}

const asList = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export default function NewSourcingRequest() {
  const { defaultDirection } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const values: Record<string, string | string[]> = result?.values ?? {};
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  const text = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : "");
  const segments = asList(values.segments);
  const certs = asList(values.requiredCertifications);
  return (
    <div className="stack">
      <SourcingNav />
      <h1>{t("sourcing.form.newTitle")}</h1>
      {result?.formError ? <FormError message={result.formError} /> : null}
      <Form method="post" className="form card stack" noValidate>
        <SelectField name="direction" label={t("sourcing.fields.direction")} defaultValue={text("direction") || defaultDirection} error={errors.direction}
          options={DIRECTIONS.map((d) => ({ value: d, label: t(`sourcing.directions.${d}`) }))} />
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
        <label className="check">
          <input type="checkbox" name="publish" value="on" defaultChecked={result ? text("publish") === "on" : true} /> {t("sourcing.fields.publish")}
        </label>
        <button type="submit" disabled={busy}>
          {t("sourcing.form.submit")}
        </button>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
