// The demo alliance's members: fictional companies modelled on a Chongqing automotive export
// alliance. Names were invented for this portal (checked against the automakers, suppliers,
// shippers and test institutes we know of in the region); websites use the reserved .example TLD.
// Certificate dates are offsets from the seeding day, so "expired" and "expiring soon" stay true
// whenever the seed runs.
import type { CertificationType, OrganizationKind, UserRole } from "../db/generated/enums.js";

export interface DemoCertification {
  type: CertificationType;
  label?: string;
  scope: string;
  issuer: string;
  /** Days from the seeding day; negative is in the past. */
  validFromDays: number;
  validToDays: number;
}

export interface DemoUser {
  /** Local part of the e-mail; the domain is `<short>.example`. */
  mailbox: string;
  name: string;
  role: UserRole;
  locale?: "en" | "zh-CN";
}

export interface DemoOrganization {
  /** Short name: the e-mail domain (`<short>.example`) and the key other rows refer to. */
  short: string;
  nameZh: string;
  nameEn: string;
  kind: OrganizationKind;
  /** What the README table calls it (part category, vehicle segment, logistics mode). */
  focus: string;
  homeCity: string;
  homeCountry?: string;
  description: string;
  markets: string[];
  certifications?: DemoCertification[];
  users: DemoUser[];
  /** ACTIVE unless said otherwise; PENDING and REJECTED give the secretariat screen content. */
  status?: "ACTIVE" | "PENDING" | "REJECTED";
  rejectionReason?: string;
  /** Days before the seeding day that the application came in. */
  appliedDaysAgo: number;
}

// Issuers are fictional too: certification bodies, and the alliance's own testing member acting
// as technical service for type approvals.
const CLOUDRIDGE = "Cloudridge Automotive Testing Institute";
const LAKESHORE = "Lakeshore Certification Services";
const BRIGHTMARK = "Brightmark Quality Assessment";
const NORDFELD = "Nordfeld Prüf- und Zertifizierungsgesellschaft";
const EU_AUTHORITY = "EU type-approval authority (technical service: Cloudridge)";
const CCC_BODY = "CCC designated certification body";

const iatf = (scope: string, validToDays: number, issuer = LAKESHORE): DemoCertification => ({
  type: "IATF_16949",
  scope,
  issuer,
  validFromDays: validToDays - 3 * 365,
  validToDays,
});
const iso = (
  type: "ISO_9001" | "ISO_14001" | "ISO_45001",
  scope: string,
  validToDays: number,
  issuer = BRIGHTMARK,
): DemoCertification => ({ type, scope, issuer, validFromDays: validToDays - 3 * 365, validToDays });
const unece = (label: string, scope: string, validToDays: number): DemoCertification => ({
  type: "UNECE_TYPE_APPROVAL",
  label,
  scope,
  issuer: CLOUDRIDGE,
  validFromDays: validToDays - 5 * 365,
  validToDays,
});

