// The scoring module on fixed fixtures (expected order, scores and reasons) and its properties.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BusinessType, CertificationType, PartCategory, VehicleSegment } from "../../server/db/generated/enums";
import {
  meetsHardRequirements,
  OEM_WEIGHTS,
  oemIsCandidate,
  rankCandidates,
  rankOems,
  scoreOemMatch,
  rankRequests,
  scoreMatch,
  WEIGHTS,
  type MatchProfile,
  type MatchRequest,
  type OemDemand,
} from "../../server/domain/matching";
import { BUSINESS_TYPES, CERTIFICATION_TYPES, PART_CATEGORIES } from "../../server/domain/taxonomy";

const d = (s: string) => new Date(`${s}T00:00:00.000Z`);

const request: MatchRequest = {
  category: "BATTERY_EDRIVE",
  businessType: "OE_SUPPLY",
  targetMarkets: ["TH", "BR", "ID", "MX"],
  segments: ["NEV_PASSENGER"],
  annualVolume: 20_000,
  requiredCertifications: ["IATF_16949"],
  startOfProduction: d("2027-01-01"),
};

function profile(name: string, p: Partial<MatchProfile>): MatchProfile {
  return {
    organizationId: `00000000-0000-4000-8000-${name.length.toString().padStart(4, "0")}${name.slice(0, 8).padEnd(8, "0").replace(/[^0-9a-f]/gi, "0")}`,
    name,
    categories: ["BATTERY_EDRIVE"],
    businessTypes: ["OE_SUPPLY"],
    segments: ["NEV_PASSENGER"],
    marketExperience: {},
    annualCapacity: 20_000,
    certifications: [],
    ...p,
  };
}

const bayu = profile("Bayu Battery Systems", {
  marketExperience: { TH: 6, BR: 2, ID: 4 },
  annualCapacity: 16_000,
  certifications: [{ type: "IATF_16949", validTo: d("2029-01-01") }],
});
const fuling = profile("Fuling Cell Packs", {
  marketExperience: { TH: 10, BR: 10, ID: 10, MX: 10 },
  annualCapacity: 40_000,
  certifications: [{ type: "IATF_16949", validTo: d("2027-07-01") }],
});
const jiangbei = profile("Jiangbei Modules (no IATF)", { marketExperience: { TH: 9 }, certifications: [{ type: "ISO_9001", validTo: d("2030-01-01") }] });
const yongchuan = profile("Yongchuan Chassis", { categories: ["CHASSIS"], certifications: [{ type: "IATF_16949", validTo: d("2030-01-01") }] });
const dazu = profile("Dazu Power (IATF lapses)", { marketExperience: { TH: 9 }, certifications: [{ type: "IATF_16949", validTo: d("2026-12-01") }] });
const nanan = profile("Nan'an Aftermarket Packs", {
  marketExperience: { TH: 1 },
  annualCapacity: 5_000,
  businessTypes: ["AFTERMARKET"],
  segments: [],
  certifications: [
    { type: "IATF_16949", validTo: d("2028-01-01") },
    { type: "ISO_14001", validTo: d("2026-06-30") },
  ],
});

