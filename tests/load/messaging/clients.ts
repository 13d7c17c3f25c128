// The load generator's side of the messaging benchmarks: socket.io-client connections that behave
// like the portal's chat client (docs/realtime.md): they apply `message:new` in seq order, ignore a
// message id they already hold, sync over a gap and after every reconnect, and retry an unanswered
// send with the same clientId. Each message body carries its send time, so every receiver measures
// send-to-receive latency against one clock (the generator's own: senders and receivers share this
// process).
import { randomUUID } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { emitWithRetry, RECONNECT, retryDelayMs, SyncGate, type RetryPolicy } from "../../../app/lib/socket.client";
import type { MessageView } from "../../../server/domain/messaging";
import type { SeededUser } from "./seed";

/** Wall-clock milliseconds with sub-millisecond resolution. */
export const clock = () => performance.timeOrigin + performance.now();

type Ack<T> = { ok: true; message?: MessageView; data?: T } | { ok: false; error: { code: string; message: string } };
interface SyncData {
  conversations: { conversationId: string; lastSeq: number; messages: MessageView[]; updates: MessageView[]; hasMore: boolean }[];
}

/** What one measured phase (a run at one rate) collects. */
export class Phase {
  readonly latencies: number[] = [];
  readonly ackLatencies: number[] = [];
  readonly errors = new Map<string, number>();
  sent = 0;
  acked = 0;
  /** Receivers (members other than the sender) of the messages sent. */
  expectedDeliveries = 0;
  /** Live `message:new` arrivals at those receivers. */
  deliveries = 0;
  /** Send calls made later than due because the generator was busy (ms, worst). */
  worstLag = 0;
  constructor(readonly name: string) {}
  error(code: string) {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }
  get errorCount() {
    let n = 0;
    for (const v of this.errors.values()) n += v;
    return n;
  }
}

export interface Stored {
  id: string;
  /** The clientId the body carries ("-" for messages not sent by the benchmark). */
  tag: string;
}

interface ConversationState {
  /** Highest seq applied with everything before it. */
  cursor: number;
  store: Map<number, Stored>;
  ids: Set<string>;
  ahead: Map<number, MessageView>;
  gapTimer?: NodeJS.Timeout;
  memberCount: number;
}

/** How a body names its phase, clientId and due time: "bench <phase> <clientId> <ms>". */
const bodyOf = (phase: string, clientId: string, due: number) => `bench ${phase} ${clientId} ${due.toFixed(3)}`;
function parseBody(body: string) {
  const [word, phase, tag, due] = body.split(" ");
  if (word !== "bench") return undefined;
  return { phase, tag, due: Number(due) };
}

export interface PoolOptions {
  url: string;
  ackTimeoutMs: number;
  /**
   * Retry unanswered and `unavailable` sends (same clientId) until acknowledged, as the portal's page
   * does (app/lib/socket.client.ts, emitWithRetry): jittered capped exponential backoff, and only
   * once connected and caught up (the sync after the reconnect finished). Used by the fault run.
   */
  retry: boolean;
  /** Backoff of those retries: first pause and cap (ms). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Override the page's reconnect policy (RECONNECT in app/lib/socket.client.ts); default: the same. */
  reconnectionDelayMs?: number;
  reconnectionDelayMaxMs?: number;
}

export class Member {
  readonly socket: Socket;
  readonly conversations = new Map<string, ConversationState>();
  /** Raw `message:new` events for a message id already held. */
  duplicates = 0;
  /** A different message at a seq already held: must never happen. */
  conflicts = 0;
  /** Times the socket came back after losing its connection. */
  reconnects = 0;
  /** Handshakes refused with `unavailable` and tried again (the server was restarting). */
  refusedRetries = 0;
  private refusedInARow = 0;
  lastSyncDoneAt = 0;
  /** The connect that the last finished sync followed (lastSyncDoneAt >= syncedConnectAt). */
  syncedConnectAt = 0;
  lastConnectAt = 0;
  /** Connected, and the sync after that connect finished: sends may be retried. */
  readonly gate: SyncGate;
  syncFailures = 0;
  lastSyncError = "";
  syncing: Promise<void> | undefined;
  private resync = false;
  private everConnected = false;

