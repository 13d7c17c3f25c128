// Browse sourcing requests: filters in the query string (a GET form, so a filtered list is a link),
// text search, newest first, 25 a page with a keyset cursor. Confidential requests show a summary.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, SelectField, TextField } from "../components/Field";
import { useOrgName } from "../components/channels/ui";
import { formValues, isDomainError } from "../lib/forms.server";
import { actionFailure, withNotice } from "../components/members/actions.server";
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
/** Filters that take several values: repeated keys (the category checkboxes) or "TH, BR" for markets. */
const MULTI_KEYS: ReadonlySet<string> = new Set(["category", "market"]);

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  if (!user.secretariat) requireActiveMember(context, request);
  const url = new URL(request.url);
  const input = Object.fromEntries(FILTER_KEYS.map((k) => [k, MULTI_KEYS.has(k) ? url.searchParams.getAll(k) : (url.searchParams.get(k) ?? undefined)]));
  const values = Object.fromEntries(FILTER_KEYS.map((k) => [k, MULTI_KEYS.has(k) ? url.searchParams.getAll(k).join(", ") : (url.searchParams.get(k) ?? "")]));
  // The page's filters as they came, repeated keys included: links to the next page and the saved filter.
  const pairs = [...url.searchParams].filter(([k, v]) => v && k !== "cursor" && (FILTER_KEYS as readonly string[]).includes(k));
  const saved = await context.services.sourcing.savedFilters(user);
  try {
    const page = await context.services.sourcing.listRequests(user, input);
    return data({ items: page.items, nextCursor: page.nextCursor, values, pairs, saved, fieldErrors: {} as Record<string, string> });
  } catch (error) {
    if (isDomainError(error) && error.status === 400) {
      return data({ items: [], nextCursor: null, values, pairs, saved, fieldErrors: (error as { fieldErrors?: Record<string, string> }).fieldErrors ?? {} }, { status: 400 });
    }
    if (isDomainError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

/** Saving or deleting a saved filter set; the page's filters stay in the address. */
export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireActiveMember(context, request);
  const form = await request.formData();
  try {
    if (form.get("intent") === "saveFilter") {
      const saved = await context.services.sourcing.saveFilter(user, formValues(form));
      throw redirect(`/sourcing?${saved.query ? `${saved.query}&` : ""}notice=filterSaved`);
    }
    if (form.get("intent") === "deleteFilter") {
      await context.services.sourcing.deleteFilter(user, formValues(form));
      throw redirect(withNotice(request, "filterDeleted"));
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return actionFailure(form, error);
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function SourcingIndex() {
  const { items, nextCursor, values, pairs, fieldErrors, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const currentQuery = new URLSearchParams(pairs).toString();
  const categories = values.category ? values.category.split(", ") : [];
  const t = useT();
  const formatDate = useFormatDate();
  const markets = useMarketList();
  const orgName = useOrgName();
  const any = { value: "", label: t("sourcing.list.any") };
  const nextLink = nextCursor ? `/sourcing?${new URLSearchParams([...pairs, ["cursor", nextCursor]])}` : null;
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
        <fieldset className={`field${fieldErrors.category ? " field-invalid" : ""}`}>
          <legend>{t("sourcing.list.categories")}</legend>
          <div className="checks">
            {PART_CATEGORIES.map((c) => (
              <label key={c}>
                <input type="checkbox" name="category" value={c} defaultChecked={categories.includes(c)} /> {t(`sourcing.categories.${c}`)}
              </label>
            ))}
          </div>
          {fieldErrors.category ? <p className="field-error">{t(fieldErrors.category)}</p> : null}
        </fieldset>
        <TextField name="market" label={t("sourcing.list.markets")} hint={t("sourcing.list.marketsHint")} defaultValue={values.market} error={fieldErrors.market} maxLength={120} />
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
      <section className="card stack" aria-labelledby="saved-title">
        <h2 id="saved-title" className="h3">
          {t("sourcing.saved.title")}
        </h2>
        {saved.length ? (
          <ul className="row link-row">
            {saved.map((f) => (
              <li key={f.id}>
                <Link to={`/sourcing${f.query ? `?${f.query}` : ""}`}>{f.name}</Link>{" "}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="filterId" value={f.id} />
                  <button type="submit" name="intent" value="deleteFilter" className="button-link" aria-label={`${t("sourcing.saved.delete")}: ${f.name}`}>
                    {t("sourcing.saved.delete")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : null}
        <Form method="post" className="row">
          <input type="hidden" name="query" value={currentQuery} />
          <TextField name="name" label={t("sourcing.saved.name")} error={(result?.fieldErrors as Record<string, string> | undefined)?.name} maxLength={80} />
          <button type="submit" name="intent" value="saveFilter">
            {t("sourcing.saved.save")}
          </button>
        </Form>
      </section>
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
