// Channel rules in the domain: who may publish and decide, bad input, waitlist and offers, history.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/index";
import { newPeriod } from "../../server/domain/capacity";
import { channelsDomain as channels } from "../../server/domain/channels";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../server/domain/errors";
import { ceuFor } from "../../server/domain/units";
import type { DomainContext } from "../../server/services";
import { createTestDatabase } from "../support/db";
import { createMemberOrg, createSecretariat, testContext } from "../support/fixtures";
import { day, daysFromNow, publishedChannel, roroChannelInput, serviceChannelInput } from "./channels.fixtures";

let db: Database;
let ctx: DomainContext;
let oem: Awaited<ReturnType<typeof createMemberOrg>>;
let supplier: Awaited<ReturnType<typeof createMemberOrg>>;
let other: Awaited<ReturnType<typeof createMemberOrg>>;

beforeAll(async () => {
  db = await createTestDatabase();
  ctx = testContext(db.prisma);
  oem = await createMemberOrg(db.prisma, { kind: "OEM", nameEn: "Changjiang Auto Test" });
  supplier = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Jialing Brake Systems Test" });
  other = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Yuzhong Lighting Test" });
});
afterAll(async () => {
  await db?.close();
});

async function expectFieldError(promise: Promise<unknown>, field: string, key?: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  const fieldErrors = (error as ValidationError).fieldErrors;
  expect(Object.keys(fieldErrors)).toContain(field);
  if (key) expect(fieldErrors[field]).toBe(key);
}

/**
 * Periods whose stored figures disagree with what they are computed from: free units with capacity
 * minus approved units, the month with startsOn, the kind with the channel's. Always none.
 */
async function storedFigureDrift() {
  return db.prisma.$queryRaw<{ id: string }[]>`
    SELECT p."id" FROM "ChannelPeriod" p JOIN "Channel" c ON c."id" = p."channelId"
     WHERE p."freeUnits" <> p."capacity" - p."approvedUnits"
        OR p."month" <> date_trunc('month', p."startsOn")::date
        OR p."kind" <> c."kind"`;
}

const counts = async () => ({
  channels: await db.prisma.channel.count(),
  periods: await db.prisma.channelPeriod.count(),
  requests: await db.prisma.capacityRequest.count(),
  audit: await db.prisma.auditEvent.count(),
});

