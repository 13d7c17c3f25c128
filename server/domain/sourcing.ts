// Supply matching: capability profiles, sourcing requests, proposals, awards. "Going overseas
// together": an OEM posts what it needs for a market (OEM_SEEKS_SUPPLIER) or a supplier offers what
// it supplies (SUPPLIER_SEEKS_OEM); members answer with proposals; the poster's admins shortlist,
// award or decline. The ranking itself lives in ./matching.ts.
//
// Who sees what (issue 4): a confidential request shows others only its category, markets and volume
// band until the poster grants their organisation access; proposals and prices are seen by the
// poster's members, the proposer concerned and the secretariat; only the poster's ORG_ADMINs decide,
// only the proposer's members edit or withdraw.
//
// Deadlines close requests lazily: an OPEN request whose response deadline has passed reads as
// CLOSED in every query and view (effectiveStatus, listRows, loadOpenRequestsFor) and takes no more proposals, with no
// sweep job to run or miss (docs/decisions/0011-supply-matching.md).
import { z } from "zod";
import type { CurrentUser } from "../auth/index.js";
import { Prisma } from "../db/generated/client.js";
import type { ProposalStatus, SourcingRequestStatus, VehicleSegment } from "../db/generated/enums.js";
import type { DomainContext } from "../services.js";
import { recordAudit } from "./audit.js";
import { utcDay } from "./capacity.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from "./errors.js";
import {
  loadCandidateProfiles,
  loadOemDemand,
  loadOpenRequestsFor,
  loadProfile,
  rankCandidates,
  rankOems,
  rankRequests,
  readMarketExperience,
  type MatchReason,
  type MatchRequest,
  type OemReason,
} from "./matching.js";
import { announceNotifications, notify } from "./notifications.js";
import { blank, countryCode, enumField, listOf, optionalText, requiredText, wholeNumber } from "./schemas.js";
import {
  BUSINESS_TYPES,
  CERTIFICATION_TYPES,
  PART_CATEGORIES,
  SOURCING_DIRECTIONS,
  SOURCING_STATUSES,
  volumeBand,
  type VolumeBand,
} from "./taxonomy.js";

const VEHICLE_SEGMENTS = ["ICE_PASSENGER", "COMMERCIAL", "NEV_PASSENGER", "NEV_COMMERCIAL", "PARTS"] as const satisfies readonly VehicleSegment[];

export const SOURCING_LIMITS = {
  title: 160,
  description: 8000,
  message: 4000,
  reason: 1000,
  referenceCustomers: 2000,
  markets: 60,
  /** Annual volume and capacity: above this is a typo, not a plan. */
  volume: 100_000_000,
  experienceYears: 100,
  /** Integer minor units; fits a PostgreSQL integer. */
  price: 2_000_000_000,
  leadTimeDays: 3650,
  /** How far ahead a start of production, deadline or validity may lie. */
  horizonYears: 10,
  search: 120,
  /** Markets one list filter (or saved filter) may name. */
  filterMarkets: 20,
  pageSize: 25,
  candidates: 50,
} as const;

/** The deal room the messaging release opens once a proposal is shortlisted. */
export const dealRoomPath = (proposalId: string) => `/messages/deal/proposal/${proposalId}`;

/** ISO 4217 codes the runtime knows (Node ships the full list with ICU). */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

// ---------------------------------------------------------------------------------------------
// Input schemas. Messages are i18n keys (app/i18n/*/errors.ts and */sourcing.ts).

