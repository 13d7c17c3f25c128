// The browser's one Socket.IO connection, shared by every part of the page that listens (the bell,
// the conversation list, a conversation). Only loaded in the browser (.client.ts: the server build
// gets an empty module), so pages render and work without it; the session cookie authenticates
// the handshake, same origin and default path.
// WebSocket only: the handshake's Origin is checked, and browsers send Origin on a WebSocket upgrade
// but not on the same-origin GETs of HTTP long-polling (and the portal sends no Referer either).
//
// It also holds the client half of docs/realtime.md's "Client behaviour": reconnects spread out
// (jittered), and sends retried with jittered, capped exponential backoff, and only once the socket
// is connected again AND the page's catch-up `sync` after that connect has finished (`SyncGate`),
// so a restarted server meets neither a wall of simultaneous reconnects nor a wall of retries.
// The load benchmark's clients (tests/load/messaging/clients.ts) use the same code.
import { io, type Socket } from "socket.io-client";

/**
 * Reconnection after a lost connection: 0.5 s, 1 s, 2 s, then every 3 s, each ±50 % at random
 * (socket.io-client's randomizationFactor; its cap applies after the jitter). Every pause is at most
 * 3 s, so a page whose attempts failed while the server restarted is back at most 3 s after the
 * server is, and caught up well within docs/realtime.md's 5 s (it was 1 s doubling to 10 s: after a
 * 1.6 s restart a page could wait 6 s, and 10 s after a longer one). The first three pauses spread
 * thousands of clients over 0.25 to 5 s, so they do not come back in the same instant; a server
 * that is down for long sees each client once per 3 s, which costs a refused TCP connection.
 * The benchmark clients (tests/load/messaging/clients.ts) use the same policy.
 */
export const RECONNECT = { reconnectionDelay: 500, reconnectionDelayMax: 3_000, randomizationFactor: 0.5 } as const;

/** Retrying a send whose acknowledgement did not come, or that the server refused as retryable. */
export interface RetryPolicy {
  ackTimeoutMs: number;
  /** The first pause; it doubles per attempt up to maxMs. */
  baseMs: number;
  maxMs: number;
  /** Attempts in all (the first included) before giving up and showing the error. */
  maxAttempts: number;
}
export const SEND_RETRY: RetryPolicy = { ackTimeoutMs: 10_000, baseMs: 1_000, maxMs: 30_000, maxAttempts: 8 };

/** Error codes worth another try with the same clientId (docs/realtime.md); the rest are final. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set(["unavailable", "internal", "rate_limited", "ack_timeout", "disconnected"]);

/** Answers that mean "the server (or this user's budget) is overloaded": the whole socket backs off. */
const OVERLOAD_CODES: ReadonlySet<string> = new Set(["unavailable", "rate_limited"]);

/**
 * The pause before retry number `attempt` (0 for the first retry): capped exponential backoff with
 * "equal jitter", uniformly between half the step and the whole step, so retries spread out but
 * never come back at once.
 */
export function retryDelayMs(attempt: number, policy: Pick<RetryPolicy, "baseMs" | "maxMs"> = SEND_RETRY, random: () => number = Math.random): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return step / 2 + random() * (step / 2);
}

/**
 * "Connected, and caught up since": a send is retried only when the socket is connected and the
 * `sync` that follows each (re)connect has finished. The owner of the sync calls `synced()` when it
 * succeeded; a disconnect closes the gate again.
 */
export class SyncGate {
  private caughtUp = false;
  private waiters: (() => void)[] = [];
  /** Until when (ms since the epoch) sends on this socket hold back: the server said it is overloaded. */
  private pausedUntil = 0;
  /** The last answer to a send was a refusal as overloaded: sends go one at a time. */
  private refusing = false;
  private refusalsInARow = 0;
  private probe: Promise<void> | undefined;
  /** Sends waiting for their turn behind `probe`. */
  private waiting = 0;

  constructor(private readonly socket: Pick<Socket, "connected" | "on">) {
    socket.on("disconnect", () => {
      this.caughtUp = false;
    });
  }

  get ready() {
    return this.socket.connected && this.caughtUp;
  }

