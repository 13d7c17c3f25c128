// Your account: the devices you are signed in on, and your password. Pending applicants may use it.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { accountActionError, done } from "../components/account/action-result.server";
import { failedIntent } from "../components/account/results";
import { PasswordForm } from "../components/account/PasswordForm";
import { SessionList } from "../components/account/SessionList";
import { ErrorPage } from "../components/ErrorPage";
import { translate } from "../i18n";
import { requireUser } from "../lib/auth.server";
import { formValues } from "../lib/forms.server";
import { useLocale, useT } from "../lib/i18n";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: "en" | "zh-CN" } | undefined)?.locale ?? "en";
  return [{ title: `${translate(locale, "account.title")} · ${translate(locale, "common.appName")}` }];
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const sessions = await context.services.account.listSessions(user, context.sessionId);
  return {
    user: { name: user.name, email: user.email, organization: user.organization },
    canManageColleagues: user.role === "ORG_ADMIN" && user.organization.status === "ACTIVE",
    sessions,
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await request.formData();
  const intent = form.get("intent");
  const { account, auth } = context.services;
  try {
    switch (intent) {
      case "endSession": {
        const { endedCurrent } = await account.endSession(user, formValues(form), context.sessionId);
        if (endedCurrent) throw redirect("/login", { headers: { "Set-Cookie": auth.blankCookie() } });
        return done("endSession", "account.sessions.endedOne");
      }
      case "endOtherSessions": {
        const { count } = await account.endOtherSessions(user, context.sessionId);
        return done("endOtherSessions", "account.sessions.endedOthers", { count });
      }
      case "changePassword": {
        const { sessionsEnded } = await account.changePassword(user, formValues(form), {
          currentSessionId: context.sessionId,
          ip: context.clientIp,
          throttle: auth.throttle,
        });
        return done("changePassword", "account.password.changed", { count: sessionsEnded });
      }
      default:
        throw data("Unknown intent", { status: 400 });
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return accountActionError(form, error);
  }
}

export default function AccountPage() {
  const { user, canManageColleagues, sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const busy = navigation.state === "submitting";
  const failed = failedIntent(result);
  const errors = result && !result.ok && failed === "changePassword" ? result : undefined;
  const sessionError = result && !result.ok && failed !== "changePassword" ? result.formError : undefined;
  return (
    <div className="stack">
      <h1>{t("account.title")}</h1>
      <p className="muted">
        {t("account.lead", {
          name: user.name,
          email: user.email,
          organization: locale === "zh-CN" ? user.organization.nameZh : user.organization.nameEn,
        })}
      </p>
      {canManageColleagues ? (
        <p>
          <Link to="/account/colleagues">{t("account.colleagues.linkFromAccount")}</Link>
        </p>
      ) : null}
      {result?.ok ? (
        <div className="alert alert-ok" role="status">
          {t(result.message, result.vars)}
        </div>
      ) : null}
      {sessionError ? (
        <div className="alert alert-error" role="alert">
          {t(sessionError)}
        </div>
      ) : null}
      <SessionList sessions={sessions} busy={busy} />
      <div className="narrow">
        <PasswordForm email={user.email} key={result?.ok ? "done" : "open"} fieldErrors={errors?.fieldErrors} formError={errors?.formError} busy={busy} />
      </div>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
