// Supply matching: which suppliers fit a sourcing request (forward view) and which open requests fit
// a supplier (reverse view), with a score from 0 to 100 and the reasons behind it.
//
// Two steps, so that ranking stays fast with many profiles (docs/decisions/0011-supply-matching.md):
//   1. SQL filters on the hard requirements (the part category; every required certificate valid at
//      start of production, read from the profile's per-type summary) and pre-ranks with the same
//      formula, keeping the best PRE_RANK_LIMIT rows.
//   2. The plain functions below score those rows exactly and give the reasons; unit and property
//      tests call them directly.
// The weights live in WEIGHTS below and nowhere else.
import { Prisma } from "../db/generated/client.js";
import type { PrismaClient } from "../db/index.js";
import { OrganizationStatus, type BusinessType, type CertificationType, type PartCategory, type VehicleSegment } from "../db/generated/enums.js";
import { CERTIFICATION_TYPES } from "./taxonomy.js";

/** Points per soft factor; they add up to 100. Change them here, and in the ADR. */
export const WEIGHTS = {
  /** Share of the request's target markets the supplier already serves. */
  marketCoverage: 30,
  /** Annual capacity against the requested annual volume (full at 100%). */
  capacity: 20,
  /** How long after start of production the best relevant certificate stays valid (full at 24 months). */
  certificateMargin: 15,
  /** Mean years of experience in the covered target markets (full at 10 years). */
  experience: 15,
  /** The supplier works in the request's business type (OE supply, aftermarket, modification). */
  businessType: 10,
  /** Share of the request's vehicle segments the supplier serves. */
  segmentFit: 10,
} as const;
export type Factor = keyof typeof WEIGHTS;

export const CERTIFICATE_MARGIN_FULL_MONTHS = 24;
export const EXPERIENCE_FULL_YEARS = 10;
/**
 * Quality-system certificates count towards the margin factor even when the request does not ask for
 * them; required ones count as well. A superset of the required ones, so requiring a certificate the
 * supplier holds can only keep or raise the margin (a property test holds us to it).
 */
export const BASELINE_CERTIFICATES: readonly CertificationType[] = ["IATF_16949", "ISO_9001"];

const DAY_MS = 24 * 60 * 60 * 1000;
/** A month as the margin factor counts it (the SQL pre-ranking uses the same). */
const MONTH_DAYS = 30.4375;
const MONTH_MS = MONTH_DAYS * DAY_MS;

export interface MatchRequest {
  category: PartCategory;
  businessType: BusinessType;
  targetMarkets: readonly string[];
  segments: readonly VehicleSegment[];
  annualVolume: number;
  requiredCertifications: readonly CertificationType[];
  startOfProduction: Date;
}

export interface MatchCertificate {
  type: CertificationType;
  label?: string | null;
  validTo: Date;
}

export interface MatchProfile {
  organizationId: string;
  /** English name: the tie-breaker, so the order does not depend on the viewer's language. */
  name: string;
  nameZh?: string;
  categories: readonly PartCategory[];
  businessTypes: readonly BusinessType[];
  segments: readonly VehicleSegment[];
  /** Years of experience by ISO country code. */
  marketExperience: Readonly<Record<string, number>>;
  annualCapacity: number;
  certifications: readonly MatchCertificate[];
}

/**
 * Why a score is what it is, as data: the UI renders each kind as a translated sentence
 * (app/i18n/*\/sourcing.ts `reasons`). Months are "YYYY-MM".
 */
export type MatchReason =
  | { kind: "certificateValid"; tone: "plus"; params: { type: CertificationType; label: string | null; validTo: string } }
  | { kind: "certificateExpiresBeforeSop"; tone: "minus"; params: { type: CertificationType; label: string | null; validTo: string } }
  | { kind: "marketsServed"; tone: "plus" | "minus"; params: { served: number; total: number } }
  | { kind: "capacityCovers"; tone: "plus" | "minus"; params: { percent: number } }
  | { kind: "experience"; tone: "plus" | "minus"; params: { years: number } }
  | { kind: "businessType"; tone: "plus" | "minus"; params: { businessType: BusinessType } }
  | { kind: "segmentsFit"; tone: "plus" | "minus"; params: { matched: number; total: number } };

