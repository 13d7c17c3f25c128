// The channel directory, the map and the chart: read-only queries over published channels.
// Publishing, requests and capacity bookkeeping live in ./channels.ts and ./capacity.ts.
//
// Why raw SQL: a directory page must be ONE indexed query with 100,000 channels (tests/load/
// channels.ts): filters on the (status, kind, region, country) and segments indexes, LIKE on the
// trigram index over searchText (two-character Chinese words on the Han-pair index over
// searchGrams), free units on ChannelPeriod's stored freeUnits, keyset pagination on the sort key,
// and the owner's name and the period's free units joined for the 25 rows of the page only.
// Prisma's query builder cannot say "LATERAL ... LIMIT 1" or order by a computed rank, and two
// round trips would double the latency (the free sort takes a second statement only on the page
// where the channels with a period in the month run out).
import { z } from "zod";
import type { CurrentUser } from "../auth/index.js";
import { Prisma } from "../db/generated/client.js";
import { readRows } from "../db/read.js";
import type { ChannelKind, Region, VehicleSegment } from "../db/generated/enums.js";
import type { DomainContext } from "../services.js";
import { CHANNEL_KINDS, hanBigrams, isStale, VEHICLE_SEGMENTS } from "./channels.js";
import { monthStart, periodEndsOn, utcDay } from "./capacity.js";
import { REGIONS } from "./countries.js";
import { ForbiddenError, NotFoundError, parseInput, ValidationError } from "./errors.js";
import { countryCode, optionalText } from "./schemas.js";
import { isMonthly, unitOf, type ChannelUnit } from "./units.js";

export const CHANNEL_DIRECTORY_PAGE_SIZE = 25;
export const CHANNEL_SORTS = ["relevance", "free", "fresh"] as const;
export type ChannelSort = (typeof CHANNEL_SORTS)[number];
export const DIRECTORY_LIMITS = { search: 120, minFree: 1_000_000, cursor: 400 } as const;

// ---------------------------------------------------------------------------------------------
// The query string. Every field is optional; anything that does not parse is a field error (400)
// with a key from app/i18n/*/channel-directory.ts, and the page shows which filter was wrong.

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const upper = (v: unknown) => (typeof v === "string" ? v.trim().toUpperCase() : v);

const optionalEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => upper(blank(v)), z.enum(values, { error: "errors.invalidValue" }).optional());

/** "2026-11" -> the first of that month (UTC). */
const monthField = z.preprocess(
  blank,
  z
    .string()
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "channelDirectory.errors.month")
    .transform((s) => new Date(`${s}-01T00:00:00.000Z`))
    .refine((d) => d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2200, "channelDirectory.errors.month")
    .optional(),
);

const minFreeField = z.preprocess(
  (v) => {
    const b = blank(v);
    if (typeof b !== "string") return b;
    const s = b.trim();
    if (/^-\d+(\.\d+)?$/.test(s)) return -1;
    return /^\+?\d+$/.test(s) ? Number(s) : Number.NaN;
  },
  z
    .number({ error: "channelDirectory.errors.minFreeWhole" })
    .int("channelDirectory.errors.minFreeWhole")
    .min(0, "channelDirectory.errors.minFreeNegative")
    .max(DIRECTORY_LIMITS.minFree, "channelDirectory.errors.minFreeTooLarge")
    .optional(),
);

const SearchSchema = z.object({
  q: optionalText(DIRECTORY_LIMITS.search),
  kind: optionalEnum(CHANNEL_KINDS),
  region: optionalEnum(REGIONS),
  country: z.preprocess(blank, countryCode.optional()),
  segment: optionalEnum(VEHICLE_SEGMENTS),
  month: monthField,
  minFree: minFreeField,
  sort: z.preprocess(blank, z.enum(CHANNEL_SORTS, { error: "errors.invalidValue" }).optional()),
  cursor: z.preprocess(blank, z.string().max(DIRECTORY_LIMITS.cursor, "channelDirectory.errors.cursor").optional()),
});
export type ChannelDirectoryInput = z.input<typeof SearchSchema>;

