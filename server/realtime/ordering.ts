// Sends to one conversation commit in seq order (the conversation's row lock), but their results
// come back on different database connections and may resume here in another order. This puts the
// broadcasts back in seq order: while other sends to the same conversation are still in flight on
// this instance (begin/end), a message that arrived ahead of its predecessor waits for it; once none
// is in flight, everything waiting goes out in order. A message whose predecessor went through
// another instance or a form post is not held (nothing local is in flight). A safety timer bounds
// the wait. Clients still order by seq and sync over any gap (docs/realtime.md); this only spares
// them the reordering in the common case.
const SAFETY_MS = 1_000;
/** Conversations remembered; the least recently used are forgotten first. */
const MAX_TRACKED = 20_000;

interface State {
  /** The next seq to go out, once known. */
  expected?: number;
  pending: Map<number, () => void>;
  inFlight: number;
  timer?: NodeJS.Timeout;
}

export function createOrderedEmitter(safetyMs = SAFETY_MS) {
  const states = new Map<string, State>();

  function touch(conversationId: string): State {
    let state = states.get(conversationId);
    if (state) {
      states.delete(conversationId); // re-inserted below: most recently used last
    } else {
      state = { pending: new Map(), inFlight: 0 };
      if (states.size >= MAX_TRACKED) {
        for (const [id, old] of states) {
          if (old.inFlight > 0 || old.pending.size > 0) continue;
          states.delete(id);
          break;
        }
      }
    }
    states.set(conversationId, state);
    return state;
  }

  function drain(state: State) {
    if (state.expected === undefined) return;
    for (let fn = state.pending.get(state.expected); fn; fn = state.pending.get(state.expected)) {
      state.pending.delete(state.expected);
      state.expected++;
      fn();
    }
  }

  function flush(state: State) {
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    for (const seq of [...state.pending.keys()].sort((a, b) => a - b)) {
      const fn = state.pending.get(seq)!;
      state.pending.delete(seq);
      state.expected = Math.max(state.expected ?? 0, seq + 1);
      fn();
    }
  }

  return {
    /** A send to this conversation started here; call `end` when it finished (after its emit). */
    begin(conversationId: string) {
      touch(conversationId).inFlight++;
    },
    end(conversationId: string) {
      const state = states.get(conversationId);
      if (!state) return;
      state.inFlight = Math.max(0, state.inFlight - 1);
      if (state.inFlight === 0 && state.pending.size > 0) flush(state);
    },
    emit(conversationId: string, seq: number, fn: () => void) {
      const state = touch(conversationId);
      if (state.expected !== undefined && seq < state.expected) return fn(); // late: no reason to wait
      state.pending.set(seq, fn);
      drain(state);
      if (state.pending.size === 0) return;
      // Only this send (or none, for a form post) is in flight: nothing local can fill the gap.
      if (state.inFlight <= 1) return flush(state);
      if (!state.timer) {
        state.timer = setTimeout(() => flush(state), safetyMs);
        state.timer.unref();
      }
    },
    close() {
      for (const state of states.values()) if (state.timer) clearTimeout(state.timer);
      states.clear();
    },
  };
}
