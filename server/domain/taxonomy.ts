// The supply-matching vocabulary in one place: the alliance's fixed part taxonomy, business types,
// directions, statuses and the volume bands a confidential request shows. Names are translated in
// app/i18n/*/sourcing.ts; the database enums (prisma/schema.prisma) must list the same values.
import type {
  BusinessType,
  CertificationType,
  PartCategory,
  ProposalStatus,
  SourcingDirection,
  SourcingRequestStatus,
} from "../db/generated/enums.js";

/** The twelve part categories, in the order the taxonomy lists them. */
export const PART_CATEGORIES = [
  "POWERTRAIN",
  "BATTERY_EDRIVE",
  "CHASSIS",
  "BODY_EXTERIOR",
  "INTERIOR",
  "ELECTRICAL_ELECTRONICS",
  "ADAS_CONNECTIVITY",
  "THERMAL_MANAGEMENT",
  "TYRES_WHEELS",
  "AFTERMARKET_ACCESSORIES",
  "SPECIAL_MODIFICATION",
  "LOGISTICS_PACKAGING",
] as const satisfies readonly PartCategory[];

/** OE supply, aftermarket, special modification: the three ways into overseas purchasing systems. */
export const BUSINESS_TYPES = ["OE_SUPPLY", "AFTERMARKET", "MODIFICATION"] as const satisfies readonly BusinessType[];

export const SOURCING_DIRECTIONS = ["OEM_SEEKS_SUPPLIER", "SUPPLIER_SEEKS_OEM"] as const satisfies readonly SourcingDirection[];

export const SOURCING_STATUSES = ["DRAFT", "OPEN", "AWARDED", "CLOSED", "CANCELLED"] as const satisfies readonly SourcingRequestStatus[];

export const PROPOSAL_STATUSES = ["SUBMITTED", "SHORTLISTED", "ACCEPTED", "DECLINED", "WITHDRAWN"] as const satisfies readonly ProposalStatus[];

export const CERTIFICATION_TYPES = [
  "IATF_16949",
  "ISO_9001",
  "ISO_14001",
  "ISO_45001",
  "UNECE_TYPE_APPROVAL",
  "EU_WVTA",
  "CCC",
  "OTHER",
] as const satisfies readonly CertificationType[];

/**
 * What a confidential request shows instead of its volume: a band. Upper bounds are exclusive;
 * the last band is open-ended.
 */
export const VOLUME_BANDS = [
  { key: "under1k", min: 1, max: 1_000 },
  { key: "1kTo10k", min: 1_000, max: 10_000 },
  { key: "10kTo100k", min: 10_000, max: 100_000 },
  { key: "100kTo1m", min: 100_000, max: 1_000_000 },
  { key: "over1m", min: 1_000_000, max: Infinity },
] as const;
export type VolumeBand = (typeof VOLUME_BANDS)[number]["key"];

export function volumeBand(volume: number): VolumeBand {
  return (VOLUME_BANDS.find((b) => volume >= b.min && volume < b.max) ?? VOLUME_BANDS[0]).key;
}
