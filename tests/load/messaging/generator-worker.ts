// One load-generator process of the messaging benchmark (tests/load/messaging/generators.ts): it owns
// a share of the clients (whole conversations, so a group's sender and receivers share an event loop)
// and does what the parent asks over IPC. Each process has its own event loop and heap, so one
// generator's backlog or garbage collection does not delay another's receive timestamps; it measures
// its own event-loop delay during each phase, reported beside the latencies.
import { monitorEventLoopDelay, performance as nodePerformance, type EventLoopUtilization, type IntervalHistogram } from "node:perf_hooks";
import { ClientPool, clock, sleep, type Member, type Phase, type PoolOptions } from "./clients";
import type { SeededUser } from "./seed";

export interface WorkerInit {
  options: PoolOptions;
  users: SeededUser[];
  /** [userId, conversationId, members of that conversation] */
  joins: [string, string, number][];
}

export type Request =
  | { type: "init"; init: WorkerInit }
  | { type: "connect"; concurrency: number }
  | { type: "phase"; name: string }
  | { type: "run"; name: string; start: number; rate: number; seconds: number; totalConversations: number; conversations: { index: number; id: string; senders: string[] }[]; ackWaitMs: number }
  | { type: "send"; name: string; conversationId: string; userId: string; due: number }
  | { type: "counts"; name: string }
  | { type: "collect"; name: string }
  | { type: "integrity" }
  | { type: "mark" }
  | { type: "catchUp"; since: number }
  | { type: "unsettled" }
  | { type: "views" }
  | { type: "close" };

/** One process's clients after an outage (the fault run): who is back and synced, and when. */
export interface CatchUp {
  clients: number;
  /** For each client back and synced: when it connected and when its sync finished (clock()). */
  connectedAt: Float64Array;
  syncDoneAt: Float64Array;
  syncFailures: number;
  syncErrors: string[];
  refusedRetries: number;
  notCaughtUp: string[];
}

/** A client's conversations as it holds them, for the fault run's comparison with the database. */
export interface ClientView {
  userId: string;
  duplicates: number;
  conflicts: number;
  reconnects: number;
  connected: boolean;
  syncFailures: number;
  conversations: { id: string; cursor: number; ahead: number; store: Map<number, { id: string }> }[];
}

export interface Counts {
  sent: number;
  acked: number;
  /** Sends answered with an error (not a retry). */
  failed: number;
  expectedDeliveries: number;
  deliveries: number;
}

export interface Collected extends Counts {
  latencies: Float64Array;
  ackLatencies: Float64Array;
  errors: [string, number][];
  worstLag: number;
  /** This thread's event-loop delay during the phase, ms (from a 10 ms-resolution monitor). */
  loopDelay: { p50: number; p99: number; max: number };
  eventLoopUtilization: number;
}

let pool!: ClientPool;
/** Each client's reconnect count when the last outage began (the fault run). */
let reconnectsBefore: number[] = [];
const byUser = new Map<string, Member>();
function start(init: WorkerInit) {
  pool = new ClientPool(init.options);
  for (const u of init.users) byUser.set(u.userId, pool.add(u));
  for (const [userId, conversationId, count] of init.joins) byUser.get(userId)!.join(conversationId, count);
}

const RESOLUTION_MS = 10;
const monitors = new Map<string, { delay: IntervalHistogram; elu: EventLoopUtilization; result?: Collected["loopDelay"] & { elu: number } }>();

function counts(phase: Phase): Counts {
  let failed = 0;
  for (const [code, n] of phase.errors) if (!code.startsWith("retried:")) failed += n;
  return { sent: phase.sent, acked: phase.acked, failed, expectedDeliveries: phase.expectedDeliveries, deliveries: phase.deliveries };
}

/** Stops the phase's event-loop monitor (once) and keeps its figures. */
function stopMonitor(name: string) {
  const m = monitors.get(name)!;
  if (!m.result) {
    m.delay.disable();
    // The monitor records each 10 ms timer's whole interval; the delay is what exceeds it.
    const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
    m.result = {
      p50: ms(m.delay.percentile(50)),
      p99: ms(m.delay.percentile(99)),
      max: ms(m.delay.max),
      elu: nodePerformance.eventLoopUtilization(m.elu).utilization,
    };
  }
  return m.result;
}

/**
 * The open loop of openLoopSend (clients.ts) over the whole benchmark, keeping only this thread's
 * conversations: message k is due at start + k / rate and goes to conversation k mod C, from its
 * members in turn, so all threads together send exactly the single-process schedule.
 */
