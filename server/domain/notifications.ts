// Notifications: rows a user sees in the portal's bell and on /notifications, pushed live by the
// realtime layer. Written in the same transaction as the change they describe, so nobody is told
// about a change that rolled back; the realtime layer hears of them only after that commit
// (`announceNotifications`).
import { z } from "zod";
import type { CurrentUser } from "../auth/index.js";
import type { Prisma } from "../db/generated/client.js";
import type { DomainContext } from "../services.js";
import { NotFoundError, parseInput, ValidationError } from "./errors.js";

type Tx = Pick<Prisma.TransactionClient, "notification" | "user">;

export const NOTIFICATION_KINDS = [
  "capacity_request.created",
  "capacity_request.waitlisted",
  "capacity_request.approved",
  "capacity_request.declined",
  "capacity_request.offered",
  "capacity_request.withdrawn",
  "capacity_request.cancelled",
  "membership.approved",
  "message.mentioned",
  // Supply matching (server/domain/sourcing.ts).
  "sourcing.access_granted",
  "sourcing.proposal_received",
  "sourcing.proposal_shortlisted",
  "sourcing.proposal_declined",
  "sourcing.proposal_accepted",
  "sourcing.proposal_not_awarded",
  "sourcing.proposal_withdrawn",
  "sourcing.request_cancelled",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotifyTarget {
  /** Everyone active in these organisations who may act on it: their ORG_ADMINs. */
  adminsOf?: string[];
  /** And these users (deduplicated with the admins). */
  userIds?: (string | null | undefined)[];
}

/** Creates one notification per recipient; returns the user ids that were notified. */
export async function notify(tx: Tx, target: NotifyTarget, kind: NotificationKind, data: Prisma.InputJsonObject) {
  const ids = new Set(target.userIds?.filter((id): id is string => Boolean(id)) ?? []);
  if (target.adminsOf?.length) {
    const admins = await tx.user.findMany({
      where: { organizationId: { in: target.adminsOf }, role: "ORG_ADMIN", removedAt: null },
      select: { id: true },
    });
    for (const admin of admins) ids.add(admin.id);
  }
  if (ids.size === 0) return [];
  const userIds = [...ids];
  await tx.notification.createMany({ data: userIds.map((userId) => ({ userId, kind, data })) });
  return userIds;
}

/**
 * Tells the realtime layer who was notified. Call it after the transaction that wrote the
 * notifications has committed, with every id `notify` returned in it (a user notified twice is
 * listed twice). A failing push must never fail the change that was already made.
 */
export function announceNotifications(ctx: DomainContext, userIds: string[]) {
  if (userIds.length === 0) return;
  try {
    ctx.hooks.notificationsCreated(userIds);
  } catch (error) {
    ctx.logger.warn({ err: error }, "notification push failed");
  }
}

// ---------------------------------------------------------------------------------------------
// Reading and marking read. A user only ever sees their own notifications.

export const NOTIFICATIONS_PAGE_SIZE = 20;

export interface NotificationView {
  id: string;
  kind: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

const select = { id: true, kind: true, data: true, createdAt: true, readAt: true } as const;

export function toView(row: { id: string; kind: string; data: unknown; createdAt: Date; readAt: Date | null }): NotificationView {
  const data = row.data && typeof row.data === "object" && !Array.isArray(row.data) ? (row.data as Record<string, unknown>) : {};
  return { id: row.id, kind: row.kind, data, createdAt: row.createdAt.toISOString(), readAt: row.readAt?.toISOString() ?? null };
}

// Keyset cursor over (createdAt, id), newest first.
const CursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

function encodeCursor(row: { createdAt: Date; id: string }) {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id]), "utf8").toString("base64url");
}

function decodeCursor(raw: string | undefined) {
  if (!raw) return undefined;
  try {
    const [createdAt, id] = CursorSchema.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return { createdAt: new Date(createdAt), id };
  } catch {
    throw new ValidationError({ cursor: "notifications.errors.cursor" });
  }
}

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const ListSchema = z.object({
  cursor: z.preprocess(blank, z.string().max(200, "notifications.errors.cursor").optional()),
  unread: z.preprocess((v) => v === true || v === "1" || v === "true", z.boolean()).optional(),
});

/** The signed-in user's notifications, newest first, a page at a time. */
export async function listNotifications(ctx: DomainContext, actor: CurrentUser, input: unknown = {}) {
  const data = parseInput(ListSchema, input ?? {});
  const cursor = decodeCursor(data.cursor);
  const rows = await ctx.prisma.notification.findMany({
    where: {
      userId: actor.id,
      ...(data.unread ? { readAt: null } : {}),
      ...(cursor
        ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: NOTIFICATIONS_PAGE_SIZE + 1,
    select,
  });
  const more = rows.length > NOTIFICATIONS_PAGE_SIZE;
  const page = rows.slice(0, NOTIFICATIONS_PAGE_SIZE);
  const last = page.at(-1);
  return { items: page.map(toView), nextCursor: more && last ? encodeCursor(last) : null };
}

/** The bell's figure: one index-only count over (userId, readAt). */
export async function unreadCount(ctx: DomainContext, actor: Pick<CurrentUser, "id">) {
  return ctx.prisma.notification.count({ where: { userId: actor.id, readAt: null } });
}

/**
 * The newest `count` notifications of a user, oldest of them first: what the realtime layer pushes
 * after `notificationsCreated`, with the unread count at that moment.
 */
export async function latestForPush(ctx: DomainContext, userId: string, count: number) {
  const [rows, unread] = await Promise.all([
    ctx.prisma.notification.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: Math.max(1, Math.min(count, NOTIFICATIONS_PAGE_SIZE)),
      select,
    }),
    ctx.prisma.notification.count({ where: { userId, readAt: null } }),
  ]);
  return { notifications: rows.reverse().map(toView), unreadCount: unread };
}

const MarkReadSchema = z.object({ id: z.uuid() });

/**
 * Marks one of the user's own notifications read. Another user's id, or an unknown one, is "not
 * found": nobody learns whether a notification exists. Marking twice keeps the first time.
 */
export async function markRead(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const { id } = parseInput(MarkReadSchema, input);
  const now = ctx.now();
  const changed = await ctx.prisma.notification.updateMany({ where: { id, userId: actor.id, readAt: null }, data: { readAt: now } });
  if (changed.count === 0) {
    const mine = await ctx.prisma.notification.findFirst({ where: { id, userId: actor.id }, select: { id: true } });
    if (!mine) throw new NotFoundError();
  }
  const unread = await unreadCount(ctx, actor);
  if (changed.count > 0) ctx.hooks.notificationsRead(actor.id, id, unread);
  return { id, unreadCount: unread };
}

/** Marks every unread notification of the user read. */
export async function markAllRead(ctx: DomainContext, actor: CurrentUser) {
  const changed = await ctx.prisma.notification.updateMany({ where: { userId: actor.id, readAt: null }, data: { readAt: ctx.now() } });
  const unread = await unreadCount(ctx, actor);
  if (changed.count > 0) ctx.hooks.notificationsRead(actor.id, null, unread);
  return { marked: changed.count, unreadCount: unread };
}

export const notificationsDomain = { listNotifications, unreadCount, latestForPush, markRead, markAllRead };