export interface MatchResult {
  score: number;
  /** Each factor's share in 0..1, before weighting (for tests and tuning). */
  factors: Record<Factor, number>;
  reasons: MatchReason[];
}

const monthKey = (d: Date) => d.toISOString().slice(0, 7);
const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** The hard requirements: the category, and each required certificate valid at start of production. */
export function meetsHardRequirements(request: MatchRequest, profile: MatchProfile): boolean {
  if (!profile.categories.includes(request.category)) return false;
  const sop = request.startOfProduction.getTime();
  return request.requiredCertifications.every((type) =>
    profile.certifications.some((c) => c.type === type && c.validTo.getTime() >= sop),
  );
}

/** Scores a profile that meets the hard requirements (call meetsHardRequirements first). */
export function scoreMatch(request: MatchRequest, profile: MatchProfile): MatchResult {
  const reasons: MatchReason[] = [];
  const sop = request.startOfProduction.getTime();

  // Certificates: the required ones are reported one by one; the margin factor reads the best of the
  // required and baseline certificates the supplier holds that are valid at start of production.
  const relevant = new Set<CertificationType>([...request.requiredCertifications, ...BASELINE_CERTIFICATES]);
  let bestMarginMonths = 0;
  const byType = new Map<CertificationType, MatchCertificate>();
  for (const cert of profile.certifications) {
    const held = byType.get(cert.type);
    if (!held || cert.validTo.getTime() > held.validTo.getTime()) byType.set(cert.type, cert);
  }
  for (const [type, cert] of [...byType].sort(([a], [b]) => a.localeCompare(b))) {
    const params = { type, label: cert.label ?? null, validTo: monthKey(cert.validTo) };
    if (cert.validTo.getTime() < sop) {
      reasons.push({ kind: "certificateExpiresBeforeSop", tone: "minus", params });
      continue;
    }
    if (!relevant.has(type)) continue;
    bestMarginMonths = Math.max(bestMarginMonths, (cert.validTo.getTime() - sop) / MONTH_MS);
    if (request.requiredCertifications.includes(type) || BASELINE_CERTIFICATES.includes(type)) {
      reasons.push({ kind: "certificateValid", tone: "plus", params });
    }
  }
  const certificateMargin = clamp01(bestMarginMonths / CERTIFICATE_MARGIN_FULL_MONTHS);

  const markets = request.targetMarkets;
  const covered = markets.filter((m) => Object.hasOwn(profile.marketExperience, m));
  const marketCoverage = markets.length === 0 ? 1 : covered.length / markets.length;
  if (markets.length > 0) {
    reasons.push({ kind: "marketsServed", tone: covered.length > 0 ? "plus" : "minus", params: { served: covered.length, total: markets.length } });
  }

  const capacityShare = request.annualVolume > 0 ? profile.annualCapacity / request.annualVolume : 1;
  const capacity = clamp01(capacityShare);
  reasons.push({
    kind: "capacityCovers",
    tone: capacityShare >= 1 ? "plus" : "minus",
    params: { percent: Math.min(100, Math.floor(capacityShare * 100)) },
  });

  const years =
    markets.length > 0
      ? covered.length > 0
        ? covered.reduce((sum, m) => sum + (profile.marketExperience[m] ?? 0), 0) / covered.length
        : 0
      : Math.max(0, ...Object.values(profile.marketExperience));
  const experience = clamp01(years / EXPERIENCE_FULL_YEARS);
  reasons.push({ kind: "experience", tone: years >= 3 ? "plus" : "minus", params: { years: Math.round(years * 10) / 10 } });

  const businessMatch = profile.businessTypes.includes(request.businessType);
  reasons.push({ kind: "businessType", tone: businessMatch ? "plus" : "minus", params: { businessType: request.businessType } });

  const segs = request.segments;
  const matchedSegments = segs.filter((s) => profile.segments.includes(s)).length;
  const segmentFit = segs.length === 0 ? 1 : matchedSegments / segs.length;
  if (segs.length > 0) {
    reasons.push({ kind: "segmentsFit", tone: matchedSegments === segs.length ? "plus" : "minus", params: { matched: matchedSegments, total: segs.length } });
  }

  const factors: Record<Factor, number> = {
    marketCoverage,
    capacity,
    certificateMargin,
    experience,
    businessType: businessMatch ? 1 : 0,
    segmentFit,
  };
  let total = 0;
  for (const factor of Object.keys(WEIGHTS) as Factor[]) total += WEIGHTS[factor] * factors[factor];
  // Rounded once at the end, to an integer 0..100; a tiny epsilon keeps x.5 from flipping on float noise.
  const score = Math.max(0, Math.min(100, Math.round(total + 1e-9)));
  return { score, factors, reasons };
}

