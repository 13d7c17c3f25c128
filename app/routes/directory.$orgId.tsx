// A member organisation's profile: who they are, where they already sell, and their
// certifications with expired ones flagged.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { orRespond } from "../components/members/actions.server";
import { CertificationTable } from "../components/members/Certifications";
import { useCountryLists } from "../components/members/countries";
import { Notice } from "../components/members/Notice";
import { requireUser } from "../lib/auth.server";
import { translate, type Locale } from "../i18n";
import { useFormatDate, useLocale, useT } from "../lib/i18n";
import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = (matches[0]?.data as { locale?: Locale } | undefined)?.locale ?? "en";
  const name = data ? (locale === "zh-CN" ? data.org.nameZh : data.org.nameEn) : translate(locale, "members.directory.title");
  return [{ title: `${name} · ${translate(locale, "common.appName")}` }];
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const org = await orRespond(context.services.members.profile(user, params.orgId));
  return { org };
}

export default function Profile() {
  const { org } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const formatDate = useFormatDate();
  const { names } = useCountryLists();
  const [primary, secondary] = locale === "zh-CN" ? [org.nameZh, org.nameEn] : [org.nameEn, org.nameZh];
  return (
    <div className="stack">
      <p>
        <Link to="/directory">{t("members.profile.backToDirectory")}</Link>
      </p>
      <Notice allowed={{ saved: "members.edit.saved" }} />
      <header className="row row-between">
        <div>
          <h1>{primary}</h1>
          <p className="secondary-name" lang={locale === "zh-CN" ? "en" : "zh-CN"}>
            {secondary}
          </p>
        </div>
        {org.canEdit ? (
          <Link to={`/directory/${org.id}/edit`} className="button button-secondary">
            {t("members.profile.edit")}
          </Link>
        ) : null}
      </header>
      {org.status !== "ACTIVE" ? (
        <div className="alert alert-info">
          <p>
            {t("members.profile.status")}: <strong>{t(`common.orgStatus.${org.status}`)}</strong>
          </p>
          <p>{t("members.profile.visibleToSecretariat")}</p>
          {org.rejectionReason ? (
            <p>
              {t("members.profile.rejectionReason")}: {org.rejectionReason}
            </p>
          ) : null}
        </div>
      ) : null}
      <dl className="card facts">
        <div>
          <dt>{t("members.profile.kind")}</dt>
          <dd>{t(`common.kinds.${org.kind}`)}</dd>
        </div>
        <div>
          <dt>{t("members.profile.home")}</dt>
          <dd>
            {org.homeCity}, {names.get(org.homeCountry) ?? org.homeCountry}
          </dd>
        </div>
        {org.website ? (
          <div>
            <dt>{t("members.profile.website")}</dt>
            <dd>
              <a href={org.website} rel="noopener noreferrer nofollow ugc" target="_blank">
                {org.website}
              </a>
            </dd>
          </div>
        ) : null}
        {org.status !== "ACTIVE" ? (
          <div>
            <dt>{t("members.profile.memberSince")}</dt>
            <dd>{formatDate(org.createdAt)}</dd>
          </div>
        ) : null}
      </dl>
      <section aria-labelledby="about">
        <h2 id="about">{t("members.profile.description")}</h2>
        <p className="prose">{org.description}</p>
      </section>
      <section aria-labelledby="markets">
        <h2 id="markets">{t("members.profile.markets")}</h2>
        {org.markets.length ? (
          <ul className="tag-list">
            {org.markets.map((c) => (
              <li key={c} className="badge">
                {names.get(c) ?? c}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("members.profile.noMarkets")}</p>
        )}
      </section>
      <section aria-labelledby="certifications">
        <h2 id="certifications">{t("members.profile.certifications")}</h2>
        {org.certifications.length ? <CertificationTable rows={org.certifications} /> : <p className="muted">{t("members.profile.noCertifications")}</p>}
      </section>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
