// The directory's loader logic, shared by /channels and /channels/countries/:country: the query
// string goes to the domain as it is; a filter it cannot use answers 400 with the field errors
// (the page shows the form with them), never a 500.
import type { AppLoadContext } from "@remix-run/node";
import type { CurrentUser } from "../../../server/auth/index";
import type { ChannelFilters, ChannelListItem } from "../../../server/domain/channel-directory";
import { isDomainError } from "../../lib/forms.server";

export const FILTER_NAMES = ["q", "kind", "region", "country", "segment", "month", "minFree", "sort"] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
/** What the user typed, echoed into the form and the page links (only the known names). */
export type FilterValues = Partial<Record<FilterName, string>>;

export interface DirectoryData {
  ok: boolean;
  values: FilterValues;
  fieldErrors: Record<string, string>;
  items: ChannelListItem[];
  nextCursor: string | null;
  paged: boolean;
  filters: ChannelFilters | null;
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
    return { page: { ok: true, values, fieldErrors: {}, ...result }, status: 200 };
  } catch (error) {
    if (isDomainError(error) && error.status === 400) {
      return {
        page: { ok: false, values, fieldErrors: error.fieldErrors ?? {}, items: [], nextCursor: null, paged: false, filters: null, referenceMonth: null },
        status: 400,
      };
    }
    if (isDomainError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}
