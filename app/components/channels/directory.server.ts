// The directory's loader logic, shared by /channels and /channels/countries/:country: the query
// string goes to the domain as it is; a filter it cannot use answers 400 with the field errors
// (the page shows the form with them), never a 500.
import type { AppLoadContext } from "@remix-run/node";
import type { CurrentUser } from "../../../server/auth/index";
import type { ChannelFilters, ChannelListItem } from "../../../server/domain/channel-directory";
import type { Locale } from "../../i18n";
import { isDomainError } from "../../lib/forms.server";

export const FILTER_NAMES = ["q", "kind", "region", "country", "segment", "month", "minFree", "sort"] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
/** What the user typed, echoed into the form and the page links (only the known names). */
export type FilterValues = Partial<Record<FilterName, string>>;

/**
 * What a result row shows, and nothing more: the loader's data is encoded into every page (and
 * every client-side navigation), and its encoding costs server time per field, so the domain's
 * other fields (period end, approved units, origin country) stay on the server.
 */
export interface DirectoryRow {
  id: string;
  name: string;
  kind: ChannelListItem["kind"];
  country: string;
  city: string;
  originName: string | null;
  destinationName: string | null;
  segments: ChannelListItem["segments"];
  /** The owner's name in the reader's language (a change of language loads the page again). */
  owner: string;
  lastConfirmedAt: Date | null;
  stale: boolean;
  unit: ChannelListItem["unit"];
  period: { startsOn: Date; capacity: number; free: number } | null;
}

export function directoryRow(item: ChannelListItem, locale: Locale): DirectoryRow {
  const { period } = item;
  return {
    id: item.id,
    name: item.name,
    kind: item.kind,
    country: item.country,
    city: item.city,
    originName: item.originName,
    destinationName: item.destinationName,
    segments: item.segments,
    owner: locale === "zh-CN" ? item.owner.nameZh : item.owner.nameEn,
    lastConfirmedAt: item.lastConfirmedAt,
    stale: item.stale,
    unit: item.unit,
    period: period ? { startsOn: period.startsOn, capacity: period.capacity, free: period.free } : null,
  };
}

export interface DirectoryData {
  ok: boolean;
  values: FilterValues;
  fieldErrors: Record<string, string>;
  items: DirectoryRow[];
  nextCursor: string | null;
  paged: boolean;
  /** The order the rows are in (the status line names it); null when the filters were refused. */
  sort: ChannelFilters["sort"] | null;
  /** YYYY-MM when the free capacity shown is that of a month (chosen, or this one). */
  referenceMonth: string | null;
}

/** The page's rows, or the field errors; the route answers with `status` (200 or 400). */
export async function loadDirectory(
  context: AppLoadContext,
  user: CurrentUser,
  url: URL,
  fixed: FilterValues = {},
): Promise<{ page: DirectoryData; status: 200 | 400 }> {
  const params = url.searchParams;
  const values: FilterValues = {};
  for (const name of FILTER_NAMES) {
    const value = params.get(name);
    if (value !== null && value !== "") values[name] = value.slice(0, 200);
  }
  Object.assign(values, fixed);
  const input = { ...values, cursor: params.get("cursor") ?? undefined };
  try {
    const result = await context.services.channelDirectory.search(user, input);
    const page: DirectoryData = {
      ok: true,
      values,
      fieldErrors: {},
      items: result.items.map((item) => directoryRow(item, context.locale)),
      nextCursor: result.nextCursor,
      paged: result.paged,
      sort: result.filters.sort,
      referenceMonth: result.referenceMonth,
    };
    return { page, status: 200 };
  } catch (error) {
    if (isDomainError(error) && error.status === 400) {
      return {
        page: { ok: false, values, fieldErrors: error.fieldErrors ?? {}, items: [], nextCursor: null, paged: false, sort: null, referenceMonth: null },
        status: 400,
      };
    }
    if (isDomainError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}
