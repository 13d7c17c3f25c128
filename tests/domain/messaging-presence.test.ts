// Who hears a user's presence (contactsOf), and that the cost of finding out stays bounded: a
// conversation over PRESENCE_MAX_MEMBERS carries no presence, so connecting never reads its members.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/index";
import { ForbiddenError } from "../../server/domain/errors";
import { messagingDomain as messaging, PRESENCE_MAX_MEMBERS } from "../../server/domain/messaging";
import type { DomainContext } from "../../server/services";
import { createTestDatabase } from "../support/db";
import { actorFor, createMemberOrg, createUser, testContext } from "../support/fixtures";

let db: Database;
let ctx: DomainContext;

beforeAll(async () => {
  db = await createTestDatabase();
  ctx = testContext(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

describe("presence contacts", () => {
  it("are the members of small DIRECT and GROUP conversations, not of large ones, nor those who left", async () => {
    const oem = await createMemberOrg(db.prisma, { kind: "OEM", nameEn: "Changjiang Motors Presence Test" });
    const supplier = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Yubei Brake Systems Presence Test" });
    const { conversationId: small } = await messaging.createGroup(ctx, oem.admin, {
      name: "Brake pad sampling",
      memberIds: [supplier.adminUser.id, supplier.memberUser.id],
    });
    await messaging.leaveGroup(ctx, await actorFor(db.prisma, supplier.memberUser.id), { conversationId: small });

    const crowd = [];
    for (let i = 0; i < PRESENCE_MAX_MEMBERS; i++) crowd.push(await createUser(db.prisma, oem.org.id, { name: `Announcement Reader ${i}` }));
    const { conversationId: large } = await messaging.createGroup(ctx, oem.admin, { name: "Alliance announcements", memberIds: crowd.map((u) => u.id) });

    const contacts = await messaging.contactsOf(ctx, oem.admin);
    expect(new Set(contacts.userIds)).toEqual(new Set([oem.adminUser.id, supplier.adminUser.id]));
    expect((await messaging.contactsOf(ctx, await actorFor(db.prisma, crowd[0]!.id))).userIds).toEqual([]);

    // Sending to the large conversation still checks membership and reaches every member.
    const sent = await messaging.sendMessage(ctx, oem.admin, { conversationId: large, clientId: randomUUID(), body: "Quarterly freight rates are out" });
    expect(sent.audience.userIds).toHaveLength(PRESENCE_MAX_MEMBERS + 1);
    await expect(
      messaging.sendMessage(ctx, supplier.admin, { conversationId: large, clientId: randomUUID(), body: "May I join?" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("for many users in one call are each user's own contacts, the same as asking one by one", async () => {
    const oem = await createMemberOrg(db.prisma, { kind: "OEM", nameEn: "Huaxia Trucks Contacts Test" });
    const supplier = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Qinling Seating Contacts Test" });
    const loner = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Tarim Glass Contacts Test" });
    await messaging.createGroup(ctx, oem.admin, { name: "Seat frames for Tashkent", memberIds: [supplier.adminUser.id] });
    const users = [oem.admin, supplier.admin, loner.admin];
    const many = await messaging.contactsOfMany(ctx, users);
    expect([...many.keys()].sort()).toEqual(users.map((u) => u.id).sort());
    for (const user of users) {
      const one = await messaging.contactsOf(ctx, user);
      expect(new Set(many.get(user.id)!.userIds)).toEqual(new Set(one.userIds));
      expect(new Set(many.get(user.id)!.organizationIds)).toEqual(new Set(one.organizationIds));
    }
    expect(new Set(many.get(oem.admin.id)!.userIds)).toEqual(new Set([oem.adminUser.id, supplier.adminUser.id]));
    expect(many.get(loner.admin.id)).toEqual({ userIds: [], organizationIds: [] });
    expect(await messaging.contactsOfMany(ctx, [])).toEqual(new Map());
  });
});
