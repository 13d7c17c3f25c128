// Choices for the directory's filters. Plain lists (the domain's own lists live in server modules
// that must not reach the browser bundle); `satisfies` keeps them in step with the schema's enums.
import type { ChannelKind, VehicleSegment } from "../../../server/db/generated/enums";

export const KIND_OPTIONS = ["SALES", "SERVICE", "RORO", "RAIL", "WAREHOUSE"] as const satisfies readonly ChannelKind[];
export const SEGMENT_OPTIONS = ["ICE_PASSENGER", "COMMERCIAL", "NEV_PASSENGER", "NEV_COMMERCIAL", "PARTS"] as const satisfies readonly VehicleSegment[];
/** Kinds whose periods are calendar months (server/domain/units.ts MONTHLY_KINDS). */
export const MONTHLY_KIND_OPTIONS: readonly ChannelKind[] = ["SALES", "SERVICE", "WAREHOUSE"];
