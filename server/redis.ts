// The process's Redis connection, opened only when REDIS_URL is set (several instances).
import { createClient } from "redis";

function makeClient(url: string) {
  return createClient({
    url,
    // Keep retrying: a Redis blip must not take the portal down; callers see errors meanwhile.
    socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 2_000) },
  });
}

export type RedisClient = ReturnType<typeof makeClient>;

export async function openRedis(url: string, onError: (error: Error) => void): Promise<RedisClient> {
  const client = makeClient(url);
  client.on("error", onError);
  await client.connect();
  return client;
}
