// The demo conversations: a GROUP of the secretariat with two member companies' admins, with
// history in seq order; a deal room on a seeded capacity request; and a second run changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/index";
import { messagingDomain as messaging } from "../../server/domain/messaging";
import { seedDemo } from "../../server/seed/index";
import { seedDemoMessaging } from "../../server/seed/messaging";
import { createTestDatabase } from "../support/db";
import { actorFor, testContext } from "../support/fixtures";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(testContext(db.prisma));
});
afterAll(async () => {
  await db?.close();
});

describe("demo conversations", () => {
  it("include a GROUP of the secretariat and two member companies' admins, with history", async () => {
    const group = await db.prisma.conversation.findFirstOrThrow({
      where: { kind: "GROUP" },
      include: { members: { include: { user: { include: { organization: true } } } }, messages: { orderBy: { seq: "asc" } } },
    });
    const users = group.members.map((m) => m.user);
    expect(users.some((u) => u.secretariat)).toBe(true);
    const companyAdmins = users.filter((u) => !u.secretariat && u.role === "ORG_ADMIN" && u.organization.status === "ACTIVE");
    expect(new Set(companyAdmins.map((u) => u.organizationId)).size).toBeGreaterThanOrEqual(2);
    expect(group.messages.length).toBeGreaterThanOrEqual(5);
    expect(group.messages.map((m) => m.seq)).toEqual(group.messages.map((_, i) => i + 1));
    expect(group.lastSeq).toBe(group.messages.length);
    // Written over several days, oldest first.
    const times = group.messages.map((m) => m.createdAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(24 * 60 * 60 * 1000);
    // The secretariat sees it in its list with nothing unread.
    const secretariat = await actorFor(db.prisma, users.find((u) => u.secretariat)!.id);
    const list = await messaging.listConversations(testContext(db.prisma), secretariat, {});
    expect(list.find((c) => c.id === group.id)).toMatchObject({ unreadCount: 0, lastSeq: group.messages.length });
  });

  it("include a deal room on a seeded capacity request, and seed once", async () => {
    const deal = await db.prisma.conversation.findFirstOrThrow({ where: { kind: "DEAL" }, include: { capacityRequest: { include: { channel: true } } } });
    expect(deal.capacityRequest).not.toBeNull();
    expect(deal.partyOrganizationIds.sort()).toEqual(
      [deal.capacityRequest!.channel.ownerOrganizationId, deal.capacityRequest!.requestingOrganizationId].sort(),
    );
    expect(deal.lastSeq).toBeGreaterThanOrEqual(2);
    const before = await db.prisma.message.count();
    expect(await seedDemoMessaging(testContext(db.prisma))).toMatchObject({ seeded: false });
    expect(await db.prisma.message.count()).toBe(before);
  });
});
