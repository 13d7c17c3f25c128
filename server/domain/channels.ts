// Shared overseas channels: "one channel, many functions". An OEM, logistics or service member
// publishes capacity abroad (a dealer or service network, ro-ro space, rail slots, a warehouse) per
// period; other members request a share; the owner approves (possibly fewer units), declines or
// cancels; full periods keep a waitlist. Capacity arithmetic lives in ./capacity.ts; units in
// ./units.ts. The directory, map and chart are built on these tables elsewhere.
import { z } from "zod";
import type { CurrentUser } from "../auth/index.js";
import type { Prisma } from "../db/generated/client.js";
import type { CapacityRequestStatus, ChannelKind, ChannelStatus, VehicleSegment } from "../db/generated/enums.js";
import type { DomainContext } from "../services.js";
import { recordAudit } from "./audit.js";
import {
  capacityTransaction,
  lockPeriod,
  monthStart,
  monthsBetween,
  newPeriod,
  offerWaitlisted,
  periodEndsOn,
  periodIsOpen,
  periodWithinValidity,
  releaseUnits,
  reserveUnits,
  rollbackToSavepoint,
  savepoint,
  setCapacity,
  utcDay,
  type OfferedRequest,
} from "./capacity.js";
import { regionOf } from "./countries.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from "./errors.js";
import { announceNotifications, notify } from "./notifications.js";
import { blank, countryCode, emailField, enumField, listOf, optionalText, requiredText, wholeNumber } from "./schemas.js";
import { ceuFor, isMonthly, isRoute, RORO_VEHICLE_TYPES, unitOf, type VehicleMix } from "./units.js";

export const CHANNEL_KINDS = ["SALES", "SERVICE", "RORO", "RAIL", "WAREHOUSE"] as const satisfies readonly ChannelKind[];
export const CHANNEL_STATUSES = ["DRAFT", "PUBLISHED", "PAUSED", "ARCHIVED"] as const satisfies readonly ChannelStatus[];
export const VEHICLE_SEGMENTS = [
  "ICE_PASSENGER",
  "COMMERCIAL",
  "NEV_PASSENGER",
  "NEV_COMMERCIAL",
  "PARTS",
] as const satisfies readonly VehicleSegment[];
export const REQUEST_STATUSES = [
  "PENDING",
  "WAITLISTED",
  "APPROVED",
  "DECLINED",
  "WITHDRAWN",
  "CANCELLED",
] as const satisfies readonly CapacityRequestStatus[];

/** Organisation kinds that may publish channels. */
export const PUBLISHER_KINDS = ["OEM", "LOGISTICS", "SERVICE"] as const;

export const CHANNEL_LIMITS = {
  name: 160,
  city: 80,
  place: 120,
  partner: 160,
  terms: 4000,
  contactName: 120,
  contactPhone: 40,
  message: 2000,
  reason: 1000,
  units: 1_000_000,
  sailings: 60,
  /** Longest validity window; monthly channels get one period per month of it. */
  windowMonths: 36,
} as const;

/** A published channel not confirmed for this long is marked stale in the directory. */
export const STALE_AFTER_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The deal room the messaging release opens for a capacity request. */
export const dealRoomPath = (requestId: string) => `/messages/deal/capacity-request/${requestId}`;

export function isStale(channel: { status: ChannelStatus; lastConfirmedAt: Date | null; createdAt: Date }, now: Date) {
  if (channel.status !== "PUBLISHED") return false;
  const confirmed = channel.lastConfirmedAt ?? channel.createdAt;
  return now.getTime() - confirmed.getTime() > STALE_AFTER_DAYS * DAY_MS;
}

/** Lower-cased text the directory searches: names, partner, places and terms. */
export function channelSearchText(c: {
  name: string;
  city: string;
  localPartner?: string | null;
  originName?: string | null;
  destinationName?: string | null;
  terms?: string | null;
  country: string;
}) {
  return [c.name, c.city, c.localPartner, c.originName, c.destinationName, c.country, c.terms]
    .filter((x): x is string => Boolean(x))
    .join(" \n")
    .toLowerCase();
}

/**
 * Han characters: CJK Unified Ideographs with extension A and the compatibility ideographs. The
 * migration channel_free_units_and_grams fills existing rows with the same ranges in SQL.
 */
const HAN_PAIR = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2}$/u;

/**
 * Every distinct pair of adjacent Han characters in the text (Channel.searchGrams). A trigram
 * index cannot answer a search for a two-character word (重庆, 物流, 工时), the usual length of a
 * Chinese word; a GIN index on these pairs can, and any longer Chinese text is found through its
 * trigrams as before.
 */
export function hanBigrams(text: string): string[] {
  const chars = [...text];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = chars[i]! + chars[i + 1]!;
    if (HAN_PAIR.test(pair)) grams.add(pair);
  }
  return [...grams];
}

// ---------------------------------------------------------------------------------------------
// Input schemas. Messages are i18n keys (app/i18n/*/errors.ts and */channels.ts).

