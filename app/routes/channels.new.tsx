// Publish a channel: an ORG_ADMIN of an OEM, LOGISTICS or SERVICE member (the domain checks again).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { ChannelFields } from "../components/channels/ChannelFields";
import { ErrorPage } from "../components/ErrorPage";
import { FormError } from "../components/Field";
import { actionFailure } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { forbidden, requireOrgAdmin } from "../lib/auth.server";
import { formValues } from "../lib/forms.server";
import { useT } from "../lib/i18n";

export const meta = titleMeta("channels.form.newTitle");

const PUBLISHERS = ["OEM", "LOGISTICS", "SERVICE"];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireOrgAdmin(context, request);
  if (!PUBLISHERS.includes(user.organization.kind)) throw forbidden();
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireOrgAdmin(context, request);
  const form = await request.formData();
  let created: { id: string; status: string };
  try {
    created = await context.services.channels.createChannel(user, {
      ...formValues(form, ["segments"]),
      publish: form.get("intent") === "publish",
    });
  } catch (error) {
    return actionFailure(form, error);
  }
  throw redirect(`/channels/${created.id}?notice=${created.status === "PUBLISHED" ? "published" : "created"}`);
}

export default function NewChannel() {
  const t = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stack form-page">
      <p>
        <Link to="/channels/mine">{t("channels.mineLink")}</Link>
      </p>
      <h1>{t("channels.form.newTitle")}</h1>
      <p className="muted">{t("channels.form.newLead")}</p>
      {result && !result.ok ? <FormError message={result.formError ?? "errors.invalidInput"} /> : null}
      <Form method="post" className="form card stack" noValidate>
        <ChannelFields values={result?.values ?? {}} errors={result?.fieldErrors ?? {}} />
        <div className="row">
          <button type="submit" name="intent" value="publish" disabled={busy}>
            {t("channels.form.publish")}
          </button>
          <button type="submit" name="intent" value="draft" className="button-secondary" disabled={busy}>
            {t("channels.form.saveDraft")}
          </button>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
