// Two portal instances sharing one PostgreSQL database and one Redis (the Redis Streams adapter,
// presence and rate limits in Redis): a client on one sees messages, presence and read receipts from
// a client on the other. Runs only with TEST_DATABASE_URL and TEST_REDIS_URL.
import { randomBytes, randomUUID } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageView } from "../../server/domain/messaging";
import { createSharedTestDatabase } from "../support/db";
import { createMemberOrg } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";

const enabled = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);

describe.skipIf(!enabled)("two instances sharing PostgreSQL and Redis", () => {
  let one: TestPortal;
  let two: TestPortal;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const [dbOne, dbTwo] = await createSharedTestDatabase(2);
    const env = { REDIS_KEY_PREFIX: `eap-test-${randomBytes(4).toString("hex")}:` };
    one = await startTestPortal(env, { db: dbOne });
    two = await startTestPortal(env, { db: dbTwo });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await one?.stop();
    await two?.stop();
  });

  async function socketOn(portal: TestPortal, email: string) {
    const client = portal.client();
    await client.signIn(email);
    const socket = connect(portal.url, { transports: ["websocket"], extraHeaders: { cookie: client.cookieHeader(), origin: portal.url }, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    return socket;
  }

  const next = <T,>(socket: Socket, event: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within 10 s`)), 10_000);
      socket.once(event, (payload: T) => {
        clearTimeout(timer);
        resolve(payload);
      });
    });

  it("carries messages, read receipts and presence between the instances", async () => {
    const a = await createMemberOrg(one.prisma, { kind: "OEM" });
    const b = await createMemberOrg(one.prisma, { kind: "LOGISTICS" });
    const { conversationId } = await one.services.messaging.createGroup(a.admin, { name: "Ro-ro to Zeebrugge", memberIds: [b.adminUser.id] });
    const alice = await socketOn(one, a.adminUser.email);
    const bob = await socketOn(two, b.adminUser.email);

    // Messages: sent on one, received on two, in order.
    const received: MessageView[] = [];
    bob.on("message:new", (e: { message: MessageView }) => received.push(e.message));
    for (let i = 1; i <= 5; i++) {
      const ack = (await alice.emitWithAck("message:send", { conversationId, clientId: randomUUID(), body: `Deck plan ${i}` })) as { ok: boolean };
      expect(ack.ok).toBe(true);
    }
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(5);
    expect(received.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);

    // And back: sent on two, received on one.
    const onOne = next<{ message: MessageView }>(alice, "message:new");
    await bob.emitWithAck("message:send", { conversationId, clientId: randomUUID(), body: "Received, thanks" });
    expect((await onOne).message).toMatchObject({ seq: 6, body: "Received, thanks" });

    // Read receipts.
    const receipt = next<{ userId: string; seq: number }>(alice, "read");
    await bob.emitWithAck("read", { conversationId, seq: 6 });
    expect(await receipt).toMatchObject({ userId: b.adminUser.id, seq: 6 });

    // Presence lives in Redis: each instance sees the other's sockets.
    const seen = (await bob.emitWithAck("presence:get", { conversationId })) as { data: { presence: Record<string, string> } };
    expect(seen.data.presence[a.adminUser.id]).toBe("online");
    const away = next<{ userId: string; status: string }>(bob, "presence");
    await alice.emitWithAck("presence", { status: "away" });
    expect(await away).toEqual({ userId: a.adminUser.id, status: "away" });
    const offline = next<{ userId: string; status: string }>(bob, "presence");
    alice.disconnect();
    expect(await offline).toEqual({ userId: a.adminUser.id, status: "offline" });

    // Unread counts agree on both instances.
    const [listOne, listTwo] = await Promise.all([
      one.services.messaging.listConversations(b.admin, {}),
      two.services.messaging.listConversations(b.admin, {}),
    ]);
    expect(listOne[0]).toMatchObject({ lastSeq: 6, unreadCount: 0 });
    expect(listTwo[0]).toMatchObject({ lastSeq: 6, unreadCount: 0 });
  });
});
