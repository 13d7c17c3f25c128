// Small pieces of the messaging layer: links in message text, broadcasts put back in seq order,
// presence aggregation in memory, the client's retry pauses and the server's admission control.
import { describe, expect, it, vi } from "vitest";
import { splitLinks } from "../../app/components/messaging/MessageText";
import { Manager } from "socket.io-client";
import { RECONNECT, retryDelayMs, SyncGate } from "../../app/lib/socket.client";
import { loadConfig } from "../../server/config";
import { createAdmission } from "../../server/realtime/admission";
import { createOrderedEmitter } from "../../server/realtime/ordering";
import { memoryPresence, PRESENCE_TTL_MS } from "../../server/realtime/presence";

describe("splitLinks", () => {
  it("makes http(s) addresses links and leaves everything else as text", () => {
    expect(splitLinks("See https://example.com/a?b=1. <b>x</b> javascript:alert(1) www.example.com")).toEqual([
      { text: "See " },
      { text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { text: ". <b>x</b> javascript:alert(1) www.example.com" },
    ]);
    expect(splitLinks("订舱确认：https://example.com/booking/1403，谢谢")).toEqual([
      { text: "订舱确认：" },
      { text: "https://example.com/booking/1403", href: "https://example.com/booking/1403" },
      { text: "，谢谢" },
    ]);
    expect(splitLinks("(http://a.example/x)")).toEqual([{ text: "(" }, { text: "http://a.example/x", href: "http://a.example/x" }, { text: ")" }]);
    expect(splitLinks("no links")).toEqual([{ text: "no links" }]);
  });
});

describe("ordered broadcasts", () => {
  it("holds a message that overtook its predecessor while the predecessor's send is in flight", () => {
    const out: number[] = [];
    const ordered = createOrderedEmitter();
    ordered.begin("c");
    ordered.emit("c", 1, () => out.push(1));
    ordered.end("c");
    // Three sends at once; 3 and 4 finish before 2.
    ordered.begin("c");
    ordered.begin("c");
    ordered.begin("c");
    ordered.emit("c", 3, () => out.push(3));
    ordered.end("c");
    ordered.emit("c", 4, () => out.push(4));
    ordered.end("c");
    expect(out).toEqual([1]);
    ordered.emit("c", 2, () => out.push(2));
    ordered.end("c");
    expect(out).toEqual([1, 2, 3, 4]);
    ordered.close();
  });

  it("orders the first sends of a conversation it has not seen before", () => {
    const out: number[] = [];
    const ordered = createOrderedEmitter();
    ordered.begin("new");
    ordered.begin("new");
    ordered.emit("new", 6, () => out.push(6));
    ordered.end("new");
    expect(out).toEqual([]);
    ordered.emit("new", 5, () => out.push(5));
    ordered.end("new");
    expect(out).toEqual([5, 6]);
    ordered.close();
  });

  it("does not hold a message whose predecessor is not in flight here (another instance, a failed send)", () => {
    const out: number[] = [];
    const ordered = createOrderedEmitter();
    ordered.begin("c");
    ordered.emit("c", 10, () => out.push(10));
    ordered.end("c");
    ordered.begin("c");
    ordered.emit("c", 12, () => out.push(12)); // 11 went through another instance
    ordered.end("c");
    expect(out).toEqual([10, 12]);
    // A send that fails (no emit) releases what waits for it.
    ordered.begin("c");
    ordered.begin("c");
    ordered.emit("c", 14, () => out.push(14));
    ordered.end("c");
    expect(out).toEqual([10, 12]);
    ordered.end("c");
    expect(out).toEqual([10, 12, 14]);
    ordered.close();
  });

  it("gives up waiting after the safety delay", () => {
    vi.useFakeTimers();
    try {
      const out: number[] = [];
      const ordered = createOrderedEmitter(50);
      ordered.begin("c");
      ordered.emit("c", 1, () => out.push(1));
      ordered.end("c");
      ordered.begin("c");
      ordered.begin("c");
      ordered.emit("c", 3, () => out.push(3));
      expect(out).toEqual([1]);
      vi.advanceTimersByTime(60);
      expect(out).toEqual([1, 3]);
      ordered.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("memory presence", () => {
  it("is online if any socket is, away if all are, offline when none is left or entries expired", async () => {
    let now = 1_000_000;
    const presence = memoryPresence(() => now);
    await presence.set("u", "s1", "away");
    expect((await presence.statusOf(["u", "v"])).get("u")).toBe("away");
    await presence.set("u", "s2", "online");
    expect((await presence.statusOf(["u"])).get("u")).toBe("online");
    await presence.remove("u", "s2");
    expect((await presence.statusOf(["u"])).get("u")).toBe("away");
    expect((await presence.statusOf(["v"])).get("v")).toBe("offline");
    now += PRESENCE_TTL_MS + 1;
    expect((await presence.statusOf(["u"])).get("u")).toBe("offline");
  });
});

describe("send retry pauses (app/lib/socket.client.ts)", () => {
  it("double per attempt up to the cap, each between half the step and the step", () => {
    const policy = { baseMs: 1_000, maxMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect([0, 1, 5, 9].map((n) => retryDelayMs(n, policy, () => 0))).toEqual([500, 1_000, 15_000, 15_000]);
    expect(retryDelayMs(2, policy, () => 0.5)).toBe(3_000);
  });
});

describe("reconnect schedule (RECONNECT in app/lib/socket.client.ts)", () => {
  /** socket.io-client's own pauses for this policy: its Manager's backoff, with Math.random as given. */
  function pauses(attempts: number, random: () => number): number[] {
    const manager = new Manager("http://127.0.0.1:9", { autoConnect: false, ...RECONNECT });
    // `backoff` is private in the typings; it is the very object the Manager asks for each pause.
    const backoff = (manager as unknown as { backoff: { duration(): number } }).backoff;
    const spy = vi.spyOn(Math, "random").mockImplementation(random);
    try {
      return Array.from({ length: attempts }, () => backoff.duration());
    } finally {
      spy.mockRestore();
    }
  }
  /** A small deterministic generator, so the simulated crowd is the same on every run. */
  function seeded(seed: number) {
    return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  }

  it("never pauses longer than 3 s, whatever the draw, and jitters the first pauses", () => {
    const draws = Array.from({ length: 100 }, (_, i) => i / 100);
    const all = draws.flatMap((r) => pauses(12, () => r));
    expect(Math.max(...all)).toBeLessThanOrEqual(3_000);
    const first = draws.map((r) => pauses(1, () => r)[0]!);
    expect(Math.min(...first)).toBeLessThanOrEqual(300);
    expect(Math.max(...first)).toBeGreaterThanOrEqual(700);
    // A refused handshake (`unavailable`) is tried again on the same cap.
    for (const r of [0, 0.5, 0.999]) for (let n = 0; n < 12; n++) expect(retryDelayMs(n, { baseMs: RECONNECT.reconnectionDelay, maxMs: RECONNECT.reconnectionDelayMax }, () => r)).toBeLessThanOrEqual(3_000);
  });

  it("brings 2,000 clients back within 3 s of a short restart, spread out rather than at once", () => {
    for (const downMs of [1_600, 10_000]) {
      const random = seeded(downMs);
      const back: number[] = [];
      for (let c = 0; c < 2_000; c++) {
        let t = 0;
        for (const pause of pauses(40, random)) {
          t += pause;
          if (t >= downMs) break;
        }
        back.push(t - downMs);
      }
      expect(Math.max(...back)).toBeLessThanOrEqual(3_000);
      // No stampede: no 100 ms after the server is back sees more than 15 % of the clients (without
      // jitter all of them would come in one instant; with it, about 2,000 handshakes/s at the start).
      const perWindow = new Map<number, number>();
      for (const ms of back) perWindow.set(Math.floor(ms / 100), (perWindow.get(Math.floor(ms / 100)) ?? 0) + 1);
      expect(Math.max(...perWindow.values())).toBeLessThan(300);
    }
  });
});

describe("admission control (server/realtime/admission.ts)", () => {
  it("admits sends up to the bound, refuses the next, and admits again once one finished", () => {
    const admission = createAdmission({ maxSendsInFlight: 2, maxLoopDelayMs: 0, catchUpPriority: 10 });
    const first = admission.admitSend();
    const second = admission.admitSend();
    expect(first).toBeTypeOf("function");
    expect(second).toBeTypeOf("function");
    expect(admission.admitSend()).toBeNull();
    first!();
    first!(); // finishing twice frees one place only
    const third = admission.admitSend();
    expect(third).toBeTypeOf("function");
    expect(admission.admitSend()).toBeNull();
    expect(admission.stats()).toMatchObject({ sendsInFlight: 2, refused: { sends_in_flight: 2 } });
    admission.close();
  });

  it("as shipped, admits the sends of a 200 ms database stall at 1,500 messages/s, and refuses beyond 400", () => {
    // docs/realtime.md, "Why 400 sends": a momentary stall must not refuse anything at the goal rate.
    const admission = createAdmission({ ...loadConfig({} as NodeJS.ProcessEnv).socketAdmission, maxLoopDelayMs: 0 });
    const admitted = Array.from({ length: 300 }, () => admission.admitSend());
    expect(admitted.every((done) => typeof done === "function")).toBe(true);
    for (let i = 300; i < 400; i++) expect(admission.admitSend()).toBeTypeOf("function");
    expect(admission.admitSend()).toBeNull();
    expect(admission.stats()).toMatchObject({ sendsInFlight: 400, refused: { sends_in_flight: 1 } });
    admission.close();
  });

  it("refuses sends while more catch-up work than allowed is in flight, and sync itself goes through", async () => {
    let clock = 1_000_000;
    const admission = createAdmission({ maxSendsInFlight: 100, maxLoopDelayMs: 0, catchUpPriority: 1, settleMs: 3_000, now: () => clock });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const syncs = [admission.catchUp(() => held), admission.catchUp(() => held)];
    expect(admission.admitSend()).toBeNull();
    expect(admission.stats().refused.catching_up).toBe(1);
    release();
    await Promise.all(syncs);
    clock += 2_999;
    expect(admission.admitSend()).toBeNull(); // the storm's next wave may still come
    clock += 1;
    expect(admission.admitSend()).toBeTypeOf("function");
    admission.close();
  });

  it("counts as catching up while work is above the priority and for settleMs after, not before it ever was", async () => {
    let clock = 1_000_000;
    const admission = createAdmission({ maxSendsInFlight: 100, maxLoopDelayMs: 0, catchUpPriority: 1, settleMs: 1_000, now: () => clock });
    expect(admission.catchingUp()).toBe(false);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const one = admission.catchUp(() => held);
    expect(admission.catchingUp()).toBe(false); // one in flight is within the priority
    const two = admission.catchUp(() => held);
    expect(admission.catchingUp()).toBe(true);
    release();
    await Promise.all([one, two]);
    clock += 999;
    expect(admission.catchingUp()).toBe(true); // a gap between two waves of a storm
    clock += 1;
    expect(admission.catchingUp()).toBe(false);
    admission.close();
  });
});

describe("the client's send gate (app/lib/socket.client.ts SyncGate)", () => {
  it("opens when connected and synced, closes on disconnect, and pauses for the longest pause asked", async () => {
    const handlers: Record<string, () => void> = {};
    const socket = { connected: true, on: (event: string, fn: () => void) => void (handlers[event] = fn) };
    const gate = new SyncGate(socket as unknown as ConstructorParameters<typeof SyncGate>[0]);
    expect(gate.ready).toBe(false);
    gate.synced();
    expect(gate.ready).toBe(true);
    handlers.disconnect!();
    expect(gate.ready).toBe(false);
    expect(gate.pausedForMs(1_000)).toBe(0);
    gate.pause(2_000, 1_000);
    gate.pause(500, 1_000); // a shorter pause does not cut a longer one short
    expect(gate.pausedForMs(1_000)).toBe(2_000);
    expect(gate.pausedForMs(2_500)).toBe(500);
    expect(gate.pausedForMs(3_000)).toBe(0);
  });

  it("while refused, lets one send go at a time, the first after the pause, until one is taken and none waits", async () => {
    const socket = { connected: true, on: () => {} };
    const gate = new SyncGate(socket as unknown as ConstructorParameters<typeof SyncGate>[0]);
    const slept: number[] = [];
    const sleep = async (ms: number) => void slept.push(ms);
    expect(await gate.turn(sleep)).toBeTypeOf("function"); // not refused: at once, no pause
    expect(slept).toEqual([]);
    gate.pause(1_000);
    const first = await gate.turn(sleep);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(900);
    let secondTurn: ((refused: boolean) => void) | undefined;
    let thirdTurn: ((refused: boolean) => void) | undefined;
    void gate.turn(sleep).then((done) => (secondTurn = done));
    void gate.turn(sleep).then((done) => (thirdTurn = done));
    await new Promise((r) => setTimeout(r, 10));
    expect(secondTurn).toBeUndefined(); // waiting for the first one's answer
    gate.pause(1_000);
    first(true); // refused again: the next one goes, after the pause
    await new Promise((r) => setTimeout(r, 10));
    expect(secondTurn).toBeTypeOf("function");
    expect(thirdTurn).toBeUndefined();
    secondTurn!(false); // taken, but the third still waits its turn: one at a time
    await new Promise((r) => setTimeout(r, 10));
    expect(thirdTurn).toBeTypeOf("function");
    let fourthTurn: ((refused: boolean) => void) | undefined;
    void gate.turn(sleep).then((done) => (fourthTurn = done));
    await new Promise((r) => setTimeout(r, 10));
    expect(fourthTurn).toBeUndefined();
    thirdTurn!(false);
    await new Promise((r) => setTimeout(r, 10));
    expect(fourthTurn).toBeTypeOf("function");
    fourthTurn!(false); // taken and none waiting: free again
    slept.length = 0;
    let free = 0;
    await Promise.all([gate.turn(sleep).then(() => free++), gate.turn(sleep).then(() => free++)]);
    expect(free).toBe(2);
    expect(slept).toEqual([]);
  });

  it("grows the socket's pause with refusals in a row, whichever message they were for, and starts again once one is taken", async () => {
    const socket = { connected: true, on: () => {} };
    const gate = new SyncGate(socket as unknown as ConstructorParameters<typeof SyncGate>[0]);
    const policy = { baseMs: 100, maxMs: 400 };
    const top = () => 1; // the top of each jittered step
    expect([gate.refused(policy, top), gate.refused(policy, top), gate.refused(policy, top), gate.refused(policy, top)]).toEqual([100, 200, 400, 400]);
    const done = await gate.turn(async () => {});
    done(false);
    expect(gate.refused(policy, top)).toBe(100);
  });
});
