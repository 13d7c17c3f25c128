// Every organisation with its status; the secretariat suspends (with a reason) and reactivates.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, SelectField, TextField } from "../components/Field";
import { actionFailure, orRespond, withNotice } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { Notice } from "../components/members/Notice";
import { requireSecretariat } from "../lib/auth.server";
import { useLocale, useT } from "../lib/i18n";

export const meta = titleMeta("members.secretariat.organizationsTitle");

const STATUSES = ["PENDING", "ACTIVE", "REJECTED", "SUSPENDED"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireSecretariat(context, request);
  const params = new URL(request.url).searchParams;
  const filters = { q: params.get("q") ?? "", status: params.get("status") ?? "" };
  const result = await orRespond(
    context.services.members.organizations(user, { ...filters, cursor: params.get("cursor") ?? undefined }),
  ).catch((error: unknown) => {
    // A hand-edited URL with an unknown status or a broken cursor: start over without it.
    if (error instanceof Response && error.status === 400) throw redirect("/secretariat/organizations");
    throw error;
  });
  return { filters, total: result.total, items: result.items, nextCursor: result.nextCursor, paged: params.has("cursor"), ownOrganizationId: user.organization.id };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireSecretariat(context, request);
  const form = await request.formData();
  const intent = form.get("intent");
  const organizationId = form.get("organizationId");
  try {
    if (intent === "suspend") {
      await context.services.members.suspendOrganization(user, { organizationId, reason: form.get("reason") });
      throw redirect(withNotice(request, "suspended"));
    }
    if (intent === "reactivate") {
      await context.services.members.reactivateOrganization(user, { organizationId });
      throw redirect(withNotice(request, "reactivated"));
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return actionFailure(form, error);
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function Organizations() {
  const { filters, total, items, nextCursor, paged, ownOrganizationId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const failedFor = result && !result.ok ? result.values.organizationId : undefined;
  const busy = navigation.state === "submitting";
  const query = (extra: Record<string, string>) => {
    const p = new URLSearchParams();
    if (filters.q) p.set("q", filters.q);
    if (filters.status) p.set("status", filters.status);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    const s = p.toString();
    return s ? `?${s}` : "";
  };
  return (
    <div className="stack">
      <p>
        <Link to="/secretariat">{t("members.secretariat.backToReview")}</Link>
      </p>
      <h1>{t("members.secretariat.organizationsTitle")}</h1>
      <p className="muted">{t("members.secretariat.organizationsLead")}</p>
      <Notice allowed={{ suspended: "members.secretariat.suspended", reactivated: "members.secretariat.reactivated" }} />
      {result && !result.ok && result.formError ? <FormError message={result.formError} /> : null}
      <Form method="get" className="card directory-filters" role="search">
        <TextField name="q" type="search" label={t("members.secretariat.search")} defaultValue={filters.q} maxLength={120} />
        <SelectField
          name="status"
          label={t("members.secretariat.statusFilter")}
          defaultValue={filters.status}
          options={[{ value: "", label: t("members.secretariat.anyStatus") }, ...STATUSES.map((s) => ({ value: s, label: t(`common.orgStatus.${s}`) }))]}
        />
        <div className="row directory-filter-actions">
          <button type="submit">{t("members.secretariat.filter")}</button>
        </div>
      </Form>
      <p role="status">{t("members.secretariat.count", { count: total })}</p>
      {items.length === 0 ? <p>{t("members.secretariat.none")}</p> : null}
      {items.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("members.secretariat.colName")}</th>
                <th scope="col">{t("members.secretariat.colKind")}</th>
                <th scope="col">{t("members.secretariat.colStatus")}</th>
                <th scope="col">{t("members.secretariat.colUsers")}</th>
                <th scope="col">{t("members.secretariat.colActions")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((org) => {
                const name = locale === "zh-CN" ? org.nameZh : org.nameEn;
                const errors: Record<string, string> = failedFor === org.id && result ? result.fieldErrors : {};
                const badge = org.status === "ACTIVE" ? "badge-ok" : org.status === "PENDING" ? "badge-warn" : "badge-bad";
                return (
                  <tr key={org.id}>
                    <th scope="row">
                      <Link to={`/directory/${org.id}`}>{name}</Link>
                      <span className="secondary-name">{locale === "zh-CN" ? org.nameEn : org.nameZh}</span>
                    </th>
                    <td>{t(`common.kinds.${org.kind}`)}</td>
                    <td>
                      <span className={`badge ${badge}`}>{t(`common.orgStatus.${org.status}`)}</span>
                    </td>
                    <td>{org._count.users}</td>
                    <td>
                      {org.status === "ACTIVE" && org.id !== ownOrganizationId ? (
                        // Folded away: suspending is rare and needs a reason, so the list stays scannable.
                        <details className="suspend" open={Boolean(errors.reason)}>
                          <summary>{t("members.secretariat.suspend")}</summary>
                          <Form method="post" className="form suspend-form" noValidate>
                            <input type="hidden" name="organizationId" value={org.id} />
                            <TextField
                              type="text"
                              id={`suspend-reason-${org.id}`}
                              name="reason"
                              label={t("members.secretariat.suspendReason")}
                              error={errors.reason}
                              defaultValue={failedFor === org.id && typeof result?.values.reason === "string" ? result.values.reason : ""}
                              maxLength={1000}
                              required
                            />
                            <button type="submit" name="intent" value="suspend" className="button-danger button-small" disabled={busy} aria-label={t("members.secretariat.suspendLabel", { name })}>
                              {t("members.secretariat.suspend")}
                            </button>
                          </Form>
                        </details>
                      ) : null}
                      {org.status === "SUSPENDED" ? (
                        <Form method="post">
                          <input type="hidden" name="organizationId" value={org.id} />
                          <button type="submit" name="intent" value="reactivate" className="button-small" disabled={busy} aria-label={t("members.secretariat.reactivateLabel", { name })}>
                            {t("members.secretariat.reactivate")}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {paged || nextCursor ? (
        <nav className="row pagination" aria-label={t("members.secretariat.organizationsTitle")}>
          {paged ? <Link to={`/secretariat/organizations${query({})}`}>{t("members.directory.firstPage")}</Link> : null}
          {nextCursor ? (
            <Link to={`/secretariat/organizations${query({ cursor: nextCursor })}`} rel="next">
              {t("members.directory.nextPage")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
