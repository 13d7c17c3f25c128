// Demo channels for the demo alliance: sales, service, ro-ro, rail and warehouse capacity in several
// regions, owned by the demo automakers and logistics members, with requests in every state. Made
// through the channel domain (as the members would), so periods, audit trail and notifications are
// real. Organisations are looked up by kind, not by id. Idempotent: existing channels mean "seeded".
import type { CurrentUser } from "../auth/index.js";
import type { OrganizationKind } from "../db/generated/enums.js";
import { channelsDomain as channels } from "../domain/channels.js";
import type { DomainContext } from "../services.js";

export interface ChannelSeedSummary {
  seeded: boolean;
  channels: number;
  requests: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

async function actorsOf(ctx: DomainContext, kind: OrganizationKind, role: "ORG_ADMIN" | "MEMBER" = "ORG_ADMIN"): Promise<CurrentUser[]> {
  const orgs = await ctx.prisma.organization.findMany({
    where: { kind, status: "ACTIVE", users: { some: { role: "ORG_ADMIN", secretariat: false, removedAt: null } } },
    orderBy: [{ createdAt: "asc" }, { nameEn: "asc" }],
    select: { id: true, nameZh: true, nameEn: true, kind: true, status: true },
  });
  const actors: CurrentUser[] = [];
  for (const organization of orgs) {
    const user =
      (await ctx.prisma.user.findFirst({
        where: { organizationId: organization.id, role, removedAt: null, secretariat: false },
        orderBy: { createdAt: "asc" },
      })) ??
      (await ctx.prisma.user.findFirstOrThrow({ where: { organizationId: organization.id, removedAt: null, secretariat: false }, orderBy: { createdAt: "asc" } }));
    actors.push({ id: user.id, email: user.email, name: user.name, role: user.role, secretariat: false, locale: user.locale, organization });
  }
  return actors;
}

export async function seedDemoChannels(ctx: DomainContext): Promise<ChannelSeedSummary> {
  if ((await ctx.prisma.channel.count()) > 0) return { seeded: false, channels: 0, requests: 0 };
  const oems = await actorsOf(ctx, "OEM");
  const logistics = await actorsOf(ctx, "LOGISTICS");
  const suppliers = await actorsOf(ctx, "SUPPLIER");
  const supplierMembers = await actorsOf(ctx, "SUPPLIER", "MEMBER");
  // The requests below pair owners and requesters by position; with fewer organisations some would be own-channel requests.
  if (oems.length < 6 || logistics.length < 1 || suppliers.length < 2) return { seeded: false, channels: 0, requests: 0 };
  const oem = (i: number) => oems[i % oems.length]!;
  const carrier = (i: number) => logistics[i % logistics.length]!;
  const supplier = (i: number) => suppliers[i % suppliers.length]!;
  const supplierMember = (i: number) => supplierMembers[i % supplierMembers.length]!;

  const now = ctx.now();
  const day = (offset: number) => new Date(now.getTime() + offset * DAY_MS).toISOString().slice(0, 10);
  const window = { validFrom: day(0), validTo: day(365) };
  let channelCount = 0;
  let requestCount = 0;

  const publish = async (owner: CurrentUser, input: Record<string, unknown>) => {
    const { id } = await channels.createChannel(ctx, owner, { publish: true, ...window, ...input });
    channelCount++;
    const page = await channels.getChannel(ctx, owner, { channelId: id });
    return { id, periods: page.periods };
  };
  const ask = async (who: CurrentUser, channelId: string, periodId: string, input: Record<string, unknown>) => {
    requestCount++;
    return channels.requestCapacity(ctx, who, { channelId, periodId, ...input });
  };

  // --- Sales and service networks -----------------------------------------------------------
  const almaty = await publish(oem(0), {
    kind: "SERVICE",
    name: "Almaty after-sales service network",
    country: "KZ",
    city: "Almaty",
    localPartner: "Alatau Motors Service LLP",
    segments: ["ICE_PASSENGER", "NEV_PASSENGER", "PARTS"],
    capacityPerPeriod: 120,
    terms:
      "Twelve workshops in Almaty and Astana with trained NEV technicians. Warranty work at the network's standard labour rate; " +
      "the requesting member supplies parts and diagnostic software. Monthly settlement in KZT or CNY.",
    contactName: "Service Network Desk",
    contactEmail: `service-kz@${oem(0).email.split("@")[1]}`,
    contactPhone: "+7 727 350 0000",
  });
  const a1 = await ask(supplier(0), almaty.id, almaty.periods[0]!.id, { units: 20, message: "Brake-system warranty work for 20 NEV taxis in Almaty." });
  await channels.approveRequest(ctx, oem(0), { requestId: a1.id, approvedUnits: 15, reason: "15 this month; the rest next month." });
  await ask(supplierMember(1), almaty.id, almaty.periods[0]!.id, { units: 30, message: "Thermal-system retrofit campaign, 30 vehicles." });

  const tashkentSales = await publish(oem(1), {
    kind: "SALES",
    name: "Tashkent dealer network",
    country: "UZ",
    city: "Tashkent",
    localPartner: "Silk Road Auto Trading LLC",
    segments: ["ICE_PASSENGER", "NEV_PASSENGER"],
    capacityPerPeriod: 80,
    terms: "Showroom space in four dealerships; the member provides demonstrators and marketing material. Commission per vehicle sold.",
    contactName: "Overseas Sales Department",
    contactEmail: `sales-uz@${oem(1).email.split("@")[1]}`,
  });
  await ask(oem(3), tashkentSales.id, tashkentSales.periods[1]!.id, { units: 25, message: "Compact SUVs for the spring season." });

  const bangkok = await publish(oem(2), {
    kind: "SALES",
    name: "Bangkok NEV dealer network",
    country: "TH",
    city: "Bangkok",
    localPartner: "Chao Phraya EV Retail Co., Ltd.",
    segments: ["NEV_PASSENGER"],
    capacityPerPeriod: 150,
    terms: "Right-hand-drive NEVs only. RCEP certificate of origin required for tariff reduction.",
    contactName: "ASEAN Sales Office",
    contactEmail: `asean@${oem(2).email.split("@")[1]}`,
  });
  // A listing nobody has confirmed for a while: the directory marks it stale.
  await ctx.prisma.channel.update({ where: { id: bangkok.id }, data: { lastConfirmedAt: new Date(now.getTime() - 120 * DAY_MS) } });

  await publish(oem(3), {
    kind: "SALES",
    name: "São Paulo distributor network",
    country: "BR",
    city: "São Paulo",
    localPartner: "Paulista Veículos Distribuidora Ltda.",
    segments: ["ICE_PASSENGER", "COMMERCIAL"],
    capacityPerPeriod: 60,
    terms: "Flex-fuel variants preferred. INMETRO certification handled by the partner at the member's cost.",
    contactName: "Latin America Desk",
    contactEmail: `latam@${oem(3).email.split("@")[1]}`,
  });

  const riyadh = await publish(oem(4), {
    kind: "SALES",
    name: "Riyadh commercial vehicle dealers",
    country: "SA",
    city: "Riyadh",
    localPartner: "Najd Fleet Solutions",
    segments: ["COMMERCIAL", "NEV_COMMERCIAL"],
    capacityPerPeriod: 40,
    terms: "Fleet sales to logistics companies; SASO conformity required before delivery.",
    contactName: "Middle East Sales",
    contactEmail: `me-sales@${oem(4).email.split("@")[1]}`,
  });
  const r1 = await ask(oem(5), riyadh.id, riyadh.periods[0]!.id, { units: 10, message: "Electric light trucks for last-mile delivery fleets." });
  await channels.declineRequest(ctx, oem(4), { requestId: r1.id, reason: "This month is reserved for our own fleet tender; please ask again for next month." });

  const santiago = await publish(oem(0), {
    kind: "SERVICE",
    name: "Santiago service partners",
    country: "CL",
    city: "Santiago",
    localPartner: "Andes Taller Automotriz SpA",
    segments: ["ICE_PASSENGER"],
    capacityPerPeriod: 50,
    contactName: "Service Network Desk",
    contactEmail: `service-cl@${oem(0).email.split("@")[1]}`,
  });
  await channels.setChannelStatus(ctx, oem(0), { channelId: santiago.id, status: "PAUSED" });

  await channels.createChannel(ctx, oem(1), {
    ...window,
    publish: false,
    kind: "SERVICE",
    name: "Johannesburg service network (draft)",
    country: "ZA",
    city: "Johannesburg",
    segments: ["ICE_PASSENGER", "COMMERCIAL"],
    capacityPerPeriod: 70,
    contactName: "Africa Desk",
    contactEmail: `africa@${oem(1).email.split("@")[1]}`,
  });
  channelCount++;

  // --- Logistics: ro-ro, rail, warehouses ---------------------------------------------------
  const zeebrugge = await publish(carrier(0), {
    kind: "RORO",
    name: "Shanghai – Zeebrugge ro-ro space",
    country: "BE",
    originName: "Shanghai Haitong Terminal",
    originCountry: "CN",
    destinationName: "Zeebrugge",
    segments: ["ICE_PASSENGER", "NEV_PASSENGER", "COMMERCIAL"],
    capacityPerPeriod: 600,
    sailings: [day(12), day(42), day(72), day(102)],
    terms: "Volume-price-capacity bundle available for members committing to three sailings. Battery state of charge at most 30% for NEVs.",
    contactName: "Europe Liner Desk",
    contactEmail: `europe@${carrier(0).email.split("@")[1]}`,
  });
  const z1 = await ask(oem(1), zeebrugge.id, zeebrugge.periods[0]!.id, { vehicleMix: { PASSENGER_CAR: 120, SUV_MPV: 50 }, message: "Saloons and SUVs for Benelux dealers." });
  await channels.approveRequest(ctx, carrier(0), { requestId: z1.id });
  const z2 = await ask(oem(2), zeebrugge.id, zeebrugge.periods[0]!.id, { vehicleMix: { SUV_MPV: 200, LIGHT_COMMERCIAL: 10 }, message: "NEV SUVs for Germany." });
  await channels.approveRequest(ctx, carrier(0), { requestId: z2.id });
  // The sailing is nearly full now: this one waits for released space.
  await ask(oem(3), zeebrugge.id, zeebrugge.periods[0]!.id, { vehicleMix: { HEAVY_TRUCK: 40 }, message: "Tractor units for a Dutch fleet customer." });

  const laemChabang = await publish(carrier(0), {
    kind: "RORO",
    name: "Guoyuan Port – Laem Chabang via the Western corridor",
    country: "TH",
    originName: "Guoyuan Port, Chongqing (via Qinzhou)",
    originCountry: "CN",
    destinationName: "Laem Chabang",
    segments: ["NEV_PASSENGER", "ICE_PASSENGER"],
    capacityPerPeriod: 300,
    sailings: [day(8), day(38), day(68)],
    terms: "Yangtze barge to Qinzhou by the New International Land-Sea Trade Corridor, then ro-ro to Laem Chabang. Multimodal bill of lading.",
    contactName: "Western Corridor Desk",
    contactEmail: `corridor@${carrier(0).email.split("@")[1]}`,
  });
  const l1 = await ask(oem(2), laemChabang.id, laemChabang.periods[1]!.id, { vehicleMix: { PASSENGER_CAR: 80 } });
  await channels.approveRequest(ctx, carrier(0), { requestId: l1.id, approvedUnits: 60, reason: "60 CEU on this sailing; the rest fits on the next." });

  const duisburg = await publish(carrier(1), {
    kind: "RAIL",
    name: "Chongqing – Duisburg China-Europe Railway Express",
    country: "DE",
    originName: "Chongqing Tuanjiecun",
    originCountry: "CN",
    destinationName: "Duisburg",
    segments: ["NEV_PASSENGER", "PARTS"],
    capacityPerPeriod: 41,
    sailings: [day(5), day(12), day(19), day(26), day(33), day(40)],
    terms: "Slots are 40-foot containers (four cars or parts pallets). Customs clearance at Małaszewicze included.",
    contactName: "Europe Rail Desk",
    contactEmail: `rail-eu@${carrier(1).email.split("@")[1]}`,
  });
  const d1 = await ask(supplier(2), duisburg.id, duisburg.periods[0]!.id, { units: 10, message: "Battery modules, dangerous goods class 9." });
  await channels.declineRequest(ctx, carrier(1), { requestId: d1.id, reason: "No class 9 dangerous goods on this departure; please choose a departure from the third week." });
  const d2 = await ask(supplierMember(3), duisburg.id, duisburg.periods[1]!.id, { units: 5, message: "Aftermarket brake parts for a Polish distributor." });
  await channels.withdrawRequest(ctx, supplierMember(3), { requestId: d2.id });
  await ask(supplier(4), duisburg.id, duisburg.periods[2]!.id, { units: 8, message: "Wheels and tyres for a Hungarian assembly partner." });

  const tashkentRail = await publish(carrier(1), {
    kind: "RAIL",
    name: "Chongqing – Tashkent Central Asia train",
    country: "UZ",
    originName: "Chongqing Tuanjiecun",
    originCountry: "CN",
    destinationName: "Tashkent",
    segments: ["ICE_PASSENGER", "COMMERCIAL", "PARTS"],
    capacityPerPeriod: 30,
    sailings: [day(6), day(20), day(34), day(48)],
    contactName: "Central Asia Rail Desk",
    contactEmail: `rail-ca@${carrier(1).email.split("@")[1]}`,
  });
  const t1 = await ask(oem(1), tashkentRail.id, tashkentRail.periods[0]!.id, { units: 12, message: "CKD kits for the Tashkent assembly partner." });
  await channels.approveRequest(ctx, carrier(1), { requestId: t1.id });

  const budapest = await publish(carrier(2), {
    kind: "WAREHOUSE",
    name: "Budapest overseas warehouse",
    country: "HU",
    city: "Budapest",
    localPartner: "Danube Logistics Park Kft.",
    segments: ["PARTS"],
    capacityPerPeriod: 2000,
    terms: "Bonded warehouse; pick-and-pack for aftermarket orders to the EU within 48 hours.",
    contactName: "Europe Warehousing",
    contactEmail: `hu-warehouse@${carrier(2).email.split("@")[1]}`,
  });
  const b1 = await ask(supplier(5), budapest.id, budapest.periods[0]!.id, { units: 200, message: "Aftermarket lighting stock for EU distributors." });
  await channels.approveRequest(ctx, carrier(2), { requestId: b1.id });
  await channels.cancelRequest(ctx, carrier(2), { requestId: b1.id, reason: "Bay under fire-safety inspection this month; offered again from next month." });
  await ask(supplier(6), budapest.id, budapest.periods[1]!.id, { units: 350, message: "Spare parts buffer stock for the Hungarian assembly plant." });

  await publish(carrier(2), {
    kind: "WAREHOUSE",
    name: "Jebel Ali overseas warehouse",
    country: "AE",
    city: "Dubai (Jebel Ali Free Zone)",
    localPartner: "Gulf Gate Warehousing FZE",
    segments: ["PARTS", "NEV_PASSENGER"],
    capacityPerPeriod: 1500,
    terms: "Free-zone storage for re-export to the GCC and East Africa.",
    contactName: "Middle East Warehousing",
    contactEmail: `ae-warehouse@${carrier(2).email.split("@")[1]}`,
  });

  return { seeded: true, channels: channelCount, requests: requestCount };
}