describe("scoring on fixed fixtures", () => {
  it("has weights that add up to 100", () => {
    expect(Object.values(WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it("filters on the hard requirements and ranks the rest with reasons", () => {
    const ranked = rankCandidates(request, [nanan, jiangbei, bayu, yongchuan, dazu, fuling]);
    expect(ranked.map((r) => [r.profile.name, r.score])).toEqual([
      ["Fuling Cell Packs", 89],
      ["Bayu Battery Systems", 80],
      ["Nan'an Aftermarket Packs", 21],
    ]);
    expect(ranked[1]?.reasons).toEqual([
      { kind: "certificateValid", tone: "plus", params: { type: "IATF_16949", label: null, validTo: "2029-01" } },
      { kind: "marketsServed", tone: "plus", params: { served: 3, total: 4 } },
      { kind: "capacityCovers", tone: "minus", params: { percent: 80 } },
      { kind: "experience", tone: "plus", params: { years: 4 } },
      { kind: "businessType", tone: "plus", params: { businessType: "OE_SUPPLY" } },
      { kind: "segmentsFit", tone: "plus", params: { matched: 1, total: 1 } },
    ]);
    expect(ranked[2]?.reasons).toEqual([
      { kind: "certificateValid", tone: "plus", params: { type: "IATF_16949", label: null, validTo: "2028-01" } },
      { kind: "certificateExpiresBeforeSop", tone: "minus", params: { type: "ISO_14001", label: null, validTo: "2026-06" } },
      { kind: "marketsServed", tone: "plus", params: { served: 1, total: 4 } },
      { kind: "capacityCovers", tone: "minus", params: { percent: 25 } },
      { kind: "experience", tone: "minus", params: { years: 1 } },
      { kind: "businessType", tone: "minus", params: { businessType: "OE_SUPPLY" } },
      { kind: "segmentsFit", tone: "minus", params: { matched: 0, total: 1 } },
    ]);
  });

  it("explains each factor's share", () => {
    const { factors } = scoreMatch(request, bayu);
    expect(factors).toEqual({ marketCoverage: 0.75, capacity: 0.8, certificateMargin: 1, experience: 0.4, businessType: 1, segmentFit: 1 });
  });

  it("ranks open requests for a supplier, nearer deadline first on a tie", () => {
    const base = { ...request, requiredCertifications: [] as CertificationType[] };
    const requests = [
      { ...base, id: "b", responseDeadline: d("2026-12-20"), targetMarkets: ["TH"] },
      { ...base, id: "a", responseDeadline: d("2026-12-31"), targetMarkets: ["TH"] },
      { ...base, id: "c", responseDeadline: d("2026-12-01"), targetMarkets: ["DE"] },
      { ...base, id: "x", responseDeadline: d("2026-12-01"), category: "CHASSIS" as const },
    ];
    expect(rankRequests(bayu, requests).map((r) => r.request.id)).toEqual(["b", "a", "c"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties.

const SEGMENTS: VehicleSegment[] = ["ICE_PASSENGER", "COMMERCIAL", "NEV_PASSENGER", "NEV_COMMERCIAL", "PARTS"];
const MARKETS = ["TH", "BR", "ID", "MX", "DE", "SA", "ZA", "AU"];
const BASE_DAY = Date.UTC(2027, 0, 1);
const dayArb = fc.integer({ min: -800, max: 2000 }).map((n) => new Date(BASE_DAY + n * 86_400_000));
const subset = <T>(values: readonly T[]) => fc.subarray([...values]);

const certArb = fc.record({ type: fc.constantFrom(...CERTIFICATION_TYPES), validTo: dayArb, label: fc.constant(null) });

const profileArb = fc.record({
  organizationId: fc.uuid(),
  name: fc.string({ maxLength: 12 }),
  categories: subset<PartCategory>(PART_CATEGORIES),
  businessTypes: subset<BusinessType>(BUSINESS_TYPES),
  segments: subset(SEGMENTS),
  marketExperience: fc.dictionary(fc.constantFrom(...MARKETS), fc.integer({ min: 0, max: 30 })),
  annualCapacity: fc.integer({ min: 1, max: 1_000_000 }),
  certifications: fc.array(certArb, { maxLength: 5 }),
}) satisfies fc.Arbitrary<MatchProfile>;

const requestArb = fc.record({
  category: fc.constantFrom(...PART_CATEGORIES),
  businessType: fc.constantFrom(...BUSINESS_TYPES),
  targetMarkets: subset(MARKETS),
  segments: subset(SEGMENTS),
  annualVolume: fc.integer({ min: 1, max: 1_000_000 }),
  requiredCertifications: subset<CertificationType>(CERTIFICATION_TYPES),
  startOfProduction: dayArb,
}) satisfies fc.Arbitrary<MatchRequest>;

describe("scoring properties", () => {
  it("never lowers a candidate's score when a certificate it holds (valid at SOP) becomes required", () => {
    fc.assert(
      fc.property(requestArb, profileArb, fc.nat(), (req, prof, pick) => {
        const candidate = { ...prof, categories: [...new Set([...prof.categories, req.category])] };
        const held = candidate.certifications.filter((c) => c.validTo.getTime() >= req.startOfProduction.getTime());
        fc.pre(held.length > 0 && meetsHardRequirements(req, candidate));
        const extra = held[pick % held.length]!.type;
        const stricter = { ...req, requiredCertifications: [...new Set([...req.requiredCertifications, extra])] };
        expect(meetsHardRequirements(stricter, candidate)).toBe(true);
        expect(scoreMatch(stricter, candidate).score).toBeGreaterThanOrEqual(scoreMatch(req, candidate).score);
      }),
      { numRuns: 500 },
    );
  });

  it("never ranks a candidate that fails a hard requirement, and keeps scores within 0..100", () => {
    fc.assert(
      fc.property(requestArb, fc.array(profileArb, { maxLength: 15 }), (req, profiles) => {
        const ranked = rankCandidates(req, profiles);
        const sop = req.startOfProduction.getTime();
        for (const r of ranked) {
          expect(r.profile.categories).toContain(req.category);
          for (const type of req.requiredCertifications) {
            expect(r.profile.certifications.some((c) => c.type === type && c.validTo.getTime() >= sop)).toBe(true);
          }
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(100);
          expect(Number.isInteger(r.score)).toBe(true);
        }
        expect(ranked.length).toBe(profiles.filter((p) => meetsHardRequirements(req, p)).length);
      }),
      { numRuns: 300 },
    );
  });

  it("ranks deterministically, whatever order the profiles come in", () => {
    const withShuffle = fc
      .uniqueArray(profileArb, { maxLength: 15, selector: (p) => p.organizationId })
      .chain((profiles) => fc.tuple(fc.constant(profiles), fc.shuffledSubarray(profiles, { minLength: profiles.length, maxLength: profiles.length })));
    fc.assert(
      fc.property(requestArb, withShuffle, (req, [profiles, shuffled]) => {
        const once = rankCandidates(req, profiles).map((r) => [r.profile.organizationId, r.score]);
        expect(rankCandidates(req, profiles).map((r) => [r.profile.organizationId, r.score])).toEqual(once);
        expect(rankCandidates(req, shuffled).map((r) => [r.profile.organizationId, r.score])).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the offer view: OEMs for a supplier's offer", () => {
  const offer: MatchRequest = {
    category: "BATTERY_EDRIVE",
    businessType: "OE_SUPPLY",
    targetMarkets: ["TH", "BR", "MX"],
    segments: ["NEV_PASSENGER"],
    annualVolume: 30_000,
    requiredCertifications: [],
    startOfProduction: d("2027-06-01"),
  };
  const oem = (name: string, o: Partial<OemDemand>): OemDemand => ({
    organizationId: `00000000-0000-4000-9000-${String(name.length).padStart(12, "0")}`,
    name,
    markets: [],
    segments: [],
    categoryRequests: 0,
    openCategoryRequests: 0,
    medianVolume: null,
    ...o,
  });
  const liangjiang = oem("Liangjiang Motors", {
    markets: ["BR", "DE", "TH"],
    segments: ["ICE_PASSENGER", "NEV_PASSENGER"],
    categoryRequests: 3,
    openCategoryRequests: 1,
    medianVolume: 20_000,
  });
  const yubei = oem("Yubei Trucks", { markets: ["MX"], segments: ["COMMERCIAL"], categoryRequests: 1, medianVolume: 60_000 });
  const banan = oem("Banan EV (elsewhere, no demand)", { markets: ["DE"], segments: ["NEV_PASSENGER"] });
  const shapingba = oem("Shapingba Vans", { markets: ["BR", "MX", "TH"] });

  it("ranks by presence, demand, volume and segments, with the reasons", () => {
    const ranked = rankOems(offer, [yubei, banan, shapingba, liangjiang]);
    expect(ranked.map((r) => [r.oem.name, r.score])).toEqual([
      ["Liangjiang Motors", 88], // 35·2/3 + 35 + 15 + 15
      ["Shapingba Vans", 35], // present everywhere, buys nothing yet
      ["Yubei Trucks", 31], // 35/3 + 35/3 + 15·0.5
    ]);
    expect(ranked[0]?.reasons).toEqual([
      { kind: "oemMarkets", tone: "plus", params: { present: 2, total: 3 } },
      { kind: "oemDemand", tone: "plus", params: { requests: 3, open: 1 } },
      { kind: "oemVolume", tone: "plus", params: { percent: 100 } },
      { kind: "oemSegments", tone: "plus", params: { matched: 1, total: 1 } },
    ]);
    expect(ranked[1]?.reasons).toEqual([
      { kind: "oemMarkets", tone: "plus", params: { present: 3, total: 3 } },
      { kind: "oemNoDemand", tone: "minus", params: {} },
      { kind: "oemSegments", tone: "minus", params: { matched: 0, total: 1 } },
    ]);
    expect(ranked[2]?.reasons).toContainEqual({ kind: "oemVolume", tone: "minus", params: { percent: 50 } });
  });

  it("leaves out OEMs with neither presence in the offer's markets nor demand in its category", () => {
    expect(oemIsCandidate(offer, banan)).toBe(false);
    expect(rankOems(offer, [banan])).toEqual([]);
    expect(oemIsCandidate(offer, { ...banan, categoryRequests: 1 })).toBe(true);
  });

  it("keeps its weights summing to 100, and more demand never lowers a score", () => {
    expect(Object.values(OEM_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
    const oemArb = fc.record({
      markets: fc.subarray(["TH", "BR", "MX", "DE", "SA"]),
      segments: fc.subarray(["ICE_PASSENGER", "NEV_PASSENGER", "COMMERCIAL"] as VehicleSegment[]),
      categoryRequests: fc.integer({ min: 0, max: 6 }),
      medianVolume: fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(oemArb, (o) => {
        const base = oem("Arbitrary OEM", { ...o, medianVolume: o.categoryRequests > 0 ? o.medianVolume : null });
        const more = { ...base, categoryRequests: base.categoryRequests + 1, medianVolume: base.medianVolume ?? 30_000 };
        const before = scoreOemMatch(offer, base).score;
        expect(before).toBeGreaterThanOrEqual(0);
        expect(scoreOemMatch(offer, more).score).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 200 },
    );
  });
});
