// Presence: which users have a connected socket, and whether they are at the keyboard. Each socket
// records its own status with an expiry that its instance refreshes; a user is "online" when any
// socket says online, "away" when all say away, "offline" when none is left (or their instance died
// and the entries expired). In Redis when REDIS_URL is set, so every instance sees every socket.
import type { RedisClient } from "../redis.js";

export const PRESENCE_STATUSES = ["online", "away", "offline"] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

/** How long an entry lives without a refresh; instances refresh theirs every third of it. */
export const PRESENCE_TTL_MS = 90_000;

export interface PresenceStore {
  set(userId: string, socketId: string, status: Exclude<PresenceStatus, "offline">): Promise<void>;
  remove(userId: string, socketId: string): Promise<void>;
  statusOf(userIds: string[]): Promise<Map<string, PresenceStatus>>;
}

type Entries = Record<string, string>;

function aggregate(entries: Entries | undefined, now: number): PresenceStatus {
  let best: PresenceStatus = "offline";
  for (const value of Object.values(entries ?? {})) {
    const [status, expires] = value.split("|");
    if (Number(expires) < now) continue;
    if (status === "online") return "online";
    if (status === "away") best = "away";
  }
  return best;
}

export function memoryPresence(now: () => number = Date.now): PresenceStore {
  const users = new Map<string, Entries>();
  return {
    async set(userId, socketId, status) {
      const entries = users.get(userId) ?? {};
      entries[socketId] = `${status}|${now() + PRESENCE_TTL_MS}`;
      users.set(userId, entries);
    },
    async remove(userId, socketId) {
      const entries = users.get(userId);
      if (!entries) return;
      delete entries[socketId];
      if (Object.keys(entries).length === 0) users.delete(userId);
    },
    async statusOf(userIds) {
      const t = now();
      return new Map(userIds.map((id) => [id, aggregate(users.get(id), t)]));
    },
  };
}

/** One hash per user: field = socket id, value = "status|expiresAtMs"; the key expires with its newest entry. */
export function redisPresence(redis: RedisClient, prefix: string, now: () => number = Date.now): PresenceStore {
  const key = (userId: string) => `${prefix}presence:${userId}`;
  return {
    async set(userId, socketId, status) {
      const k = key(userId);
      await redis.multi().hSet(k, socketId, `${status}|${now() + PRESENCE_TTL_MS}`).pExpire(k, PRESENCE_TTL_MS).exec();
    },
    async remove(userId, socketId) {
      await redis.hDel(key(userId), socketId);
    },
    async statusOf(userIds) {
      // Commands issued in the same tick are pipelined by node-redis: one round trip.
      const all = await Promise.all(userIds.map((id) => redis.hGetAll(key(id))));
      const t = now();
      return new Map(userIds.map((id, i) => [id, aggregate(all[i] as Entries, t)]));
    },
  };
}
