import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { useLocale, useT } from "../lib/i18n";

export async function loader({ context }: LoaderFunctionArgs) {
  const user = context.user;
  if (!user) return { user: null, application: null };
  const application =
    user.organization.status === "ACTIVE"
      ? null
      : await context.services.members.applicationStatus(user);
  return {
    user: { name: user.name, role: user.role, secretariat: user.secretariat, organization: user.organization },
    application,
  };
}

export default function Home() {
  const { user, application } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  if (!user) {
    return (
      <div className="stack">
        <h1>{t("common.appName")}</h1>
        <p className="muted">{t("common.home.guestLead")}</p>
        <p className="row">
          <Link to="/login" className="button">
            {t("common.nav.signIn")}
          </Link>
          <Link to="/apply" className="button button-secondary">
            {t("common.nav.apply")}
          </Link>
        </p>
        <Capabilities />
      </div>
    );
  }
  const orgName = locale === "zh-CN" ? user.organization.nameZh : user.organization.nameEn;
  if (application) {
    const rejected = application.status === "REJECTED";
    return (
      <div className="stack narrow">
        <h1>{t(rejected ? "common.home.rejectedTitle" : "common.home.pendingTitle")}</h1>
        <div className="card stack">
          <p>
            <strong>{orgName}</strong>{" "}
            <span className={`badge ${rejected ? "badge-bad" : "badge-warn"}`}>
              {t(`common.orgStatus.${application.status}`)}
            </span>
          </p>
          {rejected ? (
            <>
              <p>{t("common.home.rejectedBody")}</p>
              <blockquote>{application.rejectionReason}</blockquote>
            </>
          ) : (
            <p>{t("common.home.pendingBody")}</p>
          )}
        </div>
      </div>
    );
  }
  return (
    <div className="stack">
      <h1>{t("common.home.title", { name: user.name })}</h1>
      <p className="muted">{t("common.home.lead")}</p>
      <p>
        {t("common.home.yourOrganization")}: <Link to={`/directory/${user.organization.id}`}>{orgName}</Link>{" "}
        <span className="badge">{t(`common.kinds.${user.organization.kind}`)}</span>
      </p>
      <Capabilities />
    </div>
  );
}

function Capabilities() {
  const t = useT();
  const items = [
    { to: "/channels", title: t("common.nav.channels"), body: t("common.home.channelsBlurb"), soon: true },
    { to: "/sourcing", title: t("common.nav.sourcing"), body: t("common.home.sourcingBlurb"), soon: true },
    { to: "/messages", title: t("common.nav.messages"), body: t("common.home.messagesBlurb"), soon: true },
    { to: "/knowledge", title: t("common.nav.knowledge"), body: t("common.home.knowledgeBlurb"), soon: true },
    { to: "/directory", title: t("common.nav.directory"), body: t("common.home.directoryBlurb"), soon: false },
  ];
  return (
    <section aria-labelledby="capabilities">
      <h2 id="capabilities">{t("common.home.capabilities")}</h2>
      <ul className="grid" style={{ listStyle: "none", padding: 0 }}>
        {items.map((item) => (
          <li key={item.to} className="card">
            <h3>
              <Link to={item.to}>{item.title}</Link>
            </h3>
            <p>{item.body}</p>
            {item.soon ? <p className="badge">{t("common.home.comingSoon")}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export { ErrorPage as ErrorBoundary };
