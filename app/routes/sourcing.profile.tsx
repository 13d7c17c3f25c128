// Our capability profile: part categories, business types, segments, markets with years of
// experience, annual capacity, reference customers. Certifications are kept on the organisation
// page and shown here read-only. Members read it; ORG_ADMINs edit it.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, TextArea, TextField } from "../components/Field";
import { actionFailure, orRespond } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { useOrgName } from "../components/channels/ui";
import { BUSINESS_TYPES, PART_CATEGORIES, ReputationLine, SEGMENTS, SourcingNav, SourcingNotice } from "../components/sourcing/ui";
import { requireActiveMember } from "../lib/auth.server";
import { formValues } from "../lib/forms.server";
import { useFormatDate, useT } from "../lib/i18n";

export const meta = titleMeta("sourcing.profile.title");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireActiveMember(context, request);
  // ?org=<id> shows another member's profile (read-only); without it, our own.
  const org = new URL(request.url).searchParams.get("org");
  return orRespond(context.services.sourcing.getProfile(user, org ? { organizationId: org } : {}));
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireActiveMember(context, request);
  const form = await request.formData();
  try {
    await context.services.sourcing.saveProfile(user, formValues(form, ["categories", "businessTypes", "segments"]));
  } catch (error) {
    return actionFailure(form, error);
  }
  throw redirect("/sourcing/profile?notice=profileSaved");
}

const asList = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export default function CapabilityProfile() {
  const { profile, certifications, viewer, organization, reputation } = useLoaderData<typeof loader>();
  const orgName = useOrgName();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const formatDate = useFormatDate();
  const values: Record<string, string | string[]> | null = result?.values ?? null;
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  const picked = (name: "categories" | "businessTypes" | "segments"): string[] => (values ? asList(values[name]) : (profile?.[name] ?? []));
  const text = (name: string, fallback: string) => (values ? (typeof values[name] === "string" ? (values[name] as string) : "") : fallback);
  const experience = profile ? Object.entries(profile.marketExperience).map(([c, y]) => `${c}:${y}`).join(", ") : "";
  const disabled = !viewer.canEdit;
  const group = (name: "categories" | "businessTypes" | "segments", legend: string, options: readonly string[], label: (v: string) => string) => (
    <fieldset className={`field${errors[name] ? " field-invalid" : ""}`} disabled={disabled}>
      <legend>{legend}</legend>
      <div className="checks">
        {options.map((o) => (
          <label key={o}>
            <input type="checkbox" name={name} value={o} defaultChecked={picked(name).includes(o)} /> {label(o)}
          </label>
        ))}
      </div>
      {errors[name] ? <p className="field-error">{t(errors[name])}</p> : null}
    </fieldset>
  );
  return (
    <div className="stack">
      <SourcingNav />
      <h1>
        {t("sourcing.profile.title")}: {orgName(organization)}
      </h1>
      <p className="muted">{t("sourcing.profile.lead")}</p>
      <SourcingNotice />
      {result?.formError ? <FormError message={result.formError} /> : null}
      {!profile && !viewer.canEdit ? <p className="muted">{t("sourcing.profile.noProfile")}</p> : null}
      <Form method="post" className="form card stack" noValidate>
        {group("categories", t("sourcing.profile.categories"), PART_CATEGORIES, (c) => t(`sourcing.categories.${c}`))}
        {group("businessTypes", t("sourcing.profile.businessTypes"), BUSINESS_TYPES, (b) => t(`sourcing.businessTypes.${b}`))}
        {group("segments", t("sourcing.profile.segments"), SEGMENTS, (s) => t(`channels.segments.${s}`))}
        <TextField name="marketExperience" label={t("sourcing.profile.marketExperience")} hint={t("sourcing.profile.marketExperienceHint")}
          defaultValue={text("marketExperience", experience)} error={errors.marketExperience} disabled={disabled} />
        <TextField name="annualCapacity" inputMode="numeric" label={t("sourcing.profile.annualCapacity")}
          defaultValue={text("annualCapacity", profile ? String(profile.annualCapacity) : "")} error={errors.annualCapacity} disabled={disabled} />
        <TextArea name="referenceCustomers" label={t("sourcing.profile.referenceCustomers")}
          defaultValue={text("referenceCustomers", profile?.referenceCustomers ?? "")} error={errors.referenceCustomers} disabled={disabled} />
        {viewer.canEdit ? (
          <button type="submit" disabled={busy}>
            {t("sourcing.profile.save")}
          </button>
        ) : null}
      </Form>
      <section className="card stack" aria-labelledby="reputation-title">
        <h2 id="reputation-title">{t("sourcing.reputation.title")}</h2>
        <ReputationLine label={t("sourcing.reputation.asPoster")} data={reputation.asPoster} />
        <ReputationLine label={t("sourcing.reputation.asProposer")} data={reputation.asProposer} />
      </section>
      <section className="card stack">
        <h2>{t("sourcing.profile.certifications")}</h2>
        {certifications.length ? (
          <ul>
            {certifications.map((c) => (
              <li key={c.id}>
                {c.label ?? t(`members.certTypes.${c.type}`)}: {formatDate(c.validTo)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("sourcing.profile.noCertifications")}</p>
        )}
        <p>
          <Link to={`/directory/${organization.id}`}>{t("common.nav.directory")}</Link>
        </p>
      </section>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
