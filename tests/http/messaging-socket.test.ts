// The messaging protocol against the real server with real socket.io-client connections: order,
// idempotent retries, catch-up after a disconnect (edits and deletes included), authorization, the
// Origin check, rate limits, sign-out, oversize payloads, read receipts, presence, and
// GET /api/conversations.
import { randomUUID } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MessageView } from "../../server/domain/messaging";
import { createMemberOrg } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";

let portal: TestPortal;
const sockets: Socket[] = [];

beforeAll(async () => {
  portal = await startTestPortal();
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await portal?.stop();
});

type Ack = { ok: true; message?: MessageView; data?: unknown } | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

async function cookieFor(email: string) {
  const client = portal.client();
  await client.signIn(email);
  return { client, cookie: client.cookieHeader() };
}

/** A connected socket for a signed-in user; rejects with the connect_error message. */
function open(cookie: string, headers: Record<string, string> = {}, url = portal.url): Promise<Socket> {
  const socket = connect(url, {
    transports: ["websocket"],
    extraHeaders: { cookie, origin: url, ...headers },
    reconnection: false,
    timeout: 10_000,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => reject(error));
  });
}

const ask = (socket: Socket, event: string, payload: unknown) => socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack>;
const send = (socket: Socket, conversationId: string, body: string, clientId = randomUUID()) =>
  ask(socket, "message:send", { conversationId, clientId, body });

