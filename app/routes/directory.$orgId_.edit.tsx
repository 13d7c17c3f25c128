// The own-profile editor: an organisation's ORG_ADMIN edits its profile and certifications.
// Another organisation's admin gets 403 from the domain, whatever the URL says.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { FormError } from "../components/Field";
import { actionFailure, orRespond, withNotice } from "../components/members/actions.server";
import { CertificationFields, CertificationTable, useCertificationName } from "../components/members/Certifications";
import { titleMeta } from "../components/members/meta";
import { Notice } from "../components/members/Notice";
import { OrganizationFields } from "../components/members/OrganizationFields";
import { formValues } from "../lib/forms.server";
import { forbidden, requireOrgAdmin } from "../lib/auth.server";
import { useT } from "../lib/i18n";

export const meta = titleMeta("members.edit.title");

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireOrgAdmin(context, request);
  const org = await orRespond(context.services.members.profileForEdit(user, params.orgId));
  return { org };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = requireOrgAdmin(context, request);
  const form = await request.formData();
  const intent = form.get("intent");
  const organizationId = params.orgId ?? "";
  const { members } = context.services;
  // The domain decides on the data; this keeps the URL honest for removals, which name no organisation.
  if (organizationId !== user.organization.id) throw forbidden();
  let notice: string;
  try {
    if (intent === "profile") {
      const { changed } = await members.updateProfile(user, { ...formValues(form, ["markets"]), organizationId });
      notice = changed.length ? "saved" : "unchanged";
    } else if (intent === "addCertification") {
      await members.addCertification(user, { ...formValues(form), organizationId });
      notice = "added";
    } else if (intent === "removeCertification") {
      await members.removeCertification(user, { certificationId: form.get("certificationId") });
      notice = "removed";
    } else {
      throw new Response("Bad Request", { status: 400 });
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return actionFailure(form, error);
  }
  throw redirect(withNotice(request, notice));
}

export default function EditProfile() {
  const { org } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const nameOf = useCertificationName();
  const values: Record<string, string | string[]> = result?.values ?? {};
  const intent = values.intent;
  const errorsFor = (which: string): Record<string, string> => (result && intent === which ? result.fieldErrors : {});
  const text = (name: string, which: string) => {
    const v = intent === which ? values[name] : undefined;
    return typeof v === "string" ? v : undefined;
  };
  const busy = navigation.state === "submitting";
  return (
    <div className="stack form-page">
      <p>
        <Link to={`/directory/${org.id}`}>{t("members.edit.viewProfile")}</Link>
      </p>
      <h1>{t("members.edit.title")}</h1>
      <p className="muted">{t("members.edit.lead")}</p>
      <Notice
        allowed={{
          saved: "members.edit.saved",
          unchanged: "members.edit.unchanged",
          added: "members.edit.added",
          removed: "members.edit.removed",
          updated: "members.edit.updated",
        }}
      />
      {result && !result.ok ? <FormError message={result.formError ?? "errors.invalidInput"} /> : null}

      <Form method="post" className="form card" noValidate>
        <input type="hidden" name="intent" value="profile" />
        <h2>{t("members.edit.profileLegend")}</h2>
        <OrganizationFields
          values={
            intent === "profile"
              ? {
                  nameZh: text("nameZh", "profile"),
                  nameEn: text("nameEn", "profile"),
                  homeCity: text("homeCity", "profile"),
                  homeCountry: text("homeCountry", "profile"),
                  website: text("website", "profile"),
                  description: text("description", "profile"),
                  markets: values.markets,
                }
              : org
          }
          errors={errorsFor("profile")}
        />
        <div>
          <button type="submit" disabled={busy}>
            {t("members.edit.saveProfile")}
          </button>
        </div>
      </Form>

      <section aria-labelledby="certs" className="stack">
        <h2 id="certs">{t("members.edit.certificationsHeading")}</h2>
        {org.certifications.length ? (
          <CertificationTable
            rows={org.certifications}
            actions={(c) => (
              <div className="row">
                <Link to={`/directory/${org.id}/certifications/${c.id}`} aria-label={t("members.edit.editCertificationLabel", { name: nameOf(c) })}>
                  {t("members.edit.editCertification")}
                </Link>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="removeCertification" />
                  <input type="hidden" name="certificationId" value={c.id} />
                  <button type="submit" className="button-danger button-small" aria-label={t("members.edit.removeCertificationLabel", { name: nameOf(c) })} disabled={busy}>
                    {t("members.edit.removeCertification")}
                  </button>
                </Form>
              </div>
            )}
          />
        ) : (
          <p className="muted">{t("members.profile.noCertifications")}</p>
        )}
        <Form method="post" className="form card" noValidate>
          <input type="hidden" name="intent" value="addCertification" />
          <h3>{t("members.edit.addHeading")}</h3>
          <CertificationFields
            prefix="new-cert"
            values={{
              type: text("type", "addCertification"),
              label: text("label", "addCertification"),
              scope: text("scope", "addCertification"),
              issuer: text("issuer", "addCertification"),
              validFrom: text("validFrom", "addCertification"),
              validTo: text("validTo", "addCertification"),
            }}
            errors={errorsFor("addCertification")}
          />
          <div>
            <button type="submit" disabled={busy}>
              {t("members.edit.addSubmit")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