/** The filters as understood, echoed back so that the form and the links show them. */
export interface ChannelFilters {
  q?: string;
  kind?: ChannelKind;
  region?: Region;
  country?: string;
  segment?: VehicleSegment;
  /** YYYY-MM */
  month?: string;
  minFree?: number;
  sort: ChannelSort;
}

// ---------------------------------------------------------------------------------------------
// Keyset cursors: [sort, key, id]. The key is the rank (relevance), the free units (free) or the
// confirmation time in ms (fresh); null where the row has none (no period; never confirmed).

const CursorSchema = z.tuple([z.enum(CHANNEL_SORTS), z.number().int().nullable(), z.uuid()]);
type Cursor = z.output<typeof CursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

function decodeCursor(raw: string | undefined, sort: ChannelSort): Cursor | undefined {
  if (!raw) return undefined;
  let cursor: Cursor;
  try {
    cursor = CursorSchema.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw new ValidationError({ cursor: "channelDirectory.errors.cursor" }, "channelDirectory.errors.filters");
  }
  // A cursor from another sort order points into a different sequence: it cannot be continued.
  if (cursor[0] !== sort) throw new ValidationError({ cursor: "channelDirectory.errors.cursor" }, "channelDirectory.errors.filters");
  return cursor;
}

// ---------------------------------------------------------------------------------------------
// Authorization: listings are for active members and the secretariat (as in ./channels.ts).

function requireViewer(actor: CurrentUser) {
  if (!actor.secretariat && actor.organization.status !== "ACTIVE") throw new ForbiddenError();
}

// ---------------------------------------------------------------------------------------------
// Dates.

const nextMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
export const monthKey = (d: Date) => d.toISOString().slice(0, 7);

/** LIKE wildcards typed by the user are matched literally. */
function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const MONTHLY_KIND_LIST = CHANNEL_KINDS.filter((k) => isMonthly(k));

// ---------------------------------------------------------------------------------------------
// The directory.

/** A row of the directory statement, checked as it arrives from the driver (server/db/read.ts). */
const Row = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  country: z.string(),
  city: z.string(),
  originName: z.string().nullable(),
  originCountry: z.string().nullable(),
  destinationName: z.string().nullable(),
  segments: z.array(z.enum(VEHICLE_SEGMENTS)),
  lastConfirmedAt: z.date().nullable(),
  createdAt: z.date(),
  rank: z.number().int().nullable(),
  freeKey: z.number().int().nullable(),
  ownerNameEn: z.string(),
  ownerNameZh: z.string(),
  periodStartsOn: z.date().nullable(),
  periodCapacity: z.number().int().nullable(),
  periodApproved: z.number().int().nullable(),
});
type Row = z.output<typeof Row>;

export interface ChannelListItem {
  id: string;
  name: string;
  kind: ChannelKind;
  country: string;
  city: string;
  originName: string | null;
  originCountry: string | null;
  destinationName: string | null;
  segments: VehicleSegment[];
  owner: { nameEn: string; nameZh: string };
  lastConfirmedAt: Date | null;
  stale: boolean;
  unit: ChannelUnit;
  /** The period whose free units are shown: in the chosen month, else the current or next one. */
  period: { startsOn: Date; endsOn: Date; capacity: number; approvedUnits: number; free: number } | null;
}

/**
 * Published channels matching the filters, 25 per page, with a cursor for the next page. One SQL
 * statement: the filtered, ordered, limited ids first (on the indexes), then the owner and the
 * shown period joined for those rows only.
 */
export async function search(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireViewer(actor);
  const data = parseInput(SearchSchema, input, "channelDirectory.errors.filters");
  const sort = sortOf(data);
  const cursor = decodeCursor(data.cursor, sort);
  const filters: ChannelFilters = {
    q: data.q,
    kind: data.kind,
    region: data.region,
    country: data.country,
    segment: data.segment,
    month: data.month ? monthKey(data.month) : undefined,
    minFree: data.minFree,
    sort,
  };
  const now = ctx.now();
  const { rows, more } = await directoryRows(ctx, data, sort, cursor, now);
  const items = rows.map((row) => toItem(row, now));
  const last = rows[rows.length - 1];
  const nextCursor = more && last ? encodeCursor([sort, cursorKey(sort, last), last.id]) : null;
  const referenceMonth = referenceMonthOf(data, sort, now);
  return { items, nextCursor, filters, paged: Boolean(cursor), referenceMonth: referenceMonth ? monthKey(referenceMonth) : null };
}

