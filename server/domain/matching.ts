// Supply matching: which suppliers fit a sourcing request (forward view) and which open requests fit
// a supplier (reverse view), with a score from 0 to 100 and the reasons behind it.
//
// Two steps, so that ranking stays fast with many profiles (docs/decisions/0011-supply-matching.md):
//   1. Hard requirements filter in SQL, on indexes: the part category (GIN on the category arrays)
//      and every required certificate valid at start of production (EXISTS on Certification).
//   2. The soft factors score the (much smaller) filtered set here, in plain functions that unit
//      and property tests call directly.
// The weights live in WEIGHTS below and nowhere else.
import { Prisma } from "../db/generated/client.js";
import type { PrismaClient } from "../db/index.js";
import type { BusinessType, CertificationType, PartCategory, VehicleSegment } from "../db/generated/enums.js";

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
// Loading: the SQL half. Both queries filter on the hard requirements with indexes and return only
// what scoring reads. Raw SQL because Prisma's query compiler sends a scalar where `has` on an enum
// array needs an array (the PGlite adapter then fails), and because two flat queries beat a nested
// include at 10,000 profiles. Array parameters go in as text[] and are cast from there: the PGlite
// adapter cannot bind a JS array to an enum array type directly.

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
}

/** Years by country from the stored JSON; anything malformed counts as no experience. */
export function readMarketExperience(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return out;
    }
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === "number" && Number.isFinite(v) && v >= 0) out[k] = v;
  }
  return out;
}

async function withCertificates(db: Db, rows: ProfileRow[]): Promise<MatchProfile[]> {
  if (rows.length === 0) return [];
  const certs = await db.$queryRaw<{ organizationId: string; type: CertificationType; label: string | null; validTo: Date }[]>`
    SELECT "organizationId", "type"::text AS "type", "label", "validTo"
      FROM "Certification"
     WHERE "organizationId" = ANY(${rows.map((r) => r.organizationId)}::uuid[])`;
  const byOrg = new Map<string, MatchCertificate[]>();
  for (const c of certs) {
    const list = byOrg.get(c.organizationId) ?? [];
    list.push({ type: c.type, label: c.label, validTo: new Date(c.validTo) });
    byOrg.set(c.organizationId, list);
  }
  return rows.map((r) => ({
    organizationId: r.organizationId,
    name: r.nameEn,
    nameZh: r.nameZh,
    categories: r.categories,
    businessTypes: r.businessTypes,
    segments: r.segments,
    marketExperience: readMarketExperience(r.marketExperience),
    annualCapacity: r.annualCapacity,
    certifications: byOrg.get(r.organizationId) ?? [],
  }));
}

const profileColumns = sql`
  sc."organizationId"::text AS "organizationId", o."nameEn", o."nameZh",
  sc."categories"::text[] AS "categories", sc."businessTypes"::text[] AS "businessTypes",
  sc."segments"::text[] AS "segments", sc."marketExperience"::text AS "marketExperience", sc."annualCapacity"`;

/**
 * How many rows the SQL pre-ranking hands to the exact scoring in JS. The SQL score is the same
 * formula as scoreMatch (same WEIGHTS, same constants), so its top rows are the JS top rows; the
 * margin covers float noise at rounding boundaries. Pages show at most 50.
 */
export const PRE_RANK_LIMIT = 200;

const w = (f: Factor) => sql`${WEIGHTS[f]}::float8`;

/** SQL twin of scoreMatch's weighted sum, rounded as JS rounds it (ORDER BY needs the same key). */
function weightedSum(f: Record<Factor, Prisma.Sql>) {
  return sql`round(${w("marketCoverage")} * ${f.marketCoverage} + ${w("capacity")} * ${f.capacity} + ${w("certificateMargin")} * ${f.certificateMargin}
    + ${w("experience")} * ${f.experience} + ${w("businessType")} * ${f.businessType} + ${w("segmentFit")} * ${f.segmentFit} + 1e-9)`;
}

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
  const certConditions = request.requiredCertifications.map(
    (type) => sql`AND EXISTS (SELECT 1 FROM "Certification" c
                     WHERE c."organizationId" = sc."organizationId" AND c."type" = ${type}::"CertificationType"
                       AND c."validTo" >= ${request.startOfProduction}::date)`,
  );
  const targets = [...request.targetMarkets];
  const segments = [...request.segments];
  const relevant = [...new Set([...request.requiredCertifications, ...BASELINE_CERTIFICATES])];
  const sop = request.startOfProduction;
  const factors: Record<Factor, Prisma.Sql> = {
    marketCoverage: targets.length
      ? sql`((SELECT count(*) FROM unnest(${targets}::text[]) m WHERE sc."marketExperience" ? m)::float8 / ${targets.length}::float8)`
      : sql`1.0`,
    capacity: sql`LEAST(1.0, sc."annualCapacity"::float8 / ${request.annualVolume}::float8)`,
    certificateMargin: sql`LEAST(1.0, COALESCE((SELECT max(c."validTo" - ${sop}::date) FROM "Certification" c
        WHERE c."organizationId" = sc."organizationId" AND c."type"::text = ANY(${relevant}::text[]) AND c."validTo" >= ${sop}::date), 0)::float8
        / ${MONTH_DAYS}::float8 / ${CERTIFICATE_MARGIN_FULL_MONTHS}::float8)`,
    experience: targets.length
      ? sql`LEAST(1.0, COALESCE((SELECT avg((sc."marketExperience" ->> m)::float8) FROM unnest(${targets}::text[]) m WHERE sc."marketExperience" ? m), 0) / ${EXPERIENCE_FULL_YEARS}::float8)`
      : sql`LEAST(1.0, COALESCE((SELECT max(value::float8) FROM jsonb_each_text(sc."marketExperience")), 0) / ${EXPERIENCE_FULL_YEARS}::float8)`,
    businessType: sql`(CASE WHEN ${request.businessType}::"BusinessType" = ANY(sc."businessTypes") THEN 1.0 ELSE 0.0 END)`,
    segmentFit: segments.length
      ? sql`((SELECT count(*) FROM unnest(${segments}::text[]) s WHERE s = ANY(sc."segments"::text[]))::float8 / ${segments.length}::float8)`
      : sql`1.0`,
  };
  const rows = await db.$queryRaw<(ProfileRow & { total: bigint | number })[]>`
    SELECT ${profileColumns}, count(*) OVER () AS "total"
      FROM "SupplierCapability" sc
      JOIN "Organization" o ON o."id" = sc."organizationId"
     WHERE sc."categories" @> ARRAY[${request.category}]::"PartCategory"[]
       AND o."status" = 'ACTIVE'::"OrganizationStatus"
       AND sc."organizationId" <> ${excludeOrganizationId}::uuid
       ${certConditions.length ? Prisma.join(certConditions, " ") : Prisma.empty}
     ORDER BY ${weightedSum(factors)} DESC, o."nameEn" COLLATE "C", sc."organizationId"
     LIMIT ${limit}`;
  return { profiles: await withCertificates(db, rows), total: Number(rows[0]?.total ?? 0) };
}

