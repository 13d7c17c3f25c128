// Admission control and the client's retry policy against the real server: a portal configured to
// admit no sends (SOCKET_SEND_MAX_IN_FLIGHT=0, the forced overload) answers `message:send` with
// `unavailable` at once and stores nothing, while `sync` is still answered; the portal's client
// (app/lib/socket.client.ts) retries such a send with growing, jittered pauses, only once the
// socket is connected and caught up, and gives up after its attempts with the last answer.
import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { emitWithRetry, SyncGate } from "../../app/lib/socket.client";
import { createMemberOrg } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";
import { connectSocket } from "../support/sockets";

let portal: TestPortal;
const sockets: Socket[] = [];

beforeAll(async () => {
  // No send admitted, and every connection counts as a storm (catch-up work above 0 in flight).
  portal = await startTestPortal({ SOCKET_SEND_MAX_IN_FLIGHT: "0", SOCKET_CATCHUP_PRIORITY: "0" });
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await portal?.stop();
});

type Ack = { ok: true; message?: unknown; data?: unknown } | { ok: false; error: { code: string; message: string } };

async function open(email: string): Promise<Socket> {
  const client = portal.client();
  await client.signIn(email);
  const socket = await connectSocket(portal.url, client.cookieHeader());
  sockets.push(socket);
  return socket;
}

async function group() {
  const a = await createMemberOrg(portal.prisma, { kind: "OEM" });
  const b = await createMemberOrg(portal.prisma, { kind: "SUPPLIER" });
  const { conversationId } = await portal.services.messaging.createGroup(a.admin, { name: "Rail slots to Duisburg", memberIds: [b.adminUser.id] });
  return { conversationId, alice: await open(a.adminUser.email), bob: await open(b.adminUser.email) };
}

