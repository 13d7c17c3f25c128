// Coalescing of single-key lookups: while a statement for some keys is in flight, the keys asked
// for meanwhile wait and go together in the next statement. A lone lookup goes at once (no added
// delay); a burst (2,000 sockets reconnecting to a restarted server, each checking its session)
// becomes a few statements for many keys instead of one statement, one round trip and one pool
// connection each. The statement count matters more than the rows here: each statement costs a
// system call and a wake-up of a database process (docs/benchmarks-messaging.md).

export interface BatchOptions {
  /** Statements in flight at once; keys asked for beyond that wait for the next one. */
  concurrency?: number;
  /** Keys per statement at most. */
  maxKeys?: number;
}

/**
 * Returns `get(key)`, answering from `load(keys)` (which returns what it found, by key; a key it
 * did not return resolves to undefined). An error of `load` rejects every lookup of its batch.
 */
export function batchedLookup<K, V>(load: (keys: K[]) => Promise<Map<K, V>>, options: BatchOptions = {}): (key: K) => Promise<V | undefined> {
  const concurrency = options.concurrency ?? 2;
  const maxKeys = options.maxKeys ?? 500;
  let waiting = new Map<K, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>();
  let inFlight = 0;

  function next() {
    if (inFlight >= concurrency || waiting.size === 0) return;
    let batch = waiting;
    if (waiting.size > maxKeys) {
      const entries = [...waiting];
      batch = new Map(entries.slice(0, maxKeys));
      waiting = new Map(entries.slice(maxKeys));
    } else {
      waiting = new Map();
    }
    inFlight++;
    load([...batch.keys()]).then(
      (found) => {
        for (const [key, callers] of batch) for (const c of callers) c.resolve(found.get(key));
      },
      (error: unknown) => {
        for (const callers of batch.values()) for (const c of callers) c.reject(error);
      },
    ).finally(() => {
      inFlight--;
      next();
    });
  }

  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      const callers = waiting.get(key);
      if (callers) callers.push({ resolve, reject });
      else waiting.set(key, [{ resolve, reject }]);
      next();
    });
}