  constructor(
    readonly user: SeededUser,
    private readonly pool: ClientPool,
  ) {
    const o = pool.options;
    this.socket = connect(o.url, {
      transports: ["websocket"],
      extraHeaders: { cookie: user.cookie, origin: o.url },
      autoConnect: false,
      // The page's policy (app/lib/socket.client.ts), so catch-up times are what a browser gets.
      ...RECONNECT,
      ...(o.reconnectionDelayMs !== undefined ? { reconnectionDelay: o.reconnectionDelayMs } : {}),
      ...(o.reconnectionDelayMaxMs !== undefined ? { reconnectionDelayMax: o.reconnectionDelayMaxMs } : {}),
      timeout: 20_000,
    });
    this.gate = new SyncGate(this.socket);
    this.socket.on("message:new", ({ message }: { message: MessageView }) => this.onMessage(message));
    this.socket.on("connect", () => {
      this.lastConnectAt = clock();
      this.refusedInARow = 0;
      if (this.everConnected) {
        this.reconnects++;
        void this.sync();
      } else {
        // The first connect of a fresh client: nothing to catch up on.
        this.gate.synced();
      }
      this.everConnected = true;
    });
    this.socket.on("disconnect", (reason) => {
      // The server said goodbye on purpose (it shut down gracefully): a client comes back anyway,
      // after a random pause (not all at the same moment).
      if (reason === "io server disconnect") setTimeout(() => this.socket.connect(), 300 + Math.random() * 1_200);
    });
    // A refused handshake is not retried by Socket.IO itself (socket.active is false); `unavailable`
    // (the server could not check the session, e.g. while restarting) is worth another try, as the
    // portal's own page does (app/lib/socket.client.ts).
    this.socket.on("connect_error", (error) => {
      if (this.everConnected && !this.socket.active && error.message === "unavailable") {
        // The page's schedule for a refused handshake (keepTrying in app/lib/socket.client.ts).
        const delay = retryDelayMs(this.refusedInARow++, { baseMs: RECONNECT.reconnectionDelay, maxMs: RECONNECT.reconnectionDelayMax });
        this.refusedRetries++;
        setTimeout(() => this.socket.connect(), delay);
      }
    });
  }