  /** The catch-up after the current connection finished. */
  synced() {
    if (!this.socket.connected) return;
    this.caughtUp = true;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /**
   * The server refused a send as overloaded (`unavailable`) or rate limited: every send on this
   * socket, not just the refused one, holds back for `ms`, and until one is taken again they go one
   * at a time (`turn`). Without it each waiting send is refused on its own schedule, and an
   * overloaded server spends its time refusing (hundreds of thousands in a minute, seen with 2,000
   * clients on a starved machine); with it a socket asks about once per pause.
   */
  pause(ms: number, now = Date.now()) {
    this.pausedUntil = Math.max(this.pausedUntil, now + ms);
    this.refusing = true;
  }

  /**
   * A send on this socket was refused as overloaded: pauses the socket for the next step of its own
   * back-off (it grows with refusals in a row on this socket, whichever message they were for, and
   * starts again once a send is taken) and returns that pause.
   */
  refused(policy: Pick<RetryPolicy, "baseMs" | "maxMs">, random: () => number = Math.random): number {
    const ms = retryDelayMs(this.refusalsInARow++, policy, random);
    this.pause(ms);
    return ms;
  }

  /** How long sends still hold back (0: not paused). */
  pausedForMs(now = Date.now()) {
    return Math.max(0, this.pausedUntil - now);
  }

  /**
   * A send's turn: at once, normally. While the server is refusing this socket's sends, they go one
   * at a time, the first after the pause (unless `ownPauseWaited`: the send that was refused has
   * just slept it), each of the others once the one before it has its answer; the socket sends
   * freely again once a send is taken and none is waiting. Call the returned function with whether
   * the answer was a refusal. (Letting every waiting send go as soon as one was taken made a burst
   * of refusals each time an overloaded server took one send: 140,000 in a minute in the fault run.)
   */
  async turn(sleep: (ms: number) => Promise<void>, ownPauseWaited = false): Promise<(refused: boolean) => void> {
    this.waiting++;
    try {
      while (this.refusing && this.probe) await this.probe;
    } finally {
      this.waiting--;
    }
    if (!this.refusing) return () => {};
    let release!: () => void;
    this.probe = new Promise<void>((resolve) => (release = resolve));
    const wait = ownPauseWaited ? 0 : this.pausedForMs();
    if (wait > 0) await sleep(wait);
    return (refused) => {
      if (!refused) {
        this.refusalsInARow = 0;
        if (this.waiting === 0) this.refusing = false;
      }
      this.probe = undefined;
      release();
    };
  }

  /** Resolves once connected and caught up (at once if so already). */
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

export type SendAck<T> = { ok: true; message?: T; data?: unknown } | { ok: false; error: { code: string; message: string } };

/**
 * Emits `event` and waits for its acknowledgement; on a timeout, a lost connection or a retryable
 * error it waits `retryDelayMs(attempt)`, then for the gate (connected and synced), and sends the
 * same payload again (same clientId: the server stores it once). An `unavailable` or `rate_limited`
 * answer also pauses the gate for that pause, so the socket's other sends hold back as well and then
 * go one at a time until one is taken and none waits (`SyncGate.turn`). Resolves with the last answer;
 * `ack_timeout` / `disconnected` stand for an answer that never came.
 */
export async function emitWithRetry<T>(
  socket: Pick<Socket, "timeout" | "connected">,
  gate: Pick<SyncGate, "whenReady" | "refused" | "turn">,
  event: string,
  payload: unknown,
  options: { policy?: RetryPolicy; onRetry?: (code: string, attempt: number) => void; sleep?: (ms: number) => Promise<void> } = {},
): Promise<SendAck<T>> {
  const policy = options.policy ?? SEND_RETRY;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let waitedOwnPause = false;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await gate.whenReady();
    // Another send on this socket was refused as overloaded: wait out its pause, one send at a time.
    const done = await gate.turn(sleep, waitedOwnPause);
    waitedOwnPause = false;
    let ack: SendAck<T>;
    if (!socket.connected) {
      // Not emitted: socket.io-client would buffer it and flush it on reconnect, before the sync.
      ack = { ok: false, error: { code: "disconnected", message: "messaging.conversation.offline" } };
    } else {
      try {
        ack = (await socket.timeout(policy.ackTimeoutMs).emitWithAck(event, payload)) as SendAck<T>;
      } catch (error) {
        const lost = error instanceof Error && /disconnected/.test(error.message);
        ack = { ok: false, error: { code: lost ? "disconnected" : "ack_timeout", message: "messaging.conversation.offline" } };
      }
    }
    const refused = !ack.ok && OVERLOAD_CODES.has(ack.error.code);
    // A refusal as overloaded: the socket's back-off (all its sends wait); otherwise this message's.
    const delay = refused ? gate.refused(policy) : retryDelayMs(attempt, policy);
    done(refused);
    if (ack.ok || !RETRYABLE_CODES.has(ack.error.code) || attempt + 1 >= policy.maxAttempts) return ack;
    options.onRetry?.(ack.error.code, attempt);
    waitedOwnPause = refused;
    await sleep(delay);
  }
}

let socket: Socket | undefined;
let gate: SyncGate | undefined;

export function getSocket(): Socket {
  if (!socket) {
    const created = io({ transports: ["websocket"], withCredentials: true, ...RECONNECT });
    keepTrying(created);
    gate = new SyncGate(created);
    socket = created;
  }
  return socket;
}

/** The page's gate: the conversation page calls `synced()` after its catch-up. */
export function syncGate(): SyncGate {
  getSocket();
  return gate!;
}

/**
 * Socket.IO retries a lost connection by itself, but not a handshake the server refused: then
 * `socket.active` is false and only `connect()` tries again. `unavailable` is the one refusal that
 * passes (the server could not check the session: database down, or restarting), so the page tries
 * again with a growing, jittered pause; `unauthorized` and `forbidden_origin` stay refused.
 */
function keepTrying(s: Socket) {
  let attempt = 0;
  s.on("connect", () => {
    attempt = 0;
  });
  s.on("connect_error", (error) => {
    if (s.active || error.message !== "unavailable") return;
    // Capped like a lost connection: a restarting server refuses handshakes for a moment only.
    setTimeout(() => s.connect(), retryDelayMs(attempt++, { baseMs: RECONNECT.reconnectionDelay, maxMs: RECONNECT.reconnectionDelayMax }));
  });
}

/** The same socket, for callers written against a promise. */
export function portalSocket(): Promise<Socket> {
  return Promise.resolve(getSocket());
}
