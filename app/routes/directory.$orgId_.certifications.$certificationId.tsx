// Editing one certification of the admin's own organisation.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { FormError } from "../components/Field";
import { actionFailure, orRespond } from "../components/members/actions.server";
import { CertificationFields, isoDate } from "../components/members/Certifications";
import { titleMeta } from "../components/members/meta";
import { formValues } from "../lib/forms.server";
import { requireOrgAdmin } from "../lib/auth.server";
import { useT } from "../lib/i18n";

export const meta = titleMeta("members.edit.editCertificationTitle");

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireOrgAdmin(context, request);
  const cert = await orRespond(context.services.members.certificationForEdit(user, params.certificationId));
  // The certification exists and is the admin's, but the URL names another organisation.
  if (cert.organizationId !== params.orgId) throw new Response("Not Found", { status: 404 });
  return { cert: { ...cert, validFrom: isoDate(cert.validFrom), validTo: isoDate(cert.validTo) } };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = requireOrgAdmin(context, request);
  const form = await request.formData();
  let organizationId: string;
  try {
    ({ organizationId } = await context.services.members.updateCertification(user, { ...formValues(form), certificationId: params.certificationId }));
  } catch (error) {
    return actionFailure(form, error);
  }
  throw redirect(`/directory/${organizationId}/edit?notice=updated`);
}

export default function EditCertification() {
  const { cert } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const values: Record<string, string | string[]> = result?.values ?? {};
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  return (
    <div className="stack narrow">
      <p>
        <Link to={`/directory/${cert.organizationId}/edit`}>{t("members.edit.backToEdit")}</Link>
      </p>
      <h1>{t("members.edit.editCertificationTitle")}</h1>
      {result && !result.ok ? <FormError message={result.formError ?? "errors.invalidInput"} /> : null}
      <Form method="post" className="form card" noValidate>
        <CertificationFields
          prefix="cert"
          values={
            result
              ? { type: text("type"), label: text("label"), scope: text("scope"), issuer: text("issuer"), validFrom: text("validFrom"), validTo: text("validTo") }
              : cert
          }
          errors={result?.fieldErrors ?? {}}
        />
        <div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("members.edit.saveCertification")}
          </button>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
