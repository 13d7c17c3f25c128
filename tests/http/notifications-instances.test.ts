// Two portal instances sharing one database and Redis (the Socket.IO Redis Streams adapter): a
// notification committed on one instance reaches the user's socket on the other, and reading on one
// instance updates the user's sockets on both. Runs when TEST_REDIS_URL is set (CI's Redis job).
import { randomBytes } from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config";
import { createLogger } from "../../server/logger";
import { startPortal, type Portal } from "../../server/portal";
import { serviceChannelInput } from "../domain/channels.fixtures";
import { createTestDatabase } from "../support/db";
import { createMemberOrg } from "../support/fixtures";
import { loadRemixBuild, TestClient } from "../support/server";
import { connectSocket } from "../support/sockets";

const redisUrl = process.env.TEST_REDIS_URL;

describe.skipIf(!redisUrl)("notifications across two instances", () => {
  const portals: Portal[] = [];
  const sockets: Socket[] = [];
  let oem: Awaited<ReturnType<typeof createMemberOrg>>;
  let supplier: Awaited<ReturnType<typeof createMemberOrg>>;

  beforeAll(async () => {
    const db = await createTestDatabase();
    const env = {
      NODE_ENV: "test" as const,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      REDIS_URL: redisUrl ?? "",
      // One namespace for both instances (they are one deployment), none shared with other runs.
      REDIS_KEY_PREFIX: `eap-test-${randomBytes(4).toString("hex")}:`,
    };
    const remixBuild = await loadRemixBuild();
    for (const last of [false, true]) {
      const config = loadConfig(env);
      // One process here, so the two instances share the database client; the second leaves closing it to the first.
      const shared = last ? { ...db, close: async () => {} } : db;
      portals.push(await startPortal({ config, logger: createLogger(config.logLevel), remixBuild, db: shared }));
    }
    oem = await createMemberOrg(db.prisma, { kind: "OEM", nameEn: "Changjiang Auto Two Instances" });
    supplier = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Jialing Brakes Two Instances" });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    for (const p of [...portals].reverse()) await p.stop();
  });

  async function socketOn(portal: Portal, email: string) {
    const client = new TestClient(portal.url);
    await client.signIn(email);
    const socket = await connectSocket(portal.url, client.cookieHeader());
    sockets.push(socket);
    return socket;
  }

  function next<T>(socket: Socket, event: string) {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5_000);
      socket.once(event, (payload: T) => {
        clearTimeout(timer);
        resolve(payload);
      });
    });
  }

  it("delivers a request made on instance B to the owner's socket on instance A, and read-all on B to A", async () => {
    const [a, b] = portals as [Portal, Portal];
    const onA = await socketOn(a, oem.adminUser.email);
    const onB = await socketOn(b, oem.adminUser.email);
    const { id: channelId } = await b.services.channels.createChannel(oem.admin, serviceChannelInput());
    const page = await b.services.channels.getChannel(oem.admin, { channelId });
    const pushedToA = next<{ notification: { kind: string }; unreadCount: number }>(onA, "notification:new");
    const pushedToB = next<{ notification: { kind: string }; unreadCount: number }>(onB, "notification:new");
    await b.services.channels.requestCapacity(supplier.member, { channelId, periodId: page.periods[0]?.id, units: "20" });
    for (const pushed of await Promise.all([pushedToA, pushedToB])) {
      expect(pushed).toMatchObject({ notification: { kind: "capacity_request.created" }, unreadCount: 1 });
    }

    const countOnA = next<{ unreadCount: number }>(onA, "notifications:count");
    expect(await onB.timeout(5_000).emitWithAck("notifications:read-all", {})).toEqual({ ok: true, data: { marked: 1, unreadCount: 0 } });
    expect(await countOnA).toEqual({ unreadCount: 0 });
  });
});
