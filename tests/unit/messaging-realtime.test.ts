// Small pieces of the messaging layer: links in message text, broadcasts put back in seq order,
// presence aggregation in memory, the client's retry pauses and the server's admission control.
import { describe, expect, it, vi } from "vitest";
import { splitLinks } from "../../app/components/messaging/MessageText";
import { retryDelayMs } from "../../app/lib/socket.client";
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

  it("refuses sends while more catch-up work than allowed is in flight, and sync itself goes through", async () => {
    const admission = createAdmission({ maxSendsInFlight: 100, maxLoopDelayMs: 0, catchUpPriority: 1 });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const syncs = [admission.catchUp(() => held), admission.catchUp(() => held)];
    expect(admission.admitSend()).toBeNull();
    expect(admission.stats().refused.catching_up).toBe(1);
    release();
    await Promise.all(syncs);
    expect(admission.admitSend()).toBeTypeOf("function");
    admission.close();
  });
});
