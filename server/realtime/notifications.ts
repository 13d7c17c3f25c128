// Notifications over Socket.IO: the bell's live half. The domain tells us, after a commit, which
// users were notified (`notificationsCreated`) or read some (`notificationsRead`); we push to the
// user's room, which the Redis Streams adapter (with REDIS_URL) carries to every instance, so all of
// a user's tabs and devices stay in step. Clients mark read through acknowledged events.
import type { Server } from "socket.io";
import { z } from "zod";
import type { NotificationView } from "../domain/notifications.js";
import type { Logger } from "../logger.js";
import type { Services } from "../services.js";
import { ackError } from "./acks.js";
import { rooms, type Ack, type ClientToServerEvents, type PortalSocket, type ServerToClientEvents, type SocketData } from "./index.js";

// The event maps live in index.ts; these merge into them, so this module's events are typed like the rest.
declare module "./index.js" {
  interface ClientToServerEvents {
    "notifications:read": (payload: unknown, ack: Ack<{ id: string; unreadCount: number }>) => void;
    /** The payload may be left out: `emit("notifications:read-all", ack)`. */
    "notifications:read-all": (payload: unknown, ack?: Ack<{ marked: number; unreadCount: number }>) => void;
    /** The current unread count, e.g. after a reconnect; the payload may be left out too. */
    "notifications:count": (payload: unknown, ack?: Ack<{ unreadCount: number }>) => void;
  }
  interface ServerToClientEvents {
    "notification:new": (payload: { notification: NotificationView; unreadCount: number }) => void;
    "notification:read": (payload: { id: string; unreadCount: number }) => void;
    "notifications:count": (payload: { unreadCount: number }) => void;
  }
}

const ReadPayload = z.object({ id: z.uuid() }).strict();
const NoPayload = z.union([z.undefined(), z.null(), z.object({}).strict()]);

const invalid = { ok: false as const, error: { code: "invalid_input", message: "errors.invalidInput" } };

type PortalServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Wires the notification events and fills the domain's notification hooks. Call once per Server. */
export function registerNotifications(server: PortalServer, services: Services, logger: Logger) {
  services.hooks.notificationsCreated = (userIds) => {
    const perUser = new Map<string, number>();
    for (const id of userIds) perUser.set(id, (perUser.get(id) ?? 0) + 1);
    for (const [userId, count] of perUser) {
      services.notifications
        .latestForPush(userId, count)
        .then(({ notifications, unreadCount }) => {
          for (const notification of notifications) server.to(rooms.user(userId)).emit("notification:new", { notification, unreadCount });
        })
        .catch((error: unknown) => logger.warn({ err: error, userId }, "notification push failed"));
    }
  };

  services.hooks.notificationsRead = (userId, readId, unreadCount) => {
    if (readId) server.to(rooms.user(userId)).emit("notification:read", { id: readId, unreadCount });
    else server.to(rooms.user(userId)).emit("notifications:count", { unreadCount });
  };

  server.on("connection", (socket: PortalSocket) => {
    const { user } = socket.data;
    socket.on("notifications:read", async (payload, ack) => {
      if (typeof ack !== "function") return;
      const parsed = ReadPayload.safeParse(payload);
      if (!parsed.success) return ack(invalid);
      try {
        ack({ ok: true, data: await services.notifications.markRead(user, parsed.data) });
      } catch (error) {
        ack({ ok: false, error: ackError(error, logger) });
      }
    });
    // Both take an optional payload: `emit(event, ack)` and `emit(event, {}, ack)` are the same call.
    const withoutPayload = <T>(work: () => Promise<T>) =>
      async (payload: unknown, maybeAck?: Ack<T>) => {
        const ack = (typeof payload === "function" ? payload : maybeAck) as Ack<T> | undefined;
        if (typeof ack !== "function") return;
        if (typeof payload !== "function" && !NoPayload.safeParse(payload).success) return ack(invalid);
        try {
          ack({ ok: true, data: await work() });
        } catch (error) {
          ack({ ok: false, error: ackError(error, logger) });
        }
      };
    socket.on("notifications:count", withoutPayload(async () => ({ unreadCount: await services.notifications.unreadCount(user) })));
    socket.on("notifications:read-all", withoutPayload(() => services.notifications.markAllRead(user)));
  });
}
