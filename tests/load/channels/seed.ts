// Fills a migrated database (already holding the benchmark alliance from ../fill.ts) with channels:
// by default 100,000 across 150 countries, with periods for this month and the next ones, in a few
// INSERT ... SELECT generate_series statements (seconds, not minutes, on either database).
// searchText is computed the way server/domain/channels.ts computes it, so the text search sees
// what it would see for channels published through the portal.
import { monthStart } from "../../../server/domain/capacity";
import { hanBigrams } from "../../../server/domain/channels";
import { REGION_OF } from "../../../server/domain/countries";
import type { PrismaClient } from "../../../server/db/index";
import { PLACES } from "./places";

const BRANDS = [
  "Changjiang", "Jialing", "Yuzhou", "Chaotianmen", "Liangjiang", "Nanshan", "Jinyun", "Hongya", "Baiyun", "Qianling",
  "Wulong", "Fengjie", "Dazu", "Bishan", "Tongnan", "Xiushan", "Huaying", "Mingyue", "Simian", "Longxing",
];
const PARTNER_WORDS = ["Motors LLP", "Auto Trading", "Service Centre", "Vehicle Distribution", "Fleet Services", "Auto Holding", "Logistics Partners", "Motor Works"];
const TERMS = [
  "Warranty repairs at the network's standard labour rate; parts supplied by the requester. 保修维修按标准工时费结算。",
  "Showroom space for two brands; demo vehicles insured by the requester. 展厅可容纳两个品牌。",
  "Volume-price-capacity bundle over six sailings; CEU rate fixed per quarter. 量价运力捆绑协议。",
  "Slots booked per departure; customs clearance at the border station included. 含口岸通关服务。",
  "Pallet places with racking; pick and pack for aftermarket parts. 海外仓提供售后配件拣货包装。",
  "Pre-delivery inspection and homologation support for NEV models. 新能源车型交付前检验。",
];
const RORO_ORIGINS = ["Shanghai Haitong", "Guangzhou Nansha", "Chongqing Guoyuan Port", "Tianjin Port", "Ningbo Zhoushan"];
const RAIL_ORIGINS = ["Chongqing Tuanjiecun", "Chengdu Qingbaijiang", "Xi'an International Port", "Yiwu West"];

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const textArray = (list: readonly string[]) => `ARRAY[${list.map(quote).join(", ")}]::text[]`;

export interface ChannelFillSummary {
  channels: number;
  published: number;
  periods: number;
  countries: number;
  ms: number;
}

