// The messages pages without JavaScript: the list with unread counts and search, starting DIRECT and
// GROUP conversations, sending with a plain form (which live sockets hear too), replies, edits and
// deletes, deal rooms from a capacity request, and 403 for everyone who is not a member.
import { randomUUID } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
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

describe("/messages", () => {
  it("sends signed-out visitors to sign in", async () => {
    const res = await portal.client().get("/messages");
    expect(res.status).toBe(302);
    expect(res.location).toContain("/login");
  });

  it("starts a DIRECT conversation and a GROUP with plain forms, and refuses bad input with 400", async () => {
    const a = await createMemberOrg(portal.prisma, { kind: "OEM", nameEn: "Chongqing Jialing Motors Test" });
    const b = await createMemberOrg(portal.prisma, { kind: "SUPPLIER", nameEn: "Bishan Seating Test" });
    const alice = await portal.signedIn(a.adminUser.email);

    const page = await alice.get("/messages");
    expect(page.status).toBe(200);
    expect(page.text).toContain(b.adminUser.name);

    const direct = await alice.post("/messages", { intent: "direct", userId: b.adminUser.id });
    expect(direct.status).toBe(302);
    expect(direct.location).toMatch(/^\/messages\/[0-9a-f-]{36}$/);
    const again = await alice.post("/messages", { intent: "direct", userId: b.adminUser.id });
    expect(again.location).toBe(direct.location);

    const before = await portal.prisma.conversation.count();
    const bad = await alice.post("/messages", { intent: "group", name: "  ", memberIds: [b.adminUser.id] });
    expect(bad.status).toBe(400);
    expect(await portal.prisma.conversation.count()).toBe(before);
    const group = await alice.post("/messages", { intent: "group", name: "Seat frames for Mexico", memberIds: [b.adminUser.id, b.memberUser.id] });
    expect(group.status).toBe(302);
    const groupId = group.location!.split("/").pop()!;
    const members = await portal.prisma.conversationMember.findMany({ where: { conversationId: groupId } });
    expect(members).toHaveLength(3);
  });

  it("sends, replies, edits and deletes without JavaScript; a retried form stores once; sockets hear it", async () => {
    const a = await createMemberOrg(portal.prisma, { kind: "OEM" });
    const b = await createMemberOrg(portal.prisma, { kind: "SUPPLIER" });
    const { conversationId } = await portal.services.messaging.createGroup(a.admin, { name: "Axle supply", memberIds: [b.adminUser.id] });
    const alice = await portal.signedIn(a.adminUser.email);
    const bob = await portal.signedIn(b.adminUser.email);

    const socket: Socket = connect(portal.url, { transports: ["websocket"], extraHeaders: { cookie: bob.cookieHeader(), origin: portal.url }, reconnection: false });
    await new Promise<void>((resolve, reject) => (socket.once("connect", () => resolve()), socket.once("connect_error", reject)));
    const heard = new Promise<{ message: { body: string } }>((resolve) => socket.once("message:new", resolve));

    const path = `/messages/${conversationId}`;
    const clientId = randomUUID();
    const sent = await alice.post(path, { intent: "send", clientId, body: "See https://example.com/spec.pdf <b>not bold</b>" });
    expect(sent.status).toBe(302);
    expect((await heard).message.body).toContain("https://example.com/spec.pdf");
    socket.disconnect();
    // The same form submitted twice (a double click) stores one message.
    await alice.post(path, { intent: "send", clientId, body: "See https://example.com/spec.pdf <b>not bold</b>" });
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(1);

    const view = await bob.get(path);
    expect(view.status).toBe(200);
    expect(view.text).toContain('href="https://example.com/spec.pdf"');
    expect(view.text).toContain("&lt;b&gt;not bold&lt;/b&gt;");
    expect(view.text).not.toContain("<b>not bold</b>");

    const first = await portal.prisma.message.findFirstOrThrow({ where: { conversationId } });
    const reply = await bob.post(path, { intent: "send", clientId: randomUUID(), body: "Received.", replyToId: first.id });
    expect(reply.status).toBe(302);
    const empty = await bob.post(path, { intent: "send", clientId: randomUUID(), body: "   " });
    expect(empty.status).toBe(400);
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(2);

    const edit = await alice.post(path, { intent: "edit", messageId: first.id, body: "Spec: https://example.com/spec-v2.pdf" });
    expect(edit.status).toBe(302);
    const notMine = await bob.post(path, { intent: "delete", messageId: first.id });
    expect(notMine.status).toBe(403);
    const del = await alice.post(path, { intent: "delete", messageId: first.id });
    expect(del.status).toBe(302);
    const after = await bob.get(path);
    expect(after.text).not.toContain("spec-v2.pdf");

    // The list shows the unread count and finds the conversation by visible text only.
    const list = await alice.get("/messages");
    expect(list.text).toContain("Axle supply");
    expect(list.text).toContain('data-unread="1"');
    expect((await alice.get("/messages?q=received")).text).toContain("Axle supply");
    expect((await alice.get("/messages?q=spec-v2")).text).not.toContain("Axle supply");
  });

  it("pages through a long history without JavaScript", async () => {
    const a = await createMemberOrg(portal.prisma);
    const b = await createMemberOrg(portal.prisma);
    const { conversationId } = await portal.services.messaging.startDirect(a.admin, { userId: b.adminUser.id });
    for (let i = 1; i <= 120; i++) {
      await portal.services.messaging.sendMessage(i % 2 ? a.admin : b.admin, { conversationId, clientId: randomUUID(), body: `Line ${i} of the packing list` });
    }
    const alice = await portal.signedIn(a.adminUser.email);
    const latest = await alice.get(`/messages/${conversationId}`);
    expect(latest.text).toContain('data-seq="120"');
    expect(latest.text).toContain('data-seq="21"');
    expect(latest.text).not.toContain('data-seq="20"');
    expect(latest.text).toContain(`href="/messages/${conversationId}?before=21"`);
    const earlier = await alice.get(`/messages/${conversationId}?before=21`);
    expect(earlier.text).toContain('data-seq="1"');
    expect(earlier.text).toContain('data-seq="20"');
    expect(earlier.text).not.toContain('data-seq="21"');
  });

  it("answers 403 to a non-member for the page and for posts, storing nothing", async () => {
    const a = await createMemberOrg(portal.prisma);
    const b = await createMemberOrg(portal.prisma);
    const stranger = await createMemberOrg(portal.prisma);
    const { conversationId } = await portal.services.messaging.startDirect(a.admin, { userId: b.adminUser.id });
    const eve = await portal.signedIn(stranger.adminUser.email);
    expect((await eve.get(`/messages/${conversationId}`)).status).toBe(403);
    expect((await eve.get(`/messages/${randomUUID()}`)).status).toBe(403);
    expect((await eve.post(`/messages/${conversationId}`, { intent: "send", clientId: randomUUID(), body: "hi" })).status).toBe(403);
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(0);
  });
});

