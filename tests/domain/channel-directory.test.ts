// The channel directory, map figures and country summaries on a real database (PGlite, or
// PostgreSQL with TEST_DATABASE_URL): filters, text search in both languages, free capacity,
// keyset pages without gaps or duplicates, the stale flag, and who may look.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relative, worldShapes } from "../../app/components/channels/world-map.server";
import type { CurrentUser } from "../../server/auth/index";
import type { Database } from "../../server/db/index";
import { channelDirectoryDomain as directory, directoryStatement, encodeCursor, type ChannelListItem } from "../../server/domain/channel-directory";
import { channelsDomain, type CreateChannelInput } from "../../server/domain/channels";
import { COUNTRY_CODES } from "../../server/domain/countries";
import type { DomainContext } from "../../server/services";
import { createTestDatabase } from "../support/db";
import { createMemberOrg, createSecretariat, testContext } from "../support/fixtures";

let db: Database;
let ctx: DomainContext;
let oem: Awaited<ReturnType<typeof createMemberOrg>>;
let logistics: Awaited<ReturnType<typeof createMemberOrg>>;
let supplier: Awaited<ReturnType<typeof createMemberOrg>>;

const DAY = 24 * 60 * 60 * 1000;
const day = (d: Date) => d.toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * DAY);
const thisMonth = () => new Date().toISOString().slice(0, 7);
const monthAfter = (months: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1)).toISOString().slice(0, 7);
};

let seq = 0;
function serviceChannel(overrides: Partial<CreateChannelInput> = {}): CreateChannelInput {
  seq += 1;
  return {
    kind: "SERVICE",
    name: `Almaty after-sales network ${seq}`,
    country: "KZ",
    city: "Almaty",
    localPartner: "Steppe Motors Service LLP",
    segments: ["ICE_PASSENGER", "NEV_PASSENGER"],
    capacityPerPeriod: "100",
    validFrom: day(inDays(0)),
    validTo: day(inDays(150)),
    terms: "Warranty repairs at the network's standard labour rate.",
    contactName: "Zhou Min",
    contactEmail: "service-kz@changjiang-auto.example",
    publish: true,
    ...overrides,
  };
}

async function publish(owner: CurrentUser, overrides: Partial<CreateChannelInput> = {}) {
  const { id } = await channelsDomain.createChannel(ctx, owner, serviceChannel(overrides));
  return id;
}

async function searchAll(actor: CurrentUser, input: Record<string, unknown>) {
  const ids: string[] = [];
  const pages: ChannelListItem[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await directory.search(ctx, actor, { ...input, cursor });
    pages.push(page.items);
    ids.push(...page.items.map((c) => c.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { ids, pages };
}


/**
 * Approved units are the capacity module's business; here we only need them to be there, with the
 * stored free units that capacity.ts keeps beside them.
 */
async function setApproved(channelId: string, startsOn: Date, approvedUnits: number) {
  const changed = await db.prisma.$executeRaw`
    UPDATE "ChannelPeriod" SET "approvedUnits" = ${approvedUnits}::int, "freeUnits" = "capacity" - ${approvedUnits}::int
     WHERE "channelId" = ${channelId}::uuid AND "startsOn" = ${startsOn}::date`;
  expect(changed).toBe(1);
}

/**
 * The plan of the directory's statement for a query string, with fresh statistics and sequential
 * scans priced out: a test database is far too small for the planner to prefer an index, so this
 * shows which index the statement can use (the benchmark shows the planner choosing it at 100,000
 * channels).
 */
async function planOf(input: Record<string, unknown>) {
  const statement = directoryStatement(input, new Date());
  await db.prisma.$executeRawUnsafe(`ANALYZE "Channel", "ChannelPeriod"`);
  return db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
    // Plain index scans too: on a few dozen rows, walking the status index and filtering is always
    // cheapest, and that says nothing about 100,000. Bitmap scans remain, one per usable index.
    await tx.$executeRawUnsafe("SET LOCAL enable_indexscan = off");
    const rows = await tx.$queryRawUnsafe<Record<string, string>[]>(`EXPLAIN ${statement.text}`, ...statement.values);
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  });
}

class RollBack extends Error {}

/**
 * The plan of the directory's statement with 5,000 more published channels (none of them matching
 * a text search) and fresh statistics, inside a transaction that is rolled back: enough rows for the
 * planner to choose between the text indexes as it would at scale.
 */
async function planAtScale(input: Record<string, unknown>) {
  const statement = directoryStatement(input, new Date());
  let plan = "";
  await db.prisma
    .$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`
        INSERT INTO "Channel" ("id", "ownerOrganizationId", "kind", "status", "name", "country", "region", "city", "segments",
                               "capacityPerPeriod", "validFrom", "validTo", "contactName", "contactEmail", "searchText",
                               "searchGrams", "lastConfirmedAt", "createdById", "updatedAt")
        SELECT gen_random_uuid(), c."ownerOrganizationId", c."kind", c."status", 'Filler ' || n, c."country", c."region", c."city",
               c."segments", c."capacityPerPeriod", c."validFrom", c."validTo", c."contactName", c."contactEmail",
               'filler channel ' || n, '{}', c."lastConfirmedAt", c."createdById", c."updatedAt"
          FROM generate_series(1, 5000) AS n, (SELECT * FROM "Channel" WHERE "status" = 'PUBLISHED' LIMIT 1) AS c`);
      await tx.$executeRawUnsafe(`ANALYZE "Channel"`);
      const rows = await tx.$queryRawUnsafe<Record<string, string>[]>(`EXPLAIN ${statement.text}`, ...statement.values);
      plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      throw new RollBack();
    }, { timeout: 60_000 })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  return plan;
}