function cursorKey(sort: ChannelSort, row: Row): number | null {
  if (sort === "relevance") return row.rank;
  if (sort === "free") return row.freeKey;
  return row.lastConfirmedAt ? row.lastConfirmedAt.getTime() : null;
}

function toItem(row: Row, now: Date): ChannelListItem {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    country: row.country,
    city: row.city,
    originName: row.originName,
    originCountry: row.originCountry,
    destinationName: row.destinationName,
    segments: row.segments,
    owner: { nameEn: row.ownerNameEn, nameZh: row.ownerNameZh },
    lastConfirmedAt: row.lastConfirmedAt,
    stale: isStale({ status: "PUBLISHED", lastConfirmedAt: row.lastConfirmedAt, createdAt: row.createdAt }, now),
    unit: unitOf(row.kind),
    period:
      row.periodStartsOn && row.periodCapacity !== null
        ? {
            startsOn: row.periodStartsOn,
            endsOn: periodEndsOn(row.kind, row.periodStartsOn),
            capacity: row.periodCapacity,
            approvedUnits: row.periodApproved ?? 0,
            free: Math.max(0, row.periodCapacity - (row.periodApproved ?? 0)),
          }
        : null,
  };
}

type Parsed = z.output<typeof SearchSchema>;

/** The month whose periods are filtered, sorted and shown; none means "the current or next period". */
function referenceMonthOf(data: Parsed, sort: ChannelSort, now: Date): Date | undefined {
  return data.month ?? (data.minFree !== undefined || sort === "free" ? monthStart(now) : undefined);
}

/** Relevance when there is text to be relevant to, else the freshest listings first. */
function sortOf(data: Parsed): ChannelSort {
  if (data.sort === "relevance" && !data.q) return "fresh";
  return data.sort ?? (data.q ? "relevance" : "fresh");
}

async function directoryRows(ctx: DomainContext, data: Parsed, sort: ChannelSort, cursor: Cursor | undefined, now: Date) {
  // Straight to the driver (ADR 0015), but unprepared: how many rows a word matches decides the
  // plan, and a prepared statement may settle on one generic plan for every word.
  const read = (query: Prisma.Sql) => readRows(ctx.prisma, Row, query, { prepare: false });
  let rows = await read(directoryQuery(data, sort, cursor, now));
  // "Most free capacity first" on the free-units index reads the channels with a period in the month
  // first; the ones without (sorted last, by id) come from a second statement, only on the page
  // where the first runs out.
  const limit = CHANNEL_DIRECTORY_PAGE_SIZE + 1;
  if (rows.length < limit && freeOnIndex(data, sort) && !periodRequired(data) && cursor?.[1] !== null) {
    const rest = await read(directoryQuery(data, sort, [sort, null, NIL_UUID], now));
    rows = rows.concat(rest.slice(0, limit - rows.length));
  }
  const more = rows.length > CHANNEL_DIRECTORY_PAGE_SIZE;
  return { rows: more ? rows.slice(0, CHANNEL_DIRECTORY_PAGE_SIZE) : rows, more };
}

const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/**
 * The statement `search` runs for a query string (the first one, where a page takes two), for
 * benchmarks and EXPLAIN (tests/load/channels.ts): `.text` has $1-style placeholders, `.values` the
 * parameters.
 */
export function directoryStatement(input: unknown, now: Date): Prisma.Sql {
  const data = parseInput(SearchSchema, input, "channelDirectory.errors.filters");
  const sort = sortOf(data);
  return directoryQuery(data, sort, decodeCursor(data.cursor, sort), now);
}

/**
 * A two-character Chinese word (重庆, 物流) has no trigram: the search then goes through the
 * Han-pair index (Channel.searchGrams). Longer text, Chinese or not, has trigrams.
 */
function hanPairOf(needle: string | undefined): string | undefined {
  if (!needle || [...needle].length !== 2) return undefined;
  return hanBigrams(needle)[0];
}