describe("admission control under a forced overload", () => {
  it("announces presence to contacts after the storm rather than during it, with the status current then", async () => {
    const a = await createMemberOrg(portal.prisma, { kind: "OEM" });
    const b = await createMemberOrg(portal.prisma, { kind: "SUPPLIER" });
    await portal.services.messaging.createGroup(a.admin, { name: "Presence after a restart", memberIds: [b.adminUser.id] });
    const bob = await open(b.adminUser.email);
    const heard: { userId: string; status: string }[] = [];
    bob.on("presence", (e: { userId: string; status: string }) => heard.push(e));
    const alice = await open(a.adminUser.email);
    const deadline = Date.now() + 5_000;
    while (!heard.some((e) => e.userId === a.adminUser.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(heard.filter((e) => e.userId === a.adminUser.id).at(-1)).toEqual({ userId: a.adminUser.id, status: "online" });
    alice.disconnect();
    const until = Date.now() + 5_000;
    while (heard.at(-1)?.status !== "offline" && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(heard.at(-1)).toEqual({ userId: a.adminUser.id, status: "offline" });
  });

  it("refuses message:send with unavailable, stores and broadcasts nothing, and still answers sync", async () => {
    const { conversationId, alice, bob } = await group();
    const heard: unknown[] = [];
    bob.on("message:new", (e: unknown) => heard.push(e));
    const ack = (await alice.timeout(5_000).emitWithAck("message:send", { conversationId, clientId: randomUUID(), body: "Two slots on Friday's train?" })) as Ack;
    expect(ack).toEqual({ ok: false, error: { code: "unavailable", message: "messaging.errors.unavailable" } });
    // Bad input is still told apart from overload: it would not pass on a retry either.
    const bad = (await alice.timeout(5_000).emitWithAck("message:send", { conversationId })) as Ack;
    expect(bad).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    const synced = (await alice.timeout(5_000).emitWithAck("sync", { cursors: { [conversationId]: 0 } })) as Ack;
    expect(synced).toMatchObject({ ok: true, data: { conversations: [{ conversationId, lastSeq: 0, messages: [] }] } });
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toEqual([]);
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(0);
    expect(portal.realtime.admission.stats().refused.sends_in_flight).toBeGreaterThanOrEqual(1);
  });

  it("the client retries an unavailable send with jittered, growing, capped pauses and then gives up with the answer", async () => {
    const { conversationId, alice } = await group();
    const gate = new SyncGate(alice);
    gate.synced();
    const pauses: number[] = [];
    const retried: string[] = [];
    const ack = await emitWithRetry(alice, gate, "message:send", { conversationId, clientId: randomUUID(), body: "Container count confirmed" }, {
      policy: { ackTimeoutMs: 5_000, baseMs: 100, maxMs: 400, maxAttempts: 5 },
      onRetry: (code) => retried.push(code),
      sleep: async (ms) => void pauses.push(ms),
    });
    expect(ack).toMatchObject({ ok: false, error: { code: "unavailable" } });
    expect(retried).toEqual(["unavailable", "unavailable", "unavailable", "unavailable"]);
    // Steps of 100, 200, 400, 400 ms (capped), each somewhere in its upper half.
    const steps = [100, 200, 400, 400];
    pauses.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(steps[i]! / 2);
      expect(ms).toBeLessThanOrEqual(steps[i]!);
    });
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(0);
  });

  it("one refused send holds back the socket's other sends for its pause, fresh ones included", async () => {
    const { conversationId, alice } = await group();
    const gate = new SyncGate(alice);
    gate.synced();
    const policy = { ackTimeoutMs: 5_000, baseMs: 2_000, maxMs: 2_000, maxAttempts: 2 };
    const first = await emitWithRetry(alice, gate, "message:send", { conversationId, clientId: randomUUID(), body: "Refused first" }, { policy, sleep: async () => {} });
    expect(first).toMatchObject({ ok: false, error: { code: "unavailable" } });
    // The refusal paused the socket for 1-2 s (the first retry's pause); a new send waits that out first.
    expect(gate.pausedForMs()).toBeGreaterThan(500);
    const waits: number[] = [];
    const second = await emitWithRetry(alice, gate, "message:send", { conversationId, clientId: randomUUID(), body: "Sent after the pause" }, {
      policy: { ...policy, maxAttempts: 1 },
      sleep: async (ms) => void waits.push(ms),
    });
    expect(second).toMatchObject({ ok: false, error: { code: "unavailable" } });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(500);
    expect(waits[0]).toBeLessThanOrEqual(2_000);
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(0);
  });

  it("the client does not retry before its sync after connecting has finished", async () => {
    const { conversationId, alice } = await group();
    const gate = new SyncGate(alice); // connected, but not caught up yet
    const retried: string[] = [];
    let finished = false;
    const sending = emitWithRetry(alice, gate, "message:send", { conversationId, clientId: randomUUID(), body: "Held until caught up" }, {
      policy: { ackTimeoutMs: 5_000, baseMs: 1, maxMs: 1, maxAttempts: 2 },
      onRetry: (code) => retried.push(code),
    }).then((ack) => {
      finished = true;
      return ack;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(retried).toEqual(["unavailable"]);
    expect(finished).toBe(false);
    gate.synced();
    expect(await sending).toMatchObject({ ok: false, error: { code: "unavailable" } });
  });

  it("a lost connection counts as retryable and the retry waits for the next connect and sync", async () => {
    const { conversationId, alice } = await group();
    const gate = new SyncGate(alice);
    gate.synced();
    alice.disconnect();
    expect(gate.ready).toBe(false);
    const retried: string[] = [];
    const sending = emitWithRetry(alice, gate, "message:send", { conversationId, clientId: randomUUID(), body: "Sent while offline" }, {
      policy: { ackTimeoutMs: 5_000, baseMs: 1, maxMs: 1, maxAttempts: 2 },
      onRetry: (code) => retried.push(code),
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(retried).toEqual(["disconnected"]);
    alice.connect();
    await new Promise<void>((resolve) => alice.once("connect", () => resolve()));
    gate.synced();
    expect(await sending).toMatchObject({ ok: false, error: { code: "unavailable" } });
  });
});
