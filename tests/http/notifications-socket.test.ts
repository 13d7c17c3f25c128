// Notifications over Socket.IO with real clients against the real server: a capacity request reaches
// the owner's admin live and nobody else; reading on one socket updates the user's other sockets;
// events are validated and acknowledged, and another user's notification stays "not found".
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorFor, createMemberOrg } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";
import { serviceChannelInput } from "../domain/channels.fixtures";
import { connectSocket } from "../support/sockets";

let portal: TestPortal;
const sockets: Socket[] = [];
let oem: Awaited<ReturnType<typeof createMemberOrg>>;
let supplier: Awaited<ReturnType<typeof createMemberOrg>>;

beforeAll(async () => {
  portal = await startTestPortal();
  oem = await createMemberOrg(portal.prisma, { kind: "OEM", nameEn: "Changjiang Auto Socket Test" });
  supplier = await createMemberOrg(portal.prisma, { kind: "SUPPLIER", nameEn: "Jialing Brake Systems Socket Test" });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await portal?.stop();
});

/** A signed-in socket of this user (each call is a new session: another tab or device). */
async function socketOf(email: string) {
  const client = portal.client();
  await client.signIn(email);
  const socket = await connectSocket(portal.url, client.cookieHeader(), { timeout: 10_000 });
  sockets.push(socket);
  return socket;
}

/** Everything a socket receives, by event name. */
function record(socket: Socket) {
  const events: { event: string; payload: unknown }[] = [];
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload }));
  return events;
}

function next<T>(socket: Socket, event: string, timeoutMs = 5_000) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

const quiet = () => new Promise((resolve) => setTimeout(resolve, 300));

describe("live notifications", () => {
  it("pushes a capacity request made by org B to org A's admin, and to nobody else", async () => {
    const ownerAdmin = await socketOf(oem.adminUser.email);
    const ownerMember = record(await socketOf(oem.memberUser.email));
    const requester = record(await socketOf(supplier.memberUser.email));
    const requesterAdmin = record(await socketOf(supplier.adminUser.email));

    const { id: channelId } = await portal.services.channels.createChannel(oem.admin, serviceChannelInput());
    const page = await portal.services.channels.getChannel(oem.admin, { channelId });
    const periodId = page.periods[0]?.id;

    const pushed = next<{ notification: { id: string; kind: string; data: Record<string, unknown>; readAt: string | null }; unreadCount: number }>(ownerAdmin, "notification:new");
    const request = await portal.services.channels.requestCapacity(await actorFor(portal.prisma, supplier.memberUser.id), {
      channelId,
      periodId,
      units: "20",
      message: "Service for 20 ride-hailing cars in Almaty",
    });
    const { notification, unreadCount } = await pushed;
    expect(notification).toMatchObject({ kind: "capacity_request.created", readAt: null, data: { requestId: request.id, channelId, units: 20 } });
    expect(unreadCount).toBe(1);
    await quiet();
    expect(ownerMember.filter((e) => e.event.startsWith("notification"))).toEqual([]);
    expect(requester.filter((e) => e.event.startsWith("notification"))).toEqual([]);
    expect(requesterAdmin.filter((e) => e.event.startsWith("notification"))).toEqual([]);
  });

  it("read-all on one socket updates the count on the same user's other socket", async () => {
    const tab1 = await socketOf(oem.adminUser.email);
    const tab2 = await socketOf(oem.adminUser.email);
    const count = next<{ unreadCount: number }>(tab2, "notifications:count");
    const ack = await tab1.timeout(5_000).emitWithAck("notifications:read-all", {});
    expect(ack).toEqual({ ok: true, data: { marked: 1, unreadCount: 0 } });
    expect(await count).toEqual({ unreadCount: 0 });
    // Without a payload too.
    expect(await tab1.timeout(5_000).emitWithAck("notifications:read-all")).toEqual({ ok: true, data: { marked: 0, unreadCount: 0 } });
  });

  it("tells a (re)connected socket the current count when it asks", async () => {
    await portal.prisma.notification.createMany({
      data: [1, 2].map(() => ({ userId: oem.adminUser.id, kind: "capacity_request.withdrawn", data: {} })),
    });
    const socket = await socketOf(oem.adminUser.email);
    expect(await socket.timeout(5_000).emitWithAck("notifications:count", {})).toEqual({ ok: true, data: { unreadCount: 2 } });
    expect(await socket.timeout(5_000).emitWithAck("notifications:count")).toEqual({ ok: true, data: { unreadCount: 2 } });
    expect(await socket.timeout(5_000).emitWithAck("notifications:count", { userId: supplier.adminUser.id })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    await socket.timeout(5_000).emitWithAck("notifications:read-all", {});
  });

  it("read one on a socket tells the user's other sockets which one", async () => {
    const mine = await portal.prisma.notification.create({ data: { userId: supplier.adminUser.id, kind: "capacity_request.approved", data: {} } });
    const tab1 = await socketOf(supplier.adminUser.email);
    const tab2 = await socketOf(supplier.adminUser.email);
    const read = next<{ id: string; unreadCount: number }>(tab2, "notification:read");
    expect(await tab1.timeout(5_000).emitWithAck("notifications:read", { id: mine.id })).toEqual({ ok: true, data: { id: mine.id, unreadCount: 0 } });
    expect(await read).toEqual({ id: mine.id, unreadCount: 0 });
  });

  it("answers another user's notification as not found, bad payloads as invalid input, and changes nothing", async () => {
    const theirs = await portal.prisma.notification.create({ data: { userId: oem.memberUser.id, kind: "capacity_request.created", data: {} } });
    const socket = await socketOf(supplier.memberUser.email);
    expect(await socket.timeout(5_000).emitWithAck("notifications:read", { id: theirs.id })).toEqual({
      ok: false,
      error: { code: "not_found", message: "errors.notFound" },
    });
    for (const payload of [{}, { id: "nope" }, { id: theirs.id, extra: 1 }, "x", null, { id: 42 }]) {
      expect(await socket.timeout(5_000).emitWithAck("notifications:read", payload)).toEqual({
        ok: false,
        error: { code: "invalid_input", message: "errors.invalidInput" },
      });
    }
    expect(await socket.timeout(5_000).emitWithAck("notifications:read-all", { everything: true })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect((await portal.prisma.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();
  });

  it("leaves the membership approval waiting for the new organisation's admin", async () => {
    const applicant = await createMemberOrg(portal.prisma, { kind: "SUPPLIER", status: "PENDING" });
    const desk = await createMemberOrg(portal.prisma, { kind: "SERVICE" });
    await portal.prisma.user.update({ where: { id: desk.adminUser.id }, data: { secretariat: true } });
    await portal.services.members.approveApplication(await actorFor(portal.prisma, desk.adminUser.id), { organizationId: applicant.org.id });
    const socket = await socketOf(applicant.adminUser.email);
    expect(await socket.timeout(5_000).emitWithAck("notifications:read-all", {})).toEqual({ ok: true, data: { marked: 1, unreadCount: 0 } });
  });
});
