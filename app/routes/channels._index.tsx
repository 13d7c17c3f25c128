// Placeholder for the channel directory (its filters, map and chart come in a later change); until
// then it links to the pages that exist: the member's own channels and requests, and publishing.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ComingLater } from "../components/ComingLater";
import { ErrorPage } from "../components/ErrorPage";
import { requireActiveMember } from "../lib/auth.server";
import { useT } from "../lib/i18n";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireActiveMember(context, request);
  return { canPublish: user.role === "ORG_ADMIN" && ["OEM", "LOGISTICS", "SERVICE"].includes(user.organization.kind) };
}

export default function Page() {
  const { canPublish } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack">
      <ComingLater section="channels" />
      <p className="row">
        <Link to="/channels/mine" className="button button-secondary">
          {t("channels.mineLink")}
        </Link>
        {canPublish ? (
          <Link to="/channels/new" className="button">
            {t("channels.publishLink")}
          </Link>
        ) : null}
      </p>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
