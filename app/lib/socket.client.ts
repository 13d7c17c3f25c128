// The browser's one Socket.IO connection (same origin, session cookie), shared by every component.
// Only loaded in the browser (.client.ts): the server build gets an empty module.
import { io, type Socket } from "socket.io-client";

let socket: Socket | undefined;

export function getSocket(): Socket {
  socket ??= io({ transports: ["websocket", "polling"], withCredentials: true });
  return socket;
}
