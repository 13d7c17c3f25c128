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
import { createAdmission } from "./admission.js";
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
/**
 * A validated session is reused by this instance's handshakes for this long (a user's tabs, a
 * flapping connection): no database statement for those. Signing out on this instance drops it at
 * once; a sign-out elsewhere reaches this instance's sockets through the re-check above, so a
 * socket of an ended session still closes within SESSION_CACHE_MS + SESSION_RECHECK_MS (< 30 s).
 */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;

interface CachedSession {
  user: CurrentUser;
  sessionId: string;
  /** Date.now() after which the entry is not used. */
  until: number;
}

/** The session id from a Cookie header, without validating it (the cache key). */
function sessionIdFrom(cookieHeader: string | undefined, cookieName: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === cookieName) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

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

  const admission = createAdmission({
    ...services.config.socketAdmission,
    // PGlite runs in this process: its queries block the loop by design, so loop delay says nothing
    // about overload there (and one connection bounds the work anyway).
    maxLoopDelayMs: services.config.database.kind === "pglite" ? 0 : services.config.socketAdmission.maxLoopDelayMs,
  });
  const sessionCache = new Map<string, CachedSession>();

  /** The handshake's session check: from the cache when this instance validated it moments ago. */
  async function sessionOf(cookieHeader: string | undefined): Promise<{ user: CurrentUser; sessionId: string } | null> {
    const key = sessionIdFrom(cookieHeader, services.auth.cookieName);
    if (!key) return null;
    const now = Date.now();
    const cached = sessionCache.get(key);
    if (cached && cached.until > now) return cached;
    const { user, session } = await services.auth.validate(cookieHeader);
    if (!user || !session) {
      sessionCache.delete(key);
      return null;
    }
    if (session.id === key) {
      if (sessionCache.size >= SESSION_CACHE_MAX) {
        for (const [id, entry] of sessionCache) if (entry.until <= now) sessionCache.delete(id);
        if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.clear();
      }
      sessionCache.set(key, { user, sessionId: session.id, until: Math.min(now + SESSION_CACHE_MS, session.expiresAt.getTime()) });
    }
    return { user, sessionId: session.id };
  }

  io.use(async (socket, next) => {
    const headers = socket.handshake.headers;
    if (!isAllowedOrigin(headers, services.config.origins, services.config.production)) {
      return next(new Error("forbidden_origin"));
    }
    try {
      // Counted as catch-up work: while many clients reconnect, new sends wait their turn.
      const found = await admission.catchUp(() => sessionOf(headers.cookie));
      if (!found) return next(new Error("unauthorized"));
      socket.data.user = found.user;
      socket.data.sessionId = found.sessionId;
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
  const messaging = registerMessaging(io as unknown as Server, services, logger, admission, redis);

  // Sessions can end without this instance hearing of it (expiry, another instance's sign-out):
  // re-check this instance's sockets periodically so a dead session's sockets close within 30 s.
  const recheck = setInterval(async () => {
    const sockets = await io.local.fetchSockets();
    const sessionIds = [...new Set(sockets.map((s) => s.data.sessionId))];
    if (sessionIds.length === 0) return;
    try {
      const alive = new Set(await services.auth.liveSessionIds(sessionIds));
      for (const id of sessionIds) if (!alive.has(id)) sessionCache.delete(id);
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
    admission,
    /** Disconnects every socket of these sessions (on any instance, with Redis). */
    endSessions(sessionIds: string[]) {
      for (const id of sessionIds) {
        sessionCache.delete(id);
        io.to(rooms.session(id)).emit("session:ended");
        io.in(rooms.session(id)).disconnectSockets(true);
      }
    },
    endOrganization(organizationId: string) {
      for (const [id, entry] of sessionCache) if (entry.user.organization.id === organizationId) sessionCache.delete(id);
      io.to(rooms.organization(organizationId)).emit("session:ended");
      io.in(rooms.organization(organizationId)).disconnectSockets(true);
    },
    async close() {
      clearInterval(recheck);
      admission.close();
      sessionCache.clear();
      await messaging.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

export type Realtime = ReturnType<typeof createRealtime>;
