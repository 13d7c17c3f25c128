// Builds the services that loaders, actions and socket handlers use. One instance per process;
// nothing in here keeps state another instance would need (that lives in the database or Redis).
import { createAuth } from "./auth/index.js";
import { createApplyThrottle, createLoginThrottle } from "./auth/rate-limit.js";
import type { Config } from "./config.js";
import type { Database } from "./db/index.js";
import { accountDomain } from "./domain/account.js";
import { badgesDomain } from "./domain/badges.js";
import { bindDomain } from "./domain/bind.js";
import { channelDirectoryDomain } from "./domain/channel-directory.js";
import { channelsDomain } from "./domain/channels.js";
import { membersDomain } from "./domain/members.js";
import { notificationsDomain } from "./domain/notifications.js";
import { messagingDomain } from "./domain/messaging.js";
import type { MessagingEvent } from "./domain/messaging.js";
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
  /** Notifications were committed for these users (a user notified twice is listed twice). */
  notificationsCreated(userIds: string[]): void;
  /** A user read one notification (`readId`) or all of them (null); tells their other tabs. */
  notificationsRead(userId: string, readId: string | null, unreadCount: number): void;
  /** A message was stored, edited or deleted, or a member read up to a seq (committed). */
  messaging(event: MessagingEvent): void;
}

export interface DomainContext {
  prisma: Database["prisma"];
  hooks: DomainHooks;
  logger: Logger;
  now: () => Date;
}

/** Hooks that tell nobody: the defaults until the realtime layer attaches, and for seeds, tests and benchmarks. */
export function quietHooks(): DomainHooks {
  return { sessionsEnded: () => {}, organizationSuspended: () => {}, notificationsCreated: () => {}, notificationsRead: () => {}, messaging: () => {} };
}

export function createServices(deps: { config: Config; db: Database; logger: Logger; redis?: RedisClient }) {
  const { config, db, logger, redis } = deps;
  const hooks: DomainHooks = quietHooks();
  const ctx: DomainContext = { prisma: db.prisma, hooks, logger, now: () => new Date() };
  const auth = createAuth(db.prisma, config, createLoginThrottle(config.login, redis, config.redisKeyPrefix));
  return {
    config,
    db,
    logger,
    hooks,
    ctx,
    auth,
    applyThrottle: createApplyThrottle(config.applyMaxPerIpPerHour, redis, config.redisKeyPrefix),
    members: bindDomain(ctx, membersDomain),
    account: bindDomain(ctx, accountDomain),
    channels: bindDomain(ctx, channelsDomain),
    channelDirectory: bindDomain(ctx, channelDirectoryDomain),
    notifications: bindDomain(ctx, notificationsDomain),
    messaging: bindDomain(ctx, messagingDomain),
    sourcing: bindDomain(ctx, sourcingDomain),
    badges: bindDomain(ctx, badgesDomain),
  };
}

export type Services = ReturnType<typeof createServices>;
