// Notifications: rows a user sees in the portal (the messaging release pushes them live). Written in
// the same transaction as the change they describe, so nobody is told about a change that rolled back.
import type { Prisma } from "../db/generated/client.js";

type Tx = Pick<Prisma.TransactionClient, "notification" | "user">;

export const NOTIFICATION_KINDS = [
  "capacity_request.created",
  "capacity_request.waitlisted",
  "capacity_request.approved",
  "capacity_request.declined",
  "capacity_request.offered",
  "capacity_request.withdrawn",
  "capacity_request.cancelled",
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
