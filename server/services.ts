// Builds the services that loaders, actions and socket handlers use. One instance per process;
// nothing in here keeps state another instance would need (that lives in the database or Redis).
import { createAuth } from "./auth/index.js";
import { createLoginThrottle } from "./auth/rate-limit.js";
import type { Config } from "./config.js";
import type { Database } from "./db/index.js";
import { accountDomain } from "./domain/account.js";
import { bindDomain } from "./domain/bind.js";
import { channelDirectoryDomain } from "./domain/channel-directory.js";
import { channelsDomain } from "./domain/channels.js";
import { membersDomain } from "./domain/members.js";
import { sourcingDomain } from "./domain/sourcing.js";
import type { Logger } from "./logger.js";
import type { RedisClient } from "./redis.js";

/**
 * What the domain tells the rest of the process about. The realtime layer fills these in once it is
 * attached; until then (and in domain tests) they do nothing.
 */
export interface DomainHooks {
  sessionsEnded(sessionIds: string[]): void;
  organizationSuspended(organizationId: string): void;
}

export interface DomainContext {
  prisma: Database["prisma"];
  hooks: DomainHooks;
  logger: Logger;
  now: () => Date;
}

export function createServices(deps: { config: Config; db: Database; logger: Logger; redis?: RedisClient }) {
  const { config, db, logger, redis } = deps;
  const hooks: DomainHooks = { sessionsEnded: () => {}, organizationSuspended: () => {} };
  const ctx: DomainContext = { prisma: db.prisma, hooks, logger, now: () => new Date() };
  const auth = createAuth(db.prisma, config, createLoginThrottle(config.login, redis, config.redisKeyPrefix));
  return {
    config,
    db,
    logger,
    hooks,
    ctx,
    auth,
    members: bindDomain(ctx, membersDomain),
    account: bindDomain(ctx, accountDomain),
    channels: bindDomain(ctx, channelsDomain),
    channelDirectory: bindDomain(ctx, channelDirectoryDomain),
    sourcing: bindDomain(ctx, sourcingDomain),
  };
}

export type Services = ReturnType<typeof createServices>;
