// The counts in every page's header (the bell and the Messages badge), in one statement: the root
// loader runs this for every signed-in page, so one round trip instead of two, on the driver
// directly (server/db/read.ts).
import { z } from "zod";
import type { CurrentUser } from "../auth/index.js";
import { Prisma } from "../db/generated/client.js";
import { readRows } from "../db/read.js";
import type { DomainContext } from "../services.js";
import { unreadMessagesSql } from "./messaging.js";

const BadgesRow = z.object({ unreadNotifications: z.number().int(), unreadMessages: z.number().int() });
export type HeaderBadges = z.output<typeof BadgesRow>;

/**
 * The user's unread notifications (what notifications.unreadCount counts: an index-only count over
 * (userId, readAt)) and unread messages (messaging.unreadMessageCount), for the user themself.
 */
export async function headerBadges(ctx: DomainContext, actor: CurrentUser): Promise<HeaderBadges> {
  const [row] = await readRows(
    ctx.prisma,
    BadgesRow,
    Prisma.sql`
      SELECT (SELECT count(*)::int FROM "Notification" WHERE "userId" = ${actor.id}::uuid AND "readAt" IS NULL) AS "unreadNotifications",
             ${unreadMessagesSql(actor)} AS "unreadMessages"`,
  );
  return row ?? { unreadNotifications: 0, unreadMessages: 0 };
}

export const badgesDomain = { headerBadges };