describe("publishing", () => {
  it("lets an OEM admin publish a monthly channel with one period per month of its window", async () => {
    const { id, page } = await publishedChannel(ctx, oem.admin);
    expect(page.channel.status).toBe("PUBLISHED");
    expect(page.channel.region).toBe("ASIA");
    expect(page.channel.unit).toBe("vehiclesServicedPerMonth");
    expect(page.channel.lastConfirmedAt).not.toBeNull();
    const periods = await db.prisma.channelPeriod.findMany({ where: { channelId: id } });
    expect(periods.length).toBeGreaterThanOrEqual(6);
    expect(periods.every((p) => p.startsOn.getUTCDate() === 1 && p.capacity === 100 && p.approvedUnits === 0)).toBe(true);
    const audit = await db.prisma.auditEvent.findFirst({ where: { subjectId: id, action: "channel.published" } });
    expect(audit?.organizationId).toBe(oem.org.id);
  });

  it("refuses suppliers and non-admin members (403) and changes nothing", async () => {
    const before = await counts();
    await expect(channels.createChannel(ctx, supplier.admin, serviceChannelInput())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(channels.createChannel(ctx, oem.member, serviceChannelInput())).rejects.toBeInstanceOf(ForbiddenError);
    expect(await counts()).toEqual(before);
  });

  it("gives field errors for bad input and changes nothing", async () => {
    const before = await counts();
    await expectFieldError(channels.createChannel(ctx, oem.admin, serviceChannelInput({ country: "XX" })), "country", "errors.unknownCountry");
    await expectFieldError(channels.createChannel(ctx, oem.admin, serviceChannelInput({ capacityPerPeriod: "-5" })), "capacityPerPeriod", "channels.errors.positiveNumber");
    await expectFieldError(channels.createChannel(ctx, oem.admin, serviceChannelInput({ capacityPerPeriod: "2.5" })), "capacityPerPeriod", "channels.errors.wholeNumber");
    await expectFieldError(channels.createChannel(ctx, oem.admin, serviceChannelInput({ name: "x".repeat(161) })), "name", "errors.tooLong");
    await expectFieldError(channels.createChannel(ctx, oem.admin, serviceChannelInput({ terms: "x".repeat(4001) })), "terms", "errors.tooLong");
    await expectFieldError(channels.createChannel(ctx, oem.admin, serviceChannelInput({ segments: [] })), "segments", "channels.errors.segmentRequired");
    await expectFieldError(channels.createChannel(ctx, oem.admin, serviceChannelInput({ segments: ["BICYCLES"] })), "segments");
    await expectFieldError(channels.createChannel(ctx, oem.admin, serviceChannelInput({ city: "" })), "city", "errors.required");
    await expectFieldError(
      channels.createChannel(ctx, oem.admin, serviceChannelInput({ validFrom: day(daysFromNow(30)), validTo: day(daysFromNow(10)) })),
      "validTo",
      "errors.dateRange",
    );
    await expectFieldError(channels.createChannel(ctx, oem.admin, serviceChannelInput({ validTo: "2027-02-31" })), "validTo", "errors.invalidDate");
    await expectFieldError(channels.createChannel(ctx, oem.admin, serviceChannelInput({ kind: "SUBMARINE" })), "kind");
    await expectFieldError(channels.createChannel(ctx, oem.admin, roroChannelInput({ sailings: [] })), "sailings", "channels.errors.sailingRequired");
    await expectFieldError(
      channels.createChannel(ctx, oem.admin, roroChannelInput({ sailings: [day(daysFromNow(400))] })),
      "sailings",
      "channels.errors.periodOutsideValidity",
    );
    await expectFieldError(channels.createChannel(ctx, oem.admin, roroChannelInput({ destinationName: "" })), "destinationName", "errors.required");
    expect(await counts()).toEqual(before);
  });

  it("creates one period per sailing for ro-ro, with the destination as the place", async () => {
    const { id } = await channels.createChannel(ctx, oem.admin, roroChannelInput());
    const page = await channels.getChannel(ctx, supplier.member, { channelId: id });
    expect(page.periods).toHaveLength(2);
    expect(page.channel.city).toBe("Zeebrugge");
    expect(page.channel.region).toBe("EUROPE");
    expect(page.channel.unit).toBe("ceuPerSailing");
  });

  it("keeps drafts to their owner; only the owner's admins edit (others 403); unknown ids are 404", async () => {
    const { id } = await channels.createChannel(ctx, oem.admin, serviceChannelInput({ publish: false }));
    await expect(channels.getChannel(ctx, supplier.member, { channelId: id })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await channels.getChannel(ctx, oem.member, { channelId: id })).channel.status).toBe("DRAFT");
    await expect(channels.updateChannel(ctx, oem.member, { channelId: id, ...serviceChannelInput() })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(channels.updateChannel(ctx, supplier.admin, { channelId: id, ...serviceChannelInput() })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(channels.setChannelStatus(ctx, supplier.admin, { channelId: id, status: "PUBLISHED" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(channels.getChannel(ctx, oem.admin, { channelId: "2b0f3c5e-0000-4000-8000-000000000000" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(channels.getChannel(ctx, oem.admin, { channelId: "not-an-id" })).rejects.toBeInstanceOf(NotFoundError);
    const published = await channels.setChannelStatus(ctx, oem.admin, { channelId: id, status: "PUBLISHED" });
    expect(published.status).toBe("PUBLISHED");
    await expect(channels.setChannelStatus(ctx, oem.admin, { channelId: id, status: "DRAFT" })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("requesting a share and deciding", () => {
  it("runs the journey: request 20, approve 15, free capacity drops, both sides are told, history for both", async () => {
    const { id, period } = await publishedChannel(ctx, oem.admin);
    const request = await channels.requestCapacity(ctx, supplier.member, { channelId: id, periodId: period.id, units: "20", message: "Brake service for 20 NEV taxis" });
    expect(request.status).toBe("PENDING");
    const ownerNotes = await db.prisma.notification.findMany({ where: { userId: oem.adminUser.id, kind: "capacity_request.created" } });
    expect(ownerNotes.length).toBeGreaterThan(0);

    const outcome = await channels.approveRequest(ctx, oem.admin, { requestId: request.id, approvedUnits: "15" });
    expect(outcome).toEqual({ id: request.id, status: "APPROVED", approvedUnits: 15 });
    const row = await db.prisma.channelPeriod.findUniqueOrThrow({ where: { id: period.id } });
    expect(row.approvedUnits).toBe(15);
    const page = await channels.getChannel(ctx, supplier.member, { channelId: id });
    expect(page.periods.find((p) => p.id === period.id)?.free).toBe(85);
    expect(await db.prisma.notification.count({ where: { userId: supplier.memberUser.id, kind: "capacity_request.approved" } })).toBe(1);

    const auditOrgs = await db.prisma.auditEvent.findMany({ where: { subjectId: request.id, action: "capacity_request.approved" } });
    expect(new Set(auditOrgs.map((a) => a.organizationId))).toEqual(new Set([oem.org.id, supplier.org.id]));

    const detail = await channels.getRequest(ctx, supplier.member, { requestId: request.id });
    expect(detail.history.map((h) => h.action)).toEqual(["capacity_request.created", "capacity_request.approved"]);
    expect(detail.request.dealRoomPath).toBe(`/messages/deal/capacity-request/${request.id}`);
    expect((await channels.getRequest(ctx, oem.member, { requestId: request.id })).request.approvedUnits).toBe(15);
    const secretariat = await createSecretariat(db.prisma);
    expect((await channels.getRequest(ctx, secretariat.actor, { requestId: request.id })).history).toHaveLength(2);
    await expect(channels.getRequest(ctx, other.admin, { requestId: request.id })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("only the owner's admins decide; a request cannot be approved twice", async () => {
    const { id, period } = await publishedChannel(ctx, oem.admin);
    const request = await channels.requestCapacity(ctx, supplier.member, { channelId: id, periodId: period.id, units: 5 });
    await expect(channels.approveRequest(ctx, oem.member, { requestId: request.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(channels.approveRequest(ctx, supplier.admin, { requestId: request.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(channels.declineRequest(ctx, other.admin, { requestId: request.id, reason: "no" })).rejects.toBeInstanceOf(ForbiddenError);
    await expectFieldError(channels.approveRequest(ctx, oem.admin, { requestId: request.id, approvedUnits: "6" }), "approvedUnits", "channels.errors.moreThanRequested");
    await channels.approveRequest(ctx, oem.admin, { requestId: request.id });
    await expect(channels.approveRequest(ctx, oem.admin, { requestId: request.id })).rejects.toBeInstanceOf(ConflictError);
    expect((await db.prisma.channelPeriod.findUniqueOrThrow({ where: { id: period.id } })).approvedUnits).toBe(5);
  });

  it("refuses requests for the own channel, bad units, unknown periods and paused channels, changing nothing", async () => {
    const { id, period } = await publishedChannel(ctx, oem.admin);
    const elsewhere = await publishedChannel(ctx, oem.admin, { name: "Tashkent sales network", kind: "SALES", country: "UZ", city: "Tashkent" });
    const before = await counts();
    await expect(channels.requestCapacity(ctx, oem.member, { channelId: id, periodId: period.id, units: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: period.id, units: "-3" }), "units", "channels.errors.positiveNumber");
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: period.id, units: "0" }), "units", "channels.errors.positiveNumber");
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: period.id, units: "1.5" }), "units", "channels.errors.wholeNumber");
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: period.id, units: "lots" }), "units", "channels.errors.wholeNumber");
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: period.id }), "units", "errors.required");
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: period.id, units: "101" }), "units", "channels.errors.moreThanCapacity");
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: elsewhere.period.id, units: "1" }), "periodId", "channels.errors.unknownPeriod");
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: "nope", units: "1" }), "periodId", "channels.errors.unknownPeriod");
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: period.id, units: "1", message: "x".repeat(2001) }), "message", "errors.tooLong");
    await expect(channels.requestCapacity(ctx, supplier.admin, { channelId: "7d3a8a50-1111-4000-8000-000000000000", periodId: period.id, units: 1 })).rejects.toBeInstanceOf(NotFoundError);

    // A period outside the validity window (left over from an older window) is refused.
    const stray = await db.prisma.channelPeriod.create({ data: newPeriod({ id, kind: "SERVICE" }, new Date("2035-01-01T00:00:00Z"), 10) });
    const mid = await counts();
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: stray.id, units: "1" }), "periodId", "channels.errors.periodOutsideValidity");
    expect(await counts()).toEqual(mid);
    await db.prisma.channelPeriod.delete({ where: { id: stray.id } });

    await channels.setChannelStatus(ctx, oem.admin, { channelId: id, status: "PAUSED" });
    await expect(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: period.id, units: 1 })).rejects.toBeInstanceOf(ConflictError);
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
  });

  it("converts a ro-ro vehicle mix to car equivalent units", async () => {
    expect(ceuFor({ SUV_MPV: 5, HEAVY_TRUCK: 2 })).toBe(17);
    expect(ceuFor({ SUV_MPV: 1 })).toBe(2);
    const { id } = await channels.createChannel(ctx, oem.admin, roroChannelInput());
    const page = await channels.getChannel(ctx, supplier.admin, { channelId: id });
    const sailing = page.periods[0]!;
    const request = await channels.requestCapacity(ctx, supplier.admin, {
      channelId: id,
      periodId: sailing.id,
      vehicleMix: { PASSENGER_CAR: "10", SUV_MPV: "5", HEAVY_TRUCK: "" },
    });
    expect(request.units).toBe(17);
    const row = await db.prisma.capacityRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(row.vehicleMix).toEqual({ PASSENGER_CAR: 10, SUV_MPV: 5 });
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: sailing.id, vehicleMix: {} }), "vehicleMix", "channels.errors.vehicleRequired");
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: sailing.id, vehicleMix: { PASSENGER_CAR: "-1" } }), "vehicleMix");
    await expectFieldError(channels.requestCapacity(ctx, supplier.admin, { channelId: id, periodId: sailing.id, vehicleMix: { TANK: "1" } }), "vehicleMix");
  });
});

