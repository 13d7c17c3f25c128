// A real socket.io-client connection for socket tests, authenticated by a signed-in client's cookie.
import { connect, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";

/**
 * Connects to the portal at `url` with `cookie` and the portal's own Origin, WebSocket only, and
 * resolves once connected (rejects with the connect_error). No reconnection unless asked: a test
 * should see a dropped connection as dropped.
 */
export async function connectSocket(url: string, cookie: string, options: Partial<ManagerOptions & SocketOptions> = {}): Promise<Socket> {
  const socket = connect(url, { transports: ["websocket"], extraHeaders: { cookie, origin: url }, reconnection: false, ...options });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}
