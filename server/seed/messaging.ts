// Demo conversations: a GROUP of the secretariat with an automaker's and a supplier's admins, with a
// few days of history, a DIRECT conversation, and a deal room on one of the seeded capacity
// requests. Made through the messaging domain (as the members would), with the clock set back so
// the history has believable times. Idempotent: any existing conversation means "seeded".
import type { CurrentUser } from "../auth/index.js";
import { messagingDomain as messaging } from "../domain/messaging.js";
import type { DomainContext } from "../services.js";
import { SECRETARIAT_EMAIL } from "./demo.js";

export interface MessagingSeedSummary {
  seeded: boolean;
  conversations: number;
  messages: number;
}

const HOUR_MS = 60 * 60 * 1000;

async function actorByEmail(ctx: DomainContext, email: string): Promise<CurrentUser | null> {
  const u = await ctx.prisma.user.findUnique({
    where: { email },
    include: { organization: { select: { id: true, nameZh: true, nameEn: true, kind: true, status: true } } },
  });
  if (!u || u.removedAt) return null;
  return { id: u.id, email: u.email, name: u.name, role: u.role, secretariat: u.secretariat, locale: u.locale, organization: u.organization };
}

async function actorById(ctx: DomainContext, id: string) {
  const u = await ctx.prisma.user.findUniqueOrThrow({ where: { id }, select: { email: true } });
  return actorByEmail(ctx, u.email);
}

export async function seedDemoMessaging(ctx: DomainContext): Promise<MessagingSeedSummary> {
  if ((await ctx.prisma.conversation.count()) > 0) return { seeded: false, conversations: 0, messages: 0 };
  const secretariat = await actorByEmail(ctx, SECRETARIAT_EMAIL);
  const oem = await actorByEmail(ctx, "admin@twinrivers.example");
  const supplier = await actorByEmail(ctx, "admin@cinnabar.example");
  const oemSales = await actorByEmail(ctx, "sales@twinrivers.example");
  if (!secretariat || !oem || !supplier) return { seeded: false, conversations: 0, messages: 0 };

  const now = ctx.now();
  let messages = 0;
  let conversations = 0;
  /** Sends `body` as if it were `hoursAgo` hours ago. */
  const say = async (actor: CurrentUser, conversationId: string, hoursAgo: number, body: string, replyToId?: string) => {
    const at: DomainContext = { ...ctx, now: () => new Date(now.getTime() - hoursAgo * HOUR_MS) };
    const { message } = await messaging.sendMessage(at, actor, { conversationId, clientId: crypto.randomUUID(), body, replyToId });
    messages++;
    return message;
  };

  const group = await messaging.createGroup(ctx, secretariat, {
    name: "2027 出海工作组 · Going overseas together",
    memberIds: [oem.id, supplier.id],
  });
  conversations++;
  const g = group.conversationId;
  const kickoff = await say(
    secretariat,
    g,
    74,
    "各位好，联盟秘书处牵头成立 2027 出海工作组。Welcome: this group coordinates Twin Rivers' Thailand and Saudi launches with the suppliers following them abroad.",
  );
  await say(oem, g, 73, "谢谢秘书处。Our Rayong CKD line starts in Q2; we need local-content plans from core suppliers by the end of January.");
  const plan = await say(supplier, g, 70, "Cinnabar can supply e-axle housings for the Rayong line. Our IATF 16949 scope covers the new plant; certificate on our profile.", kickoff.id);
  await say(secretariat, g, 50, "EU and GCC type-approval notes are collected here: https://knowledge.alliance.example/market-access/gcc-2027");
  await say(oem, g, 26, `@${supplier.name} could you share the rules-of-origin calculation for the housings under RCEP?`, plan.id);
  await say(supplier, g, 20, "已按 RCEP 原产地规则完成测算，区域价值成分约 62%。Summary attached to our sourcing proposal next week.");
  await say(secretariat, g, 3, "下周三 14:00 线上例会，议题：海外仓共享与中欧班列舱位。Online meeting next Wednesday 14:00.");
  // The secretariat has read everything; the admins are a message or two behind (unread counts in the demo).
  await messaging.markRead(ctx, oem, { conversationId: g, seq: 5 });
  await messaging.markRead(ctx, supplier, { conversationId: g, seq: 6 });

  if (oemSales) {
    const direct = await messaging.startDirect(ctx, oemSales, { userId: supplier.id });
    conversations++;
    await say(oemSales, direct.conversationId, 30, "Hello Mr Yuan, do you have capacity for 800 extra housings in March?");
    await say(supplier, direct.conversationId, 29, "Yes, if the drawing revision is frozen by 15 February.");
  }

  // A deal room on the oldest open capacity request.
  const request = await ctx.prisma.capacityRequest.findFirst({
    where: { status: { in: ["PENDING", "APPROVED"] } },
    orderBy: { createdAt: "asc" },
    select: { id: true, requestedById: true, units: true, channel: { select: { name: true, ownerOrganizationId: true } } },
  });
  if (request) {
    const requester = await actorById(ctx, request.requestedById);
    const ownerAdmin = await ctx.prisma.user.findFirst({
      where: { organizationId: request.channel.ownerOrganizationId, role: "ORG_ADMIN", removedAt: null },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
    const owner = ownerAdmin ? await actorById(ctx, ownerAdmin.id) : null;
    if (requester && owner) {
      const deal = await messaging.openCapacityDeal(ctx, requester, { requestId: request.id });
      conversations++;
      await say(requester, deal.conversationId, 48, `We asked for ${request.units} units on “${request.channel.name}”. Can you confirm the handover point?`);
      await say(owner, deal.conversationId, 45, "可以。Handover at our bonded yard; documents must arrive five working days before.");
      await say(requester, deal.conversationId, 44, "Understood, thank you. 我们会提前准备报关资料。");
    }
  }
  return { seeded: true, conversations, messages };
}
