// Notifications in the domain: who is told about what, after the change commits; the bell's count,
// keyset pages and marking read, only ever for one's own notifications.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/index";
import { channelsDomain as channels } from "../../server/domain/channels";
import { NotFoundError, ValidationError } from "../../server/domain/errors";
import { membersDomain } from "../../server/domain/members";
import { NOTIFICATIONS_PAGE_SIZE, notificationsDomain as notifications } from "../../server/domain/notifications";
import type { DomainContext } from "../../server/services";
import { createTestDatabase } from "../support/db";
import { createMemberOrg, createSecretariat, testContext } from "../support/fixtures";
import { publishedChannel } from "./channels.fixtures";

let db: Database;
let ctx: DomainContext;
/** Every call of the hook, with how many notifications each user had when it ran. */
let pushed: { userIds: string[]; committed: Promise<number[]> }[] = [];
let oem: Awaited<ReturnType<typeof createMemberOrg>>;
let supplier: Awaited<ReturnType<typeof createMemberOrg>>;

beforeAll(async () => {
  db = await createTestDatabase();
  ctx = testContext(db.prisma);
  ctx.hooks.notificationsCreated = (userIds) => {
    const committed = Promise.all(userIds.map((userId) => db.prisma.notification.count({ where: { userId } })));
    pushed.push({ userIds, committed });
  };
  oem = await createMemberOrg(db.prisma, { kind: "OEM", nameEn: "Changjiang Auto Notify Test" });
  supplier = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Jialing Brake Systems Notify Test" });
});
afterAll(async () => {
  await db?.close();
});

describe("who is notified", () => {
  it("tells the owner's admins of a new capacity request, once it has committed", async () => {
    const channel = await publishedChannel(ctx, oem.admin);
    pushed = [];
    const request = await channels.requestCapacity(ctx, supplier.member, { channelId: channel.id, periodId: channel.period.id, units: "20", message: "Fleet service for 20 taxis" });
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.userIds).toEqual([oem.adminUser.id]);
    // Visible to another query when the hook ran: the transaction had committed.
    expect(await pushed[0]?.committed).toEqual([expect.any(Number)]);
    expect((await pushed[0]?.committed)?.[0]).toBeGreaterThan(0);
    const row = await db.prisma.notification.findFirst({ where: { userId: oem.adminUser.id, kind: "capacity_request.created" }, orderBy: { createdAt: "desc" } });
    expect(row?.data).toMatchObject({ requestId: request.id, channelId: channel.id, units: 20 });

    pushed = [];
    await channels.approveRequest(ctx, oem.admin, { requestId: request.id, approvedUnits: "15" });
    expect(pushed).toHaveLength(1);
    expect(new Set(pushed[0]?.userIds)).toEqual(new Set([supplier.adminUser.id, supplier.memberUser.id]));
  });

  it("tells nobody when the change fails", async () => {
    const channel = await publishedChannel(ctx, oem.admin);
    pushed = [];
    const before = await db.prisma.notification.count();
    await expect(channels.requestCapacity(ctx, supplier.member, { channelId: channel.id, periodId: channel.period.id, units: "-3" })).rejects.toBeInstanceOf(ValidationError);
    expect(pushed).toEqual([]);
    expect(await db.prisma.notification.count()).toBe(before);
  });

  it("tells the users of an approved organisation that they are members now", async () => {
    const desk = await createSecretariat(db.prisma);
    const { organizationId, userId } = await membersDomain.apply(ctx, {
      nameZh: "重庆渝江汽车电子有限公司通知",
      nameEn: "Chongqing Yujiang Auto Electronics Notify",
      kind: "SUPPLIER",
      homeCity: "Chongqing",
      homeCountry: "CN",
      description: "Body control modules and wiring harnesses for passenger cars.",
      markets: ["TH"],
      name: "Tang Wenjing",
      email: `notify-applicant-${Date.now()}@yujiang.example`,
      password: "Wiring-Harness-Chongqing-7",
      passwordConfirm: "Wiring-Harness-Chongqing-7",
    });
    pushed = [];
    await membersDomain.approveApplication(ctx, desk.actor, { organizationId });
    expect(pushed.map((p) => p.userIds)).toEqual([[userId]]);
    const rows = await db.prisma.notification.findMany({ where: { userId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "membership.approved", readAt: null, data: { organizationId, organizationName: "Chongqing Yujiang Auto Electronics Notify" } });
  });
});