export const SECRETARIAT: DemoOrganization = {
  short: "alliance",
  nameZh: "汽车出口联盟秘书处",
  nameEn: "Automotive Export Alliance Secretariat",
  kind: "SERVICE",
  focus: "Alliance secretariat",
  homeCity: "Chongqing",
  description:
    "Vets member organisations, moderates the portal, runs the market-access research desk and publishes alliance-wide figures on shared channels and capacity.",
  markets: [],
  users: [
    { mailbox: "secretariat", name: "Secretariat Desk", role: "ORG_ADMIN" },
    { mailbox: "membership", name: "Ran Jiayi", role: "MEMBER", locale: "zh-CN" },
  ],
  appliedDaysAgo: 400,
};

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  // ---- Automakers (OEMs) -------------------------------------------------------------------
  {
    short: "twinrivers",
    nameZh: "双江汽车集团",
    nameEn: "Twin Rivers Motor Group",
    kind: "OEM",
    focus: "ICE passenger cars and SUVs",
    homeCity: "Chongqing",
    description:
      "Petrol and hybrid sedans and compact SUVs built in Liangjiang New Area; CKD kits assembled with partners in Kazakhstan and Uzbekistan, and a growing right-hand-drive range for Southeast Asia.",
    markets: ["KZ", "UZ", "RU", "SA", "AE", "EG", "MX", "CL"],
    certifications: [
      iatf("Design and manufacture of passenger cars, Liangjiang plant", 410),
      iso("ISO_14001", "Vehicle assembly, paint shop and engine plant", 30),
      { type: "CCC", scope: "M1 passenger cars, 1.5T and 2.0T ranges", issuer: CCC_BODY, validFromDays: -900, validToDays: 925 },
      unece("UN R94 / R95", "Frontal and lateral collision protection, TR-5 SUV platform", 1300),
    ],
    users: [
      { mailbox: "admin", name: "He Zhiyuan", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Mei Xiaolan", role: "MEMBER" },
      { mailbox: "purchasing", name: "Luo Jiankang", role: "MEMBER", locale: "zh-CN" },
    ],
    appliedDaysAgo: 380,
  },
  {
    short: "mistpeak",
    nameZh: "雾峰新能源汽车",
    nameEn: "Mistpeak New Energy Vehicles",
    kind: "OEM",
    focus: "NEV passenger cars (BEV, EREV)",
    homeCity: "Chongqing",
    description:
      "Battery-electric and range-extended SUVs on a 800 V platform. European launch under way with EU whole-vehicle type approval; left- and right-hand-drive production in Chongqing.",
    markets: ["DE", "HU", "TH", "MY", "AU", "AE", "IL"],
    certifications: [
      iatf("Design and manufacture of battery-electric passenger cars", 620),
      { type: "EU_WVTA", label: "e4 WVTA, M1", scope: "M7 battery-electric SUV, all variants", issuer: EU_AUTHORITY, validFromDays: -300, validToDays: 1525 },
      unece("UN R100", "Electric power train safety, 800 V platform", 1600),
      unece("UN R155 / R156", "Cyber security and software update management system", 75),
      iso("ISO_45001", "Occupational health and safety, Yubei plant", -20),
    ],
    users: [
      { mailbox: "admin", name: "Qin Shuwen", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Anna Kovács", role: "MEMBER", locale: "en" },
      { mailbox: "homologation", name: "Xiang Yutong", role: "MEMBER" },
    ],
    appliedDaysAgo: 360,
  },
  {
    short: "stonegate",
    nameZh: "石门重型汽车",
    nameEn: "Stonegate Heavy Truck",
    kind: "OEM",
    focus: "Heavy trucks and special-purpose vehicles",
    homeCity: "Chongqing",
    description:
      "6x4 tractors, tippers and mixer chassis for mining and construction; special-purpose bodies for fire fighting and municipal use. Service partners across Central Asia and the Gulf.",
    markets: ["KZ", "UZ", "RU", "SA", "EG", "ZA", "ID", "VN"],
    certifications: [
      iatf("Heavy-duty truck chassis and cabs", 200),
      iso("ISO_9001", "Special-purpose vehicle bodies", 45),
      unece("UN R29", "Cab strength of commercial vehicles", 1100),
    ],
    users: [
      { mailbox: "admin", name: "Deng Haoran", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Aibek Nurlanov", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 350,
  },
  {
    short: "ferrylight",
    nameZh: "渡光新能源商用车",
    nameEn: "Ferrylight Electric Commercial Vehicles",
    kind: "OEM",
    focus: "NEV commercial vehicles (vans, light trucks, buses)",
    homeCity: "Chongqing",
    description:
      "Electric panel vans, 4.5 t light trucks and 8 m city buses for urban delivery and public transport; battery-swap ready. Fleet pilots in Bangkok and Santiago.",
    markets: ["TH", "CL", "MX", "BR", "AE", "TR"],
    certifications: [
      iatf("Electric light commercial vehicles", 520),
      unece("UN R100", "Electric power train safety, N1/N2 vans and trucks", 980),
      unece("UN R107", "Construction of M3 city buses", -45),
    ],
    users: [
      { mailbox: "admin", name: "Wu Jinghua", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Carolina Méndez", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 330,
  },
  {
    short: "redcliff",
    nameZh: "赤崖摩托车",
    nameEn: "Redcliff Motorcycle",
    kind: "OEM",
    focus: "Motorcycles and electric two-wheelers",
    homeCity: "Chongqing",
    description:
      "125-400 cc motorcycles, cargo tricycles and electric scooters; SKD assembly with distributors in Vietnam, Nigeria and Colombia.",
    markets: ["VN", "ID", "TH", "NG", "CO", "BR", "EG"],
    certifications: [
      iso("ISO_9001", "Motorcycles and tricycles, Banan plant", 290),
      unece("UN R78", "Braking of L-category vehicles", 850),
      { type: "CCC", scope: "L3 motorcycles up to 400 cc", issuer: CCC_BODY, validFromDays: -1500, validToDays: -10 },
    ],
    users: [
      { mailbox: "admin", name: "Tang Wei", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Nguyen Thi Hoa", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 300,
  },
  {
    short: "hazelbay",
    nameZh: "榛湾汽车",
    nameEn: "Hazelbay Automobile",
    kind: "OEM",
    focus: "Mini vehicles and pickups",
    homeCity: "Liuzhou",
    description:
      "Mini EVs, micro vans and diesel pickups from Liuzhou, shipped through the Western land-sea corridor to ASEAN markets and by ro-ro to the Middle East.",
    markets: ["ID", "VN", "TH", "MY", "SA", "EG", "PK"],
    certifications: [
      iatf("Mini vehicles and light pickups", 700),
      iso("ISO_14001", "Liuzhou assembly plant", 150),
    ],
    users: [
      { mailbox: "admin", name: "Mo Lihua", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "export", name: "Ahmad Faizal", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 280,
  },
  {
    short: "lanternvalley",
    nameZh: "灯谷专用车",
    nameEn: "Lantern Valley Special Vehicles",
    kind: "OEM",
    focus: "Special vehicles (ambulances, refrigerated and utility)",
    homeCity: "Chengdu",
    description:
      "Ambulances, refrigerated trucks and utility vehicles on partner chassis; right-hand-drive conversions for East Africa and Oceania.",
    markets: ["KE", "TZ", "ZA", "AU", "SA", "KZ"],
    certifications: [iso("ISO_9001", "Special-purpose vehicle bodies and conversions", 60)],
    users: [{ mailbox: "admin", name: "Kang Mingyu", role: "ORG_ADMIN", locale: "zh-CN" }],
    appliedDaysAgo: 200,
  },

  // ---- Parts suppliers -----------------------------------------------------------------------
  {
    short: "cinnabar",
    nameZh: "丹砂动力科技",
    nameEn: "Cinnabar Powertrain Technology",
    kind: "SUPPLIER",
    focus: "Powertrain: engines and hybrid transmissions",
    homeCity: "Chongqing",
    description:
      "1.5T/2.0T petrol engines and dedicated hybrid transmissions supplied to passenger-car OEMs; engine kits for CKD plants abroad.",
    markets: ["KZ", "UZ", "RU", "MX", "BR"],
    certifications: [
      iatf("Petrol engines and dedicated hybrid transmissions", 480),
      iso("ISO_14001", "Machining and assembly, Jiangjin plant", 15),
    ],
    users: [
      { mailbox: "admin", name: "Yuan Chengzhi", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Fang Xinyi", role: "MEMBER" },
    ],
    appliedDaysAgo: 340,
  },
  {
    short: "pebbleforge",
    nameZh: "卵石锻齿传动",
    nameEn: "Pebbleforge Gear Transmission",
    kind: "SUPPLIER",
    focus: "Powertrain: gears, axles and drive shafts",
    homeCity: "Chongqing",
    description:
      "Forged gears, drive axles and propeller shafts for trucks and motorcycles; aftermarket kits for Central Asian fleets.",
    markets: ["KZ", "UZ", "VN", "EG"],
    certifications: [iatf("Forged gears, drive axles and propeller shafts", -60, NORDFELD)],
    users: [
      { mailbox: "admin", name: "Peng Guoqiang", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Zhou Yan", role: "MEMBER" },
    ],
    appliedDaysAgo: 320,
  },
  {
    short: "lumencell",
    nameZh: "流明电芯能源",
    nameEn: "Lumen Cell Energy",
    kind: "SUPPLIER",
    focus: "Battery and e-drive: LFP cells and packs",
    homeCity: "Chongqing",
    description:
      "LFP cells, cell-to-pack battery systems and battery management for passenger and commercial NEVs; battery passport data ready for the EU Battery Regulation.",
    markets: ["DE", "HU", "TH", "TR", "BR"],
    certifications: [
      iatf("Lithium iron phosphate cells and battery packs", 900),
      unece("UN R100", "Rechargeable electrical energy storage system, part II", 1400),
      iso("ISO_14001", "Cell manufacturing, Bishan plant", 80),
      iso("ISO_45001", "Cell manufacturing, Bishan plant", 700),
    ],
    users: [
      { mailbox: "admin", name: "Shen Ruoxi", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Jonas Becker", role: "MEMBER", locale: "en" },
      { mailbox: "quality", name: "Hu Zhengyang", role: "MEMBER", locale: "zh-CN" },
    ],
    appliedDaysAgo: 310,
  },
  {
    short: "swiftcurrent",
    nameZh: "迅流电驱系统",
    nameEn: "Swiftcurrent E-Drive Systems",
    kind: "SUPPLIER",
    focus: "Battery and e-drive: e-axles, motors, inverters",
    homeCity: "Chengdu",
    description:
      "Three-in-one e-axles, permanent-magnet motors and SiC inverters from 80 to 220 kW; engineering support for OEM launches in Europe and Southeast Asia.",
    markets: ["DE", "TH", "MY", "AU"],
    certifications: [
      iatf("Electric drive units", 55),
      iso("ISO_9001", "Motor and inverter test laboratory", 1000),
    ],
    users: [
      { mailbox: "admin", name: "Ye Zixuan", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Gao Peng", role: "MEMBER" },
    ],
    appliedDaysAgo: 300,
  },
  {
    short: "keelstone",
    nameZh: "龙骨石底盘系统",
    nameEn: "Keelstone Chassis Systems",
    kind: "SUPPLIER",
    focus: "Chassis: suspension and steering",
    homeCity: "Chongqing",
    description:
      "Front and rear suspension modules, subframes and electric power steering for passenger cars and light commercial vehicles.",
    markets: ["KZ", "RU", "TH", "MX"],
    certifications: [iatf("Suspension modules and subframes", 330)],
    users: [
      { mailbox: "admin", name: "Lei Baoshan", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Xu Manting", role: "MEMBER" },
    ],
    appliedDaysAgo: 290,
  },
  {
    short: "ironpine",
    nameZh: "铁松制动",
    nameEn: "Ironpine Brake Systems",
    kind: "SUPPLIER",
    focus: "Chassis: brakes and air-brake valves",
    homeCity: "Chengdu",
    description:
      "Disc brakes, drum brakes and air-brake valves for trucks and buses; OE supply and an aftermarket range for Africa and the Middle East.",
    markets: ["SA", "EG", "ZA", "NG", "KZ"],
    certifications: [
      iatf("Brake assemblies and air-brake valves", 25),
      unece("UN R90", "Replacement brake lining assemblies", 760),
    ],
    users: [
      { mailbox: "admin", name: "Bai Yunfei", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Omar Haddad", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 280,
  },
  {
    short: "silverlake",
    nameZh: "银湖车身科技",
    nameEn: "Silverlake Body Technology",
    kind: "SUPPLIER",
    focus: "Body and exterior: stampings, welded assemblies",
    homeCity: "Chongqing",
    description:
      "Hot-stamped body-in-white parts, welded assemblies and bumpers; a CKD parts packing line serving OEM kit plants abroad.",
    markets: ["KZ", "UZ", "SA", "MX"],
    certifications: [
      iatf("Stamping and welding of body-in-white parts", 610),
      iso("ISO_14001", "Stamping plant", -5),
    ],
    users: [
      { mailbox: "admin", name: "Cao Dongmei", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Jiang Hao", role: "MEMBER" },
    ],
    appliedDaysAgo: 270,
  },
  {
    short: "clearwater",
    nameZh: "澈水汽车玻璃",
    nameEn: "Clearwater Automotive Glass",
    kind: "SUPPLIER",
    focus: "Body and exterior: glazing and lighting",
    homeCity: "Ningbo",
    description:
      "Laminated windscreens with HUD wedge film, tempered side glass and LED rear lamps; replacement glass for the aftermarket.",
    markets: ["DE", "TR", "MX", "BR", "AU"],
    certifications: [
      iatf("Automotive glazing and rear lamps", 450),
      unece("UN R43", "Safety glazing materials", 1200),
    ],
    users: [
      { mailbox: "admin", name: "Zhu Qingyun", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Lucas Ferreira", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 260,
  },
  {
    short: "loomhall",
    nameZh: "织堂汽车内饰",
    nameEn: "Loomhall Automotive Interiors",
    kind: "SUPPLIER",
    focus: "Interior: instrument panels, door trims",
    homeCity: "Chongqing",
    description:
      "Instrument panels, door trims and headliners with low-VOC materials; sequence supply to OEM lines in Chongqing and Liuzhou.",
    markets: ["TH", "VN", "KZ"],
    certifications: [iatf("Interior trim modules", 390), iso("ISO_9001", "Trim and foam plant", 390)],
    users: [
      { mailbox: "admin", name: "Lu Siqi", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Ma Xiaodong", role: "MEMBER" },
    ],
    appliedDaysAgo: 250,
  },
  {
    short: "softcloud",
    nameZh: "柔云座椅",
    nameEn: "Softcloud Seating",
    kind: "SUPPLIER",
    focus: "Interior: seats and seat frames",
    homeCity: "Chengdu",
    description:
      "Complete seats, seat frames and ventilation modules for passenger cars and bus seats for commercial vehicles.",
    markets: ["TH", "MY", "SA", "EG"],
    certifications: [
      iatf("Seats and seat structures", 80),
      unece("UN R17 / R80", "Seat strength; seats of large passenger vehicles", 900),
    ],
    users: [{ mailbox: "admin", name: "Song Yiran", role: "ORG_ADMIN", locale: "zh-CN" }],
    appliedDaysAgo: 240,
  },
  {
    short: "amberline",
    nameZh: "琥珀线汽车电子",
    nameEn: "Amberline Automotive Electronics",
    kind: "SUPPLIER",
    focus: "Electrical and electronics: body controllers, BMS boards",
    homeCity: "Chongqing",
    description:
      "Body control modules, gateways and battery management boards; EMC laboratory and software teams in Chongqing and Shanghai.",
    markets: ["DE", "HU", "TH", "AE"],
    certifications: [
      iatf("Automotive electronic control units", 560),
      unece("UN R10", "Electromagnetic compatibility of electronic sub-assemblies", 1100),
      iso("ISO_14001", "SMT and final assembly", 370),
    ],
    users: [
      { mailbox: "admin", name: "Hou Jingyi", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Dong Kaiwen", role: "MEMBER" },
    ],
    appliedDaysAgo: 230,
  },
  {
    short: "wirebridge",
    nameZh: "线桥线束",
    nameEn: "Wirebridge Harness",
    kind: "SUPPLIER",
    focus: "Electrical and electronics: wiring harnesses, HV cables",
    homeCity: "Wuhan",
    description:
      "Low- and high-voltage wiring harnesses and charging cables; harness kits packed per vehicle for CKD assembly.",
    markets: ["UZ", "KZ", "MX", "BR"],
    certifications: [iatf("Wiring harnesses and high-voltage cables", 120, NORDFELD)],
    users: [
      { mailbox: "admin", name: "Wan Lei", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Yin Shuang", role: "MEMBER" },
    ],
    appliedDaysAgo: 220,
  },
  {
    short: "farsight",
    nameZh: "远瞻智驾科技",
    nameEn: "Farsight Intelligent Driving",
    kind: "SUPPLIER",
    focus: "ADAS and connectivity: cameras, radar, driving domain controllers",
    homeCity: "Shanghai",
    description:
      "Front camera and corner radar kits, L2+ driving domain controllers and over-the-air software; homologation support for EU GSR2 requirements.",
    markets: ["DE", "AU", "AE", "IL"],
    certifications: [
      iatf("ADAS sensors and domain controllers", 640),
      unece("UN R152", "Advanced emergency braking system for M1/N1", 1400),
      unece("UN R155", "Cyber security management system", 40),
    ],
    users: [
      { mailbox: "admin", name: "Lin Haoyu", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Sophie Wagner", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 210,
  },
  {
    short: "terracelink",
    nameZh: "梯坎车联科技",
    nameEn: "Terrace Link Telematics",
    kind: "SUPPLIER",
    focus: "ADAS and connectivity: telematics, eCall, infotainment",
    homeCity: "Chongqing",
    description:
      "Telematics control units with eCall/ERA-GLONASS, infotainment head units with local map and voice partners per market.",
    markets: ["RU", "KZ", "SA", "AE", "TH"],
    certifications: [
      iso("ISO_9001", "Telematics units, design and assembly", 500),
      unece("UN R144", "Accident emergency call systems", -90),
    ],
    users: [
      { mailbox: "admin", name: "Ran Zhiqiang", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Irina Petrova", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 200,
  },
  {
    short: "frostpeak",
    nameZh: "霜岭热管理",
    nameEn: "Frostpeak Thermal Systems",
    kind: "SUPPLIER",
    focus: "Thermal management: heat pumps, battery cooling",
    homeCity: "Chongqing",
    description:
      "Heat-pump air conditioning, battery cooling plates and integrated thermal modules for NEVs; desert-climate validation in Dubai.",
    markets: ["AE", "SA", "TH", "AU", "DE"],
    certifications: [
      iatf("Thermal management modules", 730),
      iso("ISO_14001", "Brazing and assembly plant", 65),
    ],
    users: [
      { mailbox: "admin", name: "Guo Mengyao", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Khalid Al-Mansoori", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 190,
  },
  {
    short: "roundstone",
    nameZh: "圆石轮胎",
    nameEn: "Roundstone Tyre",
    kind: "SUPPLIER",
    focus: "Tyres and wheels: passenger and truck tyres",
    homeCity: "Qingdao",
    description:
      "Passenger, light-truck and truck-bus radial tyres; OE fitment for export models and aftermarket distribution in Latin America and Africa.",
    markets: ["BR", "MX", "CL", "ZA", "NG", "EG", "SA"],
    certifications: [
      iatf("Radial tyres", 300),
      unece("UN R30 / R54 / R117", "Tyres for passenger cars and commercial vehicles; rolling noise", 880),
    ],
    users: [
      { mailbox: "admin", name: "Sun Lixin", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Diego Rojas", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 180,
  },
  {
    short: "gleamspoke",
    nameZh: "辉辐车轮",
    nameEn: "Gleamspoke Wheels",
    kind: "SUPPLIER",
    focus: "Tyres and wheels: aluminium wheels",
    homeCity: "Ningbo",
    description: "Low-pressure cast and flow-formed aluminium wheels, 15 to 22 inch, for OE and aftermarket.",
    markets: ["DE", "TR", "MX", "AU"],
    certifications: [
      iatf("Cast aluminium wheels", 85),
      unece("UN R124", "Replacement wheels for passenger cars", 700),
    ],
    users: [{ mailbox: "admin", name: "Ni Jiawei", role: "ORG_ADMIN", locale: "zh-CN" }],
    appliedDaysAgo: 170,
  },
  {
    short: "waymark",
    nameZh: "路标汽配",
    nameEn: "Waymark Aftermarket Parts",
    kind: "SUPPLIER",
    focus: "Aftermarket parts: service parts distribution",
    homeCity: "Chongqing",
    description:
      "Service parts for Chinese-brand vehicles abroad: filters, brake pads, lamps and body panels, with parts catalogues in Russian, Arabic, Spanish and Portuguese.",
    markets: ["RU", "KZ", "UZ", "SA", "EG", "CL", "BR"],
    certifications: [iso("ISO_9001", "Parts distribution and warehousing", 240)],
    users: [
      { mailbox: "admin", name: "Xie Tianyu", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Yusuf Demir", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 160,
  },
  {
    short: "ridgecraft",
    nameZh: "岭匠专用车改装",
    nameEn: "Ridgecraft Upfitting",
    kind: "SUPPLIER",
    focus: "Special modification: RHD conversion, police and fleet upfits",
    homeCity: "Chongqing",
    description:
      "Right-hand-drive conversions, police and taxi upfits, camper and cold-chain bodies on partner chassis; local-content packages with overseas body builders.",
    markets: ["TH", "MY", "AU", "ZA", "KE"],
    certifications: [iso("ISO_9001", "Vehicle modification and upfitting", 100)],
    users: [
      { mailbox: "admin", name: "Tian Hongbo", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Wei Ling", role: "MEMBER" },
    ],
    appliedDaysAgo: 150,
  },
  {
    short: "foldcrate",
    nameZh: "叠箱物流包装",
    nameEn: "Foldcrate Logistics Packaging",
    kind: "SUPPLIER",
    focus: "Logistics packaging: returnable racks, CKD packing",
    homeCity: "Chongqing",
    description:
      "Returnable steel racks, foldable plastic crates and CKD/SKD export packing with fumigation-free materials; rack pooling between alliance members.",
    markets: ["KZ", "UZ", "RU", "HU"],
    certifications: [
      iso("ISO_9001", "Design and manufacture of returnable packaging", 420),
      iso("ISO_14001", "Packaging plant", 420),
    ],
    users: [
      { mailbox: "admin", name: "Qiu Xiaoyu", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Kong Jie", role: "MEMBER" },
    ],
    appliedDaysAgo: 140,
  },

  // ---- Logistics -----------------------------------------------------------------------------
  {
    short: "confluence",
    nameZh: "汇流滚装航运",
    nameEn: "Confluence Ro-Ro Shipping",
    kind: "LOGISTICS",
    focus: "Ro-ro shipping (Yangtze and ocean)",
    homeCity: "Chongqing",
    description:
      "Yangtze ro-ro barges from Guoyuan Port to Shanghai and chartered ocean ro-ro space to the Middle East, Mediterranean and Latin America; volume-price-capacity bundles for alliance members.",
    markets: ["SA", "AE", "EG", "TR", "MX", "BR", "CL"],
    certifications: [iso("ISO_9001", "Vehicle transport by river and sea", 260), iso("ISO_45001", "Terminal operations", 35)],
    users: [
      { mailbox: "admin", name: "Fu Jianjun", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "booking", name: "Lan Xiaoqing", role: "MEMBER" },
    ],
    appliedDaysAgo: 330,
  },
  {
    short: "ironcaravan",
    nameZh: "铁驼班列物流",
    nameEn: "Iron Caravan Rail Logistics",
    kind: "LOGISTICS",
    focus: "China-Europe Railway Express forwarding",
    homeCity: "Chongqing",
    description:
      "Block-train and wagon-load forwarding for vehicles and parts on the China-Europe Railway Express from Tuanjiecun to Małaszewicze, Budapest and Duisburg, and to Almaty and Tashkent.",
    markets: ["KZ", "UZ", "RU", "PL", "HU", "DE"],
    certifications: [iso("ISO_9001", "Rail freight forwarding and customs clearance", 510)],
    users: [
      { mailbox: "admin", name: "Hao Zhenyu", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "booking", name: "Marat Seitkali", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 320,
  },
  {
    short: "harborhaven",
    nameZh: "泊港海外仓储",
    nameEn: "Harborhaven Overseas Warehousing",
    kind: "LOGISTICS",
    focus: "Overseas warehouses (vehicles and service parts)",
    homeCity: "Shanghai",
    description:
      "Bonded vehicle yards and parts warehouses in Jebel Ali, Budapest, Almaty and Laem Chabang with pre-delivery inspection and last-mile delivery to dealers.",
    markets: ["AE", "HU", "KZ", "TH"],
    certifications: [iso("ISO_9001", "Warehousing and pre-delivery inspection", 95)],
    users: [
      { mailbox: "admin", name: "Chen Yuxuan", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "sales", name: "Ravi Menon", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 300,
  },

  // ---- Testing and certification ------------------------------------------------------------
  {
    short: "cloudridge",
    nameZh: "云脊汽车检测研究院",
    nameEn: "Cloudridge Automotive Testing Institute",
    kind: "TESTING",
    focus: "Testing, inspection and certification",
    homeCity: "Chongqing",
    description:
      "Crash, EMC, battery-safety and emissions laboratories; technical service for UN ECE and EU type approvals, GCC and Eurasian (EAEU) conformity assessment.",
    markets: ["DE", "HU", "SA", "AE", "KZ", "RU", "AU"],
    certifications: [
      iso("ISO_9001", "Vehicle and component testing services", 680),
      { type: "OTHER", label: "ISO/IEC 17025", scope: "Crash, EMC and battery-safety laboratories", issuer: "National accreditation body", validFromDays: -500, validToDays: 1000 },
    ],
    users: [
      { mailbox: "admin", name: "Yang Shiqi", role: "ORG_ADMIN", locale: "zh-CN" },
      { mailbox: "homologation", name: "Martin Novák", role: "MEMBER", locale: "en" },
    ],
    appliedDaysAgo: 370,
  },

  // ---- Applications the secretariat has to handle ----------------------------------------------
  {
    short: "dawnfield",
    nameZh: "晨野车灯",
    nameEn: "Dawnfield Vehicle Lighting",
    kind: "SUPPLIER",
    focus: "Body and exterior: headlamps",
    homeCity: "Chongqing",
    description:
      "LED headlamps and daytime running lamps for passenger cars and motorcycles; looking to follow member OEMs into Southeast Asia.",
    markets: ["VN", "TH"],
    certifications: [iso("ISO_9001", "Lamp assembly", 300)],
    users: [{ mailbox: "admin", name: "Liu Chenxi", role: "MEMBER", locale: "zh-CN" }],
    status: "PENDING",
    appliedDaysAgo: 3,
  },
  {
    short: "seawind",
    nameZh: "海风报关服务",
    nameEn: "Seawind Customs Brokerage",
    kind: "SERVICE",
    focus: "Customs clearance and rules-of-origin advice",
    homeCity: "Chongqing",
    description:
      "Export customs clearance for vehicles and parts, RCEP certificates of origin and used-vehicle export paperwork.",
    markets: ["TH", "VN", "MY", "ID"],
    users: [{ mailbox: "admin", name: "Pan Yiming", role: "MEMBER", locale: "zh-CN" }],
    status: "PENDING",
    appliedDaysAgo: 1,
  },
  {
    short: "quickprofit",
    nameZh: "快利贸易",
    nameEn: "Quickprofit Trading",
    kind: "SUPPLIER",
    focus: "General trading",
    homeCity: "Guangzhou",
    description: "General trading company for vehicles and consumer goods.",
    markets: ["AE"],
    users: [{ mailbox: "admin", name: "Zheng Kai", role: "MEMBER" }],
    status: "REJECTED",
    rejectionReason:
      "The alliance admits manufacturers and service providers to vehicle exports. Trading companies can work with the alliance through a member OEM's distribution channel.",
    appliedDaysAgo: 20,
  },
];