describe("deal rooms", () => {
  it("open from a capacity request for its two organisations only", async () => {
    const owner = await createMemberOrg(portal.prisma, { kind: "LOGISTICS", nameEn: "Guoyuan Ro-Ro Lines Test" });
    const requester = await createMemberOrg(portal.prisma, { kind: "OEM" });
    const stranger = await createMemberOrg(portal.prisma);
    const { id: channelId, period } = await publishedChannel(portal.services.ctx, owner.admin);
    const request = await channelsDomain.requestCapacity(portal.services.ctx, requester.admin, { channelId, periodId: period.id, units: 4 });
    const path = `/messages/deal/capacity-request/${request.id}`;

    const eve = await portal.signedIn(stranger.adminUser.email);
    expect((await eve.get(path)).status).toBe(403);
    expect((await eve.post(path, {})).status).toBe(403);
    expect((await eve.get(`/messages/deal/capacity-request/${randomUUID()}`)).status).toBe(404);

    const buyer = await portal.signedIn(requester.memberUser.email);
    const look = await buyer.get(path);
    expect(look.status).toBe(200);
    expect(await portal.prisma.conversation.count({ where: { capacityRequestId: request.id } })).toBe(0);
    const opened = await buyer.post(path, {});
    expect(opened.status).toBe(302);
    const roomPath = opened.location!;
    // Once open, the link goes straight to the room, for the other side too.
    const seller = await portal.signedIn(owner.adminUser.email);
    const direct = await seller.get(path);
    expect(direct.status).toBe(302);
    expect(direct.location).toBe(roomPath);
    expect((await seller.get(roomPath)).status).toBe(200);
    expect((await eve.get(roomPath)).status).toBe(403);
  });
});
