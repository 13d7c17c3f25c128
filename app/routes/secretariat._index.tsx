// The secretariat's review queue: pending applications, oldest first, each approved or rejected
// with a reason the applicant sees.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, TextArea } from "../components/Field";
import { actionFailure, orRespond, withNotice } from "../components/members/actions.server";
import { useCountryLists } from "../components/members/countries";
import { titleMeta } from "../components/members/meta";
import { Notice } from "../components/members/Notice";
import { requireSecretariat } from "../lib/auth.server";
import { useFormatDate, useT } from "../lib/i18n";

export const meta = titleMeta("members.secretariat.title");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireSecretariat(context, request);
  return { applications: await orRespond(context.services.members.pendingApplications(user)) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireSecretariat(context, request);
  const form = await request.formData();
  const intent = form.get("intent");
  const organizationId = form.get("organizationId");
  try {
    if (intent === "approve") {
      await context.services.members.approveApplication(user, { organizationId });
      throw redirect(withNotice(request, "approved"));
    }
    if (intent === "reject") {
      await context.services.members.rejectApplication(user, { organizationId, reason: form.get("reason") });
      throw redirect(withNotice(request, "rejected"));
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return actionFailure(form, error);
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function SecretariatReview() {
  const { applications } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const formatDate = useFormatDate();
  const { names } = useCountryLists();
  const failedFor = result && !result.ok ? result.values.organizationId : undefined;
  const busy = navigation.state === "submitting";
  return (
    <div className="stack">
      <header className="row row-between">
        <h1>{t("members.secretariat.title")}</h1>
        <Link to="/secretariat/organizations">{t("members.secretariat.allOrganizations")}</Link>
      </header>
      <p className="muted">{t("members.secretariat.lead")}</p>
      <Notice allowed={{ approved: "members.secretariat.approved", rejected: "members.secretariat.rejected" }} />
      {result && !result.ok && result.formError ? <FormError message={result.formError} /> : null}
      <h2>
        {t("members.secretariat.pendingHeading")}{" "}
        {applications.length ? <span className="badge badge-warn">{t("members.secretariat.pendingCount", { count: applications.length })}</span> : null}
      </h2>
      {applications.length === 0 ? <p>{t("members.secretariat.noPending")}</p> : null}
      <ol className="application-list">
        {applications.map((app) => {
          const errors: Record<string, string> = failedFor === app.id && result ? result.fieldErrors : {};
          const headingId = `app-${app.id}`;
          return (
            <li key={app.id} className="card stack" aria-labelledby={headingId}>
              <div>
                <h3 id={headingId}>
                  {app.nameZh} <span lang="en">{app.nameEn}</span>
                </h3>
                <p className="muted">{t("members.secretariat.submitted", { date: formatDate(app.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}</p>
              </div>
              <dl className="facts">
                <div>
                  <dt>{t("members.profile.kind")}</dt>
                  <dd>{t(`common.kinds.${app.kind}`)}</dd>
                </div>
                <div>
                  <dt>{t("members.profile.home")}</dt>
                  <dd>
                    {app.homeCity}, {names.get(app.homeCountry) ?? app.homeCountry}
                  </dd>
                </div>
                {app.website ? (
                  <div>
                    <dt>{t("members.profile.website")}</dt>
                    <dd>
                      <a href={app.website} rel="noopener noreferrer nofollow ugc" target="_blank">
                        {app.website}
                      </a>
                    </dd>
                  </div>
                ) : null}
                {app.applicant ? (
                  <div>
                    <dt>{t("members.secretariat.applicant")}</dt>
                    <dd>
                      {app.applicant.name} &lt;{app.applicant.email}&gt;
                    </dd>
                  </div>
                ) : null}
                <div>
                  <dt>{t("members.profile.markets")}</dt>
                  <dd>{app.markets.length ? app.markets.map((c) => names.get(c) ?? c).join(t("members.listSeparator")) : t("members.profile.noMarkets")}</dd>
                </div>
              </dl>
              <p className="prose">{app.description}</p>
              <div className="decision">
                <Form method="post">
                  <input type="hidden" name="organizationId" value={app.id} />
                  <button type="submit" name="intent" value="approve" disabled={busy} aria-label={t("members.secretariat.approveLabel", { name: app.nameEn })}>
                    {t("members.secretariat.approve")}
                  </button>
                </Form>
                <Form method="post" className="form" noValidate>
                  <input type="hidden" name="organizationId" value={app.id} />
                  <fieldset>
                    <legend>{t("members.secretariat.rejectLegend")}</legend>
                    <TextArea
                      id={`reason-${app.id}`}
                      name="reason"
                      label={t("members.secretariat.reason")}
                      hint={t("members.secretariat.reasonHint")}
                      error={errors.reason}
                      defaultValue={failedFor === app.id && typeof result?.values.reason === "string" ? result.values.reason : ""}
                      maxLength={1000}
                      rows={3}
                      required
                    />
                    <button type="submit" name="intent" value="reject" className="button-danger" disabled={busy}>
                      {t("members.secretariat.reject")}
                    </button>
                  </fieldset>
                </Form>
              </div>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
