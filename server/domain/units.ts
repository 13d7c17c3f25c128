// Units of channel capacity, in one place. Each channel kind has its own unit; ro-ro space is sold in
// car equivalent units (CEU), so a request lists vehicles by type and is converted here.
import type { ChannelKind } from "../db/generated/enums.js";

/** i18n key suffix of the unit (channels.units.<unit>), per channel kind. */
export const CHANNEL_UNIT = {
  SALES: "vehiclesPerMonth",
  SERVICE: "vehiclesServicedPerMonth",
  RORO: "ceuPerSailing",
  RAIL: "slotsPerDeparture",
  WAREHOUSE: "palletPlacesPerMonth",
} as const satisfies Record<ChannelKind, string>;
export type ChannelUnit = (typeof CHANNEL_UNIT)[ChannelKind];

export function unitOf(kind: ChannelKind): ChannelUnit {
  return CHANNEL_UNIT[kind];
}

/** Kinds whose periods are calendar months; the others are sailings or departures on given dates. */
export const MONTHLY_KINDS: ReadonlySet<ChannelKind> = new Set(["SALES", "SERVICE", "WAREHOUSE"]);
export const isMonthly = (kind: ChannelKind) => MONTHLY_KINDS.has(kind);

/** Kinds that run between an origin and a destination (port or station) rather than in one city. */
export const isRoute = (kind: ChannelKind) => kind === "RORO" || kind === "RAIL";

/**
 * Deck space per vehicle, in CEU (1 CEU is the deck space of a mid-size saloon, the RT43 reference).
 * Rounded industry rules of thumb; carriers price high-and-heavy cargo by area, this is close enough
 * for sharing space between members.
 */
export const CEU_FACTORS = {
  PASSENGER_CAR: 1,
  SUV_MPV: 1.4,
  LIGHT_COMMERCIAL: 2,
  HEAVY_TRUCK: 5,
  BUS: 6,
} as const;
export type RoroVehicleType = keyof typeof CEU_FACTORS;
export const RORO_VEHICLE_TYPES = Object.keys(CEU_FACTORS) as RoroVehicleType[];

export type VehicleMix = Partial<Record<RoroVehicleType, number>>;

/** CEU needed for a mix of vehicles; a part of a CEU still takes a whole one on deck. */
export function ceuFor(mix: VehicleMix): number {
  // Factors have one decimal: sum in tenths so that 5 x 1.4 is exactly 7, not 7.000000000000001.
  let tenths = 0;
  for (const type of RORO_VEHICLE_TYPES) tenths += (mix[type] ?? 0) * Math.round(CEU_FACTORS[type] * 10);
  return Math.ceil(tenths / 10);
}
