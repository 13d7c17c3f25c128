// Sends to one conversation commit in seq order (the conversation's row lock), but their results
// come back on different database connections and may resume here in another order. This puts the
// broadcasts back in seq order: a message that arrives ahead of its predecessor waits for it, at most
// HOLD_MS (the predecessor may have been sent through another instance and never pass here); then
// everything waiting goes out in order. Clients still order by seq and sync over any gap
// (docs/realtime.md); this only spares them the reordering in the common case.
const HOLD_MS = 25;
/** Conversations remembered; the least recently used are forgotten first. */
const MAX_TRACKED = 20_000;

interface State {
  expected: number;
  pending: Map<number, () => void>;
  timer?: NodeJS.Timeout;
}

export function createOrderedEmitter(holdMs = HOLD_MS) {
  const states = new Map<string, State>();

  function drain(state: State) {
    for (let fn = state.pending.get(state.expected); fn; fn = state.pending.get(state.expected)) {
      state.pending.delete(state.expected);
      state.expected++;
      fn();
    }
    if (state.pending.size === 0 && state.timer) {
      clearTimeout(state.timer);
      state.timer = undefined;
    }
  }

  function flush(state: State) {
    state.timer = undefined;
    for (const seq of [...state.pending.keys()].sort((a, b) => a - b)) {
      const fn = state.pending.get(seq)!;
      state.pending.delete(seq);
      state.expected = Math.max(state.expected, seq + 1);
      fn();
    }
  }

  return {
    emit(conversationId: string, seq: number, fn: () => void) {
      let state = states.get(conversationId);
      if (state) {
        states.delete(conversationId); // re-inserted below: most recently used last
      } else {
        state = { expected: seq, pending: new Map() };
        if (states.size >= MAX_TRACKED) {
          const oldest = states.keys().next().value;
          if (oldest !== undefined) {
            const old = states.get(oldest)!;
            if (old.timer) clearTimeout(old.timer);
            flush(old);
            states.delete(oldest);
          }
        }
      }
      states.set(conversationId, state);
      if (seq < state.expected) return fn(); // late (held too long, or sent elsewhere): no reason to wait
      state.pending.set(seq, fn);
      drain(state);
      if (state.pending.size > 0 && !state.timer) {
        const s = state;
        s.timer = setTimeout(() => flush(s), holdMs);
        s.timer.unref();
      }
    },
    close() {
      for (const state of states.values()) if (state.timer) clearTimeout(state.timer);
      states.clear();
    },
  };
}