describe("reading and marking read", () => {
  let reader: Awaited<ReturnType<typeof createMemberOrg>>;
  const base = Date.UTC(2026, 10, 1, 8, 0, 0);
  beforeAll(async () => {
    reader = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Yuzhong Lighting Notify Test" });
    // 45 notifications; every three share a timestamp, so the id has to break ties.
    await db.prisma.notification.createMany({
      data: Array.from({ length: 45 }, (_, i) => ({
        userId: reader.adminUser.id,
        kind: "capacity_request.created",
        data: { n: i },
        createdAt: new Date(base + Math.floor(i / 3) * 60_000),
      })),
    });
    // Someone else's, never shown to the reader.
    await db.prisma.notification.create({ data: { userId: reader.memberUser.id, kind: "capacity_request.approved", data: { n: -1 } } });
  });

  it("lists the user's own notifications newest first in keyset pages without gaps or repeats", async () => {
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const page = await notifications.listNotifications(ctx, reader.admin, cursor ? { cursor } : {});
      expect(page.items.length).toBeLessThanOrEqual(NOTIFICATIONS_PAGE_SIZE);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(45);
    expect(new Set(seen.map((n) => n.id)).size).toBe(45);
    const times = seen.map((n) => n.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("counts unread, marks one read, and refuses another user's notification without changing it", async () => {
    expect(await notifications.unreadCount(ctx, reader.admin)).toBe(45);
    const [first] = (await notifications.listNotifications(ctx, reader.admin)).items;
    const result = await notifications.markRead(ctx, reader.admin, { id: first?.id });
    expect(result).toEqual({ id: first?.id, unreadCount: 44 });
    // Twice is fine and keeps the first time.
    const readAt = (await db.prisma.notification.findUniqueOrThrow({ where: { id: first?.id ?? "" } })).readAt;
    await notifications.markRead(ctx, reader.admin, { id: first?.id });
    expect((await db.prisma.notification.findUniqueOrThrow({ where: { id: first?.id ?? "" } })).readAt).toEqual(readAt);

    const theirs = await db.prisma.notification.findFirstOrThrow({ where: { userId: reader.memberUser.id } });
    await expect(notifications.markRead(ctx, reader.admin, { id: theirs.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(notifications.markRead(ctx, reader.admin, { id: "6f1c2b1e-8d1e-4c55-9a57-3a4b1c2d3e4f" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(notifications.markRead(ctx, reader.admin, { id: "not-an-id" })).rejects.toBeInstanceOf(ValidationError);
    expect((await db.prisma.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();

    const unread = await notifications.listNotifications(ctx, reader.admin, { unread: "1" });
    expect(unread.items.every((n) => n.readAt === null)).toBe(true);
    expect(unread.items.some((n) => n.id === first?.id)).toBe(false);
  });

  it("marks all of the user's notifications read and nobody else's", async () => {
    expect(await notifications.markAllRead(ctx, reader.admin)).toEqual({ marked: 44, unreadCount: 0 });
    expect(await notifications.unreadCount(ctx, reader.member)).toBe(1);
    expect(await notifications.markAllRead(ctx, reader.admin)).toEqual({ marked: 0, unreadCount: 0 });
  });

  it("refuses a cursor it did not make", async () => {
    await expect(notifications.listNotifications(ctx, reader.admin, { cursor: "bm9wZQ" })).rejects.toBeInstanceOf(ValidationError);
    await expect(notifications.listNotifications(ctx, reader.admin, { cursor: "x".repeat(500) })).rejects.toBeInstanceOf(ValidationError);
  });

  it("gives the realtime layer the newest notifications with the count", async () => {
    const latest = await notifications.latestForPush(ctx, reader.member.id, 1);
    expect(latest.unreadCount).toBe(1);
    expect(latest.notifications.map((n) => n.data)).toEqual([{ n: -1 }]);
  });
});