export async function loadProfile(db: Db, organizationId: string): Promise<MatchProfile | null> {
  const rows = await db.$queryRaw<ProfileRow[]>`
    SELECT ${profileColumns}
      FROM "SupplierCapability" sc
      JOIN "Organization" o ON o."id" = sc."organizationId"
     WHERE sc."organizationId" = ${organizationId}::uuid`;
  return (await withCertificates(db, rows))[0] ?? null;
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
  // (one term per market, segment or certificate of the supplier): no subquery per row.
  const held = [...new Set(profile.certifications.map((c) => c.type))];
  const sop = sql`r."startOfProduction"`;
  const sum = (terms: Prisma.Sql[]) => (terms.length ? sql`(${Prisma.join(terms, " + ")})` : sql`0`);
  const markets = Object.entries(profile.marketExperience);
  const covered = sum(markets.map(([m]) => sql`(r."targetMarkets" @> ARRAY[${m}]::text[])::int`));
  const yearsCovered = sum(markets.map(([m, y]) => sql`(CASE WHEN r."targetMarkets" @> ARRAY[${m}]::text[] THEN ${y}::float8 ELSE 0 END)`));
  const maxYears = Math.max(0, ...markets.map(([, y]) => y));
  const segmentsMatched = sum([...new Set(profile.segments)].map((seg) => sql`(r."segments" @> ARRAY[${seg}]::"VehicleSegment"[])::int`));
  const validAtSop = profile.certifications.map((c) => sql`CASE WHEN ${c.validTo.toISOString().slice(0, 10)}::date >= ${sop} THEN ${c.type}::text END`);
  const margins = profile.certifications.map((c) => {
    const date = sql`${c.validTo.toISOString().slice(0, 10)}::date`;
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
    businessType: sql`(CASE WHEN r."businessType"::text = ANY(${[...profile.businessTypes]}::text[]) THEN 1.0 ELSE 0.0 END)`,
    segmentFit: sql`(CASE WHEN cardinality(r."segments") = 0 THEN 1.0 ELSE ${segmentsMatched}::float8 / cardinality(r."segments") END)`,
  };
  const validTypes = validAtSop.length ? sql`array_remove(ARRAY[${Prisma.join(validAtSop)}], NULL)` : sql`'{}'::text[]`;
  const rows = await db.$queryRaw<(Omit<OpenRequestRow, "poster"> & { posterNameEn: string; posterNameZh: string })[]>`
    SELECT r."id"::text AS "id", r."title", r."category"::text AS "category", r."businessType"::text AS "businessType",
           r."targetMarkets", r."segments"::text[] AS "segments", r."annualVolume",
           r."requiredCertifications"::text[] AS "requiredCertifications", r."startOfProduction", r."responseDeadline",
           r."confidential", r."posterOrganizationId"::text AS "posterOrganizationId",
           o."nameEn" AS "posterNameEn", o."nameZh" AS "posterNameZh"
      FROM "SourcingRequest" r
      JOIN "Organization" o ON o."id" = r."posterOrganizationId"
     WHERE r."status" = 'OPEN'::"SourcingRequestStatus"
       AND r."direction" = 'OEM_SEEKS_SUPPLIER'::"SourcingDirection"
       AND r."responseDeadline" >= ${today}::date
       AND r."category" = ANY(${[...profile.categories]}::text[]::"PartCategory"[])
       AND r."requiredCertifications" <@ ${held}::text[]::"CertificationType"[]
       AND r."requiredCertifications"::text[] <@ ${validTypes}
       AND r."posterOrganizationId" <> ${profile.organizationId}::uuid
       AND o."status" = 'ACTIVE'::"OrganizationStatus"
     ORDER BY ${weightedSum(factors)} DESC, r."responseDeadline", r."id"
     LIMIT ${limit}`;
  return rows.map(({ posterNameEn, posterNameZh, ...r }) => ({
    ...r,
    startOfProduction: new Date(r.startOfProduction),
    responseDeadline: new Date(r.responseDeadline),
    poster: { nameEn: posterNameEn, nameZh: posterNameZh },
  }));
}