async function run(r: Extract<Request, { type: "run" }>, phase: Phase) {
  const mine = new Map(r.conversations.map((c) => [c.index, { id: c.id, senders: c.senders.map((id) => byUser.get(id)!) }]));
  const total = Math.round(r.rate * r.seconds);
  const interval = 1000 / r.rate;
  let k = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = clock();
      while (k < total && r.start + k * interval <= now) {
        const c = mine.get(k % r.totalConversations);
        if (c) {
          const sender = c.senders[Math.floor(k / r.totalConversations) % c.senders.length];
          // The fault run's sends go out regardless: they wait for the reconnect and sync (retry).
          if (sender.socket.connected || r.name.startsWith("fault")) sender.send(phase, c.id, r.start + k * interval);
          else phase.error("sender_disconnected");
        }
        k++;
      }
      if (k >= total) return resolve();
      setTimeout(tick, Math.max(0, r.start + k * interval - clock()));
    };
    tick();
  });
  // Every send answered (acknowledged or failed), or the wait is over.
  const deadline = clock() + r.ackWaitMs;
  for (let c = counts(phase); c.acked + c.failed < c.sent && clock() < deadline; c = counts(phase)) await sleep(50);
}

async function handle(request: Request): Promise<unknown> {
  switch (request.type) {
    case "init":
      start(request.init);
      return null;
    case "connect":
      return pool.connectAll(pool.members, request.concurrency);
    case "phase": {
      pool.phase(request.name);
      const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      delay.enable();
      monitors.set(request.name, { delay, elu: nodePerformance.eventLoopUtilization() });
      return null;
    }
    case "run":
      return run(request, pool.phases.get(request.name)!);
    case "send":
      byUser.get(request.userId)!.send(pool.phases.get(request.name)!, request.conversationId, request.due);
      return null;
    case "counts":
      return counts(pool.phases.get(request.name)!);
    case "collect": {
      const phase = pool.phases.get(request.name)!;
      const loop = stopMonitor(request.name);
      const collected: Collected = {
        ...counts(phase),
        latencies: Float64Array.from(phase.latencies),
        ackLatencies: Float64Array.from(phase.ackLatencies),
        errors: [...phase.errors],
        worstLag: phase.worstLag,
        loopDelay: { p50: loop.p50, p99: loop.p99, max: loop.max },
        eventLoopUtilization: loop.elu,
      };
      return collected;
    }
    case "integrity":
      return {
        duplicateEvents: pool.members.reduce((n, m) => n + m.duplicates, 0),
        seqConflicts: pool.members.reduce((n, m) => n + m.conflicts, 0),
        syncFailures: pool.members.reduce((n, m) => n + m.syncFailures, 0),
      };
    case "mark":
      reconnectsBefore = pool.members.map((m) => m.reconnects);
      return null;
    case "catchUp": {
      // Caught up: reconnected since the outage began and finished the sync that followed that connect.
      const t0 = request.since;
      const done = pool.members.filter(
        (m, i) => m.reconnects > reconnectsBefore[i] && m.socket.connected && m.lastConnectAt >= t0 && m.syncedConnectAt === m.lastConnectAt && m.lastSyncDoneAt >= m.lastConnectAt,
      );
      const result: CatchUp = {
        clients: pool.members.length,
        connectedAt: Float64Array.from(done.map((m) => m.lastConnectAt)),
        syncDoneAt: Float64Array.from(done.map((m) => m.lastSyncDoneAt)),
        syncFailures: pool.members.reduce((n, m) => n + m.syncFailures, 0),
        syncErrors: [...new Set(pool.members.map((m) => m.lastSyncError).filter(Boolean))].slice(0, 5),
        refusedRetries: pool.members.reduce((n, m) => n + m.refusedRetries, 0),
        notCaughtUp: pool.members
          .filter((m) => !done.includes(m))
          .slice(0, 3)
          .map((m) => `connected ${m.socket.connected}, active ${m.socket.active}, reconnects ${m.reconnects}, last sync error ${m.lastSyncError || "none"}`),
      };
      return result;
    }
    case "unsettled":
      return pool.members.filter((m) => !m.socket.connected || m.syncing).length;
    case "views": {
      const views: ClientView[] = pool.members.map((m) => ({
        userId: m.user.userId,
        duplicates: m.duplicates,
        conflicts: m.conflicts,
        reconnects: m.reconnects,
        connected: m.socket.connected,
        syncFailures: m.syncFailures,
        conversations: [...m.conversations].map(([id, s]) => ({ id, cursor: s.cursor, ahead: s.ahead.size, store: new Map([...s.store].map(([seq, held]) => [seq, { id: held.id }])) })),
      }));
      return { views, acknowledged: pool.acknowledged };
    }
    case "close":
      pool.close();
      return null;
  }
}

process.on("message", ({ id, request }: { id: number; request: Request }) => {
  handle(request).then(
    (result) => process.send!({ id, result }),
    (error: unknown) => process.send!({ id, error: error instanceof Error ? error.stack : String(error) }),
  );
});
// The parent gone (finished or killed): so is this generator.
process.on("disconnect", () => process.exit());
