// batchedLookup (server/db/batch.ts): the session check of every request and socket handshake goes
// through it, so a lookup must get its own answer whatever it was batched with.
import { describe, expect, it } from "vitest";
import { batchedLookup } from "../../server/db/batch";

/** A load function whose statements are recorded and answered when the test says so. */
function controlledLoad() {
  const calls: { keys: string[]; answer: (found: Record<string, number>) => void; fail: (e: Error) => void }[] = [];
  const load = (keys: string[]) =>
    new Promise<Map<string, number>>((resolve, reject) => {
      calls.push({ keys, answer: (found) => resolve(new Map(Object.entries(found))), fail: reject });
    });
  return { calls, load };
}
const tick = () => new Promise((r) => setImmediate(r));

describe("batchedLookup", () => {
  it("sends a lone lookup at once and answers it", async () => {
    const { calls, load } = controlledLoad();
    const get = batchedLookup(load);
    const a = get("a");
    expect(calls.map((c) => c.keys)).toEqual([["a"]]);
    calls[0].answer({ a: 1 });
    await expect(a).resolves.toBe(1);
  });

  it("puts the lookups made while statements are in flight into one next statement, each answered with its own row", async () => {
    const { calls, load } = controlledLoad();
    const get = batchedLookup(load, { concurrency: 1 });
    const first = get("a");
    const rest = [get("b"), get("c"), get("b"), get("missing")];
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([["a"]]);
    calls[0].answer({ a: 1 });
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([["a"], ["b", "c", "missing"]]);
    calls[1].answer({ b: 2, c: 3 });
    await expect(first).resolves.toBe(1);
    await expect(Promise.all(rest)).resolves.toEqual([2, 3, 2, undefined]);
  });

  it("keeps at most `concurrency` statements in flight and at most `maxKeys` keys in each", async () => {
    const { calls, load } = controlledLoad();
    const get = batchedLookup(load, { concurrency: 2, maxKeys: 2 });
    const all = ["a", "b", "c", "d", "e", "f"].map((k) => get(k));
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([["a"], ["b"]]);
    calls[0].answer({ a: 1 });
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([["a"], ["b"], ["c", "d"]]);
    calls[1].answer({ b: 2 });
    await tick();
    expect(calls.map((c) => c.keys)).toEqual([["a"], ["b"], ["c", "d"], ["e", "f"]]);
    calls[2].answer({ c: 3, d: 4 });
    calls[3].answer({ e: 5, f: 6 });
    await expect(Promise.all(all)).resolves.toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("rejects every lookup of a failed statement, and the next lookups still go", async () => {
    const { calls, load } = controlledLoad();
    const get = batchedLookup(load, { concurrency: 1 });
    const a = get("a");
    const b = get("b");
    calls[0].fail(new Error("connection lost"));
    await expect(a).rejects.toThrow("connection lost");
    await tick();
    calls[1].fail(new Error("still down"));
    await expect(b).rejects.toThrow("still down");
    const c = get("c");
    await tick();
    calls[2].answer({ c: 3 });
    await expect(c).resolves.toBe(3);
  });
});
