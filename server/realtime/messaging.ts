// The messaging protocol over Socket.IO (docs/realtime.md): send, edit and delete messages, catch up
// with `sync`, typing indicators, read receipts and presence. Every event is validated, rate limited
// per user and acknowledged. Authorization lives in the domain (server/domain/messaging.ts); this
// layer only relays. Live events reach members through their `user:<id>` rooms (DIRECT, GROUP) or
// their organisations' `org:<id>` rooms (DEAL), computed from the database at each event, so a
// member who left or was removed stops hearing at once, with no room state to keep in step.
import {
  BurstyRateLimiter,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { Server } from "socket.io";
import { z } from "zod";
import type { CurrentUser } from "../auth/index.js";
import type { Audience, MessageView, PresenceParty, SyncedConversation, SyncRequest } from "../domain/messaging.js";
import { batchedLookup } from "../db/batch.js";
import type { Logger } from "../logger.js";
import type { RedisClient } from "../redis.js";
import type { Services } from "../services.js";
import { ackError, type AckError } from "./acks.js";
import type { Admission } from "./admission.js";
import { createOrderedEmitter } from "./ordering.js";
import { memoryPresence, PRESENCE_TTL_MS, redisPresence, type PresenceStatus, type PresenceStore } from "./presence.js";

export type { AckError } from "./acks.js";
export type MessageAck = (response: { ok: true; message: MessageView } | { ok: false; error: AckError }) => void;
export type DataAck<T> = (response: { ok: true; data: T } | { ok: false; error: AckError }) => void;

export interface MessagingClientEvents {
  "message:send": (payload: { conversationId: string; clientId: string; body: string; replyToId?: string }, ack: MessageAck) => void;
  "message:edit": (payload: { messageId: string; body: string }, ack: MessageAck) => void;
  "message:delete": (payload: { messageId: string }, ack: MessageAck) => void;
  sync: (payload: { cursors: Record<string, number> }, ack: DataAck<{ conversations: SyncedConversation[] }>) => void;
  typing: (payload: { conversationId: string; typing?: boolean }, ack: DataAck<null>) => void;
  read: (payload: { conversationId: string; seq: number }, ack: DataAck<{ conversationId: string; seq: number }>) => void;
  presence: (payload: { status: "online" | "away" }, ack: DataAck<{ status: PresenceStatus }>) => void;
  "presence:get": (payload: { conversationId: string }, ack: DataAck<{ presence: Record<string, PresenceStatus> }>) => void;
}

export interface MessagingServerEvents {
  "message:new": (payload: { message: MessageView }) => void;
  "message:updated": (payload: { message: MessageView }) => void;
  typing: (payload: { conversationId: string; userId: string; name: string; typing: boolean }) => void;
  read: (payload: { conversationId: string; userId: string; seq: number }) => void;
  presence: (payload: { userId: string; status: PresenceStatus }) => void;
}

interface MessagingSocketData {
  user: CurrentUser;
  sessionId: string;
  presence?: "online" | "away";
}

// The portal's Server is typed with the union of every module's events; this module needs only its own.
type MessagingServer = Server<MessagingClientEvents, MessagingServerEvents, Record<string, never>, MessagingSocketData>;

const rooms = {
  user: (id: string) => `user:${id}`,
  organization: (id: string) => `org:${id}`,
};

// Payload shapes checked here; the domain validates the content (lengths, ids, membership) again.
const payloads = {
  "message:send": z.object({ conversationId: z.string(), clientId: z.string(), body: z.string(), replyToId: z.string().nullish() }),
  "message:edit": z.object({ messageId: z.string(), body: z.string() }),
  "message:delete": z.object({ messageId: z.string() }),
  sync: z.object({ cursors: z.record(z.string(), z.number()) }),
  typing: z.object({ conversationId: z.string(), typing: z.boolean().default(true) }),
  read: z.object({ conversationId: z.string(), seq: z.number().int().min(0) }),
  presence: z.object({ status: z.enum(["online", "away"]) }),
  "presence:get": z.object({ conversationId: z.string() }),
} satisfies Record<keyof MessagingClientEvents, z.ZodType>;

type Limiter = Pick<RateLimiterAbstract, "consume">;

/**
 * Per-user event limits: in Redis when there is one (all instances count together), in memory
 * otherwise. While Redis is down the in-memory limiter counts instead, so sending never waits for
 * Redis to come back (node-redis would queue the command until then).
 */
function createLimiter(services: Services, redis: RedisClient | undefined): { consume(key: string): Promise<unknown> } {
  const { perSecond, burst } = services.config.socketRate;
  const prefix = services.config.redisKeyPrefix;
  const build = (make: (keyPrefix: string, points: number, duration: number) => RateLimiterAbstract): Limiter => {
    const steady = make("socket_rate", perSecond, 1);
    if (burst <= perSecond) return steady;
    // The burst allowance refills over 10 s: about `perSecond` per second sustained, `burst` at once.
    return new BurstyRateLimiter(steady, make("socket_burst", burst - perSecond, 10));
  };
  const memory = build((keyPrefix, points, duration) => new RateLimiterMemory({ keyPrefix, points, duration }));
  if (!redis) return memory;
  const shared = build(
    (keyPrefix, points, duration) =>
      new RateLimiterRedis({
        storeClient: redis,
        useRedisPackage: true,
        keyPrefix: `${prefix}${keyPrefix}`,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
      }),
  );
  return { consume: (key) => (redis.isReady ? shared.consume(key) : memory.consume(key)) };
}

/** Clients' syncs in one statement at most. */
const SYNC_BATCH_MAX = 200;

/** Users whose deferred presence one drain round announces (one contacts statement). */
const PRESENCE_DRAIN_BATCH = 500;

/** The answer to a send refused by admission control: nothing was stored; retry later, same clientId. */
const UNAVAILABLE = { ok: false, error: { code: "unavailable", message: "messaging.errors.unavailable" } } as const;

export function registerMessaging(ioServer: Server, services: Services, logger: Logger, admission: Admission, redis?: RedisClient) {
  const io = ioServer as unknown as MessagingServer;
  const messaging = services.messaging;
  const limiter = createLimiter(services, redis);
  const ordered = createOrderedEmitter();
  const presence: PresenceStore = redis ? redisPresence(redis, services.config.redisKeyPrefix) : memoryPresence();

  const roomsOf = (audience: Audience) => [
    ...audience.userIds.map(rooms.user),
    ...audience.organizationIds.map(rooms.organization),
  ];

  async function allowed(userId: string): Promise<boolean> {
    try {
      await limiter.consume(userId);
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      logger.warn({ err: error }, "socket rate limiter failed; letting the event through");
      return true;
    }
  }

  /** Tells a user's contacts their presence, when it changed. */
  async function presenceChanged(user: CurrentUser, before: PresenceStatus) {
    const after = (await presence.statusOf([user.id])).get(user.id) ?? "offline";
    if (after === before) return after;
    // While the instance is catching clients up (a reconnect storm), telling contacts waits: the
    // contacts query and an event per contact would compete with the handshakes and syncs. The
    // user's status itself is stored at once (presence:get answers it); the announcement follows
    // once the storm has passed, with the status current by then.
    if (admission.catchingUp()) {
      deferredPresence.set(user.id, user);
      return after;
    }
    const contacts = await contactsOf(user);
    if (contacts) tell(user.id, contacts, after);
    return after;
  }

  // Whom to tell, for users whose presence changed at about the same time: one statement for all of
  // them (server/db/batch.ts), not one per connection. The key carries the organisation as well
  // ("userId organizationId"): DEAL rooms are shared by organisation.
  const contactsLookup = batchedLookup(async (keys: string[]) => {
    const parties = keys.map((key) => {
      const [id, organizationId] = key.split(" ");
      return { id, organization: { id: organizationId } };
    });
    const found = await messaging.contactsOfMany(parties);
    return new Map(parties.map((p, i) => [keys[i], found.get(p.id)]));
  });
  const contactsOf = (user: PresenceParty) => contactsLookup(`${user.id} ${user.organization.id}`);

  function tell(userId: string, contacts: Audience, status: PresenceStatus) {
    const targets = [...contacts.userIds.filter((id) => id !== userId).map(rooms.user), ...contacts.organizationIds.map(rooms.organization)];
    if (targets.length) io.to(targets).emit("presence", { userId, status });
  }

  const deferredPresence = new Map<string, CurrentUser>();
  let draining = false;
  const drainPresence = setInterval(async () => {
    if (draining || deferredPresence.size === 0 || admission.catchingUp()) return;
    draining = true;
    // A bounded number per round (one contacts statement each), so the announcements do not become
    // a storm of their own; the status is read now, so it is current.
    const batch = [...deferredPresence.values()].slice(0, PRESENCE_DRAIN_BATCH);
    for (const user of batch) deferredPresence.delete(user.id);
    try {
      const [statuses, contacts] = await Promise.all([presence.statusOf(batch.map((u) => u.id)), messaging.contactsOfMany(batch)]);
      for (const user of batch) {
        const audience = contacts.get(user.id);
        if (audience) tell(user.id, audience, statuses.get(user.id) ?? "offline");
      }
    } catch (error) {
      // Tried again next round (unless a newer change of the user's is waiting already).
      for (const user of batch) if (!deferredPresence.has(user.id)) deferredPresence.set(user.id, user);
      logger.warn({ err: error }, "presence announcement failed");
    } finally {
      draining = false;
    }
  }, 250);
  drainPresence.unref();

  async function setPresence(socketId: string, user: CurrentUser, status: "online" | "away" | "offline") {
    const before = (await presence.statusOf([user.id])).get(user.id) ?? "offline";
    if (status === "offline") await presence.remove(user.id, socketId);
    else await presence.set(user.id, socketId, status);
    return presenceChanged(user, before);
  }

  // Syncs that arrive while one is in flight go together in the next statement (syncMany, with
  // server/db/batch.ts): after a restart every client syncs within seconds, and a few statements for
  // hundreds of clients each cost far less than a statement and a database round trip per client.
  // A lone sync goes at once.
  const syncRequests = new Map<number, SyncRequest>();
  let nextSyncKey = 0;
  const syncLookup = batchedLookup(
    async (keys: number[]) => {
      const outcomes = await messaging.syncMany(keys.map((key) => syncRequests.get(key)!));
      return new Map(keys.map((key, i) => [key, outcomes[i]]));
    },
    { maxKeys: SYNC_BATCH_MAX },
  );
  async function syncCoalesced(user: CurrentUser, payload: unknown): Promise<{ conversations: SyncedConversation[] }> {
    const key = nextSyncKey++;
    syncRequests.set(key, { actor: user, input: payload });
    try {
      const outcome = await syncLookup(key);
      if (!outcome) throw new Error("sync: no outcome for a request");
      if (!outcome.ok) throw outcome.error;
      return { conversations: outcome.conversations };
    } finally {
      syncRequests.delete(key);
    }
  }

  let closing = false;
  let lastRefusalLog = 0;

  // Changes from sockets and from plain form posts alike reach every member's sockets (the sender's
  // included, so their other tabs and devices follow; clients ignore a message id they already have).
  services.hooks.messaging = (event) => {
    const targets = roomsOf(event.audience);
    if (targets.length === 0) return;
    if (event.type === "message:new") {
      ordered.emit(event.message.conversationId, event.message.seq, () => io.to(targets).emit("message:new", { message: event.message }));
    } else if (event.type === "read") {
      // The reader's other devices hear it too, so their unread counts follow.
      io.to(targets).emit("read", { conversationId: event.conversationId, userId: event.userId, seq: event.seq });
    } else {
      io.to(targets).emit("message:updated", { message: event.message });
    }
  };

  io.on("connection", (socket) => {
    const user = socket.data.user;
    socket.data.presence = "online";
    // Part of connecting, so counted as catch-up work (admission.ts).
    admission.catchUp(() => setPresence(socket.id, user, "online")).catch((error) => logger.warn({ err: error }, "presence update failed"));
    socket.on("disconnect", () => {
      if (closing) return;
      setPresence(socket.id, user, "offline").catch((error) => logger.warn({ err: error }, "presence update failed"));
    });

    /**
     * Validates, rate limits and acknowledges one event; `run` does the work. `message:send` passes
     * admission control first (refused at once with `unavailable` while overloaded); `sync` never
     * is refused by it but counts as catch-up work, which new sends give way to.
     */
    function on<E extends keyof MessagingClientEvents, R>(
      event: E,
      run: (payload: z.output<(typeof payloads)[E]>) => Promise<R>,
      respond: (result: R) => object,
    ) {
      // Socket.IO's typed `on` cannot be called with a generic event name; the handler is typed by `payloads`.
      (socket.on as (event: string, listener: (payload: unknown, ack: unknown) => void) => void)(event, async (payload, ack) => {
        const reply = typeof ack === "function" ? (ack as (response: object) => void) : () => {};
        if (!(await allowed(user.id))) {
          return reply({ ok: false, error: { code: "rate_limited", message: "messaging.errors.rateLimited" } });
        }
        const parsed = payloads[event].safeParse(payload);
        if (!parsed.success) {
          return reply({ ok: false, error: { code: "invalid_input", message: "errors.invalidInput" } });
        }
        const done = event === "message:send" ? admission.admitSend() : undefined;
        if (done === null) {
          if (Date.now() - lastRefusalLog > 5_000) {
            lastRefusalLog = Date.now();
            logger.warn({ admission: admission.stats() }, "overloaded: refusing new messages with unavailable");
          }
          return reply(UNAVAILABLE);
        }
        try {
          const work = () => run(parsed.data as z.output<(typeof payloads)[E]>);
          reply(respond(await (event === "sync" ? admission.catchUp(work) : work())));
        } catch (error) {
          reply({ ok: false, error: ackError(error, logger) });
        } finally {
          done?.();
        }
      });
    }

    on(
      "message:send",
      async (payload) => {
        // Stored (committed) before anyone hears of it.
        // The domain stores it, then relays it through services.hooks.messaging (below), in seq order.
        ordered.begin(payload.conversationId);
        try {
          return (await messaging.sendMessage(user, payload)).message;
        } finally {
          ordered.end(payload.conversationId);
        }
      },
      (message) => ({ ok: true, message }),
    );

    on(
      "message:edit",
      async (payload) => {
        return (await messaging.editMessage(user, payload)).message;
      },
      (message) => ({ ok: true, message }),
    );

    on(
      "message:delete",
      async (payload) => {
        return (await messaging.deleteMessage(user, payload)).message;
      },
      (message) => ({ ok: true, message }),
    );

    on("sync", (payload) => syncCoalesced(user, payload), (data) => ({ ok: true, data }));

    on(
      "read",
      async (payload) => {
        const result = await messaging.markRead(user, payload);
        return { conversationId: result.conversationId, seq: result.seq };
      },
      (data) => ({ ok: true, data }),
    );

    on(
      "typing",
      async (payload) => {
        const { conversationId, audience } = await messaging.audience(user, payload);
        socket.to(roomsOf(audience)).emit("typing", { conversationId, userId: user.id, name: user.name, typing: payload.typing });
        return null;
      },
      (data) => ({ ok: true, data }),
    );

    on(
      "presence",
      async (payload) => {
        socket.data.presence = payload.status;
        const status = await setPresence(socket.id, user, payload.status);
        return { status };
      },
      (data) => ({ ok: true, data }),
    );

    on(
      "presence:get",
      async (payload) => {
        const page = await messaging.getConversation(user, payload);
        const statuses = await presence.statusOf(page.conversation.members.map((m) => m.id));
        return { presence: Object.fromEntries(statuses) };
      },
      (data) => ({ ok: true, data }),
    );
  });

  // Keep this instance's presence entries alive; a crashed instance's entries expire on their own.
  const heartbeat = setInterval(async () => {
    try {
      const sockets = await io.local.fetchSockets();
      await Promise.all(sockets.map((s) => presence.set(s.data.user.id, s.id, s.data.presence ?? "online")));
    } catch (error) {
      logger.warn({ err: error }, "presence refresh failed");
    }
  }, PRESENCE_TTL_MS / 3);
  heartbeat.unref();

  return {
    presence,
    async close() {
      closing = true;
      clearInterval(heartbeat);
      clearInterval(drainPresence);
      ordered.close();
      // Leaving gracefully: this instance's sockets are about to go; say so now rather than in 90 s.
      const sockets = await io.local.fetchSockets();
      await Promise.allSettled(sockets.map((s) => presence.remove(s.data.user.id, s.id)));
    },
  };
}
