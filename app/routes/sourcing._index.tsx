// Browse sourcing requests: filters in the query string (a GET form, so a filtered list is a link),
// text search, newest first, 25 a page with a keyset cursor. Confidential requests show a summary.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, SelectField, TextField } from "../components/Field";
import { useOrgName } from "../components/channels/ui";
import { isDomainError } from "../lib/forms.server";
import { titleMeta } from "../components/members/meta";
import {
  DIRECTIONS,
  PART_CATEGORIES,
  SEGMENTS,
  SourcingNav,
  SourcingNotice,
  SourcingStatusBadge,
  STATUSES,
  useMarketList,
} from "../components/sourcing/ui";
import { requireUser, requireActiveMember } from "../lib/auth.server";
import { useFormatDate, useT } from "../lib/i18n";

export const meta = titleMeta("sourcing.title");

const FILTER_KEYS = ["direction", "category", "market", "segment", "status", "deadlineBy", "q", "mine", "cursor"] as const;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  if (!user.secretariat) requireActiveMember(context, request);
  const url = new URL(request.url);
  const input = Object.fromEntries(FILTER_KEYS.map((k) => [k, url.searchParams.get(k) ?? undefined]));
  const values = Object.fromEntries(FILTER_KEYS.map((k) => [k, url.searchParams.get(k) ?? ""]));
  try {
    const page = await context.services.sourcing.listRequests(user, input);
    return data({ items: page.items, nextCursor: page.nextCursor, values, fieldErrors: {} as Record<string, string> });
  } catch (error) {
    if (isDomainError(error) && error.status === 400) {
      return data({ items: [], nextCursor: null, values, fieldErrors: (error as { fieldErrors?: Record<string, string> }).fieldErrors ?? {} }, { status: 400 });
    }
    if (isDomainError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export default function SourcingIndex() {
  const { items, nextCursor, values, fieldErrors } = useLoaderData<typeof loader>();
  const t = useT();
  const formatDate = useFormatDate();
  const markets = useMarketList();
  const orgName = useOrgName();
  const any = { value: "", label: t("sourcing.list.any") };
  const nextLink = nextCursor
    ? `/sourcing?${new URLSearchParams({ ...Object.fromEntries(Object.entries(values).filter(([k, v]) => v && k !== "cursor")), cursor: nextCursor })}`
    : null;
  return (
    <div className="stack">
      <h1>{t("sourcing.title")}</h1>
      <p className="muted">{t("sourcing.lead")}</p>
      <SourcingNav />
      <SourcingNotice />
      <Form method="get" className="form card filters" aria-label={t("sourcing.list.filters")}>
        {Object.keys(fieldErrors).length ? <FormError message="errors.invalidInput" /> : null}
        <TextField name="q" type="search" label={t("sourcing.list.search")} defaultValue={values.q} error={fieldErrors.q} />
        <SelectField name="direction" label={t("sourcing.list.direction")} defaultValue={values.direction} error={fieldErrors.direction}
          options={[any, ...DIRECTIONS.map((d) => ({ value: d, label: t(`sourcing.directions.${d}`) }))]} />
        <SelectField name="category" label={t("sourcing.list.category")} defaultValue={values.category} error={fieldErrors.category}
          options={[any, ...PART_CATEGORIES.map((c) => ({ value: c, label: t(`sourcing.categories.${c}`) }))]} />
        <TextField name="market" label={t("sourcing.list.market")} defaultValue={values.market} error={fieldErrors.market} maxLength={2} />
        <SelectField name="segment" label={t("sourcing.list.segment")} defaultValue={values.segment} error={fieldErrors.segment}
          options={[any, ...SEGMENTS.map((s) => ({ value: s, label: t(`channels.segments.${s}`) }))]} />
        <SelectField name="status" label={t("sourcing.list.status")} defaultValue={values.status} error={fieldErrors.status}
          options={[any, ...STATUSES.map((s) => ({ value: s, label: t(`sourcing.statuses.${s}`) }))]} />
        <TextField name="deadlineBy" type="date" label={t("sourcing.list.deadlineBy")} defaultValue={values.deadlineBy} error={fieldErrors.deadlineBy} />
        <label className="check">
          <input type="checkbox" name="mine" value="on" defaultChecked={values.mine === "on"} /> {t("sourcing.list.mine")}
        </label>
        <button type="submit">{t("sourcing.list.apply")}</button>
      </Form>
      {items.length === 0 ? (
        <p className="muted">{t("sourcing.list.empty")}</p>
      ) : (
        <ul className="stack cards sourcing-list">
          {items.map((r) => (
            <li key={r.id} className="card" data-request-id={r.id}>
              <h2 className="h3">
                <Link to={`/sourcing/${r.id}`}>
                  {r.full ? r.title : t("sourcing.list.confidentialTitle", { category: t(`sourcing.categories.${r.category}`) })}
                </Link>{" "}
                <SourcingStatusBadge status={r.status} />
              </h2>
              <p className="muted">
                {t(`sourcing.directions.${r.direction}`)} · {t(`sourcing.categories.${r.category}`)} · {markets(r.targetMarkets)}
                {r.full ? ` · ${orgName(r.poster)}` : ""}
              </p>
              <p>
                {t("sourcing.list.deadline", { date: formatDate(r.responseDeadline) })} ·{" "}
                {t("sourcing.list.volume", { band: t(`sourcing.volumeBands.${r.volumeBand}`) })}
              </p>
            </li>
          ))}
        </ul>
      )}
      {nextLink ? (
        <p>
          <Link to={nextLink} rel="next">
            {t("sourcing.list.more")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
