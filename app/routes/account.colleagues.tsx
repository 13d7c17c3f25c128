// An ORG_ADMIN's page for the organisation's people: invite, revoke invitations, change roles,
// remove colleagues. The domain checks every change again (own organisation, last admin).
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { accountActionError, done } from "../components/account/action-result.server";
import { failedIntent } from "../components/account/results";
import { ColleagueTable } from "../components/account/ColleagueTable";
import { InviteForm, OpenInvitations } from "../components/account/Invitations";
import { ErrorPage } from "../components/ErrorPage";
import { translate } from "../i18n";
import { requireOrgAdmin } from "../lib/auth.server";
import { formValues } from "../lib/forms.server";
import { useLocale, useT } from "../lib/i18n";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: "en" | "zh-CN" } | undefined)?.locale ?? "en";
  return [{ title: `${translate(locale, "account.colleagues.title")} · ${translate(locale, "common.appName")}` }];
};

// The page can show a fresh invitation link: keep it out of every cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireOrgAdmin(context, request);
  const [colleagues, invitations] = await Promise.all([
    context.services.account.listColleagues(user),
    context.services.account.listInvitations(user),
  ]);
  return { organization: user.organization, colleagues, invitations };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireOrgAdmin(context, request);
  const form = await request.formData();
  const intent = form.get("intent");
  const { account, auth, config } = context.services;
  try {
    switch (intent) {
      case "invite": {
        // The configured public origin when there is one: a forged Host header must not end up
        // in a link that is mailed out.
        const origin = config.origins[0] ?? new URL(request.url).origin;
        const { invitation, link } = await account.createInvitation(user, formValues(form), { origin });
        return { ...done("invite", "account.invitations.created", { email: invitation.email }), link, email: invitation.email };
      }
      case "revoke":
        await account.revokeInvitation(user, formValues(form));
        return done("revoke", "account.invitations.revoked");
      case "changeRole": {
        const { name } = await account.changeColleagueRole(user, formValues(form));
        return done("changeRole", "account.colleagues.roleChanged", { name });
      }
      case "remove": {
        const { removedSelf, name } = await account.removeColleague(user, formValues(form));
        // Removing yourself (another admin remains) ends your own sessions too.
        if (removedSelf) throw redirect("/login", { headers: { "Set-Cookie": auth.blankCookie() } });
        return done("remove", "account.colleagues.removed", { name });
      }
      default:
        throw data("Unknown intent", { status: 400 });
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return accountActionError(form, error);
  }
}

export default function ColleaguesPage() {
  const { organization, colleagues, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const busy = navigation.state === "submitting";
  const failed = failedIntent(result);
  const inviteErrors = result && !result.ok && failed === "invite" ? result : undefined;
  const otherError = result && !result.ok && failed !== "invite" ? result.formError : undefined;
  const created = result?.ok && "link" in result ? { email: result.email, link: result.link } : undefined;
  return (
    <div className="stack">
      <p>
        <Link to="/account">{t("account.title")}</Link>
      </p>
      <h1>{t("account.colleagues.title")}</h1>
      <p className="muted">
        {t("account.colleagues.lead", { organization: locale === "zh-CN" ? organization.nameZh : organization.nameEn })}
      </p>
      {result?.ok && !created ? (
        <div className="alert alert-ok" role="status">
          {t(result.message, result.vars)}
        </div>
      ) : null}
      {otherError ? (
        <div className="alert alert-error" role="alert">
          {t(otherError)}
        </div>
      ) : null}
      <ColleagueTable colleagues={colleagues} busy={busy} />
      <div className="narrow">
        <InviteForm
          fieldErrors={inviteErrors?.fieldErrors}
          formError={inviteErrors?.formError}
          values={inviteErrors?.values}
          created={created}
          busy={busy}
        />
      </div>
      <OpenInvitations invitations={invitations} busy={busy} />
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
