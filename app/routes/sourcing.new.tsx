// Post a sourcing request (OEM seeks supplier, or a supplier's offer), as a draft or published.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { FormError } from "../components/Field";
import { actionFailure } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { RequestForm } from "../components/sourcing/RequestForm";
import { SourcingNav } from "../components/sourcing/ui";
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

export default function NewSourcingRequest() {
  const { defaultDirection } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  // Publishing straight away is the usual case; after a failed submit the form shows what was sent.
  const values: Record<string, string | string[]> = result?.values ?? { publish: "on" };
  return (
    <div className="stack">
      <SourcingNav />
      <h1>{t("sourcing.form.newTitle")}</h1>
      {result?.formError ? <FormError message={result.formError} /> : null}
      <RequestForm values={values} errors={result?.fieldErrors ?? {}} defaultDirection={defaultDirection} busy={busy} />
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