async function expectFieldErrors(promise: Promise<unknown>, expected: Record<string, string>) {
  const error = await promise.then(
    () => {
      throw new Error("expected a ValidationError");
    },
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ status: 400 });
  expect((error as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject(expected);
}

beforeAll(async () => {
  db = await createTestDatabase();
  ctx = testContext(db.prisma);
  oem = await createMemberOrg(db.prisma, { kind: "OEM", nameEn: "Changjiang Automobile", nameZh: "长江汽车" });
  logistics = await createMemberOrg(db.prisma, { kind: "LOGISTICS", nameEn: "Jialing Logistics", nameZh: "嘉陵物流" });
  supplier = await createMemberOrg(db.prisma, { kind: "SUPPLIER" });
});
afterAll(async () => {
  await db?.close();
});

describe("who may look", () => {
  it("lets active members and the secretariat search; pending and suspended organisations get 403", async () => {
    await publish(oem.admin, { name: "Access check channel" });
    await expect(directory.search(ctx, supplier.member, {})).resolves.toBeDefined();
    const desk = await createSecretariat(db.prisma);
    await expect(directory.search(ctx, desk.actor, {})).resolves.toBeDefined();
    await expect(directory.overview(ctx, desk.actor)).resolves.toBeDefined();

    const pending = await createMemberOrg(db.prisma, { status: "PENDING" });
    const suspended = await createMemberOrg(db.prisma, { status: "SUSPENDED" });
    for (const actor of [pending.admin, suspended.member]) {
      await expect(directory.search(ctx, actor, {})).rejects.toMatchObject({ status: 403 });
      await expect(directory.overview(ctx, actor)).rejects.toMatchObject({ status: 403 });
      await expect(directory.countrySummary(ctx, actor, { country: "KZ" })).rejects.toMatchObject({ status: 403 });
    }
    // A secretariat user is let in even if its own organisation were not active (it vets members).
    const deskPending = { ...desk.actor, organization: { ...desk.actor.organization, status: "PENDING" as const } };
    await expect(directory.search(ctx, deskPending, {})).resolves.toBeDefined();
  });
});

describe("filters", () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    ids = {
      salesTh: await publish(oem.admin, { kind: "SALES", name: "Filter Bangkok dealer network", country: "TH", city: "Bangkok", segments: ["NEV_PASSENGER"] }),
      serviceTh: await publish(oem.admin, { name: "Filter Chonburi service network", country: "TH", city: "Chonburi", segments: ["COMMERCIAL"] }),
      serviceBr: await publish(oem.admin, { name: "Filter Sao Paulo service network", country: "BR", city: "Sao Paulo", segments: ["ICE_PASSENGER", "COMMERCIAL"] }),
      warehouseDe: await publish(logistics.admin, { kind: "WAREHOUSE", name: "Filter Duisburg overseas warehouse", country: "DE", city: "Duisburg", segments: ["PARTS"] }),
      railDe: await publish(logistics.admin, {
        kind: "RAIL",
        name: "Filter Chongqing - Duisburg rail slots",
        country: "DE",
        city: undefined,
        originName: "Chongqing Tuanjiecun",
        originCountry: "CN",
        destinationName: "Duisburg",
        segments: ["NEV_PASSENGER", "PARTS"],
        sailings: [day(inDays(10)), day(inDays(40))],
      }),
      draft: await publish(oem.admin, { name: "Filter draft network", country: "TH", city: "Rayong", publish: false }),
      paused: await publish(oem.admin, { name: "Filter paused network", country: "TH", city: "Rayong" }),
      archived: await publish(oem.admin, { name: "Filter archived network", country: "TH", city: "Rayong" }),
    };
    await channelsDomain.setChannelStatus(ctx, oem.admin, { channelId: ids.paused, status: "PAUSED" });
    await channelsDomain.setChannelStatus(ctx, oem.admin, { channelId: ids.archived, status: "ARCHIVED" });
  });

  const onlyFilterChannels = (items: ChannelListItem[]) => items.filter((c) => c.name.startsWith("Filter ")).map((c) => c.id).sort();

  it("lists published channels only (no drafts, paused or archived ones)", async () => {
    const { ids: found } = await searchAll(supplier.member, { q: "filter" });
    expect(found.sort()).toEqual([ids.salesTh, ids.serviceTh, ids.serviceBr, ids.warehouseDe, ids.railDe].sort());
    // Not even the owner sees its drafts here (those are on its own channel list).
    const { ids: ownerFound } = await searchAll(oem.admin, { q: "filter" });
    expect(ownerFound).not.toContain(ids.draft);
  });

  it("filters by kind, region, country and segment, each alone and combined", async () => {
    const run = async (input: Record<string, unknown>) => onlyFilterChannels((await directory.search(ctx, supplier.member, { q: "filter", ...input })).items);
    expect(await run({ kind: "SERVICE" })).toEqual([ids.serviceTh, ids.serviceBr].sort());
    expect(await run({ kind: "service" })).toEqual([ids.serviceTh, ids.serviceBr].sort());
    expect(await run({ region: "ASIA" })).toEqual([ids.salesTh, ids.serviceTh].sort());
    expect(await run({ region: "LATIN_AMERICA" })).toEqual([ids.serviceBr]);
    expect(await run({ region: "EUROPE" })).toEqual([ids.warehouseDe, ids.railDe].sort());
    expect(await run({ country: "de" })).toEqual([ids.warehouseDe, ids.railDe].sort());
    expect(await run({ segment: "COMMERCIAL" })).toEqual([ids.serviceTh, ids.serviceBr].sort());
    expect(await run({ segment: "PARTS", kind: "RAIL" })).toEqual([ids.railDe]);
    expect(await run({ kind: "SERVICE", region: "ASIA" })).toEqual([ids.serviceTh]);
    expect(await run({ kind: "SALES", country: "BR" })).toEqual([]);
  });

  it("shows place, owner, unit and the current or next period's free capacity", async () => {
    const { items } = await directory.search(ctx, supplier.member, { q: "filter", country: "DE" });
    const rail = items.find((c) => c.id === ids.railDe)!;
    expect(rail).toMatchObject({
      kind: "RAIL",
      originName: "Chongqing Tuanjiecun",
      destinationName: "Duisburg",
      country: "DE",
      unit: "slotsPerDeparture",
      owner: { nameEn: "Jialing Logistics", nameZh: "嘉陵物流" },
      stale: false,
    });
    // The next departure, not the one after.
    expect(day(rail.period!.startsOn)).toBe(day(inDays(10)));
    expect(rail.period).toMatchObject({ capacity: 100, approvedUnits: 0, free: 100 });
    const warehouse = items.find((c) => c.id === ids.warehouseDe)!;
    expect(warehouse.unit).toBe("palletPlacesPerMonth");
    expect(warehouse.period!.startsOn.toISOString().slice(0, 7)).toBe(thisMonth());
  });

  it("rejects filters it does not understand with field errors, never a crash", async () => {
    await expectFieldErrors(directory.search(ctx, supplier.member, { kind: "SUBMARINE" }), { kind: "errors.invalidValue" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { region: "ATLANTIS" }), { region: "errors.invalidValue" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { country: "XX" }), { country: "errors.unknownCountry" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { segment: "TANK" }), { segment: "errors.invalidValue" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { minFree: "-5" }), { minFree: "channelDirectory.errors.minFreeNegative" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { minFree: "1.5" }), { minFree: "channelDirectory.errors.minFreeWhole" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { minFree: "lots" }), { minFree: "channelDirectory.errors.minFreeWhole" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { minFree: "99999999" }), { minFree: "channelDirectory.errors.minFreeTooLarge" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { month: "2026-13" }), { month: "channelDirectory.errors.month" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { month: "next month" }), { month: "channelDirectory.errors.month" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { sort: "random" }), { sort: "errors.invalidValue" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { q: "x".repeat(121) }), { q: "errors.tooLong" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { cursor: "garbage!!" }), { cursor: "channelDirectory.errors.cursor" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { cursor: encodeCursor(["fresh", 5, "not-a-uuid" as never]) }), {
      cursor: "channelDirectory.errors.cursor",
    });
    // A cursor made for another order cannot continue this one.
    const fresh = encodeCursor(["fresh", Date.now(), "6f1c3c57-6a3e-4d0e-9a55-2f7f0b6f8f10"]);
    await expectFieldErrors(directory.search(ctx, supplier.member, { sort: "free", cursor: fresh }), { cursor: "channelDirectory.errors.cursor" });
    await expectFieldErrors(directory.search(ctx, supplier.member, { q: "x".repeat(121), kind: "NOPE" }), { q: "errors.tooLong", kind: "errors.invalidValue" });
  });
});

