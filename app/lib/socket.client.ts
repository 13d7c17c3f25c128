// The browser's one Socket.IO connection, shared by every part of the page that listens (the bell,
// the conversation list, a conversation). Only loaded in the browser (.client.ts: the server build
// gets an empty module), so pages render and work without it; the session cookie authenticates
// the handshake, same origin and default path.
// WebSocket only: the handshake's Origin is checked, and browsers send Origin on a WebSocket upgrade
// but not on the same-origin GETs of HTTP long-polling (and the portal sends no Referer either).
import { io, type Socket } from "socket.io-client";

let socket: Socket | undefined;

export function getSocket(): Socket {
  socket ??= io({ transports: ["websocket"], withCredentials: true });
  return socket;
}

/** The same socket, for callers written against a promise. */
export function portalSocket(): Promise<Socket> {
  return Promise.resolve(getSocket());
}