export async function fillChannels(prisma: PrismaClient, count = 100_000, now = new Date()): Promise<ChannelFillSummary> {
  const started = performance.now();
  const owners = await prisma.organization.findMany({
    where: { status: "ACTIVE", kind: { in: ["OEM", "LOGISTICS", "SERVICE"] } },
    select: { id: true, users: { where: { role: "ORG_ADMIN" }, select: { id: true }, take: 1 } },
    orderBy: { id: "asc" },
  });
  const publishers = owners.filter((o) => o.users.length > 0);
  if (publishers.length === 0) throw new Error("fillChannels needs OEM, logistics or service members with an admin (fill the alliance first)");

  // Constant lists go into the statement as literals: no user input here, and it keeps each
  // insert a single statement (the PGlite adapter runs one statement per call).
  const places = PLACES.map(([c, a, b], i) => `(${i}, ${quote(c)}, ${quote(REGION_OF.get(c)!)}, ${quote(a)}, ${quote(b)})`).join(",\n");
  const ownerRows = publishers.map((o, i) => `(${i}, ${quote(o.id)}::uuid, ${quote(o.users[0]!.id)}::uuid)`).join(",\n");
  const thisMonth = monthStart(now);
  // searchGrams as channelColumns computes it: only the terms hold Han characters here, so each
  // channel's pairs are its terms' pairs (checked, so that a Chinese place name added later fails
  // loudly instead of going unsearchable).
  const latin = [...BRANDS, ...PARTNER_WORDS, ...RORO_ORIGINS, ...RAIL_ORIGINS, ...PLACES.flat()];
  if (latin.some((text) => hanBigrams(text).length > 0)) throw new Error("fillChannels: Han characters outside TERMS; compute searchGrams per row");
  const termGrams = TERMS.map((t) => `ARRAY[${hanBigrams(t.toLowerCase()).map(quote).join(", ")}]::text[]`);
  const nowIso = now.toISOString();

  await prisma.$executeRawUnsafe(`
    WITH places(i, country, region, city1, city2) AS (VALUES ${places}),
         owners(i, org, admin) AS (VALUES ${ownerRows}),
         g AS (
           SELECT n,
                  -- kind: 30% sales, 30% service, 10% ro-ro, 10% rail, 20% warehouse
                  CASE WHEN r1 < 0.30 THEN 'SALES' WHEN r1 < 0.60 THEN 'SERVICE' WHEN r1 < 0.70 THEN 'RORO'
                       WHEN r1 < 0.80 THEN 'RAIL' ELSE 'WAREHOUSE' END AS kind,
                  -- 90% published, the rest paused, draft or archived
                  CASE WHEN r2 < 0.90 THEN 'PUBLISHED' WHEN r2 < 0.94 THEN 'PAUSED' WHEN r2 < 0.97 THEN 'DRAFT' ELSE 'ARCHIVED' END AS status,
                  r3, r4, r5, r6, r7
             FROM (SELECT n, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7
                     FROM generate_series(0, ${count - 1}) n) x),
         rows AS (
           SELECT g.n, g.kind, g.status, p.country, p.region,
                  CASE WHEN g.r3 < 0.6 THEN p.city1 ELSE p.city2 END AS city,
                  (${textArray(BRANDS)})[1 + (g.n / 150) % ${BRANDS.length}] AS brand,
                  (${textArray(PARTNER_WORDS)})[1 + floor(g.r4 * ${PARTNER_WORDS.length})::int] AS partner_word,
                  CASE g.kind WHEN 'SALES' THEN 2 WHEN 'SERVICE' THEN 1 + 5 * floor(g.r5 * 2)::int
                              WHEN 'RORO' THEN 3 WHEN 'RAIL' THEN 4 ELSE 5 END AS terms_i,
                  (${textArray(RORO_ORIGINS)})[1 + floor(g.r6 * ${RORO_ORIGINS.length})::int] AS roro_origin,
                  (${textArray(RAIL_ORIGINS)})[1 + floor(g.r6 * ${RAIL_ORIGINS.length})::int] AS rail_origin,
                  o.org, o.admin, g.r3, g.r4, g.r5, g.r6, g.r7
             FROM g
             JOIN places p ON p.i = g.n % ${PLACES.length}
             JOIN owners o ON o.i = (g.n * 7) % ${publishers.length}),
         named AS (
           SELECT rows.*,
                  CASE kind
                    WHEN 'SALES' THEN brand || ' ' || city || ' dealer network'
                    WHEN 'SERVICE' THEN brand || ' ' || city || ' after-sales network'
                    WHEN 'RORO' THEN brand || ' ' || roro_origin || ' - ' || city || ' ro-ro space'
                    WHEN 'RAIL' THEN brand || ' ' || rail_origin || ' - ' || city || ' rail slots'
                    ELSE brand || ' ' || city || ' overseas warehouse' END AS name,
                  CASE WHEN kind IN ('RORO', 'RAIL') THEN NULL ELSE city || ' ' || partner_word END AS partner,
                  CASE kind WHEN 'RORO' THEN roro_origin WHEN 'RAIL' THEN rail_origin END AS origin,
                  (${textArray(TERMS)})[terms_i] AS terms,
                  CASE terms_i ${termGrams.map((g, i) => `WHEN ${i + 1} THEN ${g}`).join(" ")} END AS grams
             FROM rows)
    INSERT INTO "Channel" ("id", "ownerOrganizationId", "kind", "status", "name", "country", "region", "city",
                           "originName", "originCountry", "destinationName", "localPartner", "segments",
                           "capacityPerPeriod", "validFrom", "validTo", "terms", "contactName", "contactEmail",
                           "searchText", "searchGrams", "lastConfirmedAt", "publishedAt", "createdById", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), org, kind::"ChannelKind", status::"ChannelStatus", name, country, region::"Region", city,
           origin, CASE WHEN origin IS NULL THEN NULL ELSE 'CN' END, CASE WHEN origin IS NULL THEN NULL ELSE city END, partner,
           (CASE n % 4 WHEN 0 THEN ARRAY['ICE_PASSENGER', 'NEV_PASSENGER', 'PARTS'] WHEN 1 THEN ARRAY['COMMERCIAL', 'NEV_COMMERCIAL', 'PARTS']
                       WHEN 2 THEN ARRAY['NEV_PASSENGER', 'NEV_COMMERCIAL', 'PARTS'] ELSE ARRAY['ICE_PASSENGER', 'COMMERCIAL', 'PARTS'] END)
             [1:1 + floor(r7 * 3)::int]::"VehicleSegment"[],
           CASE kind WHEN 'SALES' THEN 20 + floor(r5 * 280) WHEN 'SERVICE' THEN 50 + floor(r5 * 450)
                     WHEN 'RORO' THEN 100 + floor(r5 * 1900) WHEN 'RAIL' THEN 20 + floor(r5 * 40)
                     ELSE 200 + floor(r5 * 4800) END::int,
           ${quote(thisMonth.toISOString())}::date - (floor(r6 * 180)::int),
           ${quote(thisMonth.toISOString())}::date + (180 + floor(r3 * 360)::int),
           terms, 'Channel desk', 'channels@member.example',
           lower(concat_ws(' \n', name, city, partner, origin, CASE WHEN origin IS NULL THEN NULL ELSE city END, country, terms)), grams,
           CASE WHEN status IN ('PUBLISHED', 'PAUSED') THEN ${quote(nowIso)}::timestamp(3) - (r4 * 110 * interval '1 day') END,
           CASE WHEN status <> 'DRAFT' THEN ${quote(nowIso)}::timestamp(3) - interval '200 days' END,
           admin, ${quote(nowIso)}::timestamp(3) - interval '200 days', ${quote(nowIso)}::timestamp(3)
      FROM named`);

  // Monthly kinds: this month and the next two; ro-ro and rail: a sailing or departure in each of
  // the next two months. Approved units: some of this month's capacity, less later on.
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  await prisma.$executeRawUnsafe(`
    INSERT INTO "ChannelPeriod" ("id", "channelId", "kind", "startsOn", "month", "capacity", "approvedUnits", "freeUnits", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), x."id", x.kind, x.starts, date_trunc('month', x.starts)::date, x.capacity, x.approved, x.capacity - x.approved,
           ${quote(nowIso)}::timestamp(3), ${quote(nowIso)}::timestamp(3)
      FROM (
    SELECT c."id", c."kind", s.starts, c."capacityPerPeriod" AS capacity,
           floor(c."capacityPerPeriod" * random() * random() * CASE WHEN s.k = 0 THEN 1.0 ELSE 0.4 END)::int AS approved
      FROM "Channel" c
     CROSS JOIN LATERAL (
       SELECT k, CASE WHEN c."kind" IN ('RORO', 'RAIL')
                      THEN ${quote(today.toISOString())}::date + (3 + k * 30 + (hashtext(c."id"::text) & 15))
                      ELSE (${quote(thisMonth.toISOString())}::date + (k * interval '1 month'))::date END AS starts
         FROM generate_series(0, CASE WHEN c."kind" IN ('RORO', 'RAIL') THEN 1 ELSE 2 END) k) s
     WHERE c."status" <> 'DRAFT') x`);

  const [channels, published, periods] = await Promise.all([
    prisma.channel.count(),
    prisma.channel.count({ where: { status: "PUBLISHED" } }),
    prisma.channelPeriod.count(),
  ]);
  return { channels, published, periods, countries: PLACES.length, ms: Math.round(performance.now() - started) };
}