describe("text search", () => {
  let ids: Record<string, string>;
  beforeAll(async () => {
    ids = {
      zh: await publish(oem.admin, {
        name: "长江汽车阿拉木图售后服务网络",
        country: "KZ",
        city: "阿拉木图",
        localPartner: "草原汽车服务有限责任公司",
        terms: "保修维修按网络标准工时费结算；配件由申请方提供。",
      }),
      en: await publish(oem.admin, {
        kind: "SALES",
        name: "Tashkent dealer network",
        country: "UZ",
        city: "Tashkent",
        localPartner: "Silk Road Autohaus",
        terms: "Showroom space for two brands; demo cars insured by the requester.",
      }),
      roro: await publish(logistics.admin, {
        kind: "RORO",
        name: "Shanghai - Zeebrugge ro-ro space",
        country: "BE",
        city: undefined,
        originName: "Shanghai Haitong",
        originCountry: "CN",
        destinationName: "Zeebrugge",
        segments: ["NEV_PASSENGER", "COMMERCIAL"],
        sailings: [day(inDays(14))],
      }),
      percent: await publish(oem.admin, { name: "Discount 100% network", country: "KZ", city: "Astana" }),
    };
  });

  const found = async (q: string, extra: Record<string, unknown> = {}) => (await searchAll(supplier.member, { q, ...extra })).ids;

  it("finds English text in names, partners, places and terms, whatever the case", async () => {
    expect(await found("TASHKENT")).toContain(ids.en);
    expect(await found("silk road")).toContain(ids.en);
    expect(await found("demo cars insured")).toContain(ids.en);
    expect(await found("zeebrugge")).toContain(ids.roro);
    expect(await found("haitong")).toContain(ids.roro);
    expect(await found("tashkent dealer")).toEqual([ids.en]);
  });

  it("finds Chinese text, including words of two characters", async () => {
    expect(await found("阿拉木图")).toEqual([ids.zh]);
    expect(await found("草原汽车")).toEqual([ids.zh]);
    expect(await found("工时")).toEqual([ids.zh]);
    expect(await found("售后服务网络", { kind: "SERVICE", country: "KZ" })).toEqual([ids.zh]);
    expect(await found("售后服务网络", { kind: "SALES" })).toEqual([]);
  });

  it("finds two-character Chinese words through the Han-pair index, not by reading every channel", async () => {
    const chongqing = await publish(oem.admin, { name: "重庆物流 Khorgos gateway", country: "KZ", city: "Khorgos", terms: "" });
    expect(await found("重庆")).toEqual([chongqing]);
    expect(await found("物流", { country: "KZ" })).toEqual([chongqing]);
    expect(await found("庆物")).toEqual([chongqing]);
    // Both characters are in the text, but not next to each other.
    expect(await found("物重")).toEqual([]);
    const plan = await planAtScale({ q: "重庆" });
    expect(plan).toContain("Channel_searchGrams_idx");
    expect(plan).not.toMatch(/Seq Scan on "Channel"/);
    expect(await db.prisma.channel.count({ where: { name: { startsWith: "Filler " } } })).toBe(0);
  });

  it("matches LIKE wildcards literally", async () => {
    expect(await found("100%")).toEqual([ids.percent]);
    expect(await found("%")).toEqual([ids.percent]);
    expect(await found("_")).toEqual([]);
  });

  it("ranks a match in the name before a match further on, and pages by relevance", async () => {
    const early = await publish(oem.admin, { name: "Kostanay parts hub", country: "KZ", city: "Kostanay", terms: "" });
    const late = await publish(oem.admin, { name: "Northern network", country: "KZ", city: "Kostanay", terms: "" });
    const page = await directory.search(ctx, supplier.member, { q: "kostanay" });
    expect(page.filters.sort).toBe("relevance");
    expect(page.items.map((c) => c.id)).toEqual([early, late]);
  });
});