/** A calendar date YYYY-MM-DD that exists (no 31 February), as UTC midnight. */
const calendarDate = z.preprocess(
  blank,
  z
    .string({ error: "errors.required" })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.invalidDate")
    .refine((s) => {
      const d = new Date(`${s}T00:00:00.000Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2200;
    }, "errors.invalidDate")
    .transform((s) => new Date(`${s}T00:00:00.000Z`)),
);

const idField = z.uuid();

const phoneField = z.preprocess(
  blank,
  z
    .string()
    .trim()
    .max(CHANNEL_LIMITS.contactPhone, "errors.tooLong")
    .regex(/^[+()\d\s./-]{5,}$/, "channels.errors.invalidPhone")
    .optional(),
);

const ChannelFields = {
  name: requiredText(CHANNEL_LIMITS.name),
  country: z.preprocess(blank, countryCode),
  city: optionalText(CHANNEL_LIMITS.city),
  originName: optionalText(CHANNEL_LIMITS.place),
  originCountry: z.preprocess(blank, countryCode.optional()),
  destinationName: optionalText(CHANNEL_LIMITS.place),
  localPartner: optionalText(CHANNEL_LIMITS.partner),
  segments: listOf(z.enum(VEHICLE_SEGMENTS, { error: "errors.invalidValue" }), VEHICLE_SEGMENTS.length).refine(
    (list) => list.length > 0,
    "channels.errors.segmentRequired",
  ),
  capacityPerPeriod: wholeNumber("channels", 1, CHANNEL_LIMITS.units),
  validFrom: calendarDate,
  validTo: calendarDate,
  terms: optionalText(CHANNEL_LIMITS.terms),
  contactName: requiredText(CHANNEL_LIMITS.contactName),
  contactEmail: emailField,
  contactPhone: phoneField,
};

const CreateChannelSchema = z.object({
  kind: enumField(CHANNEL_KINDS),
  ...ChannelFields,
  /** RORO / RAIL: sailing or departure dates, one period each. */
  sailings: listOf(calendarDate, CHANNEL_LIMITS.sailings),
  publish: z.preprocess((v) => v === true || v === "true" || v === "1" || v === "on", z.boolean()).default(false),
});
// Partial: forms may leave fields out (the schema then reports them); the functions take `unknown` anyway.
export type CreateChannelInput = Partial<z.input<typeof CreateChannelSchema>>;

const UpdateChannelSchema = z.object({ channelId: z.string(), ...ChannelFields });
export type UpdateChannelInput = Partial<z.input<typeof UpdateChannelSchema>>;

const StatusSchema = z.object({ channelId: z.string(), status: enumField(CHANNEL_STATUSES) });
const AddPeriodSchema = z.object({
  channelId: z.string(),
  startsOn: calendarDate,
  capacity: z.preprocess(blank, wholeNumber("channels", 1, CHANNEL_LIMITS.units).optional()),
});
const PeriodCapacitySchema = z.object({ periodId: z.string(), capacity: wholeNumber("channels", 0, CHANNEL_LIMITS.units) });

const vehicleMixField = z.preprocess(
  (v) => (v === undefined || v === null || v === "" ? {} : v),
  z.partialRecord(
    z.enum(RORO_VEHICLE_TYPES as [string, ...string[]], { error: "errors.invalidValue" }),
    z.preprocess(blank, wholeNumber("channels", 0, 10_000).optional()),
    { error: "errors.invalidValue" },
  ),
);

const RequestSchema = z.object({
  channelId: z.string(),
  periodId: z.preprocess(blank, z.string({ error: "errors.required" })),
  units: z.preprocess(blank, wholeNumber("channels", 1, CHANNEL_LIMITS.units).optional()),
  vehicleMix: vehicleMixField,
  message: optionalText(CHANNEL_LIMITS.message),
});
export type CapacityRequestInput = z.input<typeof RequestSchema>;

const ApproveSchema = z.object({
  requestId: z.string(),
  approvedUnits: z.preprocess(blank, wholeNumber("channels", 1, CHANNEL_LIMITS.units).optional()),
  reason: optionalText(CHANNEL_LIMITS.reason),
});
const DeclineSchema = z.object({ requestId: z.string(), reason: requiredText(CHANNEL_LIMITS.reason) });
const CancelSchema = DeclineSchema;
const WithdrawSchema = z.object({ requestId: z.string() });

/** zod's own messages are English prose; map them to the shared keys, as parseInput does. */
function genericKey(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") return issue.input === undefined ? "errors.required" : "errors.invalidValue";
  if (issue.code === "too_big") return "errors.tooLong";
  if (issue.code === "too_small") return "errors.required";
  return "errors.invalidValue";
}

/**
 * Like parseInput (./errors.ts), but keeps this area's own message keys ("channels.errors.x"), and
 * reports list items on the list ("segments.2" -> "segments"); `extra` adds cross-field checks.
 */
function parse<S extends z.ZodType>(schema: S, input: unknown, extra?: (parsed: z.output<S>) => FieldErrors): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of result.error.issues) {
      const key = issue.path.length ? String(issue.path[0]) : "_form";
      if (fieldErrors[key]) continue;
      fieldErrors[key] = /^(channels\.)?errors\./.test(issue.message) ? issue.message : genericKey(issue);
    }
    throw new ValidationError(fieldErrors);
  }
  const more = extra?.(result.data) ?? {};
  if (Object.keys(more).length) throw new ValidationError(more);
  return result.data;
}

/** Ids come from URLs: one that is not a UUID cannot exist, so it is a 404 rather than a field error. */
function idOf(value: unknown): string {
  const parsed = idField.safeParse(typeof value === "string" ? value.trim() : value);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

function windowErrors(validFrom: Date, validTo: Date, now: Date, isNew: boolean): FieldErrors {
  if (validTo.getTime() < validFrom.getTime()) return { validTo: "errors.dateRange" };
  const limit = new Date(Date.UTC(validFrom.getUTCFullYear(), validFrom.getUTCMonth() + CHANNEL_LIMITS.windowMonths, validFrom.getUTCDate()));
  if (validTo.getTime() > limit.getTime()) return { validTo: "channels.errors.windowTooLong" };
  if (isNew && validTo.getTime() < utcDay(now).getTime()) return { validTo: "channels.errors.windowInPast" };
  return {};
}

type ChannelFieldsOutput = z.output<z.ZodObject<typeof ChannelFields>>;

function placeErrors(kind: ChannelKind, data: ChannelFieldsOutput): FieldErrors {
  const errors: FieldErrors = {};
  if (isRoute(kind)) {
    if (!data.originName) errors.originName = "errors.required";
    if (!data.destinationName) errors.destinationName = "errors.required";
  } else if (!data.city) {
    errors.city = "errors.required";
  }
  return errors;
}

/** The channel's columns from validated fields; RORO/RAIL show their destination as the city. */
function channelColumns(kind: ChannelKind, data: ChannelFieldsOutput) {
  const route = isRoute(kind);
  const city = route ? (data.destinationName ?? "").slice(0, CHANNEL_LIMITS.city) : (data.city ?? "");
  const columns = {
    name: data.name,
    country: data.country,
    region: regionOf(data.country) ?? "ASIA",
    city,
    originName: route ? (data.originName ?? null) : null,
    originCountry: route ? (data.originCountry ?? "CN") : null,
    destinationName: route ? (data.destinationName ?? null) : null,
    localPartner: data.localPartner ?? null,
    segments: data.segments,
    capacityPerPeriod: data.capacityPerPeriod,
    validFrom: data.validFrom,
    validTo: data.validTo,
    terms: data.terms ?? "",
    contactName: data.contactName,
    contactEmail: data.contactEmail,
    contactPhone: data.contactPhone ?? null,
  };
  const searchText = channelSearchText(columns);
  return { ...columns, searchText, searchGrams: hanBigrams(searchText) };
}

// ---------------------------------------------------------------------------------------------
// Authorization. Routes check again with their guards; these guard the data.

/** Listings are for active members and the secretariat. */
function requireViewer(actor: CurrentUser) {
  if (!actor.secretariat && actor.organization.status !== "ACTIVE") throw new ForbiddenError();
}

function requireActive(actor: CurrentUser) {
  if (actor.organization.status !== "ACTIVE") throw new ForbiddenError();
}

export function canPublish(actor: CurrentUser) {
  return (
    actor.organization.status === "ACTIVE" &&
    actor.role === "ORG_ADMIN" &&
    (PUBLISHER_KINDS as readonly string[]).includes(actor.organization.kind)
  );
}

function requirePublisher(actor: CurrentUser) {
  if (!canPublish(actor)) throw new ForbiddenError("channels.errors.notPublisher");
}

function isOwnerAdmin(actor: CurrentUser, ownerOrganizationId: string) {
  return actor.organization.status === "ACTIVE" && actor.role === "ORG_ADMIN" && actor.organization.id === ownerOrganizationId;
}

function requireOwnerAdmin(actor: CurrentUser, ownerOrganizationId: string) {
  if (!isOwnerAdmin(actor, ownerOrganizationId)) throw new ForbiddenError();
}

/** Request details: the owner organisation, the requesting organisation and the secretariat. */
function requireRequestParty(actor: CurrentUser, ownerOrganizationId: string, requestingOrganizationId: string) {
  if (actor.secretariat) return;
  requireActive(actor);
  const org = actor.organization.id;
  if (org !== ownerOrganizationId && org !== requestingOrganizationId) throw new ForbiddenError();
}

/** Drafts are the owner's (and the secretariat's) business; other states are visible to members. */
function requireChannelVisible(actor: CurrentUser, channel: { status: ChannelStatus; ownerOrganizationId: string }) {
  requireViewer(actor);
  if (channel.status === "DRAFT" && !actor.secretariat && actor.organization.id !== channel.ownerOrganizationId) {
    throw new ForbiddenError();
  }
}

// ---------------------------------------------------------------------------------------------
// Shared pieces.

type Tx = Prisma.TransactionClient;

const orgSelect = { id: true, nameEn: true, nameZh: true, kind: true } as const;

async function loadChannel(ctx: DomainContext, channelId: string) {
  const channel = await ctx.prisma.channel.findUnique({
    where: { id: channelId },
    include: { owner: { select: orgSelect } },
  });
  if (!channel) throw new NotFoundError();
  return channel;
}

async function loadRequest(ctx: DomainContext, requestId: string) {
  const request = await ctx.prisma.capacityRequest.findUnique({
    where: { id: requestId },
    include: {
      channel: {
        select: { id: true, name: true, kind: true, status: true, ownerOrganizationId: true, country: true, city: true },
      },
      period: { select: { id: true, startsOn: true, capacity: true, approvedUnits: true } },
    },
  });
  if (!request) throw new NotFoundError();
  return request;
}

type LoadedRequest = Awaited<ReturnType<typeof loadRequest>>;

/** One audit event for each of the two organisations, so each sees it in its own history. */
async function auditRequest(
  tx: Tx,
  actor: CurrentUser,
  request: { id: string; channelId: string; requestingOrganizationId: string },
  ownerOrganizationId: string,
  action: string,
  data: Prisma.InputJsonObject,
) {
  const payload = { channelId: request.channelId, ownerOrganizationId, requestingOrganizationId: request.requestingOrganizationId, ...data };
  // One statement for both copies: capacity decisions are counted in statements (PGlite runs one at a time).
  await tx.auditEvent.createMany({
    data: [...new Set([ownerOrganizationId, request.requestingOrganizationId])].map((organizationId) => ({
      actorUserId: actor.id,
      organizationId,
      action,
      subjectType: "CapacityRequest",
      subjectId: request.id,
      data: payload,
    })),
  });
}

function notificationData(request: LoadedRequest | { id: string; units: number }, channel: { id: string; name: string }, extra: Prisma.InputJsonObject = {}) {
  return { requestId: request.id, channelId: channel.id, channelName: channel.name, units: request.units, ...extra };
}

/** Tells both sides about requests moved from the waitlist back to PENDING; returns who was notified. */
async function announceOffers(
  tx: Tx,
  actor: CurrentUser,
  offered: OfferedRequest[],
  channel: { id: string; name: string; ownerOrganizationId: string },
) {
  const notified: string[] = [];
  for (const request of offered) {
    await auditRequest(tx, actor, { ...request, channelId: channel.id }, channel.ownerOrganizationId, "capacity_request.offered", { units: request.units });
    notified.push(
      ...(await notify(
        tx,
        { adminsOf: [channel.ownerOrganizationId, request.requestingOrganizationId], userIds: [request.requestedById] },
        "capacity_request.offered",
        notificationData(request, channel),
      )),
    );
  }
  return notified;
}

/** Creates the periods a channel needs and removes empty ones outside its validity window. */
async function syncPeriods(
  tx: Tx,
  channel: { id: string; kind: ChannelKind; validFrom: Date; validTo: Date; capacityPerPeriod: number },
  sailings: Date[],
  now: Date,
) {
  const existing = await tx.channelPeriod.findMany({
    where: { channelId: channel.id },
    select: { id: true, startsOn: true, _count: { select: { requests: true } } },
  });
  const outside = existing.filter((p) => !periodWithinValidity(channel.kind, p.startsOn, channel.validFrom, channel.validTo));
  if (outside.some((p) => p._count.requests > 0)) {
    throw new ValidationError({ validFrom: "channels.errors.windowExcludesRequests", validTo: "channels.errors.windowExcludesRequests" });
  }
  if (outside.length) await tx.channelPeriod.deleteMany({ where: { id: { in: outside.map((p) => p.id) } } });

  const wanted = isMonthly(channel.kind) ? monthsBetween(channel.validFrom, channel.validTo) : sailings;
  const have = new Set(existing.map((p) => p.startsOn.getTime()));
  const fresh = wanted.filter((d) => !have.has(d.getTime()) && periodIsOpen(channel.kind, d, now));
  if (fresh.length) {
    await tx.channelPeriod.createMany({
      data: fresh.map((startsOn) => newPeriod(channel, startsOn, channel.capacityPerPeriod)),
      skipDuplicates: true,
    });
  }
}

function periodView(kind: ChannelKind, p: { id: string; startsOn: Date; capacity: number; approvedUnits: number }, now: Date) {
  return {
    id: p.id,
    startsOn: p.startsOn,
    endsOn: periodEndsOn(kind, p.startsOn),
    capacity: p.capacity,
    approvedUnits: p.approvedUnits,
    free: Math.max(0, p.capacity - p.approvedUnits),
    open: periodIsOpen(kind, p.startsOn, now),
  };
}
export type PeriodView = ReturnType<typeof periodView>;

// ---------------------------------------------------------------------------------------------
// Publishing and keeping channels up to date.

/** An ORG_ADMIN of an OEM, LOGISTICS or SERVICE member creates a channel (a draft, or published). */
export async function createChannel(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requirePublisher(actor);
  const now = ctx.now();
  const data = parse(CreateChannelSchema, input, (d) => {
    const errors: FieldErrors = { ...placeErrors(d.kind, d), ...windowErrors(d.validFrom, d.validTo, now, true) };
    if (isRoute(d.kind) && !errors.validTo && !errors.validFrom) {
      if (d.sailings.length === 0) errors.sailings = "channels.errors.sailingRequired";
      else if (d.sailings.some((s) => !periodWithinValidity(d.kind, s, d.validFrom, d.validTo))) errors.sailings = "channels.errors.periodOutsideValidity";
      else if (d.sailings.some((s) => !periodIsOpen(d.kind, s, now))) errors.sailings = "channels.errors.periodPast";
    }
    return errors;
  });
  const status: ChannelStatus = data.publish ? "PUBLISHED" : "DRAFT";
  return ctx.prisma.$transaction(async (tx) => {
    const channel = await tx.channel.create({
      data: {
        ownerOrganizationId: actor.organization.id,
        kind: data.kind,
        status,
        ...channelColumns(data.kind, data),
        publishedAt: data.publish ? now : null,
        lastConfirmedAt: data.publish ? now : null,
        createdById: actor.id,
      },
      select: { id: true, kind: true, validFrom: true, validTo: true, capacityPerPeriod: true, status: true },
    });
    await syncPeriods(tx, channel, data.sailings, now);
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: actor.organization.id,
      action: data.publish ? "channel.published" : "channel.created",
      subjectType: "Channel",
      subjectId: channel.id,
      data: { kind: data.kind, country: data.country, name: data.name },
    });
    return { id: channel.id, status: channel.status };
  });
}

/**
 * The owner edits a channel. Its kind stays (periods and requests are counted in its unit). A new
 * capacity per period applies to every period that has not ended, each with the conditional update:
 * if any period already has more approved than the new capacity, nothing changes.
 */
export async function updateChannel(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const channel = await loadChannel(ctx, idOf(raw.channelId));
  requireOwnerAdmin(actor, channel.ownerOrganizationId);
  if (channel.status === "ARCHIVED") throw new ConflictError("channels.errors.archived");
  const now = ctx.now();
  const data = parse(UpdateChannelSchema, input, (d) => ({
    ...placeErrors(channel.kind, d),
    ...windowErrors(d.validFrom, d.validTo, now, false),
  }));
  const columns = channelColumns(channel.kind, data);
  const changed = (Object.keys(columns) as (keyof typeof columns)[]).filter(
    (k) => k !== "searchText" && k !== "searchGrams" && JSON.stringify(columns[k]) !== JSON.stringify(channel[k]),
  );

  const offered = await capacityTransaction(ctx, async (tx) => {
    await tx.channel.update({ where: { id: channel.id }, data: columns });
    const sailings = (await tx.channelPeriod.findMany({ where: { channelId: channel.id }, select: { startsOn: true } })).map((p) => p.startsOn);
    await syncPeriods(tx, { id: channel.id, kind: channel.kind, ...columns }, sailings, now);
    let offers: OfferedRequest[] = [];
    if (columns.capacityPerPeriod !== channel.capacityPerPeriod) {
      // Periods in date order: concurrent edits of the same channel lock them in the same order.
      const periods = await tx.channelPeriod.findMany({
        where: { channelId: channel.id },
        orderBy: { startsOn: "asc" },
        select: { id: true, startsOn: true },
      });
      for (const period of periods.filter((p) => periodIsOpen(channel.kind, p.startsOn, now))) {
        const free = await setCapacity(tx, period.id, columns.capacityPerPeriod, now);
        if (free === null) throw new ValidationError({ capacityPerPeriod: "channels.errors.capacityBelowApproved" });
        offers = offers.concat(await offerWaitlisted(tx, period.id, free, now));
      }
    }
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: channel.ownerOrganizationId,
      action: "channel.updated",
      subjectType: "Channel",
      subjectId: channel.id,
      data: { changed },
    });
    await announceOffers(tx, actor, offers, { id: channel.id, name: columns.name, ownerOrganizationId: channel.ownerOrganizationId });
    return offers;
  });
  return { id: channel.id, offered: offered.length };
}

const TRANSITIONS: Record<ChannelStatus, readonly ChannelStatus[]> = {
  DRAFT: ["PUBLISHED", "ARCHIVED"],
  PUBLISHED: ["PAUSED", "ARCHIVED"],
  PAUSED: ["PUBLISHED", "ARCHIVED"],
  ARCHIVED: [],
};

/**
 * DRAFT -> PUBLISHED <-> PAUSED -> ARCHIVED. Publishing is for publisher organisations only.
 * Archiving declines every open request (pending or waitlisted) and tells the requesters.
 */
export async function setChannelStatus(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const channel = await loadChannel(ctx, idOf(raw.channelId));
  requireOwnerAdmin(actor, channel.ownerOrganizationId);
  const { status } = parse(StatusSchema, input);
  if (status === "PUBLISHED") requirePublisher(actor);
  if (!TRANSITIONS[channel.status].includes(status)) throw new ConflictError("channels.errors.badTransition");
  const now = ctx.now();
  const notified: string[] = [];
  const result = await ctx.prisma.$transaction(async (tx) => {
    notified.length = 0;
    const moved = await tx.channel.updateMany({
      where: { id: channel.id, status: channel.status },
      data: {
        status,
        ...(status === "PUBLISHED" ? { lastConfirmedAt: now, publishedAt: channel.publishedAt ?? now } : {}),
      },
    });
    if (moved.count !== 1) throw new ConflictError("channels.errors.changedMeanwhile");
    if (status === "PUBLISHED") {
      const sailings = (await tx.channelPeriod.findMany({ where: { channelId: channel.id }, select: { startsOn: true } })).map((p) => p.startsOn);
      await syncPeriods(tx, channel, sailings, now);
    }
    let declined = 0;
    if (status === "ARCHIVED") {
      const open = await tx.capacityRequest.findMany({
        where: { channelId: channel.id, status: { in: ["PENDING", "WAITLISTED"] } },
        select: { id: true, units: true, channelId: true, requestingOrganizationId: true, requestedById: true },
      });
      for (const request of open) {
        const done = await tx.capacityRequest.updateMany({
          where: { id: request.id, status: { in: ["PENDING", "WAITLISTED"] } },
          // No reason text: the request page explains that the channel was archived.
          data: { status: "DECLINED", decidedAt: now, decidedById: actor.id, decisionReason: null },
        });
        if (done.count !== 1) continue;
        declined++;
        await auditRequest(tx, actor, request, channel.ownerOrganizationId, "capacity_request.declined", { reason: "channel_archived" });
        notified.push(...(await notify(tx, { userIds: [request.requestedById] }, "capacity_request.declined", notificationData(request, channel))));
      }
    }
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: channel.ownerOrganizationId,
      action: `channel.${status.toLowerCase()}`,
      subjectType: "Channel",
      subjectId: channel.id,
      data: { from: channel.status, to: status, declinedRequests: declined },
    });
    return { id: channel.id, status, declined };
  });
  announceNotifications(ctx, notified);
  return result;
}

/** One click: the owner says the listing is still right. */
export async function confirmChannel(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const channel = await loadChannel(ctx, idOf(raw.channelId));
  requireOwnerAdmin(actor, channel.ownerOrganizationId);
  if (channel.status === "ARCHIVED" || channel.status === "DRAFT") throw new ConflictError("channels.errors.notPublished");
  const now = ctx.now();
  await ctx.prisma.$transaction(async (tx) => {
    await tx.channel.update({ where: { id: channel.id }, data: { lastConfirmedAt: now } });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: channel.ownerOrganizationId,
      action: "channel.confirmed",
      subjectType: "Channel",
      subjectId: channel.id,
    });
  });
  return { id: channel.id, lastConfirmedAt: now };
}

/** RORO / RAIL: the owner adds a sailing or departure (monthly kinds get their months automatically). */
export async function addPeriod(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const channel = await loadChannel(ctx, idOf(raw.channelId));
  requireOwnerAdmin(actor, channel.ownerOrganizationId);
  if (channel.status === "ARCHIVED") throw new ConflictError("channels.errors.archived");
  const now = ctx.now();
  const data = parse(AddPeriodSchema, input, (d): FieldErrors => {
    if (!periodWithinValidity(channel.kind, d.startsOn, channel.validFrom, channel.validTo)) return { startsOn: "channels.errors.periodOutsideValidity" };
    if (!periodIsOpen(channel.kind, d.startsOn, now)) return { startsOn: "channels.errors.periodPast" };
    return {};
  });
  const startsOn = isMonthly(channel.kind) ? monthStart(data.startsOn) : data.startsOn;
  return ctx.prisma.$transaction(async (tx) => {
    const made = await tx.channelPeriod.createMany({
      data: [newPeriod(channel, startsOn, data.capacity ?? channel.capacityPerPeriod)],
      skipDuplicates: true,
    });
    if (made.count !== 1) throw new ValidationError({ startsOn: "channels.errors.periodExists" });
    const period = await tx.channelPeriod.findUniqueOrThrow({ where: { channelId_startsOn: { channelId: channel.id, startsOn } }, select: { id: true } });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: channel.ownerOrganizationId,
      action: "channel.period_added",
      subjectType: "Channel",
      subjectId: channel.id,
      data: { periodId: period.id, startsOn: startsOn.toISOString().slice(0, 10), capacity: data.capacity ?? channel.capacityPerPeriod },
    });
    return { id: period.id };
  });
}

/**
 * The owner changes one period's capacity. Lowering it below the approved units is refused (one
 * conditional UPDATE, so a racing approval cannot slip in between); raising it offers the waitlist.
 */
export async function setPeriodCapacity(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const periodId = idOf(raw.periodId);
  const period = await ctx.prisma.channelPeriod.findUnique({
    where: { id: periodId },
    include: { channel: { select: { id: true, name: true, kind: true, status: true, ownerOrganizationId: true } } },
  });
  if (!period) throw new NotFoundError();
  requireOwnerAdmin(actor, period.channel.ownerOrganizationId);
  if (period.channel.status === "ARCHIVED") throw new ConflictError("channels.errors.archived");
  const { capacity } = parse(PeriodCapacitySchema, input);
  const now = ctx.now();
  let notified: string[] = [];
  const offered = await capacityTransaction(ctx, async (tx) => {
    notified = [];
    const free = await setCapacity(tx, period.id, capacity, now);
    if (free === null) throw new ValidationError({ capacity: "channels.errors.capacityBelowApproved" });
    const offers = await offerWaitlisted(tx, period.id, free, now);
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: period.channel.ownerOrganizationId,
      action: "channel.period_capacity_changed",
      subjectType: "Channel",
      subjectId: period.channel.id,
      data: { periodId: period.id, from: period.capacity, to: capacity },
    });
    notified = await announceOffers(tx, actor, offers, period.channel);
    return offers;
  });
  announceNotifications(ctx, notified);
  return { id: period.id, capacity, offered: offered.length };
}

/** A sailing or month nobody has asked for can be removed. */
export async function removePeriod(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const period = await ctx.prisma.channelPeriod.findUnique({
    where: { id: idOf(raw.periodId) },
    include: { channel: { select: { id: true, ownerOrganizationId: true } }, _count: { select: { requests: true } } },
  });
  if (!period) throw new NotFoundError();
  requireOwnerAdmin(actor, period.channel.ownerOrganizationId);
  if (period._count.requests > 0) throw new ConflictError("channels.errors.periodHasRequests");
  await ctx.prisma.$transaction(async (tx) => {
    const gone = await tx.channelPeriod.deleteMany({ where: { id: period.id, requests: { none: {} } } });
    if (gone.count !== 1) throw new ConflictError("channels.errors.periodHasRequests");
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: period.channel.ownerOrganizationId,
      action: "channel.period_removed",
      subjectType: "Channel",
      subjectId: period.channel.id,
      data: { periodId: period.id, startsOn: period.startsOn.toISOString().slice(0, 10) },
    });
  });
  return { id: period.id };
}

// ---------------------------------------------------------------------------------------------
// Reading channels.

/** The channel page: the listing, its open periods with free units, and the requests the viewer may see. */
export async function getChannel(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const channel = await loadChannel(ctx, idOf(raw.channelId));
  requireChannelVisible(actor, channel);
  const now = ctx.now();
  const isOwner = actor.organization.id === channel.ownerOrganizationId;
  const manage = isOwnerAdmin(actor, channel.ownerOrganizationId);
  const seesAll = isOwner || actor.secretariat;

  const periods = await ctx.prisma.channelPeriod.findMany({
    where: { channelId: channel.id },
    orderBy: { startsOn: "asc" },
    select: { id: true, startsOn: true, capacity: true, approvedUnits: true },
  });
  const openPeriods = periods.map((p) => periodView(channel.kind, p, now)).filter((p) => p.open);

  const requestSelect = {
    id: true,
    periodId: true,
    units: true,
    approvedUnits: true,
    status: true,
    message: true,
    decisionReason: true,
    createdAt: true,
    decidedAt: true,
    waitlistedAt: true,
    offeredAt: true,
    vehicleMix: true,
    requestingOrganization: { select: orgSelect },
    requestedBy: { select: { id: true, name: true } },
    period: { select: { startsOn: true } },
  } as const;
  const requestScope = seesAll ? { channelId: channel.id } : { channelId: channel.id, requestingOrganizationId: actor.organization.id };
  const [open, closed] = await Promise.all([
    ctx.prisma.capacityRequest.findMany({
      where: { ...requestScope, status: { in: ["PENDING", "WAITLISTED"] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: requestSelect,
      take: 500,
    }),
    ctx.prisma.capacityRequest.findMany({
      where: { ...requestScope, status: { in: ["APPROVED", "DECLINED", "WITHDRAWN", "CANCELLED"] } },
      orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
      select: requestSelect,
      take: 100,
    }),
  ]);

  let cannotRequest: string | null = null;
  if (actor.organization.status !== "ACTIVE") cannotRequest = "channels.errors.notActiveMember";
  else if (isOwner) cannotRequest = "channels.errors.ownChannel";
  else if (channel.status !== "PUBLISHED") cannotRequest = "channels.errors.notAcceptingRequests";
  else if (!openPeriods.length) cannotRequest = "channels.errors.noOpenPeriods";

  return {
    channel: {
      id: channel.id,
      kind: channel.kind,
      status: channel.status,
      name: channel.name,
      country: channel.country,
      region: channel.region,
      city: channel.city,
      originName: channel.originName,
      originCountry: channel.originCountry,
      destinationName: channel.destinationName,
      localPartner: channel.localPartner,
      segments: channel.segments,
      capacityPerPeriod: channel.capacityPerPeriod,
      unit: unitOf(channel.kind),
      monthly: isMonthly(channel.kind),
      validFrom: channel.validFrom,
      validTo: channel.validTo,
      terms: channel.terms,
      contactName: channel.contactName,
      contactEmail: channel.contactEmail,
      contactPhone: channel.contactPhone,
      lastConfirmedAt: channel.lastConfirmedAt,
      publishedAt: channel.publishedAt,
      createdAt: channel.createdAt,
      updatedAt: channel.updatedAt,
      stale: isStale(channel, now),
      owner: channel.owner,
    },
    periods: openPeriods,
    requests: { open, closed },
    viewer: {
      isOwner,
      /** Owner organisation and secretariat see every request; others only their own organisation's. */
      seesAll,
      canManage: manage,
      canRequest: cannotRequest === null,
      cannotRequest,
      canPublish: manage && canPublish(actor),
    },
  };
}
export type ChannelPage = Awaited<ReturnType<typeof getChannel>>;

/** What the edit form starts from (the owner's admins only). */
export async function getChannelForEdit(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const channel = await loadChannel(ctx, idOf(raw.channelId));
  requireOwnerAdmin(actor, channel.ownerOrganizationId);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    id: channel.id,
    kind: channel.kind,
    status: channel.status,
    values: {
      name: channel.name,
      country: channel.country,
      city: channel.city,
      originName: channel.originName ?? "",
      originCountry: channel.originCountry ?? "",
      destinationName: channel.destinationName ?? "",
      localPartner: channel.localPartner ?? "",
      segments: channel.segments as string[],
      capacityPerPeriod: String(channel.capacityPerPeriod),
      validFrom: day(channel.validFrom),
      validTo: day(channel.validTo),
      terms: channel.terms,
      contactName: channel.contactName,
      contactEmail: channel.contactEmail,
      contactPhone: channel.contactPhone ?? "",
    },
  };
}

/** "My channels and requests": the organisation's channels (with reminders) and its requests. */
export async function mine(ctx: DomainContext, actor: CurrentUser) {
  requireActive(actor);
  const now = ctx.now();
  const orgId = actor.organization.id;
  const channels = await ctx.prisma.channel.findMany({
    where: { ownerOrganizationId: orgId },
    orderBy: [{ status: "asc" }, { updatedAt: "desc" }],
    take: 500,
    select: {
      id: true,
      name: true,
      kind: true,
      status: true,
      country: true,
      city: true,
      originName: true,
      destinationName: true,
      capacityPerPeriod: true,
      lastConfirmedAt: true,
      createdAt: true,
      validTo: true,
    },
  });
  const ids = channels.map((c) => c.id);
  const [pending, waitlisted, requests] = await Promise.all([
    ctx.prisma.capacityRequest.groupBy({ by: ["channelId"], where: { channelId: { in: ids }, status: "PENDING" }, _count: { _all: true } }),
    ctx.prisma.capacityRequest.groupBy({ by: ["channelId"], where: { channelId: { in: ids }, status: "WAITLISTED" }, _count: { _all: true } }),
    ctx.prisma.capacityRequest.findMany({
      where: { requestingOrganizationId: orgId },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 200,
      select: {
        id: true,
        units: true,
        approvedUnits: true,
        status: true,
        createdAt: true,
        decidedAt: true,
        channel: { select: { id: true, name: true, kind: true, country: true, city: true, owner: { select: orgSelect } } },
        period: { select: { startsOn: true } },
      },
    }),
  ]);
  const count = (rows: { channelId: string; _count: { _all: number } }[]) => new Map(rows.map((r) => [r.channelId, r._count._all]));
  const pendingBy = count(pending);
  const waitlistedBy = count(waitlisted);
  const list = channels.map((c) => ({
    ...c,
    unit: unitOf(c.kind),
    stale: isStale(c, now),
    pending: pendingBy.get(c.id) ?? 0,
    waitlisted: waitlistedBy.get(c.id) ?? 0,
  }));
  return {
    canPublish: canPublish(actor),
    isAdmin: actor.role === "ORG_ADMIN",
    channels: list,
    staleCount: list.filter((c) => c.stale).length,
    awaitingDecision: list.reduce((n, c) => n + c.pending, 0),
    requests: requests.map((r) => ({ ...r, unit: unitOf(r.channel.kind) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Requesting a share and deciding.

/**
 * Any active member asks for units in one period of a published channel of another organisation.
 * RORO requests list vehicles by type and are converted to CEU. A request that does not fit in the
 * free units right now goes straight on the waitlist.
 */
export async function requestCapacity(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireActive(actor);
  const raw = (input ?? {}) as Record<string, unknown>;
  const channel = await loadChannel(ctx, idOf(raw.channelId));
  requireChannelVisible(actor, channel);
  if (channel.ownerOrganizationId === actor.organization.id) throw new ForbiddenError("channels.errors.ownChannel");
  if (channel.status !== "PUBLISHED") throw new ConflictError("channels.errors.notAcceptingRequests");
  const now = ctx.now();
  const data = parse(RequestSchema, input);

  let units: number;
  let vehicleMix: VehicleMix | null = null;
  if (channel.kind === "RORO") {
    vehicleMix = Object.fromEntries(Object.entries(data.vehicleMix).filter(([, n]) => typeof n === "number" && n > 0)) as VehicleMix;
    units = ceuFor(vehicleMix);
    if (units <= 0) throw new ValidationError({ vehicleMix: "channels.errors.vehicleRequired" });
  } else {
    if (data.units === undefined) throw new ValidationError({ units: "errors.required" });
    units = data.units;
  }
  if (units > CHANNEL_LIMITS.units) throw new ValidationError({ [channel.kind === "RORO" ? "vehicleMix" : "units"]: "channels.errors.tooLarge" });

  const periodId = z.uuid().safeParse(data.periodId);
  const period = periodId.success
    ? await ctx.prisma.channelPeriod.findUnique({ where: { id: periodId.data }, select: { id: true, channelId: true, startsOn: true, capacity: true, approvedUnits: true } })
    : null;
  if (!period || period.channelId !== channel.id) throw new ValidationError({ periodId: "channels.errors.unknownPeriod" });
  if (!periodWithinValidity(channel.kind, period.startsOn, channel.validFrom, channel.validTo)) {
    throw new ValidationError({ periodId: "channels.errors.periodOutsideValidity" });
  }
  if (!periodIsOpen(channel.kind, period.startsOn, now)) throw new ValidationError({ periodId: "channels.errors.periodPast" });
  const unitsField = channel.kind === "RORO" ? "vehicleMix" : "units";
  if (units > period.capacity) throw new ValidationError({ [unitsField]: "channels.errors.moreThanCapacity" });

  // Not a reservation: only approval takes units. A request that cannot fit now waits in line.
  let notified: string[] = [];
  const created = await ctx.prisma.$transaction(async (tx) => {
    let fitsNow = units <= period.capacity - period.approvedUnits;
    if (!fitsNow) {
      // Decide under the period lock, so that a release committing at the same time offers this one.
      const locked = await lockPeriod(tx, period.id);
      fitsNow = units <= locked.capacity - locked.approvedUnits;
    }
    const status: CapacityRequestStatus = fitsNow ? "PENDING" : "WAITLISTED";
    const request = await tx.capacityRequest.create({
      data: {
        channelId: channel.id,
        periodId: period.id,
        requestingOrganizationId: actor.organization.id,
        requestedById: actor.id,
        units,
        vehicleMix: vehicleMix ?? undefined,
        message: data.message ?? "",
        status,
        waitlistedAt: fitsNow ? null : now,
      },
      select: { id: true, units: true, status: true, channelId: true, requestingOrganizationId: true },
    });
    await auditRequest(tx, actor, request, channel.ownerOrganizationId, "capacity_request.created", {
      units,
      periodStartsOn: period.startsOn.toISOString().slice(0, 10),
      status,
      ...(vehicleMix ? { vehicleMix } : {}),
    });
    notified = await notify(tx, { adminsOf: [channel.ownerOrganizationId] }, "capacity_request.created", {
      ...notificationData(request, channel),
      requestingOrganization: actor.organization.nameEn,
      requestingOrganizationZh: actor.organization.nameZh,
      status,
    });
    return { id: request.id, status: request.status, units };
  });
  announceNotifications(ctx, notified);
  return created;
}

/** What a decision tells the caller: approved, or waitlisted because the units no longer fitted. */
export type ApproveOutcome = { id: string; status: "APPROVED"; approvedUnits: number } | { id: string; status: "WAITLISTED"; approvedUnits: null };

/**
 * The owner's ORG_ADMIN approves a pending request, possibly for fewer units. Callers never see a
 * lock error; they see APPROVED, or WAITLISTED when the units no longer fit.
 *
 * One transaction, ordered so that the period's row lock, which every decision on the period waits
 * for, is held as briefly as possible: from the period statement, the last one, to the commit.
 * 1. Claim the request (only a PENDING one can be claimed, so a double approval is impossible) and
 *    read the period's free units as last committed, without locking it.
 * 2. Write the records of the likely outcome (the decision on the request, the audit trail, the
 *    notifications) after a savepoint, while no period lock is held.
 * 3. Last, the period: approving adds the units with the conditional UPDATE (the invariant is in its
 *    WHERE clause); waitlisting takes the row lock and checks that the units still do not fit, so
 *    a release that commits after us sees the waitlisted request and offers it.
 * If step 3 finds the other outcome (a race at the boundary), roll back to the savepoint and decide
 * again under the lock.
 */
export async function approveRequest(ctx: DomainContext, actor: CurrentUser, input: unknown): Promise<ApproveOutcome> {
  const raw = (input ?? {}) as Record<string, unknown>;
  const request = await loadRequest(ctx, idOf(raw.requestId));
  requireOwnerAdmin(actor, request.channel.ownerOrganizationId);
  if (request.channel.status === "ARCHIVED") throw new ConflictError("channels.errors.archived");
  const data = parse(ApproveSchema, input, (d): FieldErrors =>
    d.approvedUnits !== undefined && d.approvedUnits > request.units ? { approvedUnits: "channels.errors.moreThanRequested" } : {},
  );
  if (request.status !== "PENDING") throw new ConflictError("channels.errors.notPending");
  const units = data.approvedUnits ?? request.units;
  const now = ctx.now();
  const ownerOrg = request.channel.ownerOrganizationId;
  const requester = { adminsOf: [request.requestingOrganizationId], userIds: [request.requestedById] };

  const writeApproved = async (tx: Tx) => {
    await auditRequest(tx, actor, request, ownerOrg, "capacity_request.approved", { units: request.units, approvedUnits: units, ...(data.reason ? { reason: data.reason } : {}) });
    return notify(tx, requester, "capacity_request.approved", notificationData(request, request.channel, { approvedUnits: units }));
  };
  const writeWaitlisted = async (tx: Tx) => {
    await tx.capacityRequest.update({
      where: { id: request.id },
      data: { status: "WAITLISTED", approvedUnits: null, decidedAt: null, decidedById: null, decisionReason: null, waitlistedAt: now },
    });
    await auditRequest(tx, actor, request, ownerOrg, "capacity_request.waitlisted", { units: request.units, triedUnits: units });
    return notify(tx, requester, "capacity_request.waitlisted", notificationData(request, request.channel));
  };
  const approved: ApproveOutcome = { id: request.id, status: "APPROVED", approvedUnits: units };
  const waitlisted: ApproveOutcome = { id: request.id, status: "WAITLISTED", approvedUnits: null };

  let notified: string[] = [];
  const outcome = await capacityTransaction(ctx, async (tx): Promise<ApproveOutcome> => {
    notified = [];
    const claimed = await tx.$queryRaw<{ freeUnits: number }[]>`
      UPDATE "CapacityRequest" r
         SET "status" = 'APPROVED', "approvedUnits" = ${units}::int, "decidedAt" = ${now}, "decidedById" = ${actor.id}::uuid,
             "decisionReason" = ${data.reason ?? null}::text, "updatedAt" = ${now}
        FROM "ChannelPeriod" p
       WHERE r."id" = ${request.id}::uuid AND r."status" = 'PENDING' AND p."id" = r."periodId"
   RETURNING p."freeUnits"`;
    if (claimed.length !== 1) throw new ConflictError("channels.errors.notPending");
    await savepoint(tx);

    if (units <= claimed[0]!.freeUnits) {
      notified = await writeApproved(tx);
      if (await reserveUnits(tx, request.periodId, units, now)) return approved;
      // Taken meanwhile: undo the approval's records; the period is not locked (nothing updated).
      await rollbackToSavepoint(tx);
    }
    notified = await writeWaitlisted(tx);
    const period = await lockPeriod(tx, request.periodId);
    if (units > period.capacity - period.approvedUnits) return waitlisted;
    // Released meanwhile. Rolling back to the savepoint also gives up the lock taken after it, so
    // decide again, this time under the lock from the start (rare: a release at the same moment).
    await rollbackToSavepoint(tx);
    const locked = await lockPeriod(tx, request.periodId);
    if (units <= locked.capacity - locked.approvedUnits) {
      if (!(await reserveUnits(tx, request.periodId, units, now))) throw new Error("approveRequest: free units under the lock did not fit");
      notified = await writeApproved(tx);
      return approved;
    }
    notified = await writeWaitlisted(tx);
    return waitlisted;
  });
  announceNotifications(ctx, notified);
  return outcome;
}

/** The owner declines a pending or waitlisted request, with a reason the requester sees. */
export async function declineRequest(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const request = await loadRequest(ctx, idOf(raw.requestId));
  requireOwnerAdmin(actor, request.channel.ownerOrganizationId);
  const data = parse(DeclineSchema, input);
  if (request.status !== "PENDING" && request.status !== "WAITLISTED") throw new ConflictError("channels.errors.notOpen");
  const now = ctx.now();
  let notified: string[] = [];
  await ctx.prisma.$transaction(async (tx) => {
    const done = await tx.capacityRequest.updateMany({
      where: { id: request.id, status: { in: ["PENDING", "WAITLISTED"] } },
      data: { status: "DECLINED", decidedAt: now, decidedById: actor.id, decisionReason: data.reason },
    });
    if (done.count !== 1) throw new ConflictError("channels.errors.notOpen");
    await auditRequest(tx, actor, request, request.channel.ownerOrganizationId, "capacity_request.declined", { reason: data.reason, from: request.status });
    notified = await notify(tx, { adminsOf: [request.requestingOrganizationId], userIds: [request.requestedById] }, "capacity_request.declined", notificationData(request, request.channel, { reason: data.reason }));
  });
  announceNotifications(ctx, notified);
  return { id: request.id, status: "DECLINED" as const };
}

/**
 * Closes an APPROVED request and gives its units back, then offers the waitlist. Shared by the
 * requester's withdrawal and the owner's cancellation. Returns the number of requests offered.
 */
async function closeApproved(
  ctx: DomainContext,
  actor: CurrentUser,
  request: LoadedRequest,
  status: "WITHDRAWN" | "CANCELLED",
  reason: string | null,
) {
  const now = ctx.now();
  let notified: string[] = [];
  const result = await capacityTransaction(ctx, async (tx) => {
    // Lock and read the request in one statement: the approved units released are the ones stored.
    const closed = await tx.$queryRaw<{ approvedUnits: number | null }[]>`
      UPDATE "CapacityRequest"
         SET "status" = ${status}::"CapacityRequestStatus", "closedAt" = ${now}, "updatedAt" = ${now},
             "decisionReason" = COALESCE(${reason}::text, "decisionReason")
       WHERE "id" = ${request.id}::uuid AND "status" = 'APPROVED'
   RETURNING "approvedUnits"`;
    const row = closed[0];
    if (!row) throw new ConflictError("channels.errors.notApproved");
    const units = row.approvedUnits ?? 0;
    // The records first, the period last: its row lock (which approvals of the period wait for) is
    // then held from the release to the commit, plus the offers when somebody is waiting.
    const action = status === "WITHDRAWN" ? "capacity_request.withdrawn" : "capacity_request.cancelled";
    await auditRequest(tx, actor, request, request.channel.ownerOrganizationId, action, { releasedUnits: units, from: "APPROVED", ...(reason ? { reason } : {}) });
    notified = await notify(
      tx,
      status === "WITHDRAWN"
        ? { adminsOf: [request.channel.ownerOrganizationId] }
        : { adminsOf: [request.requestingOrganizationId], userIds: [request.requestedById] },
      action,
      notificationData(request, request.channel, { releasedUnits: units, ...(reason ? { reason } : {}) }),
    );
    const offers = units > 0 ? await offerWaitlisted(tx, request.periodId, await releaseUnits(tx, request.periodId, units, now), now) : [];
    notified.push(...(await announceOffers(tx, actor, offers, { ...request.channel })));
    return { releasedUnits: units, offered: offers.length };
  });
  announceNotifications(ctx, notified);
  return result;
}

/**
 * The requesting organisation withdraws its request: the user who made it, or an ORG_ADMIN of that
 * organisation. A pending or waitlisted request just closes; an approved one gives its units back.
 */
export async function withdrawRequest(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const request = await loadRequest(ctx, idOf(raw.requestId));
  requireRequestParty(actor, request.channel.ownerOrganizationId, request.requestingOrganizationId);
  requireActive(actor);
  const mayWithdraw =
    actor.organization.id === request.requestingOrganizationId && (actor.id === request.requestedById || actor.role === "ORG_ADMIN");
  if (!mayWithdraw) throw new ForbiddenError();
  parse(WithdrawSchema, input);
  if (request.status === "APPROVED") {
    const result = await closeApproved(ctx, actor, request, "WITHDRAWN", null);
    return { id: request.id, status: "WITHDRAWN" as const, ...result };
  }
  if (request.status !== "PENDING" && request.status !== "WAITLISTED") throw new ConflictError("channels.errors.notOpen");
  const now = ctx.now();
  let notified: string[] = [];
  await ctx.prisma.$transaction(async (tx) => {
    const done = await tx.capacityRequest.updateMany({
      where: { id: request.id, status: { in: ["PENDING", "WAITLISTED"] } },
      data: { status: "WITHDRAWN", closedAt: now },
    });
    if (done.count !== 1) throw new ConflictError("channels.errors.notOpen");
    await auditRequest(tx, actor, request, request.channel.ownerOrganizationId, "capacity_request.withdrawn", { releasedUnits: 0, from: request.status });
    notified = await notify(tx, { adminsOf: [request.channel.ownerOrganizationId] }, "capacity_request.withdrawn", notificationData(request, request.channel, { releasedUnits: 0 }));
  });
  announceNotifications(ctx, notified);
  return { id: request.id, status: "WITHDRAWN" as const, releasedUnits: 0, offered: 0 };
}

/** The owner cancels an approved request (with a reason); its units go back to the period. */
export async function cancelRequest(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const request = await loadRequest(ctx, idOf(raw.requestId));
  requireOwnerAdmin(actor, request.channel.ownerOrganizationId);
  const data = parse(CancelSchema, input);
  if (request.status !== "APPROVED") throw new ConflictError("channels.errors.notApproved");
  const result = await closeApproved(ctx, actor, request, "CANCELLED", data.reason);
  return { id: request.id, status: "CANCELLED" as const, ...result };
}

/** The request page: details, the period's free units and the decision history. */
export async function getRequest(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const raw = (input ?? {}) as Record<string, unknown>;
  const id = idOf(raw.requestId);
  const request = await ctx.prisma.capacityRequest.findUnique({
    where: { id },
    include: {
      channel: { include: { owner: { select: orgSelect } } },
      period: { select: { id: true, startsOn: true, capacity: true, approvedUnits: true } },
      requestingOrganization: { select: orgSelect },
      requestedBy: { select: { id: true, name: true } },
    },
  });
  if (!request) throw new NotFoundError();
  requireRequestParty(actor, request.channel.ownerOrganizationId, request.requestingOrganizationId);
  const now = ctx.now();
  // Each event is written once per organisation; show one copy (the owner's, or the requester's if
  // both organisations are the same, which cannot happen but costs nothing to handle).
  const events = await ctx.prisma.auditEvent.findMany({
    where: { subjectType: "CapacityRequest", subjectId: request.id, organizationId: request.requestingOrganizationId },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    take: 200,
  });
  const actorIds = [...new Set(events.map((e) => e.actorUserId).filter((x): x is string => Boolean(x)))];
  const people = await ctx.prisma.user.findMany({
    where: { id: { in: actorIds } },
    select: { id: true, name: true, organization: { select: { id: true, nameEn: true, nameZh: true } } },
  });
  const byId = new Map(people.map((p) => [p.id, p]));
  const isOwnerAdminActor = isOwnerAdmin(actor, request.channel.ownerOrganizationId);
  const isRequester =
    actor.organization.status === "ACTIVE" &&
    actor.organization.id === request.requestingOrganizationId &&
    (actor.id === request.requestedById || actor.role === "ORG_ADMIN");
  const open = request.status === "PENDING" || request.status === "WAITLISTED";
  const decisionUser = request.decidedById ? await ctx.prisma.user.findUnique({ where: { id: request.decidedById }, select: { name: true } }) : null;
  return {
    request: {
      id: request.id,
      status: request.status,
      units: request.units,
      approvedUnits: request.approvedUnits,
      vehicleMix: (request.vehicleMix ?? null) as VehicleMix | null,
      message: request.message,
      decisionReason: request.decisionReason,
      createdAt: request.createdAt,
      decidedAt: request.decidedAt,
      decidedBy: decisionUser?.name ?? null,
      waitlistedAt: request.waitlistedAt,
      offeredAt: request.offeredAt,
      closedAt: request.closedAt,
      requestedBy: request.requestedBy,
      requestingOrganization: request.requestingOrganization,
      dealRoomPath: dealRoomPath(request.id),
    },
    channel: {
      id: request.channel.id,
      name: request.channel.name,
      kind: request.channel.kind,
      status: request.channel.status,
      country: request.channel.country,
      city: request.channel.city,
      originName: request.channel.originName,
      destinationName: request.channel.destinationName,
      unit: unitOf(request.channel.kind),
      monthly: isMonthly(request.channel.kind),
      owner: request.channel.owner,
    },
    period: periodView(request.channel.kind, request.period, now),
    history: events.map((e) => {
      const who = e.actorUserId ? byId.get(e.actorUserId) : undefined;
      return { id: e.id, at: e.at, action: e.action, data: e.data as Record<string, unknown>, actorName: who?.name ?? null, actorOrganization: who?.organization ?? null };
    }),
    viewer: {
      canDecide: isOwnerAdminActor && request.channel.status !== "ARCHIVED",
      canApprove: isOwnerAdminActor && request.status === "PENDING" && request.channel.status !== "ARCHIVED",
      canDecline: isOwnerAdminActor && open,
      canCancel: isOwnerAdminActor && request.status === "APPROVED",
      canWithdraw: isRequester && (open || request.status === "APPROVED"),
    },
  };
}
export type RequestPage = Awaited<ReturnType<typeof getRequest>>;

export const channelsDomain = {
  createChannel,
  updateChannel,
  setChannelStatus,
  confirmChannel,
  addPeriod,
  setPeriodCapacity,
  removePeriod,
  getChannel,
  getChannelForEdit,
  mine,
  requestCapacity,
  approveRequest,
  declineRequest,
  withdrawRequest,
  cancelRequest,
  getRequest,
};