/** Does a country or a text narrow the rows to a few hundred or fewer? */
function narrowed(data: Parsed): boolean {
  const needle = data.q?.toLowerCase();
  return Boolean(data.country || (needle && ([...needle].length >= 3 || hanPairOf(needle))));
}

/** A month or a minimum: only channels with a period in the month (with that many free units). */
function periodRequired(data: Parsed): boolean {
  return data.month !== undefined || data.minFree !== undefined;
}

/**
 * Sorting by free units without a narrowing filter walks the (month, freeUnits DESC, channelId)
 * index of ChannelPeriod and stops after a page; with a country or a text, a probe per matching
 * channel is cheaper.
 */
function freeOnIndex(data: Parsed, sort: ChannelSort): boolean {
  return sort === "free" && !narrowed(data);
}

function directoryQuery(data: Parsed, sort: ChannelSort, cursor: Cursor | undefined, now: Date): Prisma.Sql {
  const sql = Prisma.sql;
  const where: Prisma.Sql[] = [sql`c."status" = 'PUBLISHED'::"ChannelStatus"`];
  if (data.kind) where.push(sql`c."kind" = ${data.kind}::"ChannelKind"`);
  if (data.region) where.push(sql`c."region" = ${data.region}::"Region"`);
  if (data.country) where.push(sql`c."country" = ${data.country}`);
  if (data.segment) where.push(sql`c."segments" @> ARRAY[${data.segment}]::"VehicleSegment"[]`);
  // searchText is stored lower-cased (channelSearchText in ./channels.ts), so LIKE on the lower-cased
  // text is the case-insensitive match, on the trigram index. Not ILIKE: on UTF-8 text it lower-cases
  // every candidate row again, which made the recheck ten times slower (docs/benchmarks-channels.md).
  const needle = data.q?.toLowerCase();
  if (needle) where.push(sql`c."searchText" LIKE ${`%${escapeLike(needle)}%`}`);
  const hanPair = hanPairOf(needle);
  if (hanPair) where.push(sql`c."searchGrams" @> ARRAY[${hanPair}]::text[]`);

  // The period shown (and sorted on, and filtered by). With a month, a minimum or the free-capacity
  // sort: the period of that month (this month by default) with the most free units, the earliest
  // on a tie (a route may sail twice a month), if it has at least the minimum. Otherwise the
  // current or next open period (a month that has begun is still open).
  const referenceMonth = referenceMonthOf(data, sort, now);
  const today = utcDay(now);
  let periodCondition: Prisma.Sql;
  let periodOrder: Prisma.Sql;
  if (referenceMonth) {
    periodCondition = sql`p."month" = ${referenceMonth}::date AND p."freeUnits" >= ${data.minFree ?? 0}::int`;
    periodOrder = sql`p."freeUnits" DESC, p."startsOn"`;
  } else {
    // c."kind" is the enum inside the page query and text outside it; compare as text in both.
    const monthly = Prisma.join(MONTHLY_KIND_LIST.map((k) => sql`${k}`));
    periodCondition = sql`p."startsOn" >= CASE WHEN c."kind"::text IN (${monthly}) THEN ${monthStart(now)}::date ELSE ${today}::date END`;
    periodOrder = sql`p."startsOn"`;
  }

  // How periods reach the page query:
  // - the shown period is joined in the outer query, for the rows of the page only;
  // - filtering on a month or minimum is a semi-join on the month's periods (the free-units index);
  // - sorting on free units: a probe per row when a country or a text narrows the rows, else the
  //   free-units index in order, joined to the channel (freeOnIndex), which stops after a page.
  const filtered = periodRequired(data);
  let from: Prisma.Sql = sql`"Channel" c`;
  let free: Prisma.Sql = sql`NULL::int`;
  let order: Prisma.Sql;
  let outerOrder: Prisma.Sql;
  const rank = needle ? sql`strpos(c."searchText", ${needle})` : sql`NULL::int`;
  if (sort === "free" && freeOnIndex(data, sort)) {
    outerOrder = sql`c."freeKey" DESC NULLS LAST, c."id" ASC`;
    if (cursor && cursor[1] === null) {
      // Past every channel with a period in the month: the ones without, by id.
      where.push(sql`NOT EXISTS (SELECT 1 FROM "ChannelPeriod" p WHERE p."channelId" = c."id" AND p."month" = ${referenceMonth!}::date)`);
      where.push(sql`c."id" > ${cursor[2]}::uuid`);
      if (filtered) where.push(sql`false`);
      order = sql`c."id" ASC`;
    } else {
      from = sql`"ChannelPeriod" fp JOIN "Channel" c ON c."id" = fp."channelId"`;
      free = sql`fp."freeUnits"`;
      where.push(sql`fp."month" = ${referenceMonth!}::date AND fp."freeUnits" >= ${data.minFree ?? 0}::int`);
      // The kind on the period as well: (kind, month, freeUnits DESC, channelId) is then one range
      // in page order. Without it, the big warehouses come first and a kind's channels are filtered
      // out of them.
      if (data.kind) where.push(sql`fp."kind" = ${data.kind}::"ChannelKind"`);
      // A channel once, at its best period of the month (a route may sail twice).
      where.push(sql`NOT EXISTS (SELECT 1 FROM "ChannelPeriod" q WHERE q."channelId" = fp."channelId" AND q."month" = fp."month"
                      AND (q."freeUnits" > fp."freeUnits" OR (q."freeUnits" = fp."freeUnits" AND q."startsOn" < fp."startsOn")))`);
      if (cursor) {
        // The first half is an index condition: the scan starts at the cursor's free units.
        where.push(sql`fp."freeUnits" <= ${cursor[1]}::int AND (fp."freeUnits" < ${cursor[1]}::int OR fp."channelId" > ${cursor[2]}::uuid)`);
      }
      order = sql`fp."freeUnits" DESC, fp."channelId" ASC`;
    }
  } else if (sort === "free") {
    const join = Prisma.raw(filtered ? "JOIN" : "LEFT JOIN");
    from = sql`"Channel" c ${join} LATERAL (SELECT max(p."freeUnits") AS "free" FROM "ChannelPeriod" p
                                             WHERE p."channelId" = c."id" AND ${periodCondition}) f ON ${filtered ? sql`f."free" IS NOT NULL` : sql`true`}`;
    free = sql`f."free"`;
    order = sql`${free} DESC NULLS LAST, c."id" ASC`;
    outerOrder = sql`c."freeKey" DESC NULLS LAST, c."id" ASC`;
    if (cursor) {
      where.push(
        cursor[1] === null
          ? sql`(${free} IS NULL AND c."id" > ${cursor[2]}::uuid)`
          : sql`(${free} < ${cursor[1]}::int OR (${free} = ${cursor[1]}::int AND c."id" > ${cursor[2]}::uuid) OR ${free} IS NULL)`,
      );
    }
  } else if (sort === "relevance") {
    // Relevance: where the text first occurs. searchText starts with the name, then the places and
    // the partner, then the terms, so a match in the name ranks first.
    order = sql`${rank} ASC, c."id" ASC`;
    outerOrder = sql`c."rank" ASC, c."id" ASC`;
    if (cursor) where.push(sql`(${rank}, c."id") > (${cursor[1] ?? 0}::int, ${cursor[2]}::uuid)`);
  } else {
    // Newest confirmation first; DESC puts never-confirmed rows (none, while publishing sets the
    // time) first, and the cursor handles them.
    order = sql`c."lastConfirmedAt" DESC, c."id" DESC`;
    outerOrder = sql`c."lastConfirmedAt" DESC, c."id" DESC`;
    if (cursor) {
      where.push(
        cursor[1] === null
          ? sql`(c."lastConfirmedAt" IS NOT NULL OR c."id" < ${cursor[2]}::uuid)`
          : sql`(c."lastConfirmedAt", c."id") < (${new Date(cursor[1])}::timestamp(3), ${cursor[2]}::uuid)`,
      );
    }
  }
  if (filtered && sort !== "free") {
    where.push(sql`c."id" IN (SELECT p."channelId" FROM "ChannelPeriod" p WHERE ${periodCondition})`);
  }
  const lateralPeriod = sql`LEFT JOIN LATERAL (
      SELECT p."startsOn", p."capacity", p."approvedUnits" FROM "ChannelPeriod" p
       WHERE p."channelId" = c."id" AND ${periodCondition}
       ORDER BY ${periodOrder} LIMIT 1) rp ON true`;

  const limit = CHANNEL_DIRECTORY_PAGE_SIZE + 1;
  const inner = sql`
    SELECT c."id", c."name", c."kind"::text AS "kind", c."country", c."city",
           c."originName", c."originCountry", c."destinationName", c."segments"::text[] AS "segments",
           c."lastConfirmedAt", c."createdAt", c."ownerOrganizationId", ${rank} AS "rank", ${free} AS "freeKey"
      FROM ${from}
     WHERE ${Prisma.join(where, " AND ")}
     ORDER BY ${order}
     LIMIT ${limit}`;
  // The outer query names the page's rows "c" as well, so the period condition reads the same.
  return sql`
    SELECT c."id", c."name", c."kind", c."country", c."city", c."originName", c."originCountry", c."destinationName", c."segments",
           c."lastConfirmedAt", c."createdAt", c."rank", c."freeKey", o."nameEn" AS "ownerNameEn", o."nameZh" AS "ownerNameZh",
           rp."startsOn" AS "periodStartsOn", rp."capacity" AS "periodCapacity", rp."approvedUnits" AS "periodApproved"
      FROM (${inner}) c
      JOIN "Organization" o ON o."id" = c."ownerOrganizationId"
      ${lateralPeriod}
     ORDER BY ${outerOrder}`;
}

