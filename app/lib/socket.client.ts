// The browser's one Socket.IO connection, shared by every part of the page that listens (the bell
// today, conversations later). Loaded on demand after hydration, so pages render and work without
// it; the session cookie authenticates the handshake, same origin and default path.
// WebSocket only: the handshake's Origin is checked, and browsers send Origin on a WebSocket upgrade
// but not on the same-origin GETs of HTTP long-polling (and the portal sends no Referer either).
import type { Socket } from "socket.io-client";

let socket: Promise<Socket> | undefined;

export function portalSocket(): Promise<Socket> {
  socket ??= import("socket.io-client").then(({ io }) => io({ transports: ["websocket"], withCredentials: true }));
  return socket;
}
