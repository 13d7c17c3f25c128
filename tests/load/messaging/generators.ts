// The messaging benchmark's clients spread over several generator processes (generator-worker.ts), so
// that the measured tail is the server's and not one overloaded generator loop's: with 2,000 clients
// in one event loop, a receive is timestamped only when the loop gets to it (it lagged up to 74 ms).
// Whole conversations go to one process; the large fan-out conversation spans them all. Every process
// reads the machine's wall clock (performance.timeOrigin + now, sub-millisecond), so a due time set in
// one and a receive time read in another are comparable.
import { fork, type ChildProcess } from "node:child_process";
import { cpuSeconds } from "./harness";
import { clock, percentile, sleep, type PoolOptions } from "./clients";
import type { Acknowledged } from "./clients";
import type { CatchUp, ClientView, Collected, Counts, Request, WorkerInit } from "./generator-worker";
import type { SeededConversation, SeededUser } from "./seed";

export class GeneratorPool {
  private readonly workers: ChildProcess[] = [];
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  /** userId -> index of the process that holds it */
  private readonly owner = new Map<string, number>();
  /** conversationId -> its process (load groups only) */
  private readonly conversationOwner = new Map<string, number>();

  /**
   * `groups` are assigned whole to processes in turn; `shared` conversations (the large one) are
   * joined by their members wherever they live.
   */
  constructor(processes: number, options: PoolOptions, users: SeededUser[], groups: SeededConversation[], shared: SeededConversation[]) {
    const n = Math.max(1, processes);
    const inits: WorkerInit[] = Array.from({ length: n }, () => ({ options, users: [], joins: [] }));
    groups.forEach((g, i) => {
      this.conversationOwner.set(g.id, i % n);
      for (const u of g.members) if (!this.owner.has(u.userId)) this.owner.set(u.userId, i % n);
    });
    let next = 0;
    for (const u of users) {
      if (!this.owner.has(u.userId)) this.owner.set(u.userId, next++ % n);
      inits[this.owner.get(u.userId)!].users.push(u);
    }
    for (const c of [...groups, ...shared]) {
      for (const u of c.members) {
        const w = this.owner.get(u.userId);
        if (w !== undefined) inits[w].joins.push([u.userId, c.id, c.members.length]);
      }
    }
    for (const init of inits) {
      // tsx compiles the generator's TypeScript as it does the parent's (worker threads load the
      // entry before tsx's hooks are in place); "advanced" serialization carries typed arrays.
      const worker = fork(new URL("./generator-worker.ts", import.meta.url), [], { execArgv: ["--import", "tsx"], serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
      worker.on("message", ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
        const p = this.pending.get(id);
        this.pending.delete(id);
        if (error !== undefined) p?.reject(new Error(`generator process: ${error}`));
        else p?.resolve(result);
      });
      const fail = (error: Error) => {
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`a generator process exited (${code})`)));
      this.workers.push(worker);
      void this.ask(this.workers.length - 1, { type: "init", init });
    }
  }

  /** CPU seconds the generator processes have used so far. */
  cpuSeconds() {
    return this.workers.reduce((n, w) => n + (cpuSeconds(w.pid) ?? 0), 0);
  }

  get count() {
    return this.workers.length;
  }

  private ask<T>(worker: number, request: Request): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.workers[worker].send({ id, request });
    });
  }
  private askAll<T>(request: Request): Promise<T[]> {
    return Promise.all(this.workers.map((_, i) => this.ask<T>(i, request)));
  }

  async connectAll(concurrency = 100): Promise<{ ms: number; failed: number }> {
    const started = performance.now();
    // The same number of handshakes in flight as one generator would have.
    const each = await this.askAll<{ failed: number }>({ type: "connect", concurrency: Math.max(1, Math.ceil(concurrency / this.count)) });
    return { ms: performance.now() - started, failed: each.reduce((n, r) => n + r.failed, 0) };
  }

  /** Opens a phase in every process (receivers anywhere count its messages from now on). */
  phase(name: string) {
    return this.askAll({ type: "phase", name });
  }

  /**
   * openLoopSend (clients.ts) across the processes: message k due at start + k / rate, to conversation
   * k mod C. Resolves once every process has sent its share and heard every answer (or `ackWaitMs`).
   */
  async openLoop(name: string, conversations: { id: string; senders: SeededUser[] }[], rate: number, seconds: number, ackWaitMs: number) {
    const start = clock() + 50;
    const share = this.workers.map(() => [] as { index: number; id: string; senders: string[] }[]);
    conversations.forEach((c, index) => share[this.conversationOwner.get(c.id) ?? 0].push({ index, id: c.id, senders: c.senders.map((u) => u.userId) }));
    await Promise.all(
      share.map((mine, w) => this.ask(w, { type: "run", name, start, rate, seconds, totalConversations: conversations.length, conversations: mine, ackWaitMs })),
    );
  }

  send(name: string, conversationId: string, sender: SeededUser, due: number) {
    return this.ask(this.owner.get(sender.userId)!, { type: "send", name, conversationId, userId: sender.userId, due });
  }

  /** Waits until every send is answered and every expected delivery arrived (or `maxMs`), then `settleMs`. */
  async drain(name: string, maxMs: number, settleMs = 1_000) {
    const total = () => this.counts(name);
    const deadline = clock() + maxMs;
    for (let t = await total(); t.acked + t.failed < t.sent && clock() < deadline; t = await total()) await sleep(50);
    const until = clock() + maxMs;
    for (let t = await total(); t.deliveries < t.expectedDeliveries && clock() < until; t = await total()) await sleep(50);
    await sleep(settleMs);
  }

  /** The phase's figures, merged over the processes, in the shape `summarize` (clients.ts) gives. */
  async summarize(name: string) {
    const parts = await this.askAll<Collected>({ type: "collect", name });
    const lat = Float64Array.from(parts.flatMap((p) => [...p.latencies])).sort();
    const ack = Float64Array.from(parts.flatMap((p) => [...p.ackLatencies])).sort();
    const errors = new Map<string, number>();
    for (const p of parts) for (const [code, n] of p.errors) errors.set(code, (errors.get(code) ?? 0) + n);
    const r = (n: number) => Math.round(n * 100) / 100;
    const sum = (f: (p: Collected) => number) => parts.reduce((n, p) => n + f(p), 0);
    const at = (a: Float64Array, q: number) => percentile(a as unknown as number[], q);
    return {
      name,
      sent: sum((p) => p.sent),
      acked: sum((p) => p.acked),
      errors: Object.fromEntries(errors),
      errorCount: [...errors.values()].reduce((a, b) => a + b, 0),
      expectedDeliveries: sum((p) => p.expectedDeliveries),
      deliveries: sum((p) => p.deliveries),
      missingDeliveries: sum((p) => p.expectedDeliveries) - sum((p) => p.deliveries),
      latency: { p50: r(at(lat, 0.5)), p90: r(at(lat, 0.9)), p99: r(at(lat, 0.99)), max: r(lat[lat.length - 1] ?? NaN) },
      ack: { p50: r(at(ack, 0.5)), p99: r(at(ack, 0.99)), max: r(ack[ack.length - 1] ?? NaN) },
      generatorWorstLagMs: r(Math.max(...parts.map((p) => p.worstLag))),
      /** The generator processes' own event-loop delay during the phase (worst process), ms. */
      generatorLoopDelayMs: {
        p50: Math.max(...parts.map((p) => p.loopDelay.p50)),
        p99: Math.max(...parts.map((p) => p.loopDelay.p99)),
        max: Math.max(...parts.map((p) => p.loopDelay.max)),
      },
      generatorProcessEventLoopUtilization: parts.map((p) => Math.round(p.eventLoopUtilization * 100) / 100),
    };
  }

  async integrity() {
    const each = await this.askAll<{ duplicateEvents: number; seqConflicts: number; syncFailures: number }>({ type: "integrity" });
    return each.reduce((a, b) => ({ duplicateEvents: a.duplicateEvents + b.duplicateEvents, seqConflicts: a.seqConflicts + b.seqConflicts, syncFailures: a.syncFailures + b.syncFailures }));
  }

  /** Sends, answers and deliveries of a phase so far, over all processes. */
  async counts(name: string): Promise<Counts> {
    return (await this.askAll<Counts>({ type: "counts", name })).reduce((a, c) => ({ sent: a.sent + c.sent, acked: a.acked + c.acked, failed: a.failed + c.failed, expectedDeliveries: a.expectedDeliveries + c.expectedDeliveries, deliveries: a.deliveries + c.deliveries }));
  }

  /** The fault run: remembers each client's reconnect count as an outage begins. */
  mark() {
    return this.askAll({ type: "mark" });
  }

  /** The fault run: clients back and synced since `since` (clock()), merged over the processes. */
  async catchUp(since: number) {
    const parts = await this.askAll<CatchUp>({ type: "catchUp", since });
    return {
      clients: parts.reduce((n, p) => n + p.clients, 0),
      connectedAt: parts.flatMap((p) => [...p.connectedAt]),
      syncDoneAt: parts.flatMap((p) => [...p.syncDoneAt]),
      syncFailures: parts.reduce((n, p) => n + p.syncFailures, 0),
      syncErrors: [...new Set(parts.flatMap((p) => p.syncErrors))].slice(0, 5),
      refusedRetries: parts.reduce((n, p) => n + p.refusedRetries, 0),
      notCaughtUp: parts.flatMap((p) => p.notCaughtUp).slice(0, 3),
    };
  }

  /** Clients not connected or still syncing. */
  async unsettled() {
    return (await this.askAll<number>({ type: "unsettled" })).reduce((a, b) => a + b, 0);
  }

  /** Every client's conversations as it holds them, and every acknowledged send. */
  async views() {
    const parts = await this.askAll<{ views: ClientView[]; acknowledged: Acknowledged[] }>({ type: "views" });
    return { views: parts.flatMap((p) => p.views), acknowledged: parts.flatMap((p) => p.acknowledged) };
  }

  async close() {
    await this.askAll({ type: "close" }).catch(() => undefined);
    for (const w of this.workers) {
      w.removeAllListeners("exit");
      w.kill();
    }
  }
}
