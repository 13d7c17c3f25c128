// Admission control for new messages. When the process is overloaded (a reconnect storm after a
// restart: thousands of handshakes and `sync` calls at once, plus every client's retries) a send
// that is queued is worse than one refused: it holds a database connection that a `sync` needs,
// its sender times out and retries anyway, and the queue only grows. So `message:send` is refused
// at once with `unavailable` (retryable, docs/realtime.md) while
//   - this instance already has `maxSendsInFlight` sends waiting for the database, or
//   - catch-up work (handshakes and `sync` calls) is in flight beyond `catchUpPriority`: catching
//     clients up comes first, or
//   - the event loop has lagged by `maxLoopDelayMs` or more in each of the last two sampling windows
//     (off with the embedded database: PGlite runs in the process, so its queries are loop delay).
// `sync` is never refused here, and nothing about storing or acknowledging a send that was admitted
// changes: it is still stored before it is acknowledged and broadcast.
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface AdmissionOptions {
  /** Sends waiting for the database on this instance before new ones are refused (0 refuses all). */
  maxSendsInFlight: number;
  /** Event-loop delay (ms) at or above which new sends are refused (0 turns this check off). */
  maxLoopDelayMs: number;
  /** Handshakes and syncs in flight above which new sends are refused, so catch-up goes first. */
  catchUpPriority: number;
  /** How often the event-loop delay is read (ms). */
  sampleMs?: number;
  /**
   * How long `catchingUp()` stays true, and new sends are refused, after catch-up work was last above
   * `catchUpPriority` (ms): a storm arrives in waves (clients' reconnect back-off), and the gaps
   * between them are not its end. Sends admitted in a gap took the CPU the next wave's handshakes
   * needed (fault run: caught up in 10 to 18 s instead of 4).
   */
  settleMs?: number;
  now?: () => number;
}

export type RefusalReason = "sends_in_flight" | "catching_up" | "loop_delay";

export function createAdmission(options: AdmissionOptions) {
  const sampleMs = options.sampleMs ?? 250;
  // The clients' longest reconnect pause (RECONNECT in app/lib/socket.client.ts: 3 s): a client still
  // to come back after a wave has had its next try by then.
  const settleMs = options.settleMs ?? 3_000;
  const now = options.now ?? Date.now;
  /** When catch-up work was last above catchUpPriority. */
  let busyAt = Number.NEGATIVE_INFINITY;
  let sendsInFlight = 0;
  let catchUpInFlight = 0;
  /** The longest event-loop delay seen in the last complete window, in ms. */
  let loopDelayMs = 0;
  const refused: Record<RefusalReason, number> = { sends_in_flight: 0, catching_up: 0, loop_delay: 0 };

  // The histogram records how late the loop ran a 10 ms timer; a loop busy with a storm shows it at
  // once. The sampler itself also runs late then, which is fine: it reads the worst delay seen.
  const histogram = options.maxLoopDelayMs > 0 ? monitorEventLoopDelay({ resolution: 10 }) : undefined;
  histogram?.enable();
  // Sustained, not a blip: the lower of the last two windows' worst delays, so one long garbage
  // collection or one burst of work does not refuse anything, while a storm (seconds) does.
  let previousWindowMs = 0;
  const sampler = histogram
    ? setInterval(() => {
        const windowMs = histogram.max / 1e6;
        loopDelayMs = Math.min(windowMs, previousWindowMs);
        previousWindowMs = windowMs;
        histogram.reset();
      }, sampleMs)
    : undefined;
  sampler?.unref();

  function reasonToRefuse(): RefusalReason | null {
    if (sendsInFlight >= options.maxSendsInFlight) return "sends_in_flight";
    if (catchUpInFlight > options.catchUpPriority || now() - busyAt < settleMs) return "catching_up";
    if (histogram && loopDelayMs >= options.maxLoopDelayMs) return "loop_delay";
    return null;
  }

  return {
    /**
     * Admits one send (call the returned `done` when it has finished, whatever the outcome), or
     * returns null: refuse it with `unavailable`.
     */
    admitSend(): (() => void) | null {
      const reason = reasonToRefuse();
      if (reason) {
        refused[reason]++;
        return null;
      }
      sendsInFlight++;
      let finished = false;
      return () => {
        if (finished) return;
        finished = true;
        sendsInFlight--;
      };
    },
    /** Wraps catch-up work (a handshake's checks, a `sync`): always admitted, but counted. */
    async catchUp<T>(work: () => Promise<T>): Promise<T> {
      catchUpInFlight++;
      if (catchUpInFlight > options.catchUpPriority) busyAt = now();
      try {
        return await work();
      } finally {
        catchUpInFlight--;
      }
    },
    /**
     * More catch-up work in flight than catchUpPriority, now or within the last `settleMs`: other
     * work (presence announcements) waits.
     */
    catchingUp() {
      return catchUpInFlight > options.catchUpPriority || now() - busyAt < settleMs;
    },
    stats() {
      return { sendsInFlight, catchUpInFlight, loopDelayMs: Math.round(loopDelayMs), refused: { ...refused } };
    },
    close() {
      if (sampler) clearInterval(sampler);
      histogram?.disable();
    },
  };
}

export type Admission = ReturnType<typeof createAdmission>;
