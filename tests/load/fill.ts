// Fills a freshly migrated database with a large synthetic alliance for the benchmarks: 2,000
// member organisations with users and certifications, plus the account the load generator uses.
// Names are generated from fictional parts; none is meant to be a real company.
import { randomUUID } from "node:crypto";
import { hashPassword } from "../../server/auth/index";
import type { Prisma } from "../../server/db/generated/client";
import type { OrganizationKind } from "../../server/db/generated/enums";
import type { PrismaClient } from "../../server/db/index";

export const BENCH_EMAIL = "bench@loadtest.example";
export const BENCH_PASSWORD = "Steady-Load-Generator-2026";

const DAY_MS = 24 * 60 * 60 * 1000;
const CITIES = ["Chongqing", "Chongqing", "Chongqing", "Chongqing", "Chengdu", "Shanghai", "Ningbo", "Liuzhou", "Wuhan", "Xi'an", "Hefei"];
const PLACES = ["Yubei", "Banan", "Bishan", "Jiangjin", "Hechuan", "Yongchuan", "Fuling", "Wanzhou", "Changshou", "Tongliang", "Dazu", "Rongchang", "Qijiang", "Liangping", "Kaizhou", "Nanchuan"];
const PLACES_ZH = ["渝北", "巴南", "璧山", "江津", "合川", "永川", "涪陵", "万州", "长寿", "铜梁", "大足", "荣昌", "綦江", "梁平", "开州", "南川"];
const WORDS = ["Morning", "Granite", "Jade", "Harbour", "Summit", "Lotus", "Falcon", "Cedar", "Maple", "Beacon", "Delta", "Orchid", "Willow", "Comet", "Anchor", "Meadow"];
const WORDS_ZH = ["晨", "岩", "玉", "港", "峰", "莲", "隼", "杉", "枫", "灯", "洲", "兰", "柳", "星", "锚", "野"];
const TRADES: Record<OrganizationKind, [string, string][]> = {
  OEM: [["Motor", "汽车"], ["Commercial Vehicles", "商用车"], ["Motorcycle", "摩托车"], ["Special Vehicles", "专用车"]],
  SUPPLIER: [
    ["Precision Castings", "精密铸造"], ["Battery Systems", "电池系统"], ["Chassis Parts", "底盘零部件"], ["Auto Glass", "汽车玻璃"],
    ["Seating", "座椅"], ["Wiring Harness", "线束"], ["Auto Electronics", "汽车电子"], ["Thermal Systems", "热管理"],
    ["Tyre", "轮胎"], ["Wheels", "车轮"], ["Auto Parts Trading", "汽配"], ["Upfitting", "改装"], ["Packaging", "包装"],
  ],
  LOGISTICS: [["Ro-Ro Logistics", "滚装物流"], ["Rail Forwarding", "班列货代"], ["Warehousing", "仓储"]],
  SERVICE: [["After-Sales Services", "售后服务"], ["Customs Brokerage", "报关服务"]],
  TESTING: [["Testing Centre", "检测中心"]],
  FINANCE: [["Trade Finance", "贸易金融"]],
};
const KINDS: OrganizationKind[] = [
  ...Array<OrganizationKind>(15).fill("OEM"),
  ...Array<OrganizationKind>(60).fill("SUPPLIER"),
  ...Array<OrganizationKind>(10).fill("LOGISTICS"),
  ...Array<OrganizationKind>(6).fill("SERVICE"),
  ...Array<OrganizationKind>(5).fill("TESTING"),
  ...Array<OrganizationKind>(4).fill("FINANCE"),
];
const MARKETS = ["KZ", "UZ", "RU", "TH", "VN", "MY", "ID", "SA", "AE", "EG", "BR", "MX", "CL", "DE", "HU", "TR", "ZA", "AU"];
const CERTS = ["IATF_16949", "ISO_9001", "ISO_14001", "ISO_45001", "UNECE_TYPE_APPROVAL", "CCC"] as const;

/** A deterministic pseudo-random sequence, so every run fills the same alliance. */
function prng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s % n;
  };
}

export interface FillSummary {
  organizations: number;
  users: number;
  certifications: number;
  ms: number;
}

export async function fillAlliance(prisma: PrismaClient, count = 2_000, now = new Date()): Promise<FillSummary> {
  const started = performance.now();
  const pick = prng(2026);
  // The bench user signs in with a real hash; the other 4,000 accounts never sign in, so they share it.
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const organizations: Prisma.OrganizationCreateManyInput[] = [];
  const users: Prisma.UserCreateManyInput[] = [];
  const certifications: Prisma.CertificationCreateManyInput[] = [];

  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const kind = KINDS[pick(KINDS.length)];
    const trades = TRADES[kind];
    const [tradeEn, tradeZh] = trades[pick(trades.length)];
    const p = pick(PLACES.length);
    const w = pick(WORDS.length);
    const serial = String(i + 1).padStart(4, "0");
    const markets = [...new Set(Array.from({ length: 2 + pick(6) }, () => MARKETS[pick(MARKETS.length)]))];
    organizations.push({
      id,
      nameEn: `${PLACES[p]} ${WORDS[w]} ${tradeEn} ${serial}`,
      nameZh: `${PLACES_ZH[p]}${WORDS_ZH[w]}${tradeZh}${serial}`,
      kind,
      status: "ACTIVE",
      homeCity: CITIES[pick(CITIES.length)],
      homeCountry: "CN",
      website: `https://www.member${serial}.example`,
      description:
        `${tradeEn} for vehicle exports from ${PLACES[p]}: OE supply and aftermarket, export packing, ` +
        `documentation in English, Russian and Spanish, and engineering support for overseas launches.`,
      markets,
      createdAt: new Date(now.getTime() - (i + 30) * DAY_MS),
      reviewedAt: new Date(now.getTime() - (i + 28) * DAY_MS),
    });
    for (let u = 0; u < 2; u++) {
      users.push({
        organizationId: id,
        email: `${u === 0 ? "admin" : "sales"}@member${serial}.example`,
        name: u === 0 ? `Admin ${serial}` : `Sales ${serial}`,
        passwordHash,
        role: u === 0 ? "ORG_ADMIN" : "MEMBER",
      });
    }
    for (let c = pick(4); c > 0; c--) {
      const validTo = (pick(1_400) - 200) * DAY_MS; // some expired, most valid
      certifications.push({
        organizationId: id,
        type: CERTS[pick(CERTS.length)],
        scope: `${tradeEn}, main plant`,
        issuer: "Lakeshore Certification Services",
        validFrom: new Date(now.getTime() + validTo - 3 * 365 * DAY_MS),
        validTo: new Date(now.getTime() + validTo),
      });
    }
  }
  const benchOrg = organizations[0].id as string;
  users.push({ organizationId: benchOrg, email: BENCH_EMAIL, name: "Load Generator", passwordHash, role: "MEMBER" });

  const chunks = <T>(rows: T[], size = 1_000) =>
    Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  // Interactive, with a generous timeout: on a busy shared machine the default 5 s ran out.
  await prisma.$transaction(
    async (tx) => {
      for (const data of chunks(organizations)) await tx.organization.createMany({ data });
      for (const data of chunks(users)) await tx.user.createMany({ data });
      for (const data of chunks(certifications)) await tx.certification.createMany({ data });
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
  return {
    organizations: organizations.length,
    users: users.length,
    certifications: certifications.length,
    ms: Math.round(performance.now() - started),
  };
}