  join(conversationId: string, memberCount: number) {
    this.conversations.set(conversationId, { cursor: 0, store: new Map(), ids: new Set(), ahead: new Map(), memberCount });
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => {
        this.socket.off("connect", onConnect);
        this.socket.disconnect();
        reject(error);
      };
      const onConnect = () => {
        this.socket.off("connect_error", onError);
        resolve();
      };
      this.socket.once("connect", onConnect);
      this.socket.once("connect_error", onError);
      this.socket.connect();
    });
  }

  private onMessage(message: MessageView) {
    const at = clock();
    const state = this.conversations.get(message.conversationId);
    if (!state) return;
    const fresh = !state.ids.has(message.id) && !state.ahead.has(message.seq);
    if (fresh && message.senderId !== this.user.userId) {
      const parsed = parseBody(message.body);
      const phase = parsed && this.pool.phases.get(parsed.phase);
      if (phase && parsed) {
        phase.deliveries++;
        phase.latencies.push(at - parsed.due);
      }
    }
    this.apply(state, message);
  }

  private apply(state: ConversationState, m: MessageView) {
    if (state.ids.has(m.id)) {
      this.duplicates++;
      return;
    }
    if (m.seq <= state.cursor) {
      if (state.store.get(m.seq)?.id !== m.id) this.conflicts++;
      return;
    }
    state.ahead.set(m.seq, m);
    for (let next = state.ahead.get(state.cursor + 1); next; next = state.ahead.get(state.cursor + 1)) {
      state.ahead.delete(next.seq);
      state.cursor = next.seq;
      state.store.set(next.seq, { id: next.id, tag: parseBody(next.body)?.tag ?? "-" });
      state.ids.add(next.id);
    }
    if (state.ahead.size > 0 && !state.gapTimer) {
      // The server holds an early message up to 25 ms for its predecessor; a gap that outlives
      // that is a lost message, which `sync` fetches.
      state.gapTimer = setTimeout(() => {
        state.gapTimer = undefined;
        if (state.ahead.size > 0) void this.sync();
      }, 250);
    }
  }

  /** Catches up every conversation from its cursor; one at a time per member. */
  sync(): Promise<void> {
    if (this.syncing) {
      this.resync = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      let connectAt = this.lastConnectAt;
      try {
        do {
          this.resync = false;
          // A reconnect during this sync asks for another round (resync): that round is the catch-up
          // after the new connect.
          connectAt = this.lastConnectAt;
          let more = true;
          while (more) {
            const cursors = Object.fromEntries([...this.conversations].map(([id, s]) => [id, s.cursor]));
            const ack = (await this.socket.timeout(10_000).emitWithAck("sync", { cursors })) as Ack<SyncData>;
            if (!ack.ok) throw new Error(ack.error.code);
            more = false;
            for (const c of ack.data!.conversations) {
              const state = this.conversations.get(c.conversationId)!;
              for (const m of c.messages) this.apply(state, m);
              if (c.hasMore) more = true;
            }
          }
        } while (this.resync);
        this.lastSyncDoneAt = clock();
        this.syncedConnectAt = connectAt;
        if (this.socket.connected && connectAt === this.lastConnectAt) this.gate.synced();
      } catch (error) {
        this.syncFailures++;
        this.lastSyncError = error instanceof Error ? error.message : String(error);
        // Disconnected meanwhile (the next connect syncs again) or refused: try again shortly.
        if (this.socket.connected) setTimeout(() => void this.sync(), 500);
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }

  /** Sends one message due at `due` (open loop: the latency counts from then). */
  send(phase: Phase, conversationId: string, due: number) {
    const clientId = randomUUID();
    const state = this.conversations.get(conversationId)!;
    const payload = { conversationId, clientId, body: bodyOf(phase.name, clientId, due) };
    phase.sent++;
    phase.expectedDeliveries += state.memberCount - 1;
    phase.worstLag = Math.max(phase.worstLag, clock() - due);
    const o = this.pool.options;
    if (!o.retry) {
      this.socket
        .timeout(o.ackTimeoutMs)
        .emitWithAck("message:send", payload)
        .then((ack: Ack<never>) => (ack.ok ? this.acked(phase, conversationId, clientId, due, ack.message!) : phase.error(ack.error.code)))
        .catch(() => phase.error("ack_timeout"));
      return;
    }
    const policy: RetryPolicy = { ackTimeoutMs: o.ackTimeoutMs, baseMs: o.retryBaseMs ?? 1_000, maxMs: o.retryMaxMs ?? 8_000, maxAttempts: 60 };
    void emitWithRetry<MessageView>(this.socket, this.gate, "message:send", payload, { policy, onRetry: (code) => phase.error(`retried:${code}`) }).then((ack) =>
      ack.ok ? this.acked(phase, conversationId, clientId, due, ack.message!) : phase.error(ack.error.code),
    );
  }

  private acked(phase: Phase, conversationId: string, clientId: string, due: number, message: MessageView) {
    phase.acked++;
    phase.ackLatencies.push(clock() - due);
    this.pool.acknowledged.push({ conversationId, clientId, seq: message.seq, id: message.id, senderId: this.user.userId });
  }

  close() {
    for (const s of this.conversations.values()) if (s.gapTimer) clearTimeout(s.gapTimer);
    this.socket.disconnect();
  }
}

export interface Acknowledged {
  conversationId: string;
  clientId: string;
  seq: number;
  id: string;
  senderId: string;
}

export class ClientPool {
  readonly members: Member[] = [];
  readonly phases = new Map<string, Phase>();
  readonly acknowledged: Acknowledged[] = [];

  constructor(readonly options: PoolOptions) {}

  add(user: SeededUser) {
    const member = new Member(user, this);
    this.members.push(member);
    return member;
  }

  /** Connects members `concurrency` at a time; resolves with how long it took. */
  async connectAll(members: Member[] = this.members, concurrency = 100): Promise<{ ms: number; failed: number }> {
    const started = performance.now();
    let failed = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, members.length) }, async () => {
        while (next < members.length) {
          const m = members[next++];
          await m.connect().catch(() => failed++);
        }
      }),
    );
    return { ms: performance.now() - started, failed };
  }

  phase(name: string) {
    const p = new Phase(name);
    this.phases.set(name, p);
    return p;
  }

  close() {
    for (const m of this.members) m.close();
  }
}

