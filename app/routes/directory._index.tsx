// The member directory: active member organisations, searchable by name in either language and
// filterable by kind, city and market. A GET form, so every result page is a shareable URL.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { SelectField, TextField } from "../components/Field";
import { isDomainError } from "../lib/forms.server";
import { resolveCountry, useCountryLists } from "../components/members/countries";
import { titleMeta } from "../components/members/meta";
import { requireUser } from "../lib/auth.server";
import { useLocale, useT } from "../lib/i18n";
import { usePlainLinks } from "../lib/plain-links";

export const meta = titleMeta("members.directory.title");

const KINDS = ["OEM", "SUPPLIER", "LOGISTICS", "SERVICE", "TESTING", "FINANCE"] as const;
const FILTERS = ["q", "kind", "city", "market"] as const;
const MARKETS_SHOWN = 5;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const params = new URL(request.url).searchParams;
  const input = Object.fromEntries([...FILTERS, "cursor"].map((k) => [k, params.get(k) ?? undefined]));
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ""])) as Record<(typeof FILTERS)[number], string>;
  // The market filter is typed (a country name in either language, or its code): a <select> of
  // 250 countries would cost more to render than the page's rows.
  if (filters.market) input.market = resolveCountry(filters.market) ?? filters.market;
  try {
    const result = await context.services.members.directory(user, input);
    return { ok: true as const, filters, fieldErrors: {} as Record<string, string>, total: result.total, items: result.items, nextCursor: result.nextCursor, paged: Boolean(input.cursor) };
  } catch (error) {
    if (isDomainError(error) && error.status === 400) {
      const fieldErrors = { ...error.fieldErrors };
      if (fieldErrors.market) fieldErrors.market = "members.directory.unknownMarket";
      return data(
        { ok: false as const, filters, fieldErrors, total: 0, items: [], nextCursor: null, paged: false },
        { status: 400 },
      );
    }
    if (isDomainError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export default function Directory() {
  const { ok, filters, fieldErrors, total, items, nextCursor, paged } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const { names } = useCountryLists();
  const results = usePlainLinks();
  const errors: Record<string, string> = fieldErrors;
  const marketCode = filters.market ? resolveCountry(filters.market) : undefined;
  const query = (extra: Record<string, string>) => {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (filters[k]) p.set(k, filters[k]);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    const s = p.toString();
    return s ? `?${s}` : "";
  };
  const filtered = FILTERS.some((k) => filters[k]);
  return (
    <div className="stack">
      <h1>{t("members.directory.title")}</h1>
      <p className="muted">{t("members.directory.lead")}</p>
      <Form method="get" className="card directory-filters" role="search" aria-label={t("members.directory.filtersLabel")}>
        <TextField name="q" type="search" label={t("members.directory.search")} hint={t("members.directory.searchHint")} defaultValue={filters.q} error={errors.q} maxLength={120} />
        <SelectField
          name="kind"
          label={t("members.directory.kind")}
          defaultValue={filters.kind}
          error={errors.kind}
          options={[{ value: "", label: t("members.directory.anyKind") }, ...KINDS.map((k) => ({ value: k, label: t(`common.kinds.${k}`) }))]}
        />
        <TextField type="text" name="city" label={t("members.directory.city")} defaultValue={filters.city} error={errors.city} maxLength={80} />
        <TextField type="text"
          name="market"
          label={t("members.directory.market")}
          hint={t("members.directory.marketHint")}
          defaultValue={marketCode ? (names.get(marketCode) ?? filters.market) : filters.market}
          error={errors.market}
          maxLength={60}
        />
        <div className="row directory-filter-actions">
          <button type="submit">{t("members.directory.submit")}</button>
          {filtered ? <Link to="/directory">{t("members.directory.clear")}</Link> : null}
        </div>
      </Form>
      {!ok ? (
        <div className="alert alert-error" role="alert">
          {t("members.directory.invalidFilters")}
        </div>
      ) : (
        <p role="status" className="result-count">
          {total === 1 ? t("members.directory.countOne") : t("members.directory.count", { count: total })}
        </p>
      )}
      {ok && items.length === 0 ? <p>{t("members.directory.none")}</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap" ref={results}>
          <table aria-label={t("members.directory.resultsLabel")}>
            <thead>
              <tr>
                <th scope="col">{t("members.directory.colName")}</th>
                <th scope="col">{t("members.directory.colKind")}</th>
                <th scope="col">{t("members.directory.colHome")}</th>
                <th scope="col">{t("members.directory.colMarkets")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((org) => {
                const [primary, secondary] = locale === "zh-CN" ? [org.nameZh, org.nameEn] : [org.nameEn, org.nameZh];
                const extra = org.markets.length - MARKETS_SHOWN;
                return (
                  <tr key={org.id}>
                    <th scope="row">
                      {/* A plain link: usePlainLinks navigates on the client (see there why). */}
                      <a data-discover="true" href={`/directory/${org.id}`}>
                        {primary}
                      </a>
                      <span className="secondary-name" lang={locale === "zh-CN" ? "en" : "zh-CN"}>
                        {secondary}
                      </span>
                    </th>
                    <td>{t(`common.kinds.${org.kind}`)}</td>
                    <td>
                      {org.homeCity}, {names.get(org.homeCountry) ?? org.homeCountry}
                    </td>
                    <td>
                      {org.markets.slice(0, MARKETS_SHOWN).map((c) => names.get(c) ?? c).join(t("members.listSeparator"))}
                      {extra > 0 ? ` ${t("members.directory.moreMarkets", { count: extra })}` : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {paged || nextCursor ? (
        <nav className="row pagination" aria-label={t("members.directory.resultsLabel")}>
          {paged ? <Link to={`/directory${query({})}`}>{t("members.directory.firstPage")}</Link> : null}
          {nextCursor ? (
            <Link to={`/directory${query({ cursor: nextCursor })}`} rel="next">
              {t("members.directory.nextPage")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