describe("waitlist, release and capacity edits", () => {
  it("waitlists when full, offers in order when units are released, and never goes above capacity", async () => {
    const { id, period } = await publishedChannel(ctx, oem.admin, { capacityPerPeriod: "10" });
    const first = await channels.requestCapacity(ctx, supplier.member, { channelId: id, periodId: period.id, units: 10 });
    await channels.approveRequest(ctx, oem.admin, { requestId: first.id });
    const second = await channels.requestCapacity(ctx, other.member, { channelId: id, periodId: period.id, units: 6 });
    const third = await channels.requestCapacity(ctx, other.admin, { channelId: id, periodId: period.id, units: 4 });
    expect(second.status).toBe("WAITLISTED");
    expect(third.status).toBe("WAITLISTED");
    await expect(channels.approveRequest(ctx, oem.admin, { requestId: second.id })).rejects.toBeInstanceOf(ConflictError);

    // Another organisation cannot withdraw it.
    await expect(channels.withdrawRequest(ctx, other.member, { requestId: first.id })).rejects.toBeInstanceOf(ForbiddenError);
    const withdrawn = await channels.withdrawRequest(ctx, supplier.member, { requestId: first.id });
    expect(withdrawn).toMatchObject({ status: "WITHDRAWN", releasedUnits: 10, offered: 2 });
    expect((await db.prisma.channelPeriod.findUniqueOrThrow({ where: { id: period.id } })).freeUnits).toBe(10);
    const statuses = await db.prisma.capacityRequest.findMany({ where: { id: { in: [second.id, third.id] } }, select: { status: true, offeredAt: true } });
    expect(statuses.every((s) => s.status === "PENDING" && s.offeredAt)).toBe(true);
    expect(await db.prisma.notification.count({ where: { userId: other.memberUser.id, kind: "capacity_request.offered" } })).toBe(1);
    expect(await db.prisma.notification.count({ where: { userId: oem.adminUser.id, kind: "capacity_request.offered" } })).toBeGreaterThanOrEqual(2);

    await channels.approveRequest(ctx, oem.admin, { requestId: second.id });
    await channels.approveRequest(ctx, oem.admin, { requestId: third.id });
    expect((await db.prisma.channelPeriod.findUniqueOrThrow({ where: { id: period.id } })).approvedUnits).toBe(10);
    expect(await storedFigureDrift()).toEqual([]);

    // Lowering below the approved 10 is refused and changes nothing.
    await expectFieldError(channels.setPeriodCapacity(ctx, oem.admin, { periodId: period.id, capacity: "9" }), "capacity", "channels.errors.capacityBelowApproved");
    expect((await db.prisma.channelPeriod.findUniqueOrThrow({ where: { id: period.id } })).capacity).toBe(10);
    expect(await storedFigureDrift()).toEqual([]);
    await expectFieldError(channels.setPeriodCapacity(ctx, oem.admin, { periodId: period.id, capacity: "-1" }), "capacity");
    await expect(channels.setPeriodCapacity(ctx, supplier.admin, { periodId: period.id, capacity: "50" })).rejects.toBeInstanceOf(ForbiddenError);

    // A new request waits; raising the capacity offers it.
    const fourth = await channels.requestCapacity(ctx, supplier.member, { channelId: id, periodId: period.id, units: 3 });
    expect(fourth.status).toBe("WAITLISTED");
    const raised = await channels.setPeriodCapacity(ctx, oem.admin, { periodId: period.id, capacity: "12" });
    expect(raised.offered).toBe(0); // 2 free, 3 needed: still waiting
    const raisedAgain = await channels.setPeriodCapacity(ctx, oem.admin, { periodId: period.id, capacity: "13" });
    expect(raisedAgain.offered).toBe(1);
    expect((await db.prisma.channelPeriod.findUniqueOrThrow({ where: { id: period.id } })).freeUnits).toBe(3);

    // The owner cancels an approved request: units come back.
    await expectFieldError(channels.cancelRequest(ctx, oem.admin, { requestId: second.id, reason: "" }), "reason", "errors.required");
    const cancelled = await channels.cancelRequest(ctx, oem.admin, { requestId: second.id, reason: "Workshop closed for refit in that month" });
    expect(cancelled.releasedUnits).toBe(6);
    const final = await db.prisma.channelPeriod.findUniqueOrThrow({ where: { id: period.id } });
    const approved = await db.prisma.capacityRequest.aggregate({ where: { periodId: period.id, status: "APPROVED" }, _sum: { approvedUnits: true } });
    expect(final.approvedUnits).toBe(approved._sum.approvedUnits ?? 0);
    expect(final.approvedUnits).toBe(4);
    expect(final.freeUnits).toBe(13 - 4);
    expect(await storedFigureDrift()).toEqual([]);
    expect(await db.prisma.notification.count({ where: { userId: other.memberUser.id, kind: "capacity_request.cancelled" } })).toBe(1);
  });

  it("refuses a channel-wide capacity cut below what a period has approved", async () => {
    const { id, period } = await publishedChannel(ctx, oem.admin, { capacityPerPeriod: "50" });
    const r = await channels.requestCapacity(ctx, supplier.member, { channelId: id, periodId: period.id, units: 40 });
    await channels.approveRequest(ctx, oem.admin, { requestId: r.id });
    const edit = await channels.getChannelForEdit(ctx, oem.admin, { channelId: id });
    await expectFieldError(channels.updateChannel(ctx, oem.admin, { channelId: id, ...edit.values, capacityPerPeriod: "30" }), "capacityPerPeriod", "channels.errors.capacityBelowApproved");
    expect((await db.prisma.channelPeriod.findMany({ where: { channelId: id } })).every((p) => p.capacity === 50)).toBe(true);
    await channels.updateChannel(ctx, oem.admin, { channelId: id, ...edit.values, capacityPerPeriod: "45", localPartner: "Alatau Service Partners" });
    expect((await db.prisma.channelPeriod.findMany({ where: { channelId: id } })).every((p) => p.capacity === 45)).toBe(true);
    expect((await db.prisma.channelPeriod.findUniqueOrThrow({ where: { id: period.id } })).freeUnits).toBe(5);
    expect((await db.prisma.channel.findUniqueOrThrow({ where: { id } })).searchText).toContain("alatau service partners");
    expect(await storedFigureDrift()).toEqual([]);
  });

  it("keeps the Han pairs of the searched text with every edit, for two-character Chinese searches", async () => {
    const { id } = await publishedChannel(ctx, oem.admin, { name: "重庆物流 Almaty hub", terms: "保修维修按标准工时费结算。" });
    const grams = async () => (await db.prisma.channel.findUniqueOrThrow({ where: { id }, select: { searchGrams: true } })).searchGrams.sort();
    expect(await grams()).toEqual(["重庆", "庆物", "物流", "保修", "修维", "维修", "修按", "按标", "标准", "准工", "工时", "时费", "费结", "结算"].sort());
    const edit = await channels.getChannelForEdit(ctx, oem.admin, { channelId: id });
    await channels.updateChannel(ctx, oem.admin, { channelId: id, ...edit.values, name: "Almaty hub", terms: "Parts at list price." });
    expect(await grams()).toEqual([]);
    // A refused edit changes nothing, the pairs included.
    await expectFieldError(channels.updateChannel(ctx, oem.admin, { channelId: id, ...edit.values, name: "" }), "name", "errors.required");
    expect(await grams()).toEqual([]);
  });

  it("gives new periods their month, kind and all their capacity as free units", async () => {
    const { id } = await channels.createChannel(ctx, oem.admin, roroChannelInput({ name: "Chongqing - Antwerp ro-ro space", capacityPerPeriod: "250" }));
    const sailing = day(daysFromNow(60));
    await channels.addPeriod(ctx, oem.admin, { channelId: id, startsOn: sailing, capacity: "120" });
    const added = await db.prisma.channelPeriod.findUniqueOrThrow({ where: { channelId_startsOn: { channelId: id, startsOn: new Date(`${sailing}T00:00:00.000Z`) } } });
    expect(added).toMatchObject({ kind: "RORO", capacity: 120, approvedUnits: 0, freeUnits: 120, month: new Date(`${sailing.slice(0, 7)}-01T00:00:00.000Z`) });
    expect(await storedFigureDrift()).toEqual([]);
  });

  it("declines with a reason; archiving declines what is still open", async () => {
    const { id, period } = await publishedChannel(ctx, oem.admin, { capacityPerPeriod: "5" });
    const a = await channels.requestCapacity(ctx, supplier.member, { channelId: id, periodId: period.id, units: 5 });
    const b = await channels.requestCapacity(ctx, other.member, { channelId: id, periodId: period.id, units: 2 });
    await expectFieldError(channels.declineRequest(ctx, oem.admin, { requestId: a.id, reason: " " }), "reason", "errors.required");
    await channels.declineRequest(ctx, oem.admin, { requestId: a.id, reason: "Our own volume fills this month" });
    expect((await channels.getRequest(ctx, supplier.member, { requestId: a.id })).request.decisionReason).toBe("Our own volume fills this month");
    const archived = await channels.setChannelStatus(ctx, oem.admin, { channelId: id, status: "ARCHIVED" });
    expect(archived.declined).toBe(1);
    expect((await db.prisma.capacityRequest.findUniqueOrThrow({ where: { id: b.id } })).status).toBe("DECLINED");
  });
});

describe("freshness", () => {
  it("marks a listing stale after 90 days without confirmation; the owner's admin confirms in one step", async () => {
    const { id } = await publishedChannel(ctx, oem.admin);
    await db.prisma.channel.update({ where: { id }, data: { lastConfirmedAt: daysFromNow(-91) } });
    expect((await channels.getChannel(ctx, supplier.member, { channelId: id })).channel.stale).toBe(true);
    expect((await channels.mine(ctx, oem.admin)).staleCount).toBeGreaterThan(0);
    await expect(channels.confirmChannel(ctx, oem.member, { channelId: id })).rejects.toBeInstanceOf(ForbiddenError);
    await channels.confirmChannel(ctx, oem.admin, { channelId: id });
    expect((await channels.getChannel(ctx, supplier.member, { channelId: id })).channel.stale).toBe(false);
  });
});
