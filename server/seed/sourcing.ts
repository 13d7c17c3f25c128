// Demo supply matching for the demo alliance: capability profiles for the demo suppliers, sourcing
// requests from the demo automakers (one confidential), a supplier's offer, proposals in every state
// and one award. Made through the sourcing domain, as the members would, so audit trail and
// notifications are real. Organisations are looked up by their demo names. Idempotent.
import type { CurrentUser } from "../auth/index.js";
import { sourcingDomain as sourcing } from "../domain/sourcing.js";
import type { DomainContext } from "../services.js";

export interface SourcingSeedSummary {
  seeded: boolean;
  profiles: number;
  requests: number;
  proposals: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

type Role = "ORG_ADMIN" | "MEMBER";

async function actorOf(ctx: DomainContext, nameEn: string, role: Role = "ORG_ADMIN"): Promise<CurrentUser | null> {
  const organization = await ctx.prisma.organization.findFirst({
    where: { nameEn, status: "ACTIVE" },
    select: { id: true, nameZh: true, nameEn: true, kind: true, status: true },
  });
  if (!organization) return null;
  const user =
    (await ctx.prisma.user.findFirst({ where: { organizationId: organization.id, role, removedAt: null, secretariat: false }, orderBy: { createdAt: "asc" } })) ??
    (await ctx.prisma.user.findFirst({ where: { organizationId: organization.id, removedAt: null, secretariat: false }, orderBy: { createdAt: "asc" } }));
  if (!user) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, secretariat: false, locale: user.locale, organization };
}