// ---------------------------------------------------------------------------------------------
// Figures for the map, the chart and a country's page: published channels and this month's
// capacity, per country and kind. Capacity and approved units are summed over the periods that
// start in the month (one per monthly channel; every sailing or departure of a route), so they are
// only ever added up within one kind: each kind has its own unit.

export interface KindFigures {
  kind: ChannelKind;
  unit: ChannelUnit;
  channels: number;
  capacity: number;
  approvedUnits: number;
  free: number;
  /** approvedUnits / capacity in percent (one decimal), null without capacity this month. */
  utilisation: number | null;
}

export interface CountryFigures {
  country: string;
  region: Region;
  channels: number;
  kinds: KindFigures[];
}

export interface RegionFigures {
  region: Region;
  channels: number;
  kinds: KindFigures[];
}

interface FigureRow {
  country: string;
  region: Region;
  kind: ChannelKind;
  channels: number;
  capacity: number;
  approvedUnits: number;
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);

function kindFigures(kind: ChannelKind, rows: FigureRow[]): KindFigures {
  const channels = rows.reduce((n, r) => n + r.channels, 0);
  const capacity = rows.reduce((n, r) => n + r.capacity, 0);
  const approvedUnits = rows.reduce((n, r) => n + r.approvedUnits, 0);
  return { kind, unit: unitOf(kind), channels, capacity, approvedUnits, free: Math.max(0, capacity - approvedUnits), utilisation: percent(approvedUnits, capacity) };
}

