// Accepting an invitation (public): the invitee chooses a name and password, the account is
// created in the inviting organisation and signed in. Unusable links get a page that says why.
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { accountActionError } from "../components/account/action-result.server";
import { DATE_TIME } from "../components/account/SessionList";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, TextField } from "../components/Field";
import { translate } from "../i18n";
import { formValues } from "../lib/forms.server";
import { useFormatDate, useLocale, useT } from "../lib/i18n";

type Problem = "unknown" | "expired" | "used" | "revoked";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: "en" | "zh-CN" } | undefined)?.locale ?? "en";
  return [
    { title: `${translate(locale, "common.appName")}` },
    // The token is in the URL: keep the page out of search engines.
    { name: "robots", content: "noindex" },
  ];
};

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

function unavailable(error: unknown) {
  const e = error as { code?: unknown; reason?: unknown; status?: unknown };
  if (e && e.code === "invitation_unavailable" && typeof e.reason === "string") {
    const reason = e.reason as Problem;
    return data({ state: "unavailable" as const, reason }, { status: reason === "unknown" ? 404 : 410 });
  }
  return null;
}

export async function loader({ context, params }: LoaderFunctionArgs) {
  try {
    const invitation = await context.services.account.inspectInvitation(params.token);
    return { state: "open" as const, invitation, signedIn: context.user !== null };
  } catch (error) {
    const page = unavailable(error);
    if (page) return page;
    throw error;
  }
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const { account, auth } = context.services;
  try {
    const { userId } = await account.acceptInvitation(params.token, formValues(form), { locale: context.locale });
    const { cookie } = await auth.startSession(userId, { userAgent: context.userAgent, ipAddress: context.clientIp });
    // Whoever was signed in on this browser before is signed out: the new account replaces them.
    if (context.sessionId) {
      await auth.signOut(context.sessionId);
      context.services.hooks.sessionsEnded([context.sessionId]);
    }
    throw redirect("/", { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (error instanceof Response) throw error;
    const page = unavailable(error);
    if (page) return page;
    return accountActionError(form, error);
  }
}

export default function AcceptInvitation() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const formatDate = useFormatDate();

  const problem = result && "state" in result ? result.reason : loaded.state === "unavailable" ? loaded.reason : null;
  if (problem || loaded.state !== "open") {
    const reason: Problem = problem ?? "unknown";
    return (
      <div className="narrow stack">
        <h1>{t(`account.invite.${reason}.title`)}</h1>
        <p>{t(`account.invite.${reason}.body`)}</p>
        <p>
          <Link to="/login">{t("account.invite.signIn")}</Link>
        </p>
      </div>
    );
  }

  const { invitation, signedIn } = loaded;
  const errors = result && "ok" in result && !result.ok ? result : undefined;
  const values = errors?.values ?? {};
  const organization = locale === "zh-CN" ? invitation.organization.nameZh : invitation.organization.nameEn;
  return (
    <div className="narrow stack">
      <h1>{t("account.invite.title", { organization })}</h1>
      <p>{t("account.invite.lead", { role: t(`common.roles.${invitation.role}`) })}</p>
      <p className="muted">
        {t("account.invite.expiresOn", {
          date: formatDate(invitation.expiresAt, DATE_TIME),
        })}
      </p>
      {signedIn ? <div className="alert alert-info">{t("account.invite.signedInNote")}</div> : null}
      <FormError message={errors?.formError} />
      <Form method="post" className="form card" noValidate>
        <TextField name="email" type="email" label={t("account.invite.email")} value={invitation.email} readOnly autoComplete="username" />
        <TextField
          name="name"
          type="text"
          label={t("account.invite.name")}
          autoComplete="name"
          required
          maxLength={120}
          defaultValue={typeof values.name === "string" ? values.name : ""}
          error={errors?.fieldErrors.name}
        />
        <TextField
          name="password"
          type="password"
          label={t("account.invite.password")}
          hint={t("account.invite.passwordHint")}
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={128}
          error={errors?.fieldErrors.password}
        />
        <TextField
          name="confirmPassword"
          type="password"
          label={t("account.invite.confirm")}
          autoComplete="new-password"
          required
          maxLength={128}
          error={errors?.fieldErrors.confirmPassword}
        />
        <div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("account.invite.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