export interface RankedCandidate extends MatchResult {
  profile: MatchProfile;
}

/**
 * Ranks profiles for a request: those failing a hard requirement are left out; the rest by score,
 * then name, then organisation id, so the same inputs always give the same order.
 */
export function rankCandidates(request: MatchRequest, profiles: readonly MatchProfile[]): RankedCandidate[] {
  return profiles
    .filter((p) => meetsHardRequirements(request, p))
    .map((profile) => ({ profile, ...scoreMatch(request, profile) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.profile.name < b.profile.name ? -1 : a.profile.name > b.profile.name ? 1 : 0) ||
        (a.profile.organizationId < b.profile.organizationId ? -1 : a.profile.organizationId > b.profile.organizationId ? 1 : 0),
    );
}

export interface RankedRequest<R extends MatchRequest & { id: string; responseDeadline: Date }> extends MatchResult {
  request: R;
}

/** Ranks requests for one profile: by score, then the nearer deadline, then id. */
export function rankRequests<R extends MatchRequest & { id: string; responseDeadline: Date }>(
  profile: MatchProfile,
  requests: readonly R[],
): RankedRequest<R>[] {
  return requests
    .filter((r) => meetsHardRequirements(r, profile))
    .map((request) => ({ request, ...scoreMatch(request, profile) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.request.responseDeadline.getTime() - b.request.responseDeadline.getTime() ||
        (a.request.id < b.request.id ? -1 : a.request.id > b.request.id ? 1 : 0),
    );
}

// ---------------------------------------------------------------------------------------------
// The offer view: a supplier's offer (SUPPLIER_SEEKS_OEM) and the OEMs that might want it. OEMs keep
// no capability profile, so what they want is read from what they do in the alliance: the markets
// they serve (their organisation profile) or source for (their requests), and the requests they have
// posted in the offer's category (how many, how many still open, their usual volume, the segments).

/** Points per factor of the offer view; they add up to 100. Change them here, and in the ADR. */
export const OEM_WEIGHTS = {
  /** Share of the offer's markets where the OEM serves customers or sources parts. */
  marketPresence: 35,
  /** Requests the OEM has posted in the offer's category (full at OEM_DEMAND_FULL_REQUESTS). */
  categoryDemand: 35,
  /** The offered annual capacity against the OEM's median volume in the category (full at 100%). */
  volumeFit: 15,
  /** Share of the offer's vehicle segments the OEM has sourced for. */
  segmentFit: 15,
} as const;
export type OemFactor = keyof typeof OEM_WEIGHTS;
export const OEM_DEMAND_FULL_REQUESTS = 3;

/** What the alliance knows about an OEM's demand, for one offer's category. */
export interface OemDemand {
  organizationId: string;
  name: string;
  nameZh?: string;
  /** Markets it serves (organisation profile) or has sourced for (its requests), ISO codes. */
  markets: readonly string[];
  /** Vehicle segments of its requests. */
  segments: readonly VehicleSegment[];
  /** Its published requests in the offer's category, and how many of them are still open. */
  categoryRequests: number;
  openCategoryRequests: number;
  /** Median annual volume of those requests (null without any). */
  medianVolume: number | null;
}

export type OemReason =
  | { kind: "oemMarkets"; tone: "plus" | "minus"; params: { present: number; total: number } }
  | { kind: "oemDemand"; tone: "plus"; params: { requests: number; open: number } }
  | { kind: "oemNoDemand"; tone: "minus"; params: Record<string, never> }
  | { kind: "oemVolume"; tone: "plus" | "minus"; params: { percent: number } }
  | { kind: "oemSegments"; tone: "plus" | "minus"; params: { matched: number; total: number } };

export interface OemMatchResult {
  score: number;
  factors: Record<OemFactor, number>;
  reasons: OemReason[];
}

/** The offer view's hard requirement: the OEM is present in one of the offer's markets or buys in its category. */
export function oemIsCandidate(offer: MatchRequest, oem: OemDemand): boolean {
  return oem.categoryRequests > 0 || offer.targetMarkets.some((m) => oem.markets.includes(m));
}

export function scoreOemMatch(offer: MatchRequest, oem: OemDemand): OemMatchResult {
  const reasons: OemReason[] = [];
  const markets = offer.targetMarkets;
  const present = markets.filter((m) => oem.markets.includes(m)).length;
  const marketPresence = markets.length === 0 ? 1 : present / markets.length;
  if (markets.length > 0) reasons.push({ kind: "oemMarkets", tone: present > 0 ? "plus" : "minus", params: { present, total: markets.length } });

  const categoryDemand = clamp01(oem.categoryRequests / OEM_DEMAND_FULL_REQUESTS);
  reasons.push(
    oem.categoryRequests > 0
      ? { kind: "oemDemand", tone: "plus", params: { requests: oem.categoryRequests, open: oem.openCategoryRequests } }
      : { kind: "oemNoDemand", tone: "minus", params: {} },
  );

  let volumeFit = 0;
  if (oem.medianVolume !== null && oem.medianVolume > 0) {
    const share = offer.annualVolume / oem.medianVolume;
    volumeFit = clamp01(share);
    reasons.push({ kind: "oemVolume", tone: share >= 1 ? "plus" : "minus", params: { percent: Math.min(100, Math.floor(share * 100)) } });
  }

  const segs = offer.segments;
  const matched = segs.filter((s) => oem.segments.includes(s)).length;
  const segmentFit = segs.length === 0 ? 1 : matched / segs.length;
  if (segs.length > 0) reasons.push({ kind: "oemSegments", tone: matched === segs.length ? "plus" : "minus", params: { matched, total: segs.length } });

  const factors: Record<OemFactor, number> = { marketPresence, categoryDemand, volumeFit, segmentFit };
  let total = 0;
  for (const factor of Object.keys(OEM_WEIGHTS) as OemFactor[]) total += OEM_WEIGHTS[factor] * factors[factor];
  return { score: Math.max(0, Math.min(100, Math.round(total + 1e-9))), factors, reasons };
}

export interface RankedOem extends OemMatchResult {
  oem: OemDemand;
}

/** OEMs for an offer: those with neither presence nor demand are left out; then score, name, id. */
export function rankOems(offer: MatchRequest, oems: readonly OemDemand[]): RankedOem[] {
  return oems
    .filter((o) => oemIsCandidate(offer, o))
    .map((oem) => ({ oem, ...scoreOemMatch(offer, oem) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.oem.name < b.oem.name ? -1 : a.oem.name > b.oem.name ? 1 : 0) ||
        (a.oem.organizationId < b.oem.organizationId ? -1 : a.oem.organizationId > b.oem.organizationId ? 1 : 0),
    );
}

// ---------------------------------------------------------------------------------------------
// Loading: the SQL half. Both queries filter on the hard requirements and pre-rank with the same
// formula as scoreMatch, so that only the best PRE_RANK_LIMIT rows reach the exact scoring here.
// Raw SQL because Prisma's query compiler sends a scalar where `has` on an enum array needs an array
// (the PGlite adapter then fails). Array parameters go in as text[] and are cast from there: the
// PGlite adapter cannot bind a JS array to an enum array type directly.
//
// What keeps them fast on the embedded database (measured: docs/benchmarks-sourcing.md), where every
// expression evaluated per row is interpreted WebAssembly:
//   - certificates come from SupplierCapability.bestCertificates (one object per type, kept by
//     database triggers), so neither query touches Certification per candidate;
//   - per-market and per-segment terms are unrolled into plain expressions, no subquery per row;
//   - the reverse view sorts narrow rows (id, deadline, score) and fetches the wide columns and
//     the poster's names for the rows it keeps only.

type Db = Pick<PrismaClient, "$queryRaw">;
const sql = Prisma.sql;

interface ProfileRow {
  organizationId: string;
  nameEn: string;
  nameZh: string;
  categories: PartCategory[];
  businessTypes: BusinessType[];
  segments: VehicleSegment[];
  marketExperience: string;
  annualCapacity: number;
  bestCertificates: string;
}

function jsonObject(value: unknown): Record<string, unknown> | null {
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Years by country from the stored JSON; anything malformed counts as no experience. */
export function readMarketExperience(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(jsonObject(value) ?? {})) if (typeof v === "number" && Number.isFinite(v) && v >= 0) out[k] = v;
  return out;
}

const CERTIFICATION_TYPE_SET: ReadonlySet<string> = new Set(CERTIFICATION_TYPES);
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The best certificate per type from SupplierCapability.bestCertificates (written by the triggers of
 * migration supplier_best_certificates); entries that are not a known type with a day are left out.
 * One per type is all scoreMatch reads: it keeps the latest validTo of each type.
 */
export function readBestCertificates(value: unknown): MatchCertificate[] {
  const out: MatchCertificate[] = [];
  for (const [type, entry] of Object.entries(jsonObject(value) ?? {})) {
    const e = jsonObject(entry);
    if (!CERTIFICATION_TYPE_SET.has(type) || !e || typeof e.validTo !== "string" || !ISO_DAY.test(e.validTo)) continue;
    const validTo = new Date(`${e.validTo}T00:00:00.000Z`);
    if (Number.isNaN(validTo.getTime())) continue;
    out.push({ type: type as CertificationType, label: typeof e.label === "string" ? e.label : null, validTo });
  }
  return out.sort((a, b) => a.type.localeCompare(b.type));
}

function profileOf(r: ProfileRow): MatchProfile {
  return {
    organizationId: r.organizationId,
    name: r.nameEn,
    nameZh: r.nameZh,
    categories: r.categories,
    businessTypes: r.businessTypes,
    segments: r.segments,
    marketExperience: readMarketExperience(r.marketExperience),
    annualCapacity: r.annualCapacity,
    certifications: readBestCertificates(r.bestCertificates),
  };
}

const profileColumns = sql`
  sc."organizationId"::text AS "organizationId", o."nameEn", o."nameZh",
  sc."categories"::text[] AS "categories", sc."businessTypes"::text[] AS "businessTypes",
  sc."segments"::text[] AS "segments", sc."marketExperience"::text AS "marketExperience", sc."annualCapacity",
  sc."bestCertificates"::text AS "bestCertificates"`;

/**
 * How many rows the SQL pre-ranking hands to the exact scoring in JS. The SQL score is the same
 * formula as scoreMatch (same WEIGHTS, same constants), so its top rows are the JS top rows; the 50
 * rows beyond the 50 a page shows cover float noise at rounding boundaries (the seed test and the
 * benchmark compare full orders). Each row costs decoding and scoring, so no more than that.
 */
export const PRE_RANK_LIMIT = 100;

const w = (f: Factor) => sql`${WEIGHTS[f]}::float8`;

/** SQL twin of scoreMatch's weighted sum, rounded as JS rounds it (ORDER BY needs the same key). */
function weightedSum(f: Record<Factor, Prisma.Sql>) {
  return sql`round(${w("marketCoverage")} * ${f.marketCoverage} + ${w("capacity")} * ${f.capacity} + ${w("certificateMargin")} * ${f.certificateMargin}
    + ${w("experience")} * ${f.experience} + ${w("businessType")} * ${f.businessType} + ${w("segmentFit")} * ${f.segmentFit} + 1e-9)`;
}

/** Organisations in these statuses are neither candidates nor posters anyone is matched with. */
const INACTIVE_STATUSES = Object.values(OrganizationStatus).filter((s) => s !== "ACTIVE");

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const sumOf = (terms: Prisma.Sql[]) => (terms.length ? sql`(${Prisma.join(terms, " + ")})` : sql`0`);

/**
 * Active organisations with a profile in the request's category holding every required certificate
 * at SOP, pre-ranked in SQL (best PRE_RANK_LIMIT), with the total that met the hard requirements.
 */
export async function loadCandidateProfiles(
  db: Db,
  request: MatchRequest,
  excludeOrganizationId: string,
  limit = PRE_RANK_LIMIT,
): Promise<{ profiles: MatchProfile[]; total: number }> {
  const sop = isoDay(request.startOfProduction);
  const best = (type: CertificationType) => sql`(sc."bestCertificates" -> ${type}::text ->> 'validTo')`;
  // ISO days order as text in the C collation: no date parsing for the filter.
  const certConditions = request.requiredCertifications.map((type) => sql`AND ${best(type)} COLLATE "C" >= ${sop}::text`);
  const relevant = [...new Set([...request.requiredCertifications, ...BASELINE_CERTIFICATES])];
  const targets = [...request.targetMarkets];
  const segments = [...request.segments];
  const covered = sumOf(targets.map((m) => sql`(sc."marketExperience" ? ${m}::text)::int`));
  const yearsCovered = sumOf(targets.map((m) => sql`COALESCE((sc."marketExperience" ->> ${m}::text)::float8, 0)`));
  const factors: Record<Factor, Prisma.Sql> = {
    marketCoverage: targets.length ? sql`(${covered}::float8 / ${targets.length}::float8)` : sql`1.0`,
    capacity: sql`LEAST(1.0, sc."annualCapacity"::float8 / ${request.annualVolume}::float8)`,
    // GREATEST skips the NULLs of types not held; 0 stands for "none valid at SOP", as in scoreMatch.
    certificateMargin: sql`LEAST(1.0, GREATEST(0, ${Prisma.join(relevant.map((type) => sql`${best(type)}::date - ${sop}::date`))})::float8
        / ${MONTH_DAYS}::float8 / ${CERTIFICATE_MARGIN_FULL_MONTHS}::float8)`,
    experience: targets.length
      ? sql`LEAST(1.0, COALESCE(${yearsCovered} / NULLIF(${covered}, 0)::float8, 0) / ${EXPERIENCE_FULL_YEARS}::float8)`
      : sql`LEAST(1.0, COALESCE((SELECT max(value::float8) FROM jsonb_each_text(sc."marketExperience")), 0) / ${EXPERIENCE_FULL_YEARS}::float8)`,
    businessType: sql`(CASE WHEN ${request.businessType}::"BusinessType" = ANY(sc."businessTypes") THEN 1.0 ELSE 0.0 END)`,
    segmentFit: segments.length
      ? sql`(${sumOf(segments.map((s) => sql`(${s}::"VehicleSegment" = ANY(sc."segments"))::int`))}::float8 / ${segments.length}::float8)`
      : sql`1.0`,
  };
  // Ranked on narrow rows without the organisation: the inner query keeps the best `limit` scores
  // WITH TIES (so no row that the name tie-break would put in the top is cut), then the names of
  // those rows give the final order. Inactive organisations go through the (status) index.
  const inactive = Prisma.join(INACTIVE_STATUSES.map((s) => sql`${s}::"OrganizationStatus"`));
  const rows = await db.$queryRaw<(ProfileRow & { total: bigint | number })[]>`
    SELECT ${profileColumns}, top."total"
      FROM (SELECT sc."organizationId", ${weightedSum(factors)} AS "score", count(*) OVER () AS "total"
              FROM "SupplierCapability" sc
             WHERE sc."categories" @> ARRAY[${request.category}]::"PartCategory"[]
               AND sc."organizationId" <> ${excludeOrganizationId}::uuid
               AND sc."organizationId" NOT IN (SELECT i."id" FROM "Organization" i WHERE i."status" IN (${inactive}))
               ${certConditions.length ? Prisma.join(certConditions, " ") : Prisma.empty}
             ORDER BY "score" DESC
             FETCH FIRST ${limit} ROWS WITH TIES) top
      JOIN "SupplierCapability" sc ON sc."organizationId" = top."organizationId"
      JOIN "Organization" o ON o."id" = top."organizationId"
     ORDER BY top."score" DESC, o."nameEn" COLLATE "C", top."organizationId"
     LIMIT ${limit}`;
  return { profiles: rows.map(profileOf), total: Number(rows[0]?.total ?? 0) };
}

export async function loadProfile(db: Db, organizationId: string): Promise<MatchProfile | null> {
  const rows = await db.$queryRaw<ProfileRow[]>`
    SELECT ${profileColumns}
      FROM "SupplierCapability" sc
      JOIN "Organization" o ON o."id" = sc."organizationId"
     WHERE sc."organizationId" = ${organizationId}::uuid`;
  return rows[0] ? profileOf(rows[0]) : null;
}

export interface OpenRequestRow extends MatchRequest {
  id: string;
  title: string;
  responseDeadline: Date;
  confidential: boolean;
  posterOrganizationId: string;
  poster: { nameEn: string; nameZh: string };
}


/**
 * Open supplier-seeking requests in the profile's categories whose required certificates the
 * supplier holds valid at each request's start of production, pre-ranked in SQL with the same
 * formula as scoreMatch (best PRE_RANK_LIMIT).
 */
export async function loadOpenRequestsFor(db: Db, profile: MatchProfile, today: Date, limit = PRE_RANK_LIMIT): Promise<OpenRequestRow[]> {
  if (profile.categories.length === 0) return [];
  // The profile is fixed, so every factor unrolls into plain expressions over the request's columns
  // (one term per market, segment or certificate of the supplier). Enum values go in one scalar
  // parameter each: a text[] cast to an enum array is not folded into a constant (enum input is only
  // STABLE), so PostgreSQL would redo the cast for every row.
  const sop = sql`r."startOfProduction"`;
  const markets = Object.entries(profile.marketExperience);
  const covered = sumOf(markets.map(([m]) => sql`(${m}::text = ANY(r."targetMarkets"))::int`));
  const yearsCovered = sumOf(markets.map(([m, y]) => sql`(CASE WHEN ${m}::text = ANY(r."targetMarkets") THEN ${y}::float8 ELSE 0 END)`));
  const maxYears = Math.max(0, ...markets.map(([, y]) => y));
  const segmentsMatched = sumOf([...new Set(profile.segments)].map((seg) => sql`(${seg}::"VehicleSegment" = ANY(r."segments"))::int`));
  const validAtSop = profile.certifications.map((c) => sql`CASE WHEN ${isoDay(c.validTo)}::date >= ${sop} THEN ${c.type}::"CertificationType" END`);
  const margins = profile.certifications.map((c) => {
    const date = sql`${isoDay(c.validTo)}::date`;
    const relevant = BASELINE_CERTIFICATES.includes(c.type) ? sql`TRUE` : sql`${c.type}::"CertificationType" = ANY(r."requiredCertifications")`;
    return sql`CASE WHEN ${relevant} AND ${date} >= ${sop} THEN ${date} - ${sop} END`;
  });
  const factors: Record<Factor, Prisma.Sql> = {
    marketCoverage: sql`(CASE WHEN cardinality(r."targetMarkets") = 0 THEN 1.0 ELSE ${covered}::float8 / cardinality(r."targetMarkets") END)`,
    capacity: sql`LEAST(1.0, ${profile.annualCapacity}::float8 / r."annualVolume")`,
    certificateMargin: margins.length
      ? sql`LEAST(1.0, COALESCE(GREATEST(${Prisma.join(margins)}), 0)::float8 / ${MONTH_DAYS}::float8 / ${CERTIFICATE_MARGIN_FULL_MONTHS}::float8)`
      : sql`0.0`,
    experience: sql`LEAST(1.0, (CASE WHEN cardinality(r."targetMarkets") = 0 THEN ${maxYears}::float8
      ELSE COALESCE(${yearsCovered} / NULLIF(${covered}, 0)::float8, 0) END) / ${EXPERIENCE_FULL_YEARS}::float8)`,
    businessType: profile.businessTypes.length
      ? sql`(CASE WHEN r."businessType" IN (${Prisma.join(profile.businessTypes.map((b) => sql`${b}::"BusinessType"`))}) THEN 1.0 ELSE 0.0 END)`
      : sql`0.0`,
    segmentFit: sql`(CASE WHEN cardinality(r."segments") = 0 THEN 1.0 ELSE ${segmentsMatched}::float8 / cardinality(r."segments") END)`,
  };
  const inactive = Prisma.join(INACTIVE_STATUSES.map((s) => sql`${s}::"OrganizationStatus"`));
  // Types the supplier holds valid at this request's SOP (NULL where not): the request's required
  // certificates must all be among them.
  const validTypes = validAtSop.length ? sql`ARRAY[${Prisma.join(validAtSop)}]` : sql`'{}'::"CertificationType"[]`;
  const rows = await db.$queryRaw<(Omit<OpenRequestRow, "poster"> & { posterNameEn: string; posterNameZh: string })[]>`
    SELECT q."id"::text AS "id", q."title", q."category"::text AS "category", q."businessType"::text AS "businessType",
           q."targetMarkets", q."segments"::text[] AS "segments", q."annualVolume",
           q."requiredCertifications"::text[] AS "requiredCertifications", q."startOfProduction", q."responseDeadline",
           q."confidential", q."posterOrganizationId"::text AS "posterOrganizationId",
           o."nameEn" AS "posterNameEn", o."nameZh" AS "posterNameZh"
      FROM (SELECT r."id", r."responseDeadline", ${weightedSum(factors)} AS "score"
              FROM "SourcingRequest" r
             WHERE r."status" = 'OPEN'::"SourcingRequestStatus"
               AND r."direction" = 'OEM_SEEKS_SUPPLIER'::"SourcingDirection"
               AND r."responseDeadline" >= ${today}::date
               AND r."category" IN (${Prisma.join(profile.categories.map((c) => sql`${c}::"PartCategory"`))})
               AND (cardinality(r."requiredCertifications") = 0 OR r."requiredCertifications" <@ ${validTypes})
               AND r."posterOrganizationId" <> ${profile.organizationId}::uuid
               AND r."posterOrganizationId" NOT IN (SELECT i."id" FROM "Organization" i WHERE i."status" IN (${inactive}))
             ORDER BY "score" DESC, r."responseDeadline", r."id"
             LIMIT ${limit}) top
      JOIN "SourcingRequest" q ON q."id" = top."id"
      JOIN "Organization" o ON o."id" = q."posterOrganizationId"
     ORDER BY top."score" DESC, top."responseDeadline", top."id"`;
  return rows.map(({ posterNameEn, posterNameZh, ...r }) => ({
    ...r,
    startOfProduction: new Date(r.startOfProduction),
    responseDeadline: new Date(r.responseDeadline),
    poster: { nameEn: posterNameEn, nameZh: posterNameZh },
  }));
}

/**
 * Every active OEM but the offer's poster, with its demand for the offer's category. OEMs are few
 * (an alliance has tens to hundreds), so all of them are scored in JS; each one's requests are read
 * through the (posterOrganizationId, createdAt) index. Drafts are not demand; withdrawn interest
 * (cancelled requests) still says what the OEM buys.
 */
export async function loadOemDemand(db: Db, offer: MatchRequest, excludeOrganizationId: string, today: Date): Promise<OemDemand[]> {
  const category = sql`${offer.category}::"PartCategory"`;
  const theirs = sql`r."posterOrganizationId" = o."id" AND r."direction" = 'OEM_SEEKS_SUPPLIER'::"SourcingDirection" AND r."status" <> 'DRAFT'::"SourcingRequestStatus"`;
  const rows = await db.$queryRaw<
    { organizationId: string; nameEn: string; nameZh: string; markets: string[]; segments: VehicleSegment[]; categoryRequests: bigint | number; openCategoryRequests: bigint | number; medianVolume: number | null }[]
  >`
    SELECT o."id"::text AS "organizationId", o."nameEn", o."nameZh",
           ARRAY(SELECT DISTINCT m FROM (SELECT unnest(o."markets") AS m
                                         UNION SELECT unnest(r."targetMarkets") FROM "SourcingRequest" r WHERE ${theirs}) x ORDER BY m) AS "markets",
           ARRAY(SELECT DISTINCT s::text FROM "SourcingRequest" r, unnest(r."segments") s WHERE ${theirs} ORDER BY 1) AS "segments",
           (SELECT count(*) FROM "SourcingRequest" r WHERE ${theirs} AND r."category" = ${category}) AS "categoryRequests",
           (SELECT count(*) FROM "SourcingRequest" r WHERE ${theirs} AND r."category" = ${category}
               AND r."status" = 'OPEN'::"SourcingRequestStatus" AND r."responseDeadline" >= ${today}::date) AS "openCategoryRequests",
           (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY r."annualVolume") FROM "SourcingRequest" r WHERE ${theirs} AND r."category" = ${category}) AS "medianVolume"
      FROM "Organization" o
     WHERE o."kind" = 'OEM'::"OrganizationKind" AND o."status" = 'ACTIVE'::"OrganizationStatus" AND o."id" <> ${excludeOrganizationId}::uuid`;
  return rows.map((r) => ({
    organizationId: r.organizationId,
    name: r.nameEn,
    nameZh: r.nameZh,
    markets: r.markets,
    segments: r.segments,
    categoryRequests: Number(r.categoryRequests),
    openCategoryRequests: Number(r.openCategoryRequests),
    medianVolume: r.medianVolume === null ? null : Number(r.medianVolume),
  }));
}