describe("free capacity", () => {
  let full: string;
  let half: string;
  let roomy: string;
  beforeAll(async () => {
    full = await publish(oem.admin, { name: "Capacity Hanoi network (full)", country: "VN", city: "Hanoi", capacityPerPeriod: "50" });
    half = await publish(oem.admin, { name: "Capacity Da Nang network", country: "VN", city: "Da Nang", capacityPerPeriod: "80" });
    roomy = await publish(oem.admin, { name: "Capacity Hai Phong network", country: "VN", city: "Hai Phong", capacityPerPeriod: "300" });
    const month = new Date(`${thisMonth()}-01T00:00:00.000Z`);
    // Approved units are the capacity module's business; here we only need them to be there.
    await setApproved(full, month, 50);
    await setApproved(half, month, 40);
  });

  it("keeps channels with at least the asked free units in the month (this month by default)", async () => {
    const run = async (input: Record<string, unknown>) => (await searchAll(supplier.member, { country: "VN", ...input })).ids.sort();
    expect(await run({ minFree: "1" })).toEqual([half, roomy].sort());
    expect(await run({ minFree: "40" })).toEqual([half, roomy].sort());
    expect(await run({ minFree: "41" })).toEqual([roomy]);
    expect(await run({ minFree: "0" })).toEqual([full, half, roomy].sort());
    expect(await run({ minFree: "1", month: thisMonth() })).toEqual([half, roomy].sort());
    // Next month nothing is approved yet.
    expect(await run({ minFree: "50", month: monthAfter(1) })).toEqual([full, half, roomy].sort());
    // Months outside every validity window have no periods at all.
    expect(await run({ month: monthAfter(12) })).toEqual([]);
  });

  it("shows the free units of the period in the chosen month", async () => {
    const { items } = await directory.search(ctx, supplier.member, { country: "VN", month: thisMonth() });
    const shown = Object.fromEntries(items.map((c) => [c.id, c.period?.free]));
    expect(shown).toEqual({ [full]: 0, [half]: 40, [roomy]: 300 });
    const next = await directory.search(ctx, supplier.member, { country: "VN", month: monthAfter(1) });
    expect(next.items.every((c) => c.period?.startsOn.toISOString().slice(0, 7) === monthAfter(1))).toBe(true);
  });

  it("takes a route's sailing with the most free units in the month", async () => {
    const next = monthAfter(1);
    const roro = await publish(logistics.admin, {
      kind: "RORO",
      name: "Capacity Shanghai - Ho Chi Minh City ro-ro space",
      country: "VN",
      city: undefined,
      originName: "Shanghai Haitong",
      originCountry: "CN",
      destinationName: "Ho Chi Minh City",
      capacityPerPeriod: "200",
      validTo: day(inDays(120)),
      sailings: [`${next}-05`, `${next}-20`],
    });
    await setApproved(roro, new Date(`${next}-05T00:00:00.000Z`), 150);
    await setApproved(roro, new Date(`${next}-20T00:00:00.000Z`), 20);
    const page = await directory.search(ctx, supplier.member, { country: "VN", kind: "RORO", month: next, minFree: "100" });
    expect(page.items.map((c) => c.id)).toEqual([roro]);
    expect(day(page.items[0]!.period!.startsOn)).toBe(`${next}-20`);
    expect(page.items[0]!.period!.free).toBe(180);
    const stricter = await directory.search(ctx, supplier.member, { country: "VN", kind: "RORO", month: next, minFree: "181" });
    expect(stricter.items).toEqual([]);
    // Without a month the next sailing is shown, whatever its free units.
    const plain = await directory.search(ctx, supplier.member, { country: "VN", kind: "RORO" });
    expect(day(plain.items[0]!.period!.startsOn)).toBe(`${next}-05`);
    await db.prisma.channel.update({ where: { id: roro }, data: { status: "ARCHIVED" } });
  });

  it("sorts by free capacity, most first", async () => {
    const { items } = await directory.search(ctx, supplier.member, { country: "VN", sort: "free" });
    expect(items.map((c) => c.id)).toEqual([roomy, half, full]);
    expect(items.map((c) => c.period?.free)).toEqual([300, 40, 0]);
  });

  it("sorts by free capacity on the stored free units without a narrowing filter: within the kind, each channel once, those without a period last", async () => {
    const today = day(new Date());
    const next = monthAfter(1);
    const roro = (name: string, country: string, capacity: number, sailings: string[]) =>
      publish(logistics.admin, {
        kind: "RORO",
        name,
        country,
        city: undefined,
        originName: "Chongqing Guoyuan Port",
        originCountry: "CN",
        destinationName: country === "AU" ? "Port Kembla" : "Auckland",
        capacityPerPeriod: String(capacity),
        validTo: day(inDays(120)),
        sailings,
      });
    const a = await roro("Oceania sort A", "AU", 100, [today, `${next}-10`]);
    const b = await roro("Oceania sort B", "NZ", 200, [today]);
    const c = await roro("Oceania sort C", "AU", 150, [`${next}-05`]);
    const d = await roro("Oceania sort D", "AU", 120, [`${next}-05`, `${next}-20`]);
    await setApproved(a, new Date(`${today}T00:00:00.000Z`), 30);
    await setApproved(d, new Date(`${next}-05T00:00:00.000Z`), 110);
    await setApproved(d, new Date(`${next}-20T00:00:00.000Z`), 20);
    // A channel of another kind with more free units stays out of a RORO sort.
    await publish(oem.admin, { name: "Oceania sort service", country: "AU", city: "Melbourne", capacityPerPeriod: "900" });

    const thisMonthSort = await searchAll(supplier.member, { region: "OCEANIA", kind: "RORO", sort: "free" });
    const items = thisMonthSort.pages.flat();
    expect(items.map((i) => i.id)).toEqual([b, a, ...[c, d].sort()]);
    expect(items.map((i) => i.period?.free ?? null)).toEqual([200, 70, null, null]);

    // Next month: d once, at its roomier sailing; b has no sailing then.
    const nextMonthSort = (await searchAll(supplier.member, { region: "OCEANIA", kind: "RORO", sort: "free", month: next })).pages.flat();
    expect(nextMonthSort.map((i) => i.id)).toEqual([c, ...[a, d].sort()]);
    expect(nextMonthSort.find((i) => i.id === d)!.period).toMatchObject({ free: 100, startsOn: new Date(`${next}-20T00:00:00.000Z`) });
    const atLeast = (await searchAll(supplier.member, { region: "OCEANIA", kind: "RORO", sort: "free", month: next, minFree: "101" })).ids;
    expect(atLeast).toEqual([c]);

    expect(await planOf({ kind: "RORO", sort: "free" })).toContain("ChannelPeriod_kind_month_freeUnits_channelId_idx");
    expect(await planOf({ sort: "free" })).toContain("ChannelPeriod_month_freeUnits_channelId_idx");
    for (const id of [a, b, c, d]) await db.prisma.channel.update({ where: { id }, data: { status: "ARCHIVED" } });
  });
});