/** Capability profiles: categories, business types, segments, years per market, annual capacity. */
const PROFILES: { nameEn: string; profile: Record<string, unknown> }[] = [
  {
    nameEn: "Cinnabar Powertrain Technology",
    profile: { categories: ["POWERTRAIN"], businessTypes: ["OE_SUPPLY", "AFTERMARKET"], segments: ["ICE_PASSENGER", "COMMERCIAL"], marketExperience: "KZ:8, UZ:6, RU:10, MX:3, BR:2", annualCapacity: 180_000, referenceCustomers: "Two CKD assembly partners in Central Asia; an engine remanufacturing network in Mexico." },
  },
  {
    nameEn: "Pebbleforge Gear Transmission",
    profile: { categories: ["POWERTRAIN", "CHASSIS"], businessTypes: ["OE_SUPPLY", "AFTERMARKET"], segments: ["COMMERCIAL", "ICE_PASSENGER"], marketExperience: "KZ:5, UZ:4, VN:2, EG:3", annualCapacity: 90_000, referenceCustomers: "Drive axles for light trucks assembled in Uzbekistan." },
  },
  {
    nameEn: "Lumen Cell Energy",
    profile: { categories: ["BATTERY_EDRIVE", "THERMAL_MANAGEMENT"], businessTypes: ["OE_SUPPLY"], segments: ["NEV_PASSENGER", "NEV_COMMERCIAL"], marketExperience: "DE:3, HU:2, TH:4, TR:2, BR:1", annualCapacity: 60_000, referenceCustomers: "LFP packs for two European light-commercial programmes." },
  },
  {
    nameEn: "Swiftcurrent E-Drive Systems",
    profile: { categories: ["BATTERY_EDRIVE", "POWERTRAIN"], businessTypes: ["OE_SUPPLY", "MODIFICATION"], segments: ["NEV_PASSENGER", "NEV_COMMERCIAL"], marketExperience: "DE:2, TH:3, MY:2, AU:1", annualCapacity: 40_000, referenceCustomers: "E-drive retrofits for airport shuttle fleets in Malaysia." },
  },
  {
    nameEn: "Keelstone Chassis Systems",
    profile: { categories: ["CHASSIS"], businessTypes: ["OE_SUPPLY"], segments: ["ICE_PASSENGER", "NEV_PASSENGER"], marketExperience: "KZ:6, RU:7, TH:3, MX:2", annualCapacity: 120_000, referenceCustomers: "Front subframes for a Kazakh CKD SUV programme." },
  },
  {
    nameEn: "Ironpine Brake Systems",
    profile: { categories: ["CHASSIS", "AFTERMARKET_ACCESSORIES"], businessTypes: ["OE_SUPPLY", "AFTERMARKET"], segments: ["COMMERCIAL", "NEV_COMMERCIAL"], marketExperience: "SA:6, EG:5, ZA:4, NG:3, KZ:4", annualCapacity: 75_000, referenceCustomers: "Air-brake valves for bus assemblers in Egypt and Saudi Arabia." },
  },
  {
    nameEn: "Silverlake Body Technology",
    profile: { categories: ["BODY_EXTERIOR"], businessTypes: ["OE_SUPPLY"], segments: ["ICE_PASSENGER", "NEV_PASSENGER"], marketExperience: "KZ:4, UZ:4, SA:2, MX:1", annualCapacity: 150_000, referenceCustomers: "Body-in-white stampings shipped as CKD kits." },
  },
  {
    nameEn: "Clearwater Automotive Glass",
    profile: { categories: ["BODY_EXTERIOR", "AFTERMARKET_ACCESSORIES"], businessTypes: ["OE_SUPPLY", "AFTERMARKET"], segments: ["ICE_PASSENGER", "NEV_PASSENGER"], marketExperience: "DE:5, TR:4, MX:3, BR:3, AU:2", annualCapacity: 400_000, referenceCustomers: "Replacement windscreens for Australian insurers' repair networks." },
  },
  {
    nameEn: "Loomhall Automotive Interiors",
    profile: { categories: ["INTERIOR"], businessTypes: ["OE_SUPPLY"], segments: ["ICE_PASSENGER", "NEV_PASSENGER"], marketExperience: "TH:5, VN:3, KZ:2", annualCapacity: 80_000, referenceCustomers: "Door trims for a Thai right-hand-drive programme." },
  },
  {
    nameEn: "Softcloud Seating",
    profile: { categories: ["INTERIOR"], businessTypes: ["OE_SUPPLY", "MODIFICATION"], segments: ["ICE_PASSENGER", "NEV_PASSENGER", "COMMERCIAL"], marketExperience: "TH:6, MY:4, SA:3, EG:2", annualCapacity: 70_000, referenceCustomers: "Seats for minibus conversions in Saudi Arabia." },
  },
  {
    nameEn: "Amberline Automotive Electronics",
    profile: { categories: ["ELECTRICAL_ELECTRONICS", "ADAS_CONNECTIVITY"], businessTypes: ["OE_SUPPLY"], segments: ["NEV_PASSENGER", "ICE_PASSENGER"], marketExperience: "DE:3, HU:3, TH:4, AE:2", annualCapacity: 250_000, referenceCustomers: "Body control units for two European NEV brands." },
  },
  {
    nameEn: "Wirebridge Harness",
    profile: { categories: ["ELECTRICAL_ELECTRONICS"], businessTypes: ["OE_SUPPLY", "AFTERMARKET"], segments: ["ICE_PASSENGER", "COMMERCIAL", "NEV_PASSENGER"], marketExperience: "KZ:3, UZ:3, MX:2, TH:2", annualCapacity: 300_000, referenceCustomers: "Harnesses for CKD kits in Central Asia." },
  },
];

