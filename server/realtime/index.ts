// Socket.IO on the portal's HTTP server. The handshake is authenticated by the session cookie and
// its Origin is checked; each socket joins rooms for its user and organisation so that the domain
// can reach them (and, with Redis, reach them on any instance).
import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Server, type Socket } from "socket.io";
import type { CurrentUser } from "../auth/index.js";
import { isAllowedOrigin } from "../http/origin.js";
import type { Logger } from "../logger.js";
import type { RedisClient } from "../redis.js";
import type { Services } from "../services.js";
import { registerNotifications } from "./notifications.js";
import { registerMessaging, type MessagingClientEvents, type MessagingServerEvents } from "./messaging.js";

export type Ack<T> = (response: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }) => void;

export interface ClientToServerEvents extends MessagingClientEvents {
  whoami: (ack: Ack<{ userId: string; organizationId: string }>) => void;
}
export interface ServerToClientEvents extends MessagingServerEvents {
  "session:ended": () => void;
}
export interface SocketData {
  user: CurrentUser;
  sessionId: string;
}
export type PortalSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Largest Socket.IO packet accepted; bigger ones close the connection (transport limit). */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;
/** How often connected sockets are checked against their session (sign-out, expiry, suspension). */
const SESSION_RECHECK_MS = 15_000;

export const rooms = {
  user: (userId: string) => `user:${userId}`,
  organization: (organizationId: string) => `org:${organizationId}`,
  session: (sessionId: string) => `session:${sessionId}`,
};

export function createRealtime(httpServer: HttpServer, services: Services, logger: Logger, redis?: RedisClient) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
    serveClient: false,
    // No connectionStateRecovery: it keeps every broadcast for minutes and scans it on each recovery,
    // and a recovered connection skips the auth middleware. Clients catch up with `sync` instead.
    ...(redis ? { adapter: createAdapter(redis, { streamName: `${services.config.redisKeyPrefix}socket.io` }) } : {}),
  });

  io.use(async (socket, next) => {
    const headers = socket.handshake.headers;
    if (!isAllowedOrigin(headers, services.config.origins, services.config.production)) {
      return next(new Error("forbidden_origin"));
    }
    try {
      const { user, session } = await services.auth.validate(headers.cookie);
      if (!user || !session) return next(new Error("unauthorized"));
      socket.data.user = user;
      socket.data.sessionId = session.id;
      next();
    } catch (error) {
      logger.error({ err: error }, "socket handshake failed");
      next(new Error("unavailable"));
    }
  });

  io.on("connection", (socket: PortalSocket) => {
    const { user, sessionId } = socket.data;
    // engine.io keeps each connection's HTTP upgrade request for the socket's lifetime; nothing reads
    // `socket.request` once authenticated (the headers live on in `socket.handshake`), so let it go
    // (Socket.IO's memory advice). Not in `io.engine.on("connection")` as the docs show: Socket.IO
    // builds `socket.handshake` from it only when the CONNECT packet arrives, after that event.
    (socket.conn as unknown as { request: unknown }).request = null;
    void socket.join([rooms.user(user.id), rooms.organization(user.organization.id), rooms.session(sessionId)]);
    socket.on("whoami", (ack) => {
      if (typeof ack !== "function") return;
      ack({ ok: true, data: { userId: user.id, organizationId: user.organization.id } });
    });
  });

  registerNotifications(io, services, logger);
  const messaging = registerMessaging(io as unknown as Server, services, logger, redis);

  // Sessions can end without this instance hearing of it (expiry, another instance's sign-out):
  // re-check this instance's sockets periodically so a dead session's sockets close within 30 s.
  const recheck = setInterval(async () => {
    const sockets = await io.local.fetchSockets();
    const sessionIds = [...new Set(sockets.map((s) => s.data.sessionId))];
    if (sessionIds.length === 0) return;
    try {
      const alive = new Set(await services.auth.liveSessionIds(sessionIds));
      for (const socket of sockets) {
        if (!alive.has(socket.data.sessionId)) {
          socket.emit("session:ended");
          socket.disconnect(true);
        }
      }
    } catch (error) {
      logger.warn({ err: error }, "socket session re-check failed");
    }
  }, SESSION_RECHECK_MS);
  recheck.unref();

  return {
    io,
    /** Disconnects every socket of these sessions (on any instance, with Redis). */
    endSessions(sessionIds: string[]) {
      for (const id of sessionIds) {
        io.to(rooms.session(id)).emit("session:ended");
        io.in(rooms.session(id)).disconnectSockets(true);
      }
    },
    endOrganization(organizationId: string) {
      io.to(rooms.organization(organizationId)).emit("session:ended");
      io.in(rooms.organization(organizationId)).disconnectSockets(true);
    },
    async close() {
      clearInterval(recheck);
      await messaging.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

export type Realtime = ReturnType<typeof createRealtime>;
