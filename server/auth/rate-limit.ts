// Sign-in throttling: failures are counted per account and per client IP address. In memory for one
// instance; in Redis when REDIS_URL is set, so that every instance sees the same counts.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config } from "../config.js";
import type { RedisClient } from "../redis.js";

export interface LoginThrottle {
  /** Seconds to wait before another attempt is allowed, or 0 when the attempt may go ahead. */
  retryAfter(email: string, ip: string): Promise<number>;
  recordFailure(email: string, ip: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

export function createLoginThrottle(
  config: Config["login"],
  redis: RedisClient | undefined,
  redisKeyPrefix = "eap:",
): LoginThrottle {
  const make = (keyPrefix: string, points: number): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({
          storeClient: redis,
          useRedisPackage: true,
          keyPrefix: `${redisKeyPrefix}${keyPrefix}`,
          points,
          duration: config.windowSeconds,
        })
      : new RateLimiterMemory({ keyPrefix, points, duration: config.windowSeconds });
  const byAccount = make("login_fail_account", config.maxFailuresPerAccount);
  const byIp = make("login_fail_ip", config.maxFailuresPerIp);
  const accountKey = (email: string) => email.trim().toLowerCase();

  const waitFor = (res: RateLimiterRes | null, limit: number) =>
    res && res.consumedPoints >= limit ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;

  return {
    async retryAfter(email, ip) {
      const [account, address] = await Promise.all([byAccount.get(accountKey(email)), byIp.get(ip)]);
      return Math.max(
        waitFor(account, config.maxFailuresPerAccount),
        waitFor(address, config.maxFailuresPerIp),
      );
    },
    async recordFailure(email, ip) {
      // consume() rejects once the limit is passed; the count is what matters here, not the throw.
      await Promise.allSettled([byAccount.consume(accountKey(email)), byIp.consume(ip)]);
    },
    async recordSuccess(email) {
      await byAccount.delete(accountKey(email));
    },
  };
}

/** Applications to join per client IP address per hour; counted when an application is stored. */
export interface ApplyThrottle {
  /** Seconds to wait before this address may apply again, or 0. */
  retryAfter(ip: string): Promise<number>;
  recordApplication(ip: string): Promise<void>;
}

export function createApplyThrottle(maxPerHour: number, redis: RedisClient | undefined, redisKeyPrefix = "eap:"): ApplyThrottle {
  const limiter: RateLimiterAbstract = redis
    ? new RateLimiterRedis({ storeClient: redis, useRedisPackage: true, keyPrefix: `${redisKeyPrefix}apply_ip`, points: maxPerHour, duration: 3600 })
    : new RateLimiterMemory({ keyPrefix: "apply_ip", points: maxPerHour, duration: 3600 });
  return {
    async retryAfter(ip) {
      const res = await limiter.get(ip);
      return res && res.consumedPoints >= maxPerHour ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
    },
    async recordApplication(ip) {
      // consume() rejects once the limit is passed; only the count matters here.
      await limiter.consume(ip).catch(() => {});
    },
  };
}
