// The one error boundary body, used by every route: a translated message per status.
import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useT } from "../lib/i18n";

const KNOWN = [400, 403, 404, 429] as const;

export function ErrorPage() {
  const error = useRouteError();
  const t = useT();
  const root = useRouteLoaderData<{ requestId?: string }>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = (KNOWN as readonly number[]).includes(status) ? status : 500;
  if (known === 500 && typeof console !== "undefined") console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(`common.errorPage.title${known}`)}</h1>
      <p>{t(`common.errorPage.body${known}`)}</p>
      {root?.requestId ? <p className="muted">{t("common.errorPage.requestId", { id: root.requestId })}</p> : null}
      <p>
        <Link to="/">{t("common.errorPage.goHome")}</Link>
      </p>
    </section>
  );
}