export interface Sender {
  member: Member;
  conversationId: string;
}

/**
 * Open loop at `rate` messages/s for `durationS`: message k is due at start + k / rate, whatever the
 * state of earlier ones, and goes to conversation k mod C from its members in turn.
 */
export async function openLoopSend(phase: Phase, conversations: { id: string; senders: Member[] }[], rate: number, durationS: number, onTick?: (elapsedMs: number) => void) {
  const total = Math.round(rate * durationS);
  const interval = 1000 / rate;
  const start = clock() + 20;
  let k = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = clock();
      onTick?.(now - start);
      while (k < total && start + k * interval <= now) {
        const c = conversations[k % conversations.length];
        const sender = c.senders[Math.floor(k / conversations.length) % c.senders.length];
        if (sender.socket.connected || phase.name.startsWith("fault")) sender.send(phase, c.id, start + k * interval);
        else phase.error("sender_disconnected");
        k++;
      }
      if (k >= total) return resolve();
      setTimeout(tick, Math.max(0, start + k * interval - clock()));
    };
    tick();
  });
}

export function percentile(sorted: number[], q: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

export function summarize(phase: Phase) {
  const lat = [...phase.latencies].sort((a, b) => a - b);
  const ack = [...phase.ackLatencies].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 100) / 100;
  return {
    name: phase.name,
    sent: phase.sent,
    acked: phase.acked,
    errors: Object.fromEntries(phase.errors),
    errorCount: phase.errorCount,
    expectedDeliveries: phase.expectedDeliveries,
    deliveries: phase.deliveries,
    missingDeliveries: phase.expectedDeliveries - phase.deliveries,
    latency: { p50: r(percentile(lat, 0.5)), p90: r(percentile(lat, 0.9)), p99: r(percentile(lat, 0.99)), max: r(lat[lat.length - 1] ?? NaN) },
    ack: { p50: r(percentile(ack, 0.5)), p99: r(percentile(ack, 0.99)), max: r(ack[ack.length - 1] ?? NaN) },
    generatorWorstLagMs: r(phase.worstLag),
  };
}
export type PhaseSummary = ReturnType<typeof summarize>;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until every sent message is answered (or `maxMs`), then `settleMs` more for deliveries. */
export async function drain(phase: Phase, maxMs = 15_000, settleMs = 1_000) {
  const deadline = clock() + maxMs;
  while (phase.acked + countFinal(phase) < phase.sent && clock() < deadline) await sleep(50);
  const until = clock() + maxMs;
  while (phase.deliveries < phase.expectedDeliveries && clock() < until) await sleep(50);
  await sleep(settleMs);
}
function countFinal(phase: Phase) {
  let n = 0;
  for (const [code, v] of phase.errors) if (!code.startsWith("retried:")) n += v;
  return n;
}
