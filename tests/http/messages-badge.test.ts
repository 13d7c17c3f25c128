// The shell's Messages badge: the root loader counts unread messages over DIRECT, GROUP and DEAL
// conversations in one statement; /api/unread gives the same figure and names a conversation for
// the "new message" toast, only to its members.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelsDomain } from "../../server/domain/channels";
import { createMemberOrg } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";
import { publishedChannel } from "../domain/channels.fixtures";

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  await portal?.stop();
});

const badge = (html: string) => Number(/data-unread-messages="(\d+)"/.exec(html)?.[1] ?? "NaN");

describe("the Messages badge", () => {
  it("counts unread messages in direct, group and deal conversations, and follows reading", async () => {
    const owner = await createMemberOrg(portal.prisma, { kind: "LOGISTICS", nameEn: "Guoyuan Ro-Ro Badge Test" });
    const requester = await createMemberOrg(portal.prisma, { kind: "OEM", nameEn: "Yubei Motors Badge Test" });
    const stranger = await createMemberOrg(portal.prisma);
    const m = portal.services.messaging;
    const send = (actor: Parameters<typeof m.sendMessage>[0], conversationId: string, body: string) =>
      m.sendMessage(actor, { conversationId, clientId: randomUUID(), body });

    const reader = await portal.signedIn(requester.adminUser.email);
    expect(badge((await reader.get("/channels")).text)).toBe(0);

    const { conversationId: direct } = await m.startDirect(owner.admin, { userId: requester.adminUser.id });
    await send(requester.admin, direct, "Any room on the March sailing?"); // our own message: not unread
    await send(owner.admin, direct, "Two slots left on the March sailing.");
    await send(owner.admin, direct, "Shall I hold one for you?");
    const { conversationId: group } = await m.createGroup(owner.admin, { name: "Rayong logistics badge", memberIds: [requester.adminUser.id] });
    await send(owner.admin, group, "Welcome to the group.");
    const { id: channelId, period } = await publishedChannel(portal.services.ctx, owner.admin);
    const request = await channelsDomain.requestCapacity(portal.services.ctx, requester.member, { channelId, periodId: period.id, units: 2 });
    const { conversationId: deal } = await m.openCapacityDeal(owner.admin, { requestId: request.id });
    await send(owner.admin, deal, "Your request is in the deal room now.");

    const page = await reader.get("/channels");
    expect(badge(page.text)).toBe(4);
    expect(page.text).toContain("Messages, 4 unread");
    const api = await reader.get("/api/unread");
    expect(JSON.parse(api.text)).toMatchObject({ unreadMessages: 4, conversation: null });

    await m.markRead(requester.admin, { conversationId: direct, seq: 3 });
    await m.markRead(requester.admin, { conversationId: deal, seq: 1 });
    expect(badge((await reader.get("/channels")).text)).toBe(1);

    // The toast's names, for members only.
    const named = JSON.parse((await reader.get(`/api/unread?conversationId=${group}&senderId=${owner.adminUser.id}`)).text);
    expect(named.conversation).toMatchObject({ id: group, name: "Rayong logistics badge", senderName: owner.adminUser.name });
    const eve = await portal.signedIn(stranger.adminUser.email);
    expect((await eve.get(`/api/unread?conversationId=${group}`)).status).toBe(403);
    expect(JSON.parse((await eve.get("/api/unread")).text).unreadMessages).toBe(0);
    expect((await portal.client().get("/api/unread")).status).toBe(401);
  });
});
