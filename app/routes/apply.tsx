// Apply to join: public. Creates the organisation (pending) and its first user, then signs the
// applicant in so that "/" shows the review status.
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, SelectField, TextField } from "../components/Field";
import { actionFailure } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { OrganizationFields } from "../components/members/OrganizationFields";
import { echoValues, formValues, type ActionErrors } from "../lib/forms.server";
import { useT } from "../lib/i18n";

export const meta = titleMeta("members.apply.title");

// Pass Retry-After from a throttled application through to the document response.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

const KINDS = ["OEM", "SUPPLIER", "LOGISTICS", "SERVICE", "TESTING", "FINANCE"] as const;

export async function loader({ context }: LoaderFunctionArgs) {
  // Someone signed in already belongs to an organisation; the status page is theirs.
  if (context.user) throw redirect("/");
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  if (context.user) throw redirect("/");
  const form = await request.formData();
  const wait = await context.services.applyThrottle.retryAfter(context.clientIp);
  if (wait > 0) {
    return data(
      { ok: false, fieldErrors: {}, formError: "members.apply.tooMany", values: echoValues(form) } satisfies ActionErrors,
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  let userId: string;
  try {
    ({ userId } = await context.services.members.apply(formValues(form, ["markets"])));
  } catch (error) {
    return actionFailure(form, error);
  }
  await context.services.applyThrottle.recordApplication(context.clientIp);
  const { cookie } = await context.services.auth.startSession(userId, { userAgent: context.userAgent, ipAddress: context.clientIp });
  throw redirect("/", { headers: { "Set-Cookie": cookie } });
}

export default function Apply() {
  const t = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  const values: Record<string, string | string[]> = result?.values ?? {};
  const text = (name: string) => {
    const v = values[name];
    return typeof v === "string" ? v : undefined;
  };
  return (
    <div className="stack form-page">
      <h1>{t("members.apply.title")}</h1>
      <p className="muted">{t("members.apply.lead")}</p>
      {result && !result.ok ? <FormError message={result.formError ?? "errors.invalidInput"} /> : null}
      <Form method="post" className="form" noValidate>
        <fieldset className="card form">
          <legend>{t("members.apply.organizationLegend")}</legend>
          <SelectField
            name="kind"
            label={t("members.apply.kind")}
            defaultValue={text("kind") ?? ""}
            error={errors.kind}
            required
            options={[{ value: "", label: t("members.apply.kindPlaceholder") }, ...KINDS.map((k) => ({ value: k, label: t(`common.kinds.${k}`) }))]}
          />
          <OrganizationFields
            values={{
              nameZh: text("nameZh"),
              nameEn: text("nameEn"),
              homeCity: text("homeCity"),
              homeCountry: text("homeCountry"),
              website: text("website"),
              description: text("description"),
              markets: values.markets,
            }}
            errors={errors}
          />
        </fieldset>
        <fieldset className="card form">
          <legend>{t("members.apply.firstUserLegend")}</legend>
          <p className="hint">{t("members.apply.firstUserHint")}</p>
          <TextField type="text" name="name" label={t("members.apply.name")} defaultValue={text("name") ?? ""} error={errors.name} required maxLength={120} autoComplete="name" />
          <TextField name="email" type="email" label={t("members.apply.email")} defaultValue={text("email") ?? ""} error={errors.email} required maxLength={254} autoComplete="email" />
          <TextField name="password" type="password" label={t("members.apply.password")} hint={t("members.apply.passwordHint")} error={errors.password} required autoComplete="new-password" />
          <TextField name="passwordConfirm" type="password" label={t("members.apply.passwordConfirm")} error={errors.passwordConfirm} required autoComplete="new-password" />
        </fieldset>
        <div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("members.apply.submit")}
          </button>
        </div>
      </Form>
      <p>
        {t("members.apply.haveAccount")} <Link to="/login">{t("members.apply.signIn")}</Link>
      </p>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