const calendarDate = z.preprocess(
  (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : blank(v)),
  z
    .string({ error: "errors.required" })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.invalidDate")
    .refine((s) => {
      const d = new Date(`${s}T00:00:00.000Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, "errors.invalidDate")
    .transform((s) => new Date(`${s}T00:00:00.000Z`)),
);

const checkbox = z.preprocess((v) => v === true || v === "true" || v === "1" || v === "on", z.boolean());

/** "TH:6, BR:2" from a form, or an object / list of pairs from code: years of experience per market. */
const marketExperienceField = z.preprocess(
  (v) => {
    if (v && typeof v === "object" && !Array.isArray(v)) return Object.entries(v as Record<string, unknown>);
    const raw = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
    return raw
      .flatMap((x) => (typeof x === "string" ? x.split(/[\s,;，、]+/) : [x]))
      .filter((x) => x !== "")
      .map((x) => {
        if (typeof x !== "string") return x;
        const [code, years] = x.split(/[:=：]/);
        return [code, years ?? "0"];
      });
  },
  z
    .array(z.tuple([countryCode, wholeNumber("sourcing", 0, SOURCING_LIMITS.experienceYears)], { error: "sourcing.errors.marketExperience" }))
    .max(SOURCING_LIMITS.markets, "errors.tooMany"),
);

const ProfileSchema = z.object({
  categories: listOf(z.enum(PART_CATEGORIES, { error: "errors.invalidValue" }), PART_CATEGORIES.length).refine(
    (l) => l.length > 0,
    "sourcing.errors.categoryRequired",
  ),
  businessTypes: listOf(z.enum(BUSINESS_TYPES, { error: "errors.invalidValue" }), BUSINESS_TYPES.length).refine(
    (l) => l.length > 0,
    "sourcing.errors.businessTypeRequired",
  ),
  segments: listOf(z.enum(VEHICLE_SEGMENTS, { error: "errors.invalidValue" }), VEHICLE_SEGMENTS.length),
  marketExperience: marketExperienceField,
  annualCapacity: wholeNumber("sourcing", 1, SOURCING_LIMITS.volume),
  referenceCustomers: optionalText(SOURCING_LIMITS.referenceCustomers),
});
export type ProfileInput = Partial<z.input<typeof ProfileSchema>>;

const RequestSchema = z.object({
  direction: enumField(SOURCING_DIRECTIONS),
  category: enumField(PART_CATEGORIES),
  businessType: z.preprocess(blank, z.enum(BUSINESS_TYPES, { error: "errors.invalidValue" }).default("OE_SUPPLY")),
  title: requiredText(SOURCING_LIMITS.title),
  targetMarkets: listOf(countryCode, SOURCING_LIMITS.markets).refine((l) => l.length > 0, "sourcing.errors.marketRequired"),
  segments: listOf(z.enum(VEHICLE_SEGMENTS, { error: "errors.invalidValue" }), VEHICLE_SEGMENTS.length),
  annualVolume: wholeNumber("sourcing", 1, SOURCING_LIMITS.volume),
  requiredCertifications: listOf(z.enum(CERTIFICATION_TYPES, { error: "errors.invalidValue" }), CERTIFICATION_TYPES.length),
  startOfProduction: calendarDate,
  responseDeadline: calendarDate,
  description: requiredText(SOURCING_LIMITS.description),
  confidential: checkbox.default(false),
  publish: checkbox.default(false),
});
export type SourcingRequestInput = Partial<z.input<typeof RequestSchema>>;

const currencyField = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toUpperCase() || undefined : v),
  z.string({ error: "errors.required" }).refine((c) => /^[A-Z]{3}$/.test(c) && CURRENCIES.has(c), "sourcing.errors.currency"),
);

const ProposalFields = {
  message: requiredText(SOURCING_LIMITS.message),
  priceMinMinor: wholeNumber("sourcing", 0, SOURCING_LIMITS.price),
  priceMaxMinor: wholeNumber("sourcing", 0, SOURCING_LIMITS.price),
  currency: currencyField,
  leadTimeDays: wholeNumber("sourcing", 1, SOURCING_LIMITS.leadTimeDays),
  validUntil: calendarDate,
};
const ProposalSchema = z.object({ requestId: z.string(), ...ProposalFields });
const UpdateProposalSchema = z.object({ proposalId: z.string(), ...ProposalFields });
export type ProposalInput = Partial<z.input<typeof ProposalSchema>>;

const DecisionSchema = z.object({ proposalId: z.string(), reason: optionalText(SOURCING_LIMITS.reason) });
const DeclineSchema = z.object({ proposalId: z.string(), reason: requiredText(SOURCING_LIMITS.reason) });
const CancelSchema = z.object({ requestId: z.string(), reason: optionalText(SOURCING_LIMITS.reason) });

const ListSchema = z.object({
  direction: z.preprocess(blank, z.enum(SOURCING_DIRECTIONS, { error: "errors.invalidValue" }).optional()),
  /** Any of these categories (repeated `category=` or one comma-separated value). */
  category: listOf(z.enum(PART_CATEGORIES, { error: "errors.invalidValue" }), PART_CATEGORIES.length),
  /** Any of these target markets. */
  market: listOf(countryCode, SOURCING_LIMITS.filterMarkets),
  segment: z.preprocess(blank, z.enum(VEHICLE_SEGMENTS, { error: "errors.invalidValue" }).optional()),
  status: z.preprocess(blank, z.enum(SOURCING_STATUSES, { error: "errors.invalidValue" }).optional()),
  /** Requests whose response deadline is on or before this day. */
  deadlineBy: z.preprocess(blank, calendarDate.optional()),
  q: optionalText(SOURCING_LIMITS.search),
  mine: checkbox.default(false),
  cursor: z.preprocess(blank, z.string().max(200, "sourcing.errors.cursor").optional()),
});
export type SourcingFilters = Partial<z.input<typeof ListSchema>>;

/** Like parseInput, reporting list items on the list ("segments.2" -> "segments") and cross-field checks. */
function parse<S extends z.ZodType>(schema: S, input: unknown, extra?: (parsed: z.output<S>) => FieldErrors): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of result.error.issues) {
      const key = issue.path.length ? String(issue.path[0]) : "_form";
      if (fieldErrors[key]) continue;
      fieldErrors[key] = /^(sourcing\.)?errors\./.test(issue.message) ? issue.message : genericKey(issue);
    }
    throw new ValidationError(fieldErrors);
  }
  const more = extra?.(result.data) ?? {};
  if (Object.keys(more).length) throw new ValidationError(more);
  return result.data;
}

function genericKey(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") return issue.input === undefined ? "errors.required" : "errors.invalidValue";
  if (issue.code === "too_big") return "errors.tooLong";
  if (issue.code === "too_small") return "errors.required";
  return "errors.invalidValue";
}

function idOf(value: unknown): string {
  const parsed = z.uuid().safeParse(typeof value === "string" ? value.trim() : value);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

const raw = (input: unknown) => (input ?? {}) as Record<string, unknown>;

function horizon(now: Date) {
  return new Date(Date.UTC(now.getUTCFullYear() + SOURCING_LIMITS.horizonYears, now.getUTCMonth(), now.getUTCDate()));
}

// ---------------------------------------------------------------------------------------------
// Status and access.

type RequestRow = Prisma.SourcingRequestGetPayload<{ include: { poster: { select: typeof orgSelect } } }>;
const orgSelect = { id: true, nameEn: true, nameZh: true, kind: true } as const;

/** What everyone sees: an OPEN request past its deadline is CLOSED. */
export function effectiveStatus(r: { status: SourcingRequestStatus; responseDeadline: Date }, now: Date): SourcingRequestStatus {
  return r.status === "OPEN" && r.responseDeadline.getTime() < utcDay(now).getTime() ? "CLOSED" : r.status;
}

function requireMember(actor: CurrentUser) {
  if (actor.organization.status !== "ACTIVE") throw new ForbiddenError();
}

function requireViewer(actor: CurrentUser) {
  if (!actor.secretariat) requireMember(actor);
}

const isPosterMember = (actor: CurrentUser, r: { posterOrganizationId: string }) =>
  actor.organization.status === "ACTIVE" && actor.organization.id === r.posterOrganizationId;

const isPosterAdmin = (actor: CurrentUser, r: { posterOrganizationId: string }) => isPosterMember(actor, r) && actor.role === "ORG_ADMIN";

function requirePosterAdmin(actor: CurrentUser, r: { posterOrganizationId: string }) {
  if (!isPosterAdmin(actor, r)) throw new ForbiddenError();
}

async function loadRequest(ctx: DomainContext, requestId: string): Promise<RequestRow> {
  const request = await ctx.prisma.sourcingRequest.findUnique({ where: { id: requestId }, include: { poster: { select: orgSelect } } });
  if (!request) throw new NotFoundError();
  return request;
}

async function hasGrant(ctx: DomainContext, requestId: string, organizationId: string) {
  const grant = await ctx.prisma.sourcingAccessGrant.findUnique({ where: { requestId_organizationId: { requestId, organizationId } } });
  return grant !== null;
}

/** Drafts belong to the poster; other requests are listed for every active member (maybe as a summary). */
function requireRequestVisible(actor: CurrentUser, r: { status: SourcingRequestStatus; posterOrganizationId: string }) {
  requireViewer(actor);
  if (r.status === "DRAFT" && !actor.secretariat && !isPosterMember(actor, r)) throw new NotFoundError();
}

/** Full details: the poster, the secretariat, anyone for a public request, granted organisations for a confidential one. */
async function canSeeDetails(ctx: DomainContext, actor: CurrentUser, r: RequestRow) {
  if (actor.secretariat || isPosterMember(actor, r) || !r.confidential) return true;
  return hasGrant(ctx, r.id, actor.organization.id);
}

function searchTextOf(r: { title: string; description: string; confidential: boolean }) {
  return r.confidential ? "" : `${r.title}\n${r.description}`.toLowerCase();
}

function summaryOf(r: RequestRow, now: Date) {
  return {
    id: r.id,
    direction: r.direction,
    category: r.category,
    targetMarkets: r.targetMarkets,
    volumeBand: volumeBand(r.annualVolume) as VolumeBand,
    confidential: r.confidential,
    status: effectiveStatus(r, now),
    responseDeadline: r.responseDeadline,
    createdAt: r.createdAt,
  };
}
export type SourcingSummary = ReturnType<typeof summaryOf>;

function detailsOf(r: RequestRow, now: Date) {
  return {
    ...summaryOf(r, now),
    title: r.title,
    businessType: r.businessType,
    segments: r.segments,
    annualVolume: r.annualVolume,
    requiredCertifications: r.requiredCertifications,
    startOfProduction: r.startOfProduction,
    description: r.description,
    poster: r.poster,
    storedStatus: r.status,
    closeReason: r.closeReason,
  };
}
export type SourcingDetails = ReturnType<typeof detailsOf>;

async function auditRequest(
  tx: Prisma.TransactionClient,
  actor: CurrentUser,
  organizationIds: string[],
  action: string,
  subjectType: "SourcingRequest" | "Proposal",
  subjectId: string,
  data: Prisma.InputJsonObject = {},
) {
  for (const organizationId of new Set(organizationIds)) {
    await recordAudit(tx, { actorUserId: actor.id, organizationId, action, subjectType, subjectId, data });
  }
}

// ---------------------------------------------------------------------------------------------
// Capability profiles.

/** Any active member (or the secretariat) may read a profile; it is what the directory shows. */
export async function getProfile(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireViewer(actor);
  const organizationId = idOf(raw(input).organizationId ?? actor.organization.id);
  const org = await ctx.prisma.organization.findUnique({
    where: { id: organizationId },
    select: {
      ...orgSelect,
      status: true,
      supplierCapability: true,
      certifications: { select: { id: true, type: true, label: true, validTo: true }, orderBy: { validTo: "asc" } },
    },
  });
  if (!org || (org.status !== "ACTIVE" && !actor.secretariat && org.id !== actor.organization.id)) throw new NotFoundError();
  const p = org.supplierCapability;
  return {
    organization: { id: org.id, nameEn: org.nameEn, nameZh: org.nameZh, kind: org.kind },
    certifications: org.certifications,
    profile: p
      ? {
          categories: p.categories,
          businessTypes: p.businessTypes,
          segments: p.segments,
          marketExperience: readMarketExperience(p.marketExperience),
          annualCapacity: p.annualCapacity,
          referenceCustomers: p.referenceCustomers,
          updatedAt: p.updatedAt,
        }
      : null,
    reputation: await reputationOf(ctx, org.id),
    viewer: { canEdit: actor.organization.id === org.id && actor.role === "ORG_ADMIN" && actor.organization.status === "ACTIVE" },
  };
}

/** An ORG_ADMIN keeps their organisation's capability profile. */
export async function saveProfile(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireMember(actor);
  if (actor.role !== "ORG_ADMIN") throw new ForbiddenError();
  const data = parse(ProfileSchema, input);
  const marketExperience = Object.fromEntries(data.marketExperience);
  const columns = {
    categories: data.categories,
    businessTypes: data.businessTypes,
    segments: data.segments,
    marketExperience,
    markets: Object.keys(marketExperience),
    annualCapacity: data.annualCapacity,
    referenceCustomers: data.referenceCustomers ?? "",
    updatedById: actor.id,
  };
  const organizationId = actor.organization.id;
  await ctx.prisma.$transaction(async (tx) => {
    await tx.supplierCapability.upsert({ where: { organizationId }, create: { organizationId, ...columns }, update: columns });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId,
      action: "capability.saved",
      subjectType: "SupplierCapability",
      subjectId: organizationId,
      data: { categories: data.categories, markets: columns.markets, annualCapacity: data.annualCapacity },
    });
  });
  return { organizationId };
}

// ---------------------------------------------------------------------------------------------
// Reputation, both ways, so that neither side fishes for quotes without answering. Computed on read
// from the proposals and grants themselves (no counters to drift):
//   as a poster    the share of proposals received that got an answer (shortlisted or decided,
//                  including declines when a request is awarded, closed or cancelled) and the
//                  median time from proposal to that first answer;
//   as a proposer  the share of confidential requests it was let into that it answered with a
//                  proposal, and the median time from the grant to the proposal.

interface ReputationRow {
  total: bigint | number;
  answered: bigint | number;
  medianSeconds: number | null;
}

function reputationView(row: ReputationRow | undefined) {
  const total = Number(row?.total ?? 0);
  const answered = Number(row?.answered ?? 0);
  return {
    total,
    answered,
    ratePercent: total > 0 ? Math.round((answered / total) * 100) : null,
    medianHours: row?.medianSeconds === null || row?.medianSeconds === undefined ? null : Math.round((Number(row.medianSeconds) / 3600) * 10) / 10,
  };
}

export async function reputationOf(ctx: DomainContext, organizationId: string) {
  const [asPoster] = await ctx.prisma.$queryRaw<ReputationRow[]>`
    SELECT count(*) AS "total",
           count(COALESCE(p."shortlistedAt", p."decidedAt")) AS "answered",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM COALESCE(p."shortlistedAt", p."decidedAt") - p."createdAt"))
             FILTER (WHERE COALESCE(p."shortlistedAt", p."decidedAt") IS NOT NULL) AS "medianSeconds"
      FROM "Proposal" p
      JOIN "SourcingRequest" r ON r."id" = p."requestId"
     WHERE r."posterOrganizationId" = ${organizationId}::uuid
       AND NOT (p."status" = 'WITHDRAWN'::"ProposalStatus" AND p."shortlistedAt" IS NULL)`;
  const [asProposer] = await ctx.prisma.$queryRaw<ReputationRow[]>`
    SELECT count(*) AS "total",
           count(p."id") AS "answered",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM p."createdAt" - g."createdAt")) FILTER (WHERE p."id" IS NOT NULL) AS "medianSeconds"
      FROM "SourcingAccessGrant" g
      LEFT JOIN "Proposal" p ON p."requestId" = g."requestId" AND p."organizationId" = g."organizationId"
     WHERE g."organizationId" = ${organizationId}::uuid`;
  return { asPoster: reputationView(asPoster), asProposer: reputationView(asProposer) };
}
export type Reputation = Awaited<ReturnType<typeof reputationOf>>;

// ---------------------------------------------------------------------------------------------
// Sourcing requests.

function requestErrors(d: { startOfProduction: Date; responseDeadline: Date }, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  const today = utcDay(now).getTime();
  const far = horizon(now).getTime();
  if (d.responseDeadline.getTime() < today) errors.responseDeadline = "sourcing.errors.deadlinePast";
  else if (d.responseDeadline.getTime() > far) errors.responseDeadline = "sourcing.errors.tooFarAhead";
  if (d.startOfProduction.getTime() < today) errors.startOfProduction = "sourcing.errors.sopPast";
  else if (d.startOfProduction.getTime() > far) errors.startOfProduction = "sourcing.errors.tooFarAhead";
  else if (!errors.responseDeadline && d.startOfProduction.getTime() < d.responseDeadline.getTime()) {
    errors.startOfProduction = "sourcing.errors.sopBeforeDeadline";
  }
  return errors;
}

function requestColumns(d: z.output<typeof RequestSchema>) {
  return {
    direction: d.direction,
    category: d.category,
    businessType: d.businessType,
    title: d.title,
    targetMarkets: d.targetMarkets,
    segments: d.segments,
    annualVolume: d.annualVolume,
    requiredCertifications: d.requiredCertifications,
    startOfProduction: d.startOfProduction,
    responseDeadline: d.responseDeadline,
    description: d.description,
    confidential: d.confidential,
    searchText: searchTextOf(d),
  };
}

/** Any member of an active organisation posts a request, as a draft or published at once. */
export async function createRequest(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireMember(actor);
  const now = ctx.now();
  const data = parse(RequestSchema, input, (d) => requestErrors(d, now));
  const status: SourcingRequestStatus = data.publish ? "OPEN" : "DRAFT";
  return ctx.prisma.$transaction(async (tx) => {
    const request = await tx.sourcingRequest.create({
      data: {
        ...requestColumns(data),
        posterOrganizationId: actor.organization.id,
        postedById: actor.id,
        status,
        openedAt: data.publish ? now : null,
      },
      select: { id: true, status: true },
    });
    await auditRequest(tx, actor, [actor.organization.id], data.publish ? "sourcing.opened" : "sourcing.created", "SourcingRequest", request.id, {
      category: data.category,
      direction: data.direction,
    });
    return request;
  });
}

/** The poster's members edit a draft (everything) or an open request (everything but direction). */
export async function updateRequest(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const request = await loadRequest(ctx, idOf(raw(input).requestId));
  if (!isPosterMember(actor, request)) throw new ForbiddenError();
  const now = ctx.now();
  const status = effectiveStatus(request, now);
  if (status !== "DRAFT" && status !== "OPEN") throw new ConflictError("sourcing.errors.notEditable");
  const data = parse(RequestSchema, { ...raw(input), direction: raw(input).direction ?? request.direction }, (d) => requestErrors(d, now));
  return ctx.prisma.$transaction(async (tx) => {
    const moved = await tx.sourcingRequest.updateMany({
      where: { id: request.id, status: request.status },
      data: { ...requestColumns({ ...data, direction: request.status === "OPEN" ? request.direction : data.direction }) },
    });
    if (moved.count !== 1) throw new ConflictError("sourcing.errors.changedMeanwhile");
    await auditRequest(tx, actor, [request.posterOrganizationId], "sourcing.updated", "SourcingRequest", request.id);
    return { id: request.id };
  });
}

/** DRAFT -> OPEN by a member of the poster; the deadline must still lie ahead. */
export async function publishRequest(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const request = await loadRequest(ctx, idOf(raw(input).requestId));
  if (!isPosterMember(actor, request)) throw new ForbiddenError();
  if (request.status !== "DRAFT") throw new ConflictError("sourcing.errors.badTransition");
  const now = ctx.now();
  const errors = requestErrors(request, now);
  if (Object.keys(errors).length) throw new ValidationError(errors, "sourcing.errors.fixBeforePublishing");
  return ctx.prisma.$transaction(async (tx) => {
    const moved = await tx.sourcingRequest.updateMany({ where: { id: request.id, status: "DRAFT" }, data: { status: "OPEN", openedAt: now } });
    if (moved.count !== 1) throw new ConflictError("sourcing.errors.changedMeanwhile");
    await auditRequest(tx, actor, [request.posterOrganizationId], "sourcing.opened", "SourcingRequest", request.id);
    return { id: request.id, status: "OPEN" as const };
  });
}

/**
 * The poster's admin ends a request without an award: CANCELLED (called off) or CLOSED (no
 * suitable proposal). Open proposals are declined and their proposers told.
 */
export async function cancelRequest(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  return endRequest(ctx, actor, input, "CANCELLED");
}

export async function closeRequest(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  return endRequest(ctx, actor, input, "CLOSED");
}

async function endRequest(ctx: DomainContext, actor: CurrentUser, input: unknown, to: "CANCELLED" | "CLOSED") {
  const request = await loadRequest(ctx, idOf(raw(input).requestId));
  requirePosterAdmin(actor, request);
  const { reason } = parse(CancelSchema, input);
  if (request.status !== "OPEN" && !(to === "CANCELLED" && request.status === "DRAFT")) throw new ConflictError("sourcing.errors.badTransition");
  const now = ctx.now();
  const { notified } = await ctx.prisma.$transaction(async (tx) => {
    const moved = await tx.sourcingRequest.updateMany({
      where: { id: request.id, status: request.status },
      data: { status: to, closedAt: now, closeReason: reason ?? null },
    });
    if (moved.count !== 1) throw new ConflictError("sourcing.errors.changedMeanwhile");
    const open = await tx.proposal.findMany({
      where: { requestId: request.id, status: { in: ["SUBMITTED", "SHORTLISTED"] } },
      select: { id: true, organizationId: true, submittedById: true },
    });
    await tx.proposal.updateMany({
      where: { id: { in: open.map((p) => p.id) } },
      data: { status: "DECLINED", decidedAt: now, decidedById: actor.id, decisionReason: reason ?? null },
    });
    await auditRequest(tx, actor, [request.posterOrganizationId], `sourcing.${to.toLowerCase()}`, "SourcingRequest", request.id, { declined: open.length });
    const notified = await notify(
      tx,
      { adminsOf: open.map((p) => p.organizationId), userIds: open.map((p) => p.submittedById) },
      "sourcing.request_cancelled",
      { requestId: request.id, category: request.category, status: to },
    );
    return { notified };
  });
  announceNotifications(ctx, notified);
  return { id: request.id, status: to, notified: notified.length };
}

/** The poster's admin lets another organisation see a confidential request and propose. */
export async function grantAccess(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const request = await loadRequest(ctx, idOf(raw(input).requestId));
  requirePosterAdmin(actor, request);
  // Access is for answering; once the request is decided there is nothing left to see it for.
  if (request.status !== "OPEN" && request.status !== "DRAFT") throw new ConflictError("sourcing.errors.badTransition");
  const organizationId = idOf(raw(input).organizationId);
  if (organizationId === request.posterOrganizationId) throw new ValidationError({ organizationId: "sourcing.errors.ownOrganization" });
  const org = await ctx.prisma.organization.findUnique({ where: { id: organizationId }, select: { id: true, status: true, nameEn: true } });
  if (!org || org.status !== "ACTIVE") throw new ValidationError({ organizationId: "sourcing.errors.unknownOrganization" });
  let notified: string[] = [];
  const result = await ctx.prisma.$transaction(async (tx) => {
    const made = await tx.sourcingAccessGrant.createMany({
      data: [{ requestId: request.id, organizationId, grantedById: actor.id }],
      skipDuplicates: true,
    });
    if (made.count === 1) {
      await auditRequest(tx, actor, [request.posterOrganizationId, organizationId], "sourcing.access_granted", "SourcingRequest", request.id, { organizationId });
      notified = await notify(tx, { adminsOf: [organizationId] }, "sourcing.access_granted", { requestId: request.id, category: request.category });
    }
    return { requestId: request.id, organizationId, created: made.count === 1 };
  });
  announceNotifications(ctx, notified);
  return result;
}

/** Who was granted access to a confidential request (the poster's members and the secretariat). */
async function grantsOf(ctx: DomainContext, requestId: string) {
  const grants = await ctx.prisma.sourcingAccessGrant.findMany({
    where: { requestId },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true, organization: { select: orgSelect } },
  });
  return grants.map((g) => ({ ...g.organization, grantedAt: g.createdAt }));
}

function encodeCursor(createdAt: Date, id: string) {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id]), "utf8").toString("base64url");
}

function decodeCursor(value: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!value) return undefined;
  try {
    const [at, id] = z.tuple([z.iso.datetime(), z.uuid()]).parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return { createdAt: new Date(at), id };
  } catch {
    throw new ValidationError({ cursor: "sourcing.errors.cursor" });
  }
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The page's ids in one SQL query (filters on the status/category/deadline and GIN indexes, keyset on
 * createdAt, id), then the rows through Prisma. Raw SQL because Prisma's `has` on an enum array binds
 * a scalar where PostgreSQL wants an array.
 */
async function listRows(ctx: DomainContext, actor: CurrentUser, data: z.output<typeof ListSchema>, cursor: { createdAt: Date; id: string } | undefined, now: Date) {
  const sql = Prisma.sql;
  const today = utcDay(now);
  const where: Prisma.Sql[] = [sql`TRUE`];
  const org = actor.organization.id;
  if (data.mine) where.push(sql`r."posterOrganizationId" = ${org}::uuid`);
  if (data.status === "OPEN") where.push(sql`r."status" = 'OPEN'::"SourcingRequestStatus" AND r."responseDeadline" >= ${today}::date`);
  else if (data.status === "CLOSED") {
    where.push(sql`(r."status" = 'CLOSED'::"SourcingRequestStatus" OR (r."status" = 'OPEN'::"SourcingRequestStatus" AND r."responseDeadline" < ${today}::date))`);
  } else if (data.status) where.push(sql`r."status" = ${data.status}::"SourcingRequestStatus"`);
  if (!actor.secretariat) where.push(sql`(r."status" <> 'DRAFT'::"SourcingRequestStatus" OR r."posterOrganizationId" = ${org}::uuid)`);
  if (data.direction) where.push(sql`r."direction" = ${data.direction}::"SourcingDirection"`);
  if (data.category.length) where.push(sql`r."category" IN (${Prisma.join(data.category.map((c) => sql`${c}::"PartCategory"`))})`);
  if (data.market.length) where.push(sql`r."targetMarkets" && ${data.market}::text[]`);
  if (data.segment) where.push(sql`r."segments" @> ARRAY[${data.segment}]::"VehicleSegment"[]`);
  if (data.deadlineBy) where.push(sql`r."responseDeadline" <= ${data.deadlineBy}::date`);
  if (data.q) where.push(sql`r."searchText" LIKE ${`%${escapeLike(data.q.toLowerCase())}%`}`);
  if (cursor) {
    // createdAt is a timestamp without zone holding UTC: compare with the UTC wall time.
    where.push(sql`(r."createdAt", r."id") < (${cursor.createdAt.toISOString().slice(0, -1)}::timestamp, ${cursor.id}::uuid)`);
  }
  const ids = await ctx.prisma.$queryRaw<{ id: string }[]>`
    SELECT r."id"::text AS "id" FROM "SourcingRequest" r
     WHERE ${Prisma.join(where, " AND ")}
     ORDER BY r."createdAt" DESC, r."id" DESC
     LIMIT ${SOURCING_LIMITS.pageSize + 1}`;
  const found = await ctx.prisma.sourcingRequest.findMany({ where: { id: { in: ids.map((r) => r.id) } }, include: { poster: { select: orgSelect } } });
  const byId = new Map(found.map((r) => [r.id, r]));
  return ids.map((r) => byId.get(r.id)).filter((r): r is RequestRow => r !== undefined);
}

/**
 * Requests for the browse page, newest first, 25 a page with a keyset cursor. Confidential requests
 * appear as summaries (and text search skips their hidden words); drafts only for their poster.
 */
export async function listRequests(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireViewer(actor);
  const data = parse(ListSchema, input);
  const now = ctx.now();
  const cursor = decodeCursor(data.cursor);
  const rows = await listRows(ctx, actor, data, cursor, now);
  const more = rows.length > SOURCING_LIMITS.pageSize;
  const page = rows.slice(0, SOURCING_LIMITS.pageSize);
  const granted = new Set(
    (
      await ctx.prisma.sourcingAccessGrant.findMany({
        where: { organizationId: actor.organization.id, requestId: { in: page.filter((r) => r.confidential).map((r) => r.id) } },
        select: { requestId: true },
      })
    ).map((g) => g.requestId),
  );
  const items = page.map((r) => {
    const full = actor.secretariat || isPosterMember(actor, r) || !r.confidential || granted.has(r.id);
    return full ? { full: true as const, ...detailsOf(r, now) } : { full: false as const, ...summaryOf(r, now) };
  });
  const last = page.at(-1);
  return {
    items,
    nextCursor: more && last ? encodeCursor(last.createdAt, last.id) : null,
    filters: { ...data, deadlineBy: data.deadlineBy ? data.deadlineBy.toISOString().slice(0, 10) : undefined, cursor: undefined },
  };
}

/** One request: details or the confidential summary, plus what the viewer may do and see. */
export async function getRequest(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const request = await loadRequest(ctx, idOf(raw(input).requestId));
  requireRequestVisible(actor, request);
  const now = ctx.now();
  const full = await canSeeDetails(ctx, actor, request);
  const status = effectiveStatus(request, now);
  const poster = isPosterMember(actor, request);
  const posterAdmin = isPosterAdmin(actor, request);
  const seesAll = poster || actor.secretariat;
  const proposals = await ctx.prisma.proposal.findMany({
    where: { requestId: request.id, ...(seesAll ? {} : { organizationId: actor.organization.id }) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { organization: { select: orgSelect } },
  });
  const own = proposals.find((p) => p.organizationId === actor.organization.id) ?? null;
  const stillDeciding = request.status === "OPEN";
  return {
    full,
    request: full ? { full: true as const, ...detailsOf(request, now) } : { full: false as const, ...summaryOf(request, now) },
    proposals: proposals.map((p) => proposalView(p, actor, request, now)),
    grants: seesAll && request.confidential ? await grantsOf(ctx, request.id) : [],
    posterReputation: full ? (await reputationOf(ctx, request.posterOrganizationId)).asPoster : null,
    viewer: {
      isPoster: poster,
      canEdit: poster && (status === "DRAFT" || status === "OPEN"),
      canPublish: poster && request.status === "DRAFT",
      canDecide: posterAdmin && stillDeciding,
      canCancel: posterAdmin && (request.status === "OPEN" || request.status === "DRAFT"),
      canClose: posterAdmin && request.status === "OPEN",
      canGrant: posterAdmin && request.confidential && (request.status === "OPEN" || request.status === "DRAFT"),
      canSeeCandidates: poster || actor.secretariat,
      canPropose: !poster && !actor.secretariat && actor.organization.status === "ACTIVE" && status === "OPEN" && full && own === null,
      ownProposalId: own?.id ?? null,
    },
  };
}
export type RequestPage = Awaited<ReturnType<typeof getRequest>>;

type ProposalRow = Prisma.ProposalGetPayload<{ include: { organization: { select: typeof orgSelect } } }>;

function proposalView(p: ProposalRow, actor: CurrentUser, request: { posterOrganizationId: string; status: SourcingRequestStatus }, now: Date) {
  const mine = actor.organization.id === p.organizationId && actor.organization.status === "ACTIVE";
  const undecided = p.status === "SUBMITTED" || p.status === "SHORTLISTED";
  const posterAdmin = isPosterAdmin(actor, request) && request.status === "OPEN";
  return {
    id: p.id,
    organization: p.organization,
    message: p.message,
    priceMinMinor: p.priceMinMinor,
    priceMaxMinor: p.priceMaxMinor,
    currency: p.currency,
    leadTimeDays: p.leadTimeDays,
    validUntil: p.validUntil,
    expired: p.validUntil.getTime() < utcDay(now).getTime(),
    status: p.status,
    decisionReason: p.decisionReason,
    createdAt: p.createdAt,
    decidedAt: p.decidedAt,
    dealRoomPath: p.shortlistedAt || p.status === "ACCEPTED" ? dealRoomPath(p.id) : null,
    viewer: {
      canEdit: mine && p.status === "SUBMITTED" && request.status === "OPEN",
      canWithdraw: mine && undecided && request.status === "OPEN",
      canShortlist: posterAdmin && p.status === "SUBMITTED",
      canAccept: posterAdmin && undecided,
      canDecline: posterAdmin && undecided,
    },
  };
}
export type ProposalView = ReturnType<typeof proposalView>;

// ---------------------------------------------------------------------------------------------
// Matching: the forward and reverse views.

function matchRequestOf(r: RequestRow): MatchRequest {
  return {
    category: r.category,
    businessType: r.businessType,
    targetMarkets: r.targetMarkets,
    segments: r.segments,
    annualVolume: r.annualVolume,
    requiredCertifications: r.requiredCertifications,
    startOfProduction: r.startOfProduction,
  };
}

/** One ranked organisation as the candidates list shows it, supplier or OEM alike. */
function candidateItem(
  who: { organizationId: string; name: string; nameZh?: string | null },
  ranked: { score: number; reasons: readonly (MatchReason | OemReason)[] },
) {
  return {
    organizationId: who.organizationId,
    nameEn: who.name,
    nameZh: who.nameZh ?? who.name,
    score: ranked.score,
    reasons: [...ranked.reasons] as (MatchReason | OemReason)[],
  };
}

/**
 * Candidates for a request, best first, with reasons, for the poster and the secretariat: suppliers
 * for an OEM's request (OEM_SEEKS_SUPPLIER), OEMs for a supplier's offer (SUPPLIER_SEEKS_OEM).
 */
export async function candidates(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const request = await loadRequest(ctx, idOf(raw(input).requestId));
  requireRequestVisible(actor, request);
  if (!actor.secretariat && !isPosterMember(actor, request)) throw new ForbiddenError();
  if (request.direction === "SUPPLIER_SEEKS_OEM") {
    const oems = await loadOemDemand(ctx.prisma, matchRequestOf(request), request.posterOrganizationId, utcDay(ctx.now()));
    const ranked = rankOems(matchRequestOf(request), oems);
    return {
      kind: "oems" as const,
      total: ranked.length,
      items: ranked.slice(0, SOURCING_LIMITS.candidates).map((c) => candidateItem(c.oem, c)),
    };
  }
  const { profiles, total } = await loadCandidateProfiles(ctx.prisma, matchRequestOf(request), request.posterOrganizationId);
  const ranked = rankCandidates(matchRequestOf(request), profiles);
  return {
    kind: "suppliers" as const,
    total,
    items: ranked.slice(0, SOURCING_LIMITS.candidates).map((c) => candidateItem(c.profile, c)),
  };
}

/**
 * The reverse view: open requests that fit the actor's capability profile, best first. Confidential
 * requests the organisation has no access to keep their details hidden, so their reasons are cut to
 * what the summary already shows (markets).
 */
export async function matchingRequests(ctx: DomainContext, actor: CurrentUser) {
  requireMember(actor);
  const profile = await loadProfile(ctx.prisma, actor.organization.id);
  if (!profile) return { hasProfile: false, items: [] };
  const now = ctx.now();
  const rows = await loadOpenRequestsFor(ctx.prisma, profile, utcDay(now));
  const ranked = rankRequests(profile, rows).slice(0, SOURCING_LIMITS.candidates);
  const granted = new Set(
    (
      await ctx.prisma.sourcingAccessGrant.findMany({
        where: { organizationId: actor.organization.id, requestId: { in: ranked.filter((r) => r.request.confidential).map((r) => r.request.id) } },
        select: { requestId: true },
      })
    ).map((g) => g.requestId),
  );
  return {
    hasProfile: true,
    items: ranked.map(({ request: r, score, reasons }) => {
      const full = !r.confidential || granted.has(r.id);
      return {
        id: r.id,
        full,
        title: full ? r.title : null,
        category: r.category,
        targetMarkets: r.targetMarkets,
        volumeBand: volumeBand(r.annualVolume),
        responseDeadline: r.responseDeadline,
        confidential: r.confidential,
        poster: full ? r.poster : null,
        score,
        reasons: full ? reasons : reasons.filter((x: MatchReason) => x.kind === "marketsServed"),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Proposals.

function proposalErrors(d: { priceMinMinor: number; priceMaxMinor: number; validUntil: Date }, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  if (d.priceMinMinor > d.priceMaxMinor) errors.priceMaxMinor = "sourcing.errors.priceRange";
  if (d.validUntil.getTime() < utcDay(now).getTime()) errors.validUntil = "sourcing.errors.validityPast";
  else if (d.validUntil.getTime() > horizon(now).getTime()) errors.validUntil = "sourcing.errors.tooFarAhead";
  return errors;
}

/** A member of another active organisation answers an open request it can see in full. */
export async function submitProposal(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireMember(actor);
  const request = await loadRequest(ctx, idOf(raw(input).requestId));
  requireRequestVisible(actor, request);
  if (isPosterMember(actor, request) || actor.secretariat) throw new ForbiddenError("sourcing.errors.ownRequest");
  if (!(await canSeeDetails(ctx, actor, request))) throw new ForbiddenError("sourcing.errors.noAccess");
  const now = ctx.now();
  if (effectiveStatus(request, now) !== "OPEN") throw new ConflictError("sourcing.errors.notOpen");
  const data = parse(ProposalSchema, input, (d) => proposalErrors(d, now));
  let notified: string[] = [];
  const result = await ctx.prisma.$transaction(async (tx) => {
    // Lock the request row, then re-check it is open: an award or cancellation that commits first is
    // seen here, and one that comes later waits for this proposal and declines it with the others.
    const [locked] = await tx.$queryRaw<{ status: SourcingRequestStatus; responseDeadline: Date }[]>`
      SELECT "status", "responseDeadline" FROM "SourcingRequest" WHERE "id" = ${request.id}::uuid FOR UPDATE`;
    if (!locked || effectiveStatus(locked, now) !== "OPEN") throw new ConflictError("sourcing.errors.notOpen");
    const made = await tx.proposal.createManyAndReturn({
      data: [
        {
          requestId: request.id,
          organizationId: actor.organization.id,
          submittedById: actor.id,
          message: data.message,
          priceMinMinor: data.priceMinMinor,
          priceMaxMinor: data.priceMaxMinor,
          currency: data.currency,
          leadTimeDays: data.leadTimeDays,
          validUntil: data.validUntil,
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    const proposal = made[0];
    if (!proposal) throw new ConflictError("sourcing.errors.alreadyProposed");
    await auditRequest(tx, actor, [request.posterOrganizationId, actor.organization.id], "proposal.submitted", "Proposal", proposal.id, { requestId: request.id });
    notified = await notify(tx, { adminsOf: [request.posterOrganizationId], userIds: [request.postedById] }, "sourcing.proposal_received", {
      requestId: request.id,
      proposalId: proposal.id,
      organizationName: actor.organization.nameEn,
      organizationNameZh: actor.organization.nameZh,
    });
    return { id: proposal.id, status: "SUBMITTED" as const };
  });
  announceNotifications(ctx, notified);
  return result;
}

async function loadProposal(ctx: DomainContext, proposalId: string) {
  const proposal = await ctx.prisma.proposal.findUnique({
    where: { id: proposalId },
    include: { request: { include: { poster: { select: orgSelect } } }, organization: { select: orgSelect } },
  });
  if (!proposal) throw new NotFoundError();
  return proposal;
}

function requireProposer(actor: CurrentUser, p: { organizationId: string }) {
  if (actor.organization.status !== "ACTIVE" || actor.organization.id !== p.organizationId) throw new ForbiddenError();
}

/** The proposer's members change a proposal the poster has not looked at yet (SUBMITTED). */
export async function updateProposal(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const proposal = await loadProposal(ctx, idOf(raw(input).proposalId));
  requireProposer(actor, proposal);
  const now = ctx.now();
  if (proposal.status !== "SUBMITTED" || effectiveStatus(proposal.request, now) !== "OPEN") throw new ConflictError("sourcing.errors.notEditable");
  const data = parse(UpdateProposalSchema, input, (d) => proposalErrors(d, now));
  return ctx.prisma.$transaction(async (tx) => {
    const moved = await tx.proposal.updateMany({
      where: { id: proposal.id, status: "SUBMITTED" },
      data: {
        message: data.message,
        priceMinMinor: data.priceMinMinor,
        priceMaxMinor: data.priceMaxMinor,
        currency: data.currency,
        leadTimeDays: data.leadTimeDays,
        validUntil: data.validUntil,
      },
    });
    if (moved.count !== 1) throw new ConflictError("sourcing.errors.changedMeanwhile");
    await auditRequest(tx, actor, [proposal.organizationId, proposal.request.posterOrganizationId], "proposal.updated", "Proposal", proposal.id);
    return { id: proposal.id };
  });
}

/** The proposer's members withdraw while the poster has not decided. */
export async function withdrawProposal(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const proposal = await loadProposal(ctx, idOf(raw(input).proposalId));
  requireProposer(actor, proposal);
  const now = ctx.now();
  let notified: string[] = [];
  const result = await ctx.prisma.$transaction(async (tx) => {
    const moved = await tx.proposal.updateMany({
      where: { id: proposal.id, status: { in: ["SUBMITTED", "SHORTLISTED"] }, request: { status: "OPEN" } },
      data: { status: "WITHDRAWN", withdrawnAt: now },
    });
    if (moved.count !== 1) throw new ConflictError("sourcing.errors.alreadyDecided");
    await auditRequest(tx, actor, [proposal.organizationId, proposal.request.posterOrganizationId], "proposal.withdrawn", "Proposal", proposal.id);
    notified = await notify(tx, { adminsOf: [proposal.request.posterOrganizationId] }, "sourcing.proposal_withdrawn", {
      requestId: proposal.requestId,
      proposalId: proposal.id,
      organizationName: proposal.organization.nameEn,
      organizationNameZh: proposal.organization.nameZh,
    });
    return { id: proposal.id, status: "WITHDRAWN" as const };
  });
  announceNotifications(ctx, notified);
  return result;
}

async function decide(
  ctx: DomainContext,
  actor: CurrentUser,
  input: unknown,
  schema: typeof DecisionSchema | typeof DeclineSchema,
  from: ProposalStatus[],
  to: "SHORTLISTED" | "DECLINED",
) {
  const proposal = await loadProposal(ctx, idOf(raw(input).proposalId));
  requirePosterAdmin(actor, proposal.request);
  const { reason } = parse(schema, input);
  const now = ctx.now();
  let notified: string[] = [];
  const result = await ctx.prisma.$transaction(async (tx) => {
    const moved = await tx.proposal.updateMany({
      where: { id: proposal.id, status: { in: from }, request: { status: "OPEN" } },
      data:
        to === "SHORTLISTED"
          ? { status: to, shortlistedAt: now }
          : { status: to, decidedAt: now, decidedById: actor.id, decisionReason: reason ?? null },
    });
    if (moved.count !== 1) throw new ConflictError("sourcing.errors.alreadyDecided");
    await auditRequest(tx, actor, [proposal.organizationId, proposal.request.posterOrganizationId], `proposal.${to.toLowerCase()}`, "Proposal", proposal.id, {
      requestId: proposal.requestId,
      ...(reason ? { reason } : {}),
    });
    notified = await notify(
      tx,
      { adminsOf: [proposal.organizationId], userIds: [proposal.submittedById] },
      to === "SHORTLISTED" ? "sourcing.proposal_shortlisted" : "sourcing.proposal_declined",
      {
        requestId: proposal.requestId,
        proposalId: proposal.id,
        category: proposal.request.category,
        ...(to === "SHORTLISTED" ? { dealRoomPath: dealRoomPath(proposal.id) } : { reason: reason ?? "" }),
      },
    );
    return { id: proposal.id, status: to, dealRoomPath: to === "SHORTLISTED" ? dealRoomPath(proposal.id) : null };
  });
  announceNotifications(ctx, notified);
  return result;
}

/** The poster's admin shortlists a proposal: it opens the deal room link and tells the proposer. */
export async function shortlistProposal(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  return decide(ctx, actor, input, DecisionSchema, ["SUBMITTED"], "SHORTLISTED");
}

/** The poster's admin declines a proposal, with a reason the proposer sees. */
export async function declineProposal(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  return decide(ctx, actor, input, DeclineSchema, ["SUBMITTED", "SHORTLISTED"], "DECLINED");
}

/**
 * The poster's admin accepts a proposal: the request is AWARDED (one conditional update, so two
 * admins cannot award twice), every other undecided proposal is declined, and all proposers are told.
 * Allowed after the response deadline too: the deadline stops proposals, not the decision.
 */
export async function acceptProposal(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const proposal = await loadProposal(ctx, idOf(raw(input).proposalId));
  requirePosterAdmin(actor, proposal.request);
  const { reason } = parse(DecisionSchema, input);
  const now = ctx.now();
  const request = proposal.request;
  let notified: string[] = [];
  const result = await ctx.prisma.$transaction(async (tx) => {
    const awarded = await tx.sourcingRequest.updateMany({
      where: { id: request.id, status: "OPEN" },
      data: { status: "AWARDED", closedAt: now },
    });
    if (awarded.count !== 1) throw new ConflictError("sourcing.errors.notOpen");
    const accepted = await tx.proposal.updateMany({
      where: { id: proposal.id, status: { in: ["SUBMITTED", "SHORTLISTED"] } },
      data: { status: "ACCEPTED", decidedAt: now, decidedById: actor.id, decisionReason: reason ?? null },
    });
    if (accepted.count !== 1) throw new ConflictError("sourcing.errors.alreadyDecided");
    const others = await tx.proposal.findMany({
      where: { requestId: request.id, id: { not: proposal.id }, status: { in: ["SUBMITTED", "SHORTLISTED"] } },
      select: { id: true, organizationId: true, submittedById: true },
    });
    await tx.proposal.updateMany({
      where: { id: { in: others.map((o) => o.id) } },
      data: { status: "DECLINED", decidedAt: now, decidedById: actor.id, decisionReason: null },
    });
    await auditRequest(tx, actor, [request.posterOrganizationId, proposal.organizationId], "sourcing.awarded", "SourcingRequest", request.id, {
      proposalId: proposal.id,
      organizationId: proposal.organizationId,
      declined: others.length,
    });
    const data = { requestId: request.id, category: request.category };
    const winner = await notify(tx, { adminsOf: [proposal.organizationId], userIds: [proposal.submittedById] }, "sourcing.proposal_accepted", {
      ...data,
      proposalId: proposal.id,
    });
    const losers = await notify(
      tx,
      { adminsOf: others.map((o) => o.organizationId), userIds: others.map((o) => o.submittedById) },
      "sourcing.proposal_not_awarded",
      data,
    );
    notified = [...winner, ...losers];
    return { id: proposal.id, requestId: request.id, status: "ACCEPTED" as const, declined: others.length, notified: winner.length + losers.length };
  });
  announceNotifications(ctx, notified);
  return result;
}

/** Organisations a poster may grant access to: active members other than itself, by name. */
export async function grantableOrganizations(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const request = await loadRequest(ctx, idOf(raw(input).requestId));
  requirePosterAdmin(actor, request);
  const granted = new Set((await ctx.prisma.sourcingAccessGrant.findMany({ where: { requestId: request.id }, select: { organizationId: true } })).map((g) => g.organizationId));
  const orgs = await ctx.prisma.organization.findMany({
    where: { status: "ACTIVE", id: { not: request.posterOrganizationId } },
    orderBy: { nameEn: "asc" },
    select: orgSelect,
    take: 500,
  });
  return orgs.filter((o) => !granted.has(o.id));
}

// ---------------------------------------------------------------------------------------------
// Saved filters: a member keeps named /sourcing filter sets ("battery requests for Thailand").

const FILTER_KEYS = ["direction", "category", "market", "segment", "status", "deadlineBy", "q", "mine"] as const;
/** Filters that take several values ("my categories and markets"), kept as repeated keys. */
const MULTI_KEYS: ReadonlySet<string> = new Set(["category", "market"]);
const MAX_SAVED_FILTERS = 20;

const SaveFilterSchema = z.object({ name: requiredText(80), query: z.string().max(600, "errors.tooLong").default("") });

/** A query string's filters as the list reads them: several values for category and market. */
export function filtersFromQuery(params: URLSearchParams): Record<string, string | string[] | undefined> {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, MULTI_KEYS.has(k) ? params.getAll(k) : (params.get(k) ?? undefined)]));
}

/** Validates the filters like the list does and keeps them as a normalised query string. */
export async function saveFilter(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireMember(actor);
  const { name, query } = parse(SaveFilterSchema, input);
  const picked = filtersFromQuery(new URLSearchParams(query.replace(/^\?/, "")));
  const data = parse(ListSchema, picked); // field errors for a bad filter, nothing saved
  const normalised = new URLSearchParams(
    FILTER_KEYS.flatMap((k): [string, string][] => {
      // Several values as repeated keys, in taxonomy order (categories) or as typed (markets,
      // upper-cased and without repeats): what the page's own form sends.
      if (k === "category") return PART_CATEGORIES.filter((c) => data.category.includes(c)).map((c) => [k, c]);
      if (k === "market") return data.market.map((m) => [k, m]);
      const v = (picked[k] as string | undefined)?.trim();
      return v ? [[k, v]] : [];
    }),
  ).toString();
  return ctx.prisma.$transaction(async (tx) => {
    if ((await tx.savedSourcingFilter.count({ where: { userId: actor.id } })) >= MAX_SAVED_FILTERS) {
      throw new ValidationError({ name: "sourcing.errors.tooManyFilters" });
    }
    return tx.savedSourcingFilter.create({ data: { userId: actor.id, name, query: normalised }, select: { id: true, name: true, query: true } });
  });
}

export async function savedFilters(ctx: DomainContext, actor: CurrentUser) {
  return ctx.prisma.savedSourcingFilter.findMany({
    where: { userId: actor.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, query: true },
  });
}

/** Only the member who saved a filter deletes it. */
export async function deleteFilter(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const filterId = idOf(raw(input).filterId);
  const filter = await ctx.prisma.savedSourcingFilter.findUnique({ where: { id: filterId }, select: { userId: true } });
  if (!filter) throw new NotFoundError();
  if (filter.userId !== actor.id) throw new ForbiddenError();
  await ctx.prisma.savedSourcingFilter.delete({ where: { id: filterId } });
  return { id: filterId };
}

export const sourcingDomain = {
  getProfile,
  saveProfile,
  createRequest,
  updateRequest,
  publishRequest,
  cancelRequest,
  closeRequest,
  grantAccess,
  grantableOrganizations,
  listRequests,
  getRequest,
  candidates,
  matchingRequests,
  submitProposal,
  updateProposal,
  withdrawProposal,
  shortlistProposal,
  declineProposal,
  acceptProposal,
  saveFilter,
  savedFilters,
  deleteFilter,
};
