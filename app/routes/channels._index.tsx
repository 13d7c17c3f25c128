// The channel directory: published channels, filtered by kind, region, country, segment, free
// capacity in a month and text; sorted by relevance, free capacity or freshness; 25 per page with
// a keyset cursor. A GET form, so /channels?kind=SERVICE&country=KZ is a shareable link.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DirectoryFilters } from "../components/channels/DirectoryFilters";
import { DirectoryResults } from "../components/channels/DirectoryResults";
import { loadDirectory } from "../components/channels/directory.server";
import { ErrorPage } from "../components/ErrorPage";
import { requireActiveMember } from "../lib/auth.server";
import { useT } from "../lib/i18n";
import { translate, type Locale } from "../i18n";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined)?.locale ?? "en";
  return [{ title: `${translate(locale, "channelDirectory.title")} · ${translate(locale, "common.appShortName")}` }];
};

const PUBLISHER_KINDS = ["OEM", "LOGISTICS", "SERVICE"];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireActiveMember(context, request);
  const { page, status } = await loadDirectory(context, user, new URL(request.url));
  const canPublish = user.role === "ORG_ADMIN" && PUBLISHER_KINDS.includes(user.organization.kind);
  return data({ ...page, canPublish }, { status });
}

export default function ChannelDirectory() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack">
      <h1>{t("channelDirectory.title")}</h1>
      <p className="muted">{t("channelDirectory.lead")}</p>
      <nav aria-label={t("channelDirectory.links.label")}>
        <ul className="row link-row">
          <li>
            <Link to="/channels/map">{t("channelDirectory.links.map")}</Link>
          </li>
          <li>
            <Link to="/channels/mine">{t("channelDirectory.links.mine")}</Link>
          </li>
          {page.canPublish ? (
            <li>
              <Link to="/channels/new" className="button button-small">
                {t("channelDirectory.links.publish")}
              </Link>
            </li>
          ) : null}
        </ul>
      </nav>
      <DirectoryFilters action="/channels" values={page.values} errors={page.fieldErrors} />
      <DirectoryResults page={page} base="/channels" />
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