function byKind(rows: FigureRow[]): KindFigures[] {
  return CHANNEL_KINDS.flatMap((kind) => {
    const mine = rows.filter((r) => r.kind === kind);
    return mine.length ? [kindFigures(kind, mine)] : [];
  });
}

async function figureRows(ctx: DomainContext, month: Date, country?: string): Promise<FigureRow[]> {
  const sql = Prisma.sql;
  // Channels are counted in one GROUP BY over the (status, country) index and periods summed in
  // another over the startsOn index, then joined: no per-channel subquery.
  return ctx.prisma.$queryRaw<FigureRow[]>(sql`
    WITH counted AS (
      SELECT c."country", c."region", c."kind", count(*)::int AS "channels"
        FROM "Channel" c
       WHERE c."status" = 'PUBLISHED'::"ChannelStatus" ${country ? sql`AND c."country" = ${country}` : Prisma.empty}
       GROUP BY 1, 2, 3),
    summed AS (
      SELECT c."country", c."region", c."kind",
             sum(p."capacity")::float8 AS "capacity", sum(p."approvedUnits")::float8 AS "approvedUnits"
        FROM "ChannelPeriod" p JOIN "Channel" c ON c."id" = p."channelId"
       WHERE p."startsOn" >= ${month}::date AND p."startsOn" < ${nextMonth(month)}::date
         AND c."status" = 'PUBLISHED'::"ChannelStatus" ${country ? sql`AND c."country" = ${country}` : Prisma.empty}
       GROUP BY 1, 2, 3)
    SELECT counted."country", counted."region"::text AS "region", counted."kind"::text AS "kind", counted."channels",
           coalesce(summed."capacity", 0) AS "capacity", coalesce(summed."approvedUnits", 0) AS "approvedUnits"
      FROM counted LEFT JOIN summed USING ("country", "region", "kind")
     ORDER BY 1, 3`);
}

