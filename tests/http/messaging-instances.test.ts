// Two portal instances sharing one PostgreSQL database and one Redis (the Redis Streams adapter,
// presence and rate limits in Redis): a client on one sees messages, presence and read receipts from
// a client on the other; and Redis going away for a few seconds loses nothing once it is back (sync
// fills any gap). Redis is reached through a small TCP proxy that the test can cut, so the shared
// Redis server itself is never stopped. Runs only with TEST_DATABASE_URL and TEST_REDIS_URL.
import { randomBytes, randomUUID } from "node:crypto";
import net, { type AddressInfo } from "node:net";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageView } from "../../server/domain/messaging";
import { createSharedTestDatabase } from "../support/db";
import { createMemberOrg } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";
import { connectSocket } from "../support/sockets";

const enabled = Boolean(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL);

/** A TCP proxy to Redis: `cut()` drops every connection and refuses new ones until `restore()`. */
async function redisProxy(target: string) {
  const url = new URL(target);
  const connections = new Set<net.Socket>();
  let port = 0;
  let server: net.Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(url.port || 6379), url.hostname);
        connections.add(client).add(upstream);
        const close = () => {
          client.destroy();
          upstream.destroy();
          connections.delete(client);
          connections.delete(upstream);
        };
        for (const s of [client, upstream]) s.on("error", close).on("close", close);
        client.pipe(upstream).pipe(client);
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    url: () => `redis://127.0.0.1:${port}${url.pathname === "/" ? "" : url.pathname}`,
    async cut() {
      const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
      for (const c of connections) c.destroy();
      await closing;
    },
    restore: listen,
    async close() {
      for (const c of connections) c.destroy();
      await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

describe.skipIf(!enabled)("two instances sharing PostgreSQL and Redis", () => {
  let one: TestPortal;
  let two: TestPortal;
  let proxy: Awaited<ReturnType<typeof redisProxy>>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    proxy = await redisProxy(process.env.TEST_REDIS_URL!);
    const [dbOne, dbTwo] = await createSharedTestDatabase(2);
    const env = { REDIS_URL: proxy.url(), REDIS_KEY_PREFIX: `eap-test-${randomBytes(4).toString("hex")}:` };
    one = await startTestPortal(env, { db: dbOne });
    two = await startTestPortal(env, { db: dbTwo });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await one?.stop();
    await two?.stop();
    await proxy?.close();
  });

  async function socketOn(portal: TestPortal, email: string) {
    const client = portal.client();
    await client.signIn(email);
    const socket = await connectSocket(portal.url, client.cookieHeader());
    sockets.push(socket);
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

  it("loses nothing while Redis is away for a few seconds: sync fills the gap", async () => {
    const a = await createMemberOrg(one.prisma, { kind: "OEM" });
    const b = await createMemberOrg(one.prisma, { kind: "SUPPLIER" });
    const { conversationId } = await one.services.messaging.createGroup(a.admin, { name: "Redis blip", memberIds: [b.adminUser.id] });
    const alice = await socketOn(one, a.adminUser.email);
    const bob = await socketOn(two, b.adminUser.email);
    const received = new Map<number, MessageView>();
    bob.on("message:new", (e: { message: MessageView }) => {
      received.set(e.message.seq, e.message);
    });
    const send = async (body: string) => {
      const ack = (await alice.timeout(15_000).emitWithAck("message:send", { conversationId, clientId: randomUUID(), body })) as { ok: boolean; message: MessageView };
      expect(ack.ok).toBe(true);
      return ack.message.seq;
    };
    await send("before the blip");
    await expect.poll(() => received.size, { timeout: 10_000 }).toBe(1);

    await proxy.cut();
    const acknowledged = [];
    for (let i = 1; i <= 5; i++) acknowledged.push(await send(`during the blip ${i}`));
    await new Promise((r) => setTimeout(r, 3_000));
    await proxy.restore();
    acknowledged.push(await send("after the blip"));

    // Whatever the live path delivered, sync from the contiguous cursor brings the rest.
    await new Promise((r) => setTimeout(r, 1_000));
    let cursor = 0;
    while (received.has(cursor + 1)) cursor++;
    const synced = (await bob.timeout(15_000).emitWithAck("sync", { cursors: { [conversationId]: cursor } })) as {
      ok: boolean;
      data: { conversations: { messages: MessageView[] }[] };
    };
    expect(synced.ok).toBe(true);
    for (const m of synced.data.conversations[0]!.messages) received.set(m.seq, m);
    expect([...received.keys()].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(acknowledged).toEqual([2, 3, 4, 5, 6, 7]);
    // Stored exactly once each, in order.
    const stored = await two.prisma.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" }, select: { seq: true, body: true } });
    expect(stored.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(stored.map((m) => m.body)).size).toBe(7);
  }, 60_000);
});
