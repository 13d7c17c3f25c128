import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  Form,
  Links,
  Meta,
  Outlet,
  PrefetchPageLinks,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import { ErrorPage } from "./components/ErrorPage";
import { NotificationBell } from "./components/notifications/Bell";
import { MessagesNavLink } from "./components/messaging/MessagesNavLink";
import { translate, type Locale } from "./i18n";
import { useNonce, useT } from "./lib/i18n";
import { shellLinkProps, useShellLinks } from "./lib/shell-links";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translate(data?.locale ?? "en", "common.appName") },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const { user, locale, requestId, services } = context;
  // The bell's and the Messages badge's counts, in one statement (server/domain/badges.ts).
  const { unreadNotifications, unreadMessages } = user
    ? await services.badges.headerBadges(user)
    : { unreadNotifications: 0, unreadMessages: 0 };
  return {
    locale,
    requestId,
    user: user
      ? {
          id: user.id,
          name: user.name,
          role: user.role,
          secretariat: user.secretariat,
          organization: {
            id: user.organization.id,
            nameZh: user.organization.nameZh,
            nameEn: user.organization.nameEn,
            status: user.organization.status,
          },
        }
      : null,
    unreadNotifications,
    unreadMessages,
  };
}

// The badges (bell, Messages) are the root loader's: refresh them when a messages page is left or
// entered, where reading happens, not on every navigation.
export const shouldRevalidate: ShouldRevalidateFunction = ({ defaultShouldRevalidate, currentUrl, nextUrl }) =>
  defaultShouldRevalidate || currentUrl.pathname.startsWith("/messages") || nextUrl.pathname.startsWith("/messages");

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? "en";
  const nonce = useNonce();
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** The header's plain links (useShellLinks handles their clicks) and those prefetched on intent. */
const SHELL_PATHS = ["/", "/channels", "/sourcing", "/messages", "/knowledge", "/directory", "/secretariat", "/notifications", "/account", "/login", "/apply"];
const INTENT_PATHS = ["/channels", "/sourcing", "/messages", "/knowledge", "/directory"];

function Shell({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const t = useT();
  const location = useLocation();
  const user = data?.user ?? null;
  const active = user?.organization.status === "ACTIVE";
  const orgName = user ? (data?.locale === "zh-CN" ? user.organization.nameZh : user.organization.nameEn) : "";
  const here = `${location.pathname}${location.search}`;
  const nav = [
    { to: "/channels", label: t("common.nav.channels") },
    { to: "/sourcing", label: t("common.nav.sourcing") },
    { to: "/messages", label: t("common.nav.messages") },
    { to: "/knowledge", label: t("common.nav.knowledge") },
    { to: "/directory", label: t("common.nav.directory") },
  ];
  // Plain anchors with NavLink's HTML (app/lib/shell-links.ts), the Messages link and the bell too;
  // the main navigation prefetches on intent, as it did.
  const links = useShellLinks(SHELL_PATHS, INTENT_PATHS);
  const link = (to: string, options?: { className?: string; end?: boolean }) => shellLinkProps(location.pathname, to, options);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("common.skipToContent")}
      </a>
      <header className="site-header" ref={links.ref}>
        <div className="header-inner">
          <a {...link("/", { className: "brand", end: true })}>
            <span aria-hidden="true" className="brand-mark">
              EA
            </span>
            <span>{t("common.appName")}</span>
          </a>
              {active || user?.secretariat ? (
                <nav aria-label={t("common.nav.main")} className="main-nav">
                  <ul>
                    {nav.map((item) => (
                      <li key={item.to}>
                        {item.to === "/messages" && user && active ? (
                          <MessagesNavLink unread={data?.unreadMessages ?? 0} userId={user.id} label={item.label} />
                        ) : (
                          <a {...link(item.to)}>{item.label}</a>
                        )}
                      </li>
                    ))}
                    {user?.secretariat ? (
                      <li>
                        <a {...link("/secretariat")}>{t("common.nav.secretariat")}</a>
                      </li>
                    ) : null}
                  </ul>
                  {links.prefetch ? <PrefetchPageLinks page={links.prefetch} /> : null}
                </nav>
              ) : null}
              <div className="header-tools">
                <Form method="post" action="/locale" className="inline-form">
                  <input type="hidden" name="locale" value={data?.locale === "zh-CN" ? "en" : "zh-CN"} />
                  <input type="hidden" name="redirectTo" value={here} />
                  <button type="submit" className="link-button" aria-label={t("common.language.switchToLabel")}
                    lang={data?.locale === "zh-CN" ? "en" : "zh-CN"}>
                    {t("common.language.switchTo")}
                  </button>
                </Form>
                {user ? (
                  <>
                    <NotificationBell unread={data?.unreadNotifications ?? 0} pathname={location.pathname} />
                    <a {...link("/account", { className: "user-link" })}>
                      <span className="user-name">{user.name}</span>
                      <span className="user-org">{orgName}</span>
                    </a>
                    <Form method="post" action="/logout" className="inline-form">
                      <button type="submit" className="link-button">
                        {t("common.nav.signOut")}
                      </button>
                    </Form>
                  </>
                ) : (
                  <>
                    <a {...link("/login")}>{t("common.nav.signIn")}</a>
                    <a {...link("/apply", { className: "button button-small" })}>{t("common.nav.apply")}</a>
                  </>
                )}
              </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("common.appName")}</p>
      </footer>
    </>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  return (
    <Shell>
      <ErrorPage />
    </Shell>
  );
}