/**
 * The map's figures cover every published channel: with 100,000 channels the query takes ~70 ms on
 * PostgreSQL (docs/benchmarks-channels.md). From OVERVIEW_REUSE_FROM published channels on, this
 * process reuses the answer for OVERVIEW_REUSE_MS, and concurrent requests share one query. A
 * smaller alliance's figures (a few ms) are always fresh, so a channel published a moment ago is
 * on the map at once; at that scale a map half a minute old tells the same story. Kept per
 * database client (a WeakMap), so tests with their own databases never see each other's.
 */
export const OVERVIEW_REUSE_FROM = 10_000;
export const OVERVIEW_REUSE_MS = 30_000;
interface OverviewMemo {
  month: string;
  at: number;
  rows: Promise<FigureRow[]>;
  done: boolean;
  reusable: boolean;
}
const overviewMemo = new WeakMap<object, OverviewMemo>();

async function overviewRows(ctx: DomainContext, month: Date): Promise<FigureRow[]> {
  const key = monthKey(month);
  const now = ctx.now().getTime();
  const memo = overviewMemo.get(ctx.prisma);
  if (memo && memo.month === key && (!memo.done || (memo.reusable && now - memo.at < OVERVIEW_REUSE_MS))) return memo.rows;
  const entry: OverviewMemo = { month: key, at: now, rows: figureRows(ctx, month), done: false, reusable: false };
  overviewMemo.set(ctx.prisma, entry);
  try {
    const rows = await entry.rows;
    entry.reusable = rows.reduce((n, r) => n + r.channels, 0) >= OVERVIEW_REUSE_FROM;
    return rows;
  } catch (error) {
    if (overviewMemo.get(ctx.prisma) === entry) overviewMemo.delete(ctx.prisma);
    throw error;
  } finally {
    entry.done = true;
  }
}

/** Per country (for the map) and per region and kind (for the chart), this month. */
export async function overview(ctx: DomainContext, actor: CurrentUser) {
  requireViewer(actor);
  const month = monthStart(ctx.now());
  const rows = await overviewRows(ctx, month);
  const countries = new Map<string, FigureRow[]>();
  for (const row of rows) countries.set(row.country, [...(countries.get(row.country) ?? []), row]);
  const byCountry: CountryFigures[] = [...countries].map(([country, list]) => ({
    country,
    region: list[0]!.region,
    channels: list.reduce((n, r) => n + r.channels, 0),
    kinds: byKind(list),
  }));
  const byRegion: RegionFigures[] = REGIONS.flatMap((region) => {
    const list = rows.filter((r) => r.region === region);
    return list.length ? [{ region, channels: list.reduce((n, r) => n + r.channels, 0), kinds: byKind(list) }] : [];
  });
  return {
    month: monthKey(month),
    totalChannels: rows.reduce((n, r) => n + r.channels, 0),
    byCountry,
    byRegion,
    byKind: byKind(rows),
  };
}
export type ChannelOverview = Awaited<ReturnType<typeof overview>>;

/** A country's summary: channels and this month's capacity per kind. */
export async function countrySummary(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireViewer(actor);
  const parsed = z.object({ country: countryCode }).safeParse(input);
  // A country page for a code that is not a country does not exist.
  if (!parsed.success) throw new NotFoundError();
  const { country } = parsed.data;
  const month = monthStart(ctx.now());
  const rows = await figureRows(ctx, month, country);
  return { country, month: monthKey(month), channels: rows.reduce((n, r) => n + r.channels, 0), kinds: byKind(rows) };
}
export type CountrySummary = Awaited<ReturnType<typeof countrySummary>>;

export const channelDirectoryDomain = { search, overview, countrySummary };
