// The browser's one Socket.IO connection, shared by every part of the page that listens (the bell,
// the conversation list, a conversation). Only loaded in the browser (.client.ts: the server build
// gets an empty module), so pages render and work without it; the session cookie authenticates
// the handshake, same origin and default path.
// WebSocket only: the handshake's Origin is checked, and browsers send Origin on a WebSocket upgrade
// but not on the same-origin GETs of HTTP long-polling (and the portal sends no Referer either).
import { io, type Socket } from "socket.io-client";

let socket: Socket | undefined;

export function getSocket(): Socket {
  if (!socket) {
    const created = io({ transports: ["websocket"], withCredentials: true });
    keepTrying(created);
    socket = created;
  }
  return socket;
}

/**
 * Socket.IO retries a lost connection by itself, but not a handshake the server refused: then
 * `socket.active` is false and only `connect()` tries again. `unavailable` is the one refusal that
 * passes (the server could not check the session: database down, or restarting), so the page tries
 * again with a growing pause; `unauthorized` and `forbidden_origin` stay refused.
 */
function keepTrying(s: Socket) {
  let pauseMs = 1_000;
  s.on("connect", () => {
    pauseMs = 1_000;
  });
  s.on("connect_error", (error) => {
    if (s.active || error.message !== "unavailable") return;
    setTimeout(() => s.connect(), pauseMs * (0.5 + Math.random()));
    pauseMs = Math.min(pauseMs * 2, 30_000);
  });
}

/** The same socket, for callers written against a promise. */
export function portalSocket(): Promise<Socket> {
  return Promise.resolve(getSocket());
}
