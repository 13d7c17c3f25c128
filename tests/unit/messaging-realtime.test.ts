// Small pieces of the messaging layer: links in message text, broadcasts put back in seq order, and
// presence aggregation in memory.
import { describe, expect, it, vi } from "vitest";
import { splitLinks } from "../../app/components/messaging/MessageText";
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
  it("holds a message that overtook its predecessor until the predecessor is out", () => {
    const out: number[] = [];
    const ordered = createOrderedEmitter(1_000);
    ordered.emit("c", 1, () => out.push(1));
    ordered.emit("c", 3, () => out.push(3));
    ordered.emit("c", 4, () => out.push(4));
    expect(out).toEqual([1]);
    ordered.emit("c", 2, () => out.push(2));
    expect(out).toEqual([1, 2, 3, 4]);
    ordered.emit("other", 7, () => out.push(70));
    expect(out).toEqual([1, 2, 3, 4, 70]);
    ordered.close();
  });

  it("gives up waiting for a predecessor that never comes (sent through another instance)", () => {
    vi.useFakeTimers();
    try {
      const out: number[] = [];
      const ordered = createOrderedEmitter(25);
      ordered.emit("c", 10, () => out.push(10));
      ordered.emit("c", 12, () => out.push(12));
      expect(out).toEqual([10]);
      vi.advanceTimersByTime(30);
      expect(out).toEqual([10, 12]);
      // The late one still goes out rather than being dropped.
      ordered.emit("c", 11, () => out.push(11));
      expect(out).toEqual([10, 12, 11]);
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