describe("keyset pages", () => {
  const COUNT = 63;
  let all: string[];
  beforeAll(async () => {
    all = [];
    for (let i = 0; i < COUNT; i++) {
      // Ties on purpose: three capacities, and equal names so that the rank ties too.
      const id = await publish(oem.admin, {
        name: `Ulaanbaatar service point ${i % 2 ? "east" : "west"}`,
        country: "MN",
        city: "Ulaanbaatar",
        capacityPerPeriod: String([10, 20, 30][i % 3]),
      });
      all.push(id);
    }
    // Equal confirmation times for a third of them, so that the id breaks the tie.
    const tied = all.filter((_, i) => i % 3 === 0);
    await db.prisma.channel.updateMany({ where: { id: { in: tied } }, data: { lastConfirmedAt: new Date(Date.now() - 5 * DAY) } });
    await db.prisma.channel.update({ where: { id: all[1] }, data: { lastConfirmedAt: null } });
  });

  for (const sort of ["fresh", "free", "relevance"] as const) {
    it(`covers every row exactly once, 25 at a time, sorted by ${sort}`, async () => {
      const input = sort === "relevance" ? { q: "ulaanbaatar", sort } : { country: "MN", sort };
      const { ids, pages } = await searchAll(supplier.member, input);
      expect(pages.map((p) => p.length)).toEqual([25, 25, 13]);
      expect(new Set(ids).size).toBe(COUNT);
      expect([...ids].sort()).toEqual([...all].sort());
    });
  }

  it("pages through every published channel by free capacity without a narrowing filter", async () => {
    const { ids, pages } = await searchAll(supplier.member, { sort: "free" });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(await db.prisma.channel.count({ where: { status: "PUBLISHED" } }));
    const frees = pages.flat().map((c) => c.period?.free ?? -1);
    expect(frees).toEqual([...frees].sort((a, b) => b - a));
  });

  it("orders pages by the sort key across page boundaries", async () => {
    const { pages } = await searchAll(supplier.member, { country: "MN", sort: "free" });
    const frees = pages.flat().map((c) => c.period?.free ?? -1);
    expect(frees).toEqual([...frees].sort((a, b) => b - a));
    const fresh = (await searchAll(supplier.member, { country: "MN" })).pages.flat();
    const times = fresh.map((c) => c.lastConfirmedAt?.getTime() ?? Number.POSITIVE_INFINITY);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("continues after a row that was removed meanwhile", async () => {
    const first = await directory.search(ctx, supplier.member, { country: "MN" });
    const lastShown = first.items[first.items.length - 1]!;
    await channelsDomain.setChannelStatus(ctx, oem.admin, { channelId: lastShown.id, status: "PAUSED" });
    const second = await directory.search(ctx, supplier.member, { country: "MN", cursor: first.nextCursor! });
    expect(second.items).toHaveLength(25);
    expect(second.items.map((c) => c.id)).not.toContain(lastShown.id);
    expect(second.items.some((c) => first.items.some((f) => f.id === c.id))).toBe(false);
    await channelsDomain.setChannelStatus(ctx, oem.admin, { channelId: lastShown.id, status: "PUBLISHED" });
  });
});

describe("stale listings", () => {
  it("marks a published channel not confirmed for more than 90 days", async () => {
    const old = await publish(oem.admin, { name: "Stale Casablanca network", country: "MA", city: "Casablanca" });
    const fresh = await publish(oem.admin, { name: "Stale-free Rabat network", country: "MA", city: "Rabat" });
    const edge = await publish(oem.admin, { name: "Edge Tangier network", country: "MA", city: "Tangier" });
    await db.prisma.channel.update({ where: { id: old }, data: { lastConfirmedAt: new Date(Date.now() - 91 * DAY) } });
    await db.prisma.channel.update({ where: { id: edge }, data: { lastConfirmedAt: new Date(Date.now() - 89 * DAY) } });
    const { items } = await directory.search(ctx, supplier.member, { country: "MA" });
    const stale = Object.fromEntries(items.map((c) => [c.id, c.stale]));
    expect(stale).toEqual({ [old]: true, [fresh]: false, [edge]: false });
    // Freshness order: the most recently confirmed first.
    expect(items.map((c) => c.id)).toEqual([fresh, edge, old]);
    await channelsDomain.confirmChannel(ctx, oem.admin, { channelId: old });
    const after = await directory.search(ctx, supplier.member, { country: "MA" });
    expect(after.items.find((c) => c.id === old)?.stale).toBe(false);
  });
});

describe("figures for the map, the chart and country pages", () => {
  it("counts published channels per country and sums this month's capacity per kind", async () => {
    const a = await publish(oem.admin, { name: "Figures Lagos network", country: "NG", city: "Lagos", capacityPerPeriod: "200" });
    await publish(oem.admin, { kind: "SALES", name: "Figures Abuja dealers", country: "NG", city: "Abuja", capacityPerPeriod: "30" });
    await publish(oem.admin, { name: "Figures draft", country: "NG", city: "Kano", publish: false });
    const month = new Date(`${thisMonth()}-01T00:00:00.000Z`);
    await setApproved(a, month, 50);

    const summary = await directory.countrySummary(ctx, supplier.member, { country: "ng" });
    expect(summary).toMatchObject({ country: "NG", month: thisMonth(), channels: 2 });
    expect(summary.kinds).toEqual([
      { kind: "SALES", unit: "vehiclesPerMonth", channels: 1, capacity: 30, approvedUnits: 0, free: 30, utilisation: 0 },
      { kind: "SERVICE", unit: "vehiclesServicedPerMonth", channels: 1, capacity: 200, approvedUnits: 50, free: 150, utilisation: 25 },
    ]);

    const overview = await directory.overview(ctx, supplier.member);
    const ng = overview.byCountry.find((c) => c.country === "NG")!;
    expect(ng).toMatchObject({ region: "AFRICA", channels: 2 });
    expect(ng.kinds).toEqual(summary.kinds);
    // Regions add up their countries, kind by kind.
    const africa = overview.byRegion.find((r) => r.region === "AFRICA")!;
    const africanService = overview.byCountry.filter((c) => c.region === "AFRICA").flatMap((c) => c.kinds.filter((k) => k.kind === "SERVICE"));
    expect(africa.kinds.find((k) => k.kind === "SERVICE")).toMatchObject({
      capacity: africanService.reduce((n, k) => n + k.capacity, 0),
      approvedUnits: africanService.reduce((n, k) => n + k.approvedUnits, 0),
    });
    const published = await db.prisma.channel.count({ where: { status: "PUBLISHED" } });
    expect(overview.totalChannels).toBe(published);
    expect(overview.byKind.reduce((n, k) => n + k.channels, 0)).toBe(published);
    expect(overview.byCountry.reduce((n, c) => n + c.channels, 0)).toBe(published);
    // A small alliance's figures are never reused: a channel published now is counted now.
    await publish(oem.admin, { name: "Figures Kano network", country: "NG", city: "Kano" });
    const again = await directory.overview(ctx, supplier.member);
    expect(again.byCountry.find((c) => c.country === "NG")?.channels).toBe(3);
    expect(again.totalChannels).toBe(published + 1);
  });

  it("answers 404 for a country page of a code that is not a country, and empty figures for one without channels", async () => {
    await expect(directory.countrySummary(ctx, supplier.member, { country: "XX" })).rejects.toMatchObject({ status: 404 });
    await expect(directory.countrySummary(ctx, supplier.member, { country: "<script>" })).rejects.toMatchObject({ status: 404 });
    await expect(directory.countrySummary(ctx, supplier.member, { country: "IS" })).resolves.toMatchObject({ channels: 0, kinds: [] });
  });
});

describe("map outlines", () => {
  /** Absolute points of a path in the relative form relative() writes, in tenths of a pixel. */
  function decode(d: string): number[][] {
    const points: number[][] = [];
    let x = 0;
    let y = 0;
    for (const [, command, args] of d.matchAll(/([Mlz])([^Mlz]*)/g)) {
      if (command === "z") continue;
      const numbers = (args!.match(/-?(\d+\.?\d*|\.\d+)/g) ?? []).map((n) => Math.round(Number(n) * 10));
      for (let i = 0; i < numbers.length; i += 2) {
        if (command === "M") [x, y] = [numbers[i]!, numbers[i + 1]!];
        else [x, y] = [x + numbers[i]!, y + numbers[i + 1]!];
        points.push([x, y]);
      }
    }
    return points;
  }

  it("writes paths in relative tenths that decode to the same points, without drifting", () => {
    const absolute = "M675.44,93.51L674.7,95.4L673,95.6L674.46,98.55L600.01,120Z M10,10L10.05,10.04L10.1,10.08Z";
    const expected = [...absolute.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Math.round(Number(m[1]) * 10), Math.round(Number(m[2]) * 10)]);
    expect(decode(relative(absolute))).toEqual(expected);
    // A long coastline of tiny steps must not accumulate rounding errors.
    const long = `M0,0${Array.from({ length: 5000 }, (_, i) => `L${((i + 1) * 0.04).toFixed(2)},${((i + 1) * 0.06).toFixed(2)}`).join("")}Z`;
    expect(decode(relative(long)).at(-1)).toEqual([2000, 3000]);
  });

  it("has one outline per country, named by ISO alpha-2 code, projected once", () => {
    const shapes = worldShapes();
    expect(worldShapes()).toBe(shapes);
    const codes = shapes.countries.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(170);
    expect(codes.filter((c) => !COUNTRY_CODES.has(c))).toEqual([]);
    for (const code of ["KZ", "MN", "DE", "BR", "XK", "SO", "CY"]) expect(codes).toContain(code);
    expect(codes).not.toContain("AQ");
    for (const { d } of shapes.countries) expect(d).toMatch(/^M[-\d. Mlz]+$/);
  });
});
