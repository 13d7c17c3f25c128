// Edit a sourcing request: the poster's members, while it is a draft or open (an open request
// keeps its direction). The same form as posting, prefilled from the request.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { FormError } from "../components/Field";
import { actionFailure, orRespond } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { RequestForm } from "../components/sourcing/RequestForm";
import { SourcingNav } from "../components/sourcing/ui";
import { requireActiveMember } from "../lib/auth.server";
import { formValues } from "../lib/forms.server";
import { useT } from "../lib/i18n";

export const meta = titleMeta("sourcing.form.editTitle");

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireActiveMember(context, request);
  const page = await orRespond(context.services.sourcing.getRequest(user, { requestId: params.requestId }));
  if (!page.viewer.isPoster) throw new Response("Forbidden", { status: 403 });
  // Mirrors the domain's sourcing.errors.notEditable: only drafts and open requests change.
  if (!page.viewer.canEdit || !page.request.full) throw new Response("Conflict", { status: 409 });
  const r = page.request;
  const values: Record<string, string | string[]> = {
    direction: r.direction,
    category: r.category,
    businessType: r.businessType,
    title: r.title,
    targetMarkets: r.targetMarkets.join(", "),
    segments: r.segments,
    annualVolume: String(r.annualVolume),
    requiredCertifications: r.requiredCertifications,
    startOfProduction: isoDay(r.startOfProduction),
    responseDeadline: isoDay(r.responseDeadline),
    description: r.description,
    confidential: r.confidential ? "on" : "",
  };
  return { id: r.id, values, directionLocked: r.storedStatus !== "DRAFT" };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = requireActiveMember(context, request);
  const form = await request.formData();
  const requestId = params.requestId ?? "";
  try {
    await context.services.sourcing.updateRequest(user, { ...formValues(form, ["segments", "requiredCertifications"]), requestId });
  } catch (error) {
    if (error instanceof Response) throw error;
    return actionFailure(form, error);
  }
  throw redirect(`/sourcing/${requestId}?notice=updated`);
}

export default function EditSourcingRequest() {
  const { id, values, directionLocked } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  return (
    <div className="stack">
      <SourcingNav />
      <h1>{t("sourcing.form.editTitle")}</h1>
      {result?.formError ? <FormError message={result.formError} /> : null}
      <RequestForm
        values={result?.values ?? values}
        errors={result?.fieldErrors ?? {}}
        editing
        directionLocked={directionLocked}
        busy={busy}
      />
      <p>
        <Link to={`/sourcing/${id}`}>{t("sourcing.form.backToRequest")}</Link>
      </p>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