export async function seedDemoSourcing(ctx: DomainContext): Promise<SourcingSeedSummary> {
  const none = { seeded: false, profiles: 0, requests: 0, proposals: 0 };
  if ((await ctx.prisma.sourcingRequest.count()) > 0 || (await ctx.prisma.supplierCapability.count()) > 0) return none;
  const now = ctx.now();
  const day = (offset: number) => new Date(now.getTime() + offset * DAY_MS).toISOString().slice(0, 10);

  let profiles = 0;
  for (const { nameEn, profile } of PROFILES) {
    const admin = await actorOf(ctx, nameEn);
    if (!admin) continue;
    await sourcing.saveProfile(ctx, admin, profile);
    profiles++;
  }

  const [mistpeak, mistpeakAdmin, twinRivers, twinRiversAdmin, stonegate, stonegateAdmin, hazelbay, lumen, keelstone, pebbleforge, ironpine, cinnabar, amberline] =
    await Promise.all([
      actorOf(ctx, "Mistpeak New Energy Vehicles", "MEMBER"),
      actorOf(ctx, "Mistpeak New Energy Vehicles"),
      actorOf(ctx, "Twin Rivers Motor Group", "MEMBER"),
      actorOf(ctx, "Twin Rivers Motor Group"),
      actorOf(ctx, "Stonegate Heavy Truck", "MEMBER"),
      actorOf(ctx, "Stonegate Heavy Truck"),
      actorOf(ctx, "Hazelbay Automobile", "MEMBER"),
      actorOf(ctx, "Lumen Cell Energy", "MEMBER"),
      actorOf(ctx, "Keelstone Chassis Systems", "MEMBER"),
      actorOf(ctx, "Pebbleforge Gear Transmission", "MEMBER"),
      actorOf(ctx, "Ironpine Brake Systems", "MEMBER"),
      actorOf(ctx, "Cinnabar Powertrain Technology", "MEMBER"),
      actorOf(ctx, "Amberline Automotive Electronics"),
    ]);
  if (!mistpeak || !mistpeakAdmin || !twinRivers || !twinRiversAdmin || !stonegate || !stonegateAdmin || !hazelbay) return { ...none, profiles };
  if (!lumen || !keelstone || !pebbleforge || !ironpine || !cinnabar || !amberline) return { ...none, profiles };

  let requests = 0;
  let proposals = 0;
  const post = async (who: CurrentUser, input: Record<string, unknown>) => {
    requests++;
    return (await sourcing.createRequest(ctx, who, { direction: "OEM_SEEKS_SUPPLIER", publish: true, businessType: "OE_SUPPLY", ...input })).id;
  };
  const propose = async (who: CurrentUser, requestId: string, input: Record<string, unknown>) => {
    proposals++;
    return (await sourcing.submitProposal(ctx, who, { requestId, currency: "USD", validUntil: day(90), ...input })).id;
  };

  // 1. A confidential battery-pack request for Thailand and Brazil; Lumen was granted access and proposed.
  const packs = await post(mistpeak, {
    category: "BATTERY_EDRIVE",
    title: "LFP battery pack, 60 kWh, for a compact NEV SUV",
    targetMarkets: ["TH", "BR"],
    segments: ["NEV_PASSENGER"],
    annualVolume: 24_000,
    requiredCertifications: ["IATF_16949"],
    startOfProduction: day(420),
    responseDeadline: day(35),
    description:
      "Pack assembly localised near our CKD partners in Rayong and Camaçari from cells shipped from Chongqing. " +
      "UN R100 and UN 38.3 evidence required; cell chemistry LFP; 800 V architecture.",
    confidential: true,
  });
  await sourcing.grantAccess(ctx, mistpeakAdmin, { requestId: packs, organizationId: lumen.organization.id });
  await propose(lumen, packs, {
    message: "Pack line in Rayong can start 10 months after nomination; cells from our Bishan plant.",
    priceMinMinor: 412_000_00,
    priceMaxMinor: 448_000_00,
    leadTimeDays: 300,
  });

  // 2. Suspension modules for Central Asia: two proposals, one shortlisted.
  const suspension = await post(twinRivers, {
    category: "CHASSIS",
    title: "Front suspension modules for CKD assembly in Kazakhstan and Uzbekistan",
    targetMarkets: ["KZ", "UZ"],
    segments: ["ICE_PASSENGER"],
    annualVolume: 36_000,
    requiredCertifications: ["IATF_16949"],
    startOfProduction: day(300),
    responseDeadline: day(20),
    description: "Complete front corner modules (strut, knuckle, lower arm, subframe), sequenced for CKD kits shipped by China-Europe Railway Express.",
  });
  const keelstoneProposal = await propose(keelstone, suspension, {
    message: "We already supply subframes to a Kazakh CKD programme; sequenced kits per rail departure.",
    priceMinMinor: 186_00,
    priceMaxMinor: 205_00,
    leadTimeDays: 150,
  });
  await propose(pebbleforge, suspension, {
    message: "Lower arms and knuckles in-house; struts from a partner.",
    priceMinMinor: 175_00,
    priceMaxMinor: 220_00,
    leadTimeDays: 200,
  });
  await sourcing.shortlistProposal(ctx, twinRiversAdmin, { proposalId: keelstoneProposal });

  // 3. Air-brake valves for the Middle East and Africa: awarded to Ironpine, Cinnabar declined.
  const brakes = await post(stonegate, {
    category: "CHASSIS",
    title: "Air-brake valves for heavy trucks in Saudi Arabia, Egypt and South Africa",
    targetMarkets: ["SA", "EG", "ZA"],
    segments: ["COMMERCIAL"],
    annualVolume: 12_000,
    requiredCertifications: ["IATF_16949"],
    startOfProduction: day(200),
    responseDeadline: day(10),
    description: "Relay and foot valves to ECE R13, with local aftermarket stock in Jeddah and Johannesburg.",
  });
  const ironpineProposal = await propose(ironpine, brakes, {
    message: "ECE R13 approved range; stock already held in Jeddah.",
    priceMinMinor: 38_00,
    priceMaxMinor: 44_00,
    leadTimeDays: 60,
  });
  await propose(cinnabar, brakes, { message: "We can partner with a valve maker for this range.", priceMinMinor: 41_00, priceMaxMinor: 52_00, leadTimeDays: 120 });
  await sourcing.acceptProposal(ctx, stonegateAdmin, { proposalId: ironpineProposal, reason: "Local stock and approvals in place." });

  // 4. Interior trim for Southeast Asia, open, no proposals yet.
  await post(hazelbay, {
    category: "INTERIOR",
    title: "Door trims and instrument panel skins for right-hand-drive SUVs",
    targetMarkets: ["TH", "MY", "ID"],
    segments: ["ICE_PASSENGER", "NEV_PASSENGER"],
    annualVolume: 18_000,
    requiredCertifications: ["IATF_16949", "ISO_14001"],
    startOfProduction: day(360),
    responseDeadline: day(45),
    description: "Soft-touch door trims and IP skins in two colours; local sequencing in Rayong preferred.",
  });

  // 5. A supplier's offer: Amberline looks for OEM partners in Europe.
  await post(amberline, {
    direction: "SUPPLIER_SEEKS_OEM",
    category: "ELECTRICAL_ELECTRONICS",
    title: "Body control units with EU cybersecurity (UN R155) evidence, offered for European NEV programmes",
    targetMarkets: ["DE", "HU"],
    segments: ["NEV_PASSENGER"],
    annualVolume: 100_000,
    startOfProduction: day(240),
    responseDeadline: day(60),
    description: "AUTOSAR-based BCUs, in production for two European brands; capacity for one more programme from next year.",
  });

  // 6. A draft e-drive request, still with its poster.
  await post(mistpeak, {
    category: "BATTERY_EDRIVE",
    title: "Rear e-drive unit, 150 kW, for Australian-market SUVs",
    targetMarkets: ["AU"],
    segments: ["NEV_PASSENGER"],
    annualVolume: 6_000,
    requiredCertifications: ["IATF_16949"],
    startOfProduction: day(500),
    responseDeadline: day(40),
    description: "Draft: waiting for the Australian volume plan.",
    publish: false,
  });

  return { seeded: true, profiles, requests, proposals };
}
