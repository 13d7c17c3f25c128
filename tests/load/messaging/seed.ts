// Seeds the messaging benchmarks straight into a migrated database: organisations, users, GROUP
// conversations of a fixed size, one large conversation, and a signed-in session per user. Nobody
// signs in through the form (argon2 would take minutes for thousands of users): sessions are rows
// like the ones Lucia writes, and one password hash is shared by every account.
import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword, SESSION_COOKIE } from "../../../server/auth/index";
import type { Prisma } from "../../../server/db/generated/client";
import type { PrismaClient } from "../../../server/db/index";

export interface SeededUser {
  userId: string;
  /** The Cookie header a signed-in browser would send. */
  cookie: string;
}

export interface SeededConversation {
  id: string;
  members: SeededUser[];
}

export interface MessagingSeed {
  users: SeededUser[];
  /** The groups of `groupSize`, in order: users[i] is in groups[floor(i / groupSize)]. */
  groups: SeededConversation[];
  /** The large conversation (the first `largeMembers` users), when asked for. */
  large?: SeededConversation;
  ms: number;
}

export interface SeedOptions {
  users: number;
  groupSize: number;
  /** Members of the one large conversation (0: none). They are also in their own group. */
  largeMembers: number;
}

const USERS_PER_ORGANIZATION = 20;
const DAY_MS = 24 * 60 * 60 * 1000;
const TRADES = ["Precision Castings", "Wiring Harness", "Ro-Ro Logistics", "Battery Systems", "Seating", "Auto Glass", "Thermal Systems", "Chassis Parts"];
const TRADES_ZH = ["精密铸造", "线束", "滚装物流", "电池系统", "座椅", "汽车玻璃", "热管理", "底盘零部件"];

/** A Lucia-shaped session id: 40 characters of base32 (25 random bytes). */
function sessionId() {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const bytes = randomBytes(40);
  let id = "";
  for (const b of bytes) id += alphabet[b & 31];
  return id;
}

export async function seedMessaging(prisma: PrismaClient, options: SeedOptions): Promise<MessagingSeed> {
  const started = performance.now();
  const now = new Date();
  const passwordHash = await hashPassword(`Bench-Messaging-${randomUUID()}`);
  const organizations: Prisma.OrganizationCreateManyInput[] = [];
  const userRows: Prisma.UserCreateManyInput[] = [];
  const sessions: Prisma.SessionCreateManyInput[] = [];
  const users: SeededUser[] = [];

  const orgCount = Math.ceil(options.users / USERS_PER_ORGANIZATION);
  for (let o = 0; o < orgCount; o++) {
    const serial = String(o + 1).padStart(4, "0");
    organizations.push({
      id: randomUUID(),
      nameEn: `Lakeside ${TRADES[o % TRADES.length]} ${serial}`,
      nameZh: `湖畔${TRADES_ZH[o % TRADES_ZH.length]}${serial}`,
      kind: o % 5 === 0 ? "OEM" : o % 7 === 0 ? "LOGISTICS" : "SUPPLIER",
      status: "ACTIVE",
      homeCity: "Chongqing",
      homeCountry: "CN",
      description: "Synthetic member organisation for the messaging benchmark.",
      markets: ["KZ", "UZ"],
      reviewedAt: now,
    });
  }
  for (let i = 0; i < options.users; i++) {
    const userId = randomUUID();
    const serial = String(i + 1).padStart(5, "0");
    userRows.push({
      id: userId,
      organizationId: organizations[Math.floor(i / USERS_PER_ORGANIZATION)].id as string,
      email: `member${serial}@chat-bench.example`,
      name: `Member ${serial}`,
      passwordHash,
      role: i % USERS_PER_ORGANIZATION === 0 ? "ORG_ADMIN" : "MEMBER",
    });
    const sid = sessionId();
    sessions.push({ id: sid, userId, expiresAt: new Date(now.getTime() + 30 * DAY_MS), userAgent: "msgbench", ipAddress: "127.0.0.1" });
    users.push({ userId, cookie: `${SESSION_COOKIE}=${sid}` });
  }

  const conversations: Prisma.ConversationCreateManyInput[] = [];
  const members: Prisma.ConversationMemberCreateManyInput[] = [];
  const groups: SeededConversation[] = [];
  for (let g = 0; g * options.groupSize < options.users; g++) {
    const id = randomUUID();
    const inGroup = users.slice(g * options.groupSize, (g + 1) * options.groupSize);
    conversations.push({ id, kind: "GROUP", name: `Export lane ${g + 1}`, createdById: inGroup[0].userId, partyOrganizationIds: [] });
    for (const u of inGroup) members.push({ conversationId: id, userId: u.userId });
    groups.push({ id, members: inGroup });
  }
  let large: SeededConversation | undefined;
  if (options.largeMembers > 0) {
    // Above the 200 members createGroup allows: seeded directly, as an alliance-wide announcement
    // room would be if the limit were raised (docs/benchmarks-messaging.md).
    const id = randomUUID();
    const inLarge = users.slice(0, options.largeMembers);
    conversations.push({ id, kind: "GROUP", name: "Alliance announcements", createdById: inLarge[0].userId, partyOrganizationIds: [] });
    for (const u of inLarge) members.push({ conversationId: id, userId: u.userId });
    large = { id, members: inLarge };
  }

  const chunks = <T>(rows: T[], size = 1_000) => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  await prisma.$transaction([
    ...chunks(organizations).map((data) => prisma.organization.createMany({ data })),
    ...chunks(userRows).map((data) => prisma.user.createMany({ data })),
    ...chunks(sessions).map((data) => prisma.session.createMany({ data })),
    ...chunks(conversations).map((data) => prisma.conversation.createMany({ data })),
    ...chunks(members).map((data) => prisma.conversationMember.createMany({ data })),
  ]);
  return { users, groups, large, ms: performance.now() - started };
}
