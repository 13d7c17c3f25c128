// The owner's ORG_ADMIN edits a channel. A new capacity per period applies to every period that has
// not ended; the domain refuses it if any period has approved more than that.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChannelFields } from "../components/channels/ChannelFields";
import { ErrorPage } from "../components/ErrorPage";
import { FormError } from "../components/Field";
import { actionFailure, orRespond } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { requireOrgAdmin } from "../lib/auth.server";
import { formValues } from "../lib/forms.server";
import { useT } from "../lib/i18n";

export const meta = titleMeta("channels.form.editTitle");

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireOrgAdmin(context, request);
  const channel = await orRespond(context.services.channels.getChannelForEdit(user, { channelId: params.channelId }));
  return { channel };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = requireOrgAdmin(context, request);
  const form = await request.formData();
  const channelId = params.channelId ?? "";
  let offered = 0;
  try {
    ({ offered } = await context.services.channels.updateChannel(user, { ...formValues(form, ["segments"]), channelId }));
  } catch (error) {
    return actionFailure(form, error);
  }
  throw redirect(`/channels/${channelId}?notice=saved${offered > 0 ? `&offered=${offered}` : ""}`);
}

export default function EditChannel() {
  const { channel } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  return (
    <div className="stack form-page">
      <p>
        <Link to={`/channels/${channel.id}`}>{channel.values.name}</Link>
      </p>
      <h1>{t("channels.form.editTitle")}</h1>
      {result && !result.ok ? <FormError message={result.formError ?? "errors.invalidInput"} /> : null}
      <Form method="post" className="form card stack" noValidate>
        <ChannelFields kind={channel.kind} values={result?.values ?? channel.values} errors={result?.fieldErrors ?? {}} />
        <div className="row">
          <button type="submit" disabled={busy}>
            {t("channels.form.save")}
          </button>
          <Link to={`/channels/${channel.id}`} className="button button-secondary">
            {t("common.actions.cancel")}
          </Link>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