/** Collects `event` payloads until `count` arrived (or times out). */
function collect<T>(socket: Socket, event: string, count: number, timeoutMs = 10_000): Promise<T[]> {
  const got: T[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${count} "${event}" events arrived`)), timeoutMs);
    const listener = (payload: T) => {
      got.push(payload);
      if (got.length >= count) {
        clearTimeout(timer);
        socket.off(event, listener);
        resolve(got);
      }
    };
    socket.on(event, listener);
  });
}

const nextEvent = <T,>(socket: Socket, event: string, timeoutMs?: number) => collect<T>(socket, event, 1, timeoutMs).then((x) => x[0]!);

/** Two members of different organisations in a GROUP, each signed in with a socket. */
async function pair() {
  const a = await createMemberOrg(portal.prisma, { kind: "OEM" });
  const b = await createMemberOrg(portal.prisma, { kind: "SUPPLIER" });
  const { conversationId } = await portal.services.messaging.createGroup(a.admin, { name: "Launch in Thailand", memberIds: [b.adminUser.id] });
  const aliceLogin = await cookieFor(a.adminUser.email);
  const bobLogin = await cookieFor(b.adminUser.email);
  return {
    a,
    b,
    conversationId,
    aliceCookie: aliceLogin.cookie,
    bobCookie: bobLogin.cookie,
    bobClient: bobLogin.client,
    alice: await open(aliceLogin.cookie),
    bob: await open(bobLogin.cookie),
  };
}

describe("message:send", () => {
  it("stores, acknowledges with the message and delivers to the other members in seq order", async () => {
    const { alice, bob, conversationId, a } = await pair();
    const count = 25;
    const arriving = collect<{ message: MessageView }>(bob, "message:new", count);
    // Fired without waiting for each ack: the server still stores and delivers them in order.
    const acks = await Promise.all(Array.from({ length: count }, (_, i) => send(alice, conversationId, `Shipment note ${i + 1}`)));
    for (const ack of acks) expect(ack.ok).toBe(true);
    const seqs = acks.map((ack) => (ack as { message: MessageView }).message.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    const received = (await arriving).map((e) => e.message);
    expect(received.map((m) => m.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(received[0]).toMatchObject({ conversationId, senderId: a.adminUser.id, editedAt: null, deletedAt: null });
    expect(Object.keys(received[0]!).sort()).toEqual(["body", "conversationId", "createdAt", "deletedAt", "editedAt", "id", "replyToId", "senderId", "seq"]);
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(count);
  });

  it("returns the same message for a retried clientId and stores and delivers it once", async () => {
    const { alice, bob, conversationId } = await pair();
    const received: MessageView[] = [];
    bob.on("message:new", (e: { message: MessageView }) => received.push(e.message));
    const clientId = randomUUID();
    const first = await send(alice, conversationId, "Retry-safe", clientId);
    const second = await send(alice, conversationId, "Retry-safe", clientId);
    expect(second).toEqual(first);
    const after = await send(alice, conversationId, "next");
    expect((after as { message: MessageView }).message.seq).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(received.map((m) => m.seq)).toEqual([1, 2]);
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(2);
  });

  it("refuses bad input with invalid_input and field errors, storing nothing", async () => {
    const { alice, conversationId } = await pair();
    const empty = await send(alice, conversationId, "   ");
    expect(empty).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { body: "errors.required" } } });
    const long = await send(alice, conversationId, "x".repeat(4001));
    expect(long).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { body: "messaging.errors.bodyTooLong" } } });
    const malformed = await ask(alice, "message:send", { conversationId, body: 42 });
    expect(malformed).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(0);
  });
});

describe("sync after a disconnect", () => {
  it("returns the messages, edits and deletes made while the client was away", async () => {
    const { alice, bob, bobCookie, conversationId } = await pair();
    const seen = collect(bob, "message:new", 2);
    const m1 = (await send(alice, conversationId, "Quote: 41 USD per set")) as { message: MessageView };
    const m2 = (await send(alice, conversationId, "Lead time 6 weeks")) as { message: MessageView };
    await seen;
    bob.disconnect();

    await ask(alice, "message:edit", { messageId: m1.message.id, body: "Quote: 39 USD per set" });
    await ask(alice, "message:delete", { messageId: m2.message.id });
    await send(alice, conversationId, "Can you confirm by Friday?");

    const back = await open(bobCookie);
    const ack = (await ask(back, "sync", { cursors: { [conversationId]: 2 } })) as {
      ok: true;
      data: { conversations: { conversationId: string; messages: MessageView[]; updates: MessageView[]; lastSeq: number; hasMore: boolean }[] };
    };
    expect(ack.ok).toBe(true);
    const [c] = ack.data.conversations;
    expect(c!.messages.map((m) => [m.seq, m.body])).toEqual([[3, "Can you confirm by Friday?"]]);
    expect(c!.updates.map((m) => [m.seq, m.body, m.deletedAt !== null, m.editedAt !== null])).toEqual([
      [1, "Quote: 39 USD per set", false, true],
      [2, "", true, false],
    ]);
    expect(c).toMatchObject({ lastSeq: 3, hasMore: false });
  });

  it("syncs asked at the same moment by many clients (coalesced into few statements) each get their own answer", async () => {
    const { alice, bob, conversationId } = await pair();
    for (const body of ["Pallet places in Tilburg: 120", "From 1 March", "Rate per pallet: 9 EUR"]) await send(alice, conversationId, body);
    const stranger = await createMemberOrg(portal.prisma);
    const eve = await open((await cookieFor(stranger.adminUser.email)).cookie);
    // Twelve at once: the first go alone, the rest wait and share statements (server/db/batch.ts).
    const asks = Array.from({ length: 12 }, (_, i) => {
      const [socket, cursor] = i % 3 === 0 ? [alice, i % 4] : i % 3 === 1 ? [bob, i % 4] : [eve, 0];
      return { socket, cursor, ack: ask(socket, "sync", { cursors: { [conversationId]: cursor } }) };
    });
    for (const { socket, cursor, ack } of asks) {
      const answer = await ack;
      if (socket === eve) {
        expect(answer).toEqual({ ok: false, error: { code: "forbidden", message: "errors.forbidden" } });
        continue;
      }
      const data = (answer as { ok: true; data: { conversations: { messages: MessageView[]; lastSeq: number }[] } }).data;
      expect(data.conversations[0]!.lastSeq).toBe(3);
      expect(data.conversations[0]!.messages.map((m) => m.seq)).toEqual([1, 2, 3].filter((seq) => seq > cursor));
    }
  });

  it("edits reach connected members live as message:updated", async () => {
    const { alice, bob, conversationId } = await pair();
    const sent = (await send(alice, conversationId, "Port of loading: Guoyuan")) as { message: MessageView };
    const updated = nextEvent<{ message: MessageView }>(bob, "message:updated");
    const ack = await ask(alice, "message:edit", { messageId: sent.message.id, body: "Port of loading: Guoyuan Port, Chongqing" });
    expect(ack).toMatchObject({ ok: true, message: { seq: 1, body: "Port of loading: Guoyuan Port, Chongqing" } });
    expect((await updated).message.body).toBe("Port of loading: Guoyuan Port, Chongqing");
    const notMine = await ask(bob, "message:edit", { messageId: sent.message.id, body: "mine now" });
    expect(notMine).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });
});

describe("authorization", () => {
  it("answers forbidden to a non-member for every event, and tells them nothing", async () => {
    const { alice, conversationId } = await pair();
    const stranger = await createMemberOrg(portal.prisma);
    const { cookie } = await cookieFor(stranger.adminUser.email);
    const eve = await open(cookie);
    const heard: [string, unknown][] = [];
    eve.onAny((event: string, payload: unknown) => heard.push([event, payload]));
    const unknownId = randomUUID();
    for (const [event, payload] of [
      ["message:send", { conversationId, clientId: randomUUID(), body: "let me in" }],
      ["sync", { cursors: { [conversationId]: 0 } }],
      ["read", { conversationId, seq: 1 }],
      ["typing", { conversationId }],
      ["presence:get", { conversationId }],
    ] as const) {
      const ack = await ask(eve, event, payload);
      expect(ack, event).toEqual({ ok: false, error: { code: "forbidden", message: "errors.forbidden" } });
      // An id that does not exist gets exactly the same answer.
      const other = await ask(eve, event, JSON.parse(JSON.stringify(payload).replaceAll(conversationId, unknownId)));
      expect(other, event).toEqual(ack);
    }
    await send(alice, conversationId, "Only for members");
    await new Promise((r) => setTimeout(r, 300));
    expect(heard.filter(([e]) => e === "message:new" || e === "typing" || e === "read")).toEqual([]);
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(1);
  });

  it("refuses a handshake without a session (unauthorized) or from a foreign origin (forbidden_origin)", async () => {
    await expect(open("")).rejects.toThrow("unauthorized");
    const { a } = await pair();
    const { cookie } = await cookieFor(a.memberUser.email);
    await expect(open(cookie, { origin: "https://evil.example" })).rejects.toThrow("forbidden_origin");
  });

  it("a member removed from a group stops receiving its messages at once", async () => {
    const { alice, bob, conversationId, a, b } = await pair();
    await portal.services.messaging.removeMember(a.admin, { conversationId, userId: b.adminUser.id });
    const heard: unknown[] = [];
    bob.on("message:new", (e) => heard.push(e));
    await send(alice, conversationId, "After Bob left");
    await new Promise((r) => setTimeout(r, 300));
    expect(heard).toEqual([]);
    expect(await send(bob, conversationId, "still here?")).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });
});

describe("limits", () => {
  it("answers rate_limited past the burst and stores only what was accepted", async () => {
    const { alice, conversationId } = await pair();
    const acks = await Promise.all(Array.from({ length: 45 }, (_, i) => send(alice, conversationId, `burst ${i}`)));
    const accepted = acks.filter((a) => a.ok).length;
    const limited = acks.filter((a) => !a.ok && a.error.code === "rate_limited").length;
    expect(accepted).toBeGreaterThanOrEqual(30);
    expect(accepted).toBeLessThan(45);
    expect(accepted + limited).toBe(45);
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(accepted);
  });

  it("closes the connection on a payload over 64 KB and stores nothing", async () => {
    const { alice, conversationId } = await pair();
    const closed = new Promise<string>((resolve) => alice.once("disconnect", (reason) => resolve(reason)));
    alice.emit("message:send", { conversationId, clientId: randomUUID(), body: "x".repeat(70 * 1024) }, () => {});
    expect(await closed).toMatch(/transport (close|error)/);
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(0);
  });

  it("disconnects the sockets of a session that signs out", async () => {
    const { bob, bobClient } = await pair();
    const closed = new Promise<string>((resolve) => bob.once("disconnect", (reason) => resolve(reason)));
    const res = await bobClient.post("/logout", {});
    expect(res.status).toBe(302);
    expect(await closed).toBe("io server disconnect");
  });

  it("refuses a new handshake with a signed-out cookie at once, though the instance had just validated it", async () => {
    const { bobCookie, bobClient } = await pair();
    // A second tab within the realtime layer's 5 s session cache: admitted from the cache.
    await open(bobCookie);
    expect((await bobClient.post("/logout", {})).status).toBe(302);
    await expect(open(bobCookie)).rejects.toThrow("unauthorized");
  });
});

describe("live state", () => {
  it("relays typing and read receipts to the other members, and reads on another device", async () => {
    const { alice, bob, bobCookie, conversationId, a, b } = await pair();
    const typing = nextEvent<{ conversationId: string; userId: string; typing: boolean }>(bob, "typing");
    expect(await ask(alice, "typing", { conversationId, typing: true })).toEqual({ ok: true, data: null });
    expect(await typing).toMatchObject({ conversationId, userId: a.adminUser.id, typing: true });

    await send(alice, conversationId, "one");
    await send(alice, conversationId, "two");
    const bobPhone = await open(bobCookie);
    const receipt = nextEvent<{ conversationId: string; userId: string; seq: number }>(alice, "read");
    const onPhone = nextEvent<{ seq: number }>(bobPhone, "read");
    expect(await ask(bob, "read", { conversationId, seq: 2 })).toEqual({ ok: true, data: { conversationId, seq: 2 } });
    expect(await receipt).toEqual({ conversationId, userId: b.adminUser.id, seq: 2 });
    expect((await onPhone).seq).toBe(2);
  });

  it("an @mention notifies the member and tells the realtime layer after the commit", async () => {
    const { alice, conversationId, b } = await pair();
    const pushed: string[][] = [];
    const hooks = portal.services.hooks;
    const original = hooks.notificationsCreated;
    hooks.notificationsCreated = (ids) => pushed.push(ids);
    try {
      const ack = await send(alice, conversationId, `@${b.admin.name} please check the packing list`);
      expect(ack.ok).toBe(true);
      expect(pushed).toEqual([[b.adminUser.id]]);
      const notes = await portal.prisma.notification.findMany({ where: { userId: b.adminUser.id, kind: "message.mentioned" } });
      expect(notes).toHaveLength(1);
    } finally {
      hooks.notificationsCreated = original;
    }
  });

  it("reports presence: online, away, and offline after the last socket goes", async () => {
    const { alice, bob, conversationId, a } = await pair();
    const got = (await ask(bob, "presence:get", { conversationId })) as { ok: true; data: { presence: Record<string, string> } };
    expect(got.data.presence[a.adminUser.id]).toBe("online");
    const away = nextEvent<{ userId: string; status: string }>(bob, "presence");
    expect(await ask(alice, "presence", { status: "away" })).toEqual({ ok: true, data: { status: "away" } });
    expect(await away).toEqual({ userId: a.adminUser.id, status: "away" });
    const offline = nextEvent<{ userId: string; status: string }>(bob, "presence");
    alice.disconnect();
    expect(await offline).toEqual({ userId: a.adminUser.id, status: "offline" });
  });
});

describe("GET /api/conversations", () => {
  it("is for signed-in users only", async () => {
    const res = await portal.client().get("/api/conversations");
    expect(res.status).toBe(401);
  });

  it("lists the user's conversations with members, last seq and unread count", async () => {
    const { alice, conversationId, a, b, bobClient } = await pair();
    await send(alice, conversationId, "first");
    await send(alice, conversationId, "second");
    const res = await bobClient.get("/api/conversations");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const { conversations } = JSON.parse(res.text) as { conversations: Record<string, unknown>[] };
    expect(conversations).toHaveLength(1);
    expect(conversations[0]).toMatchObject({ id: conversationId, kind: "GROUP", name: "Launch in Thailand", lastSeq: 2, unreadCount: 2 });
    expect((conversations[0]!.members as { id: string }[]).map((m) => m.id).sort()).toEqual([a.adminUser.id, b.adminUser.id].sort());
  });
});
