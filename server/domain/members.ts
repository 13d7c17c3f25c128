// Membership: applications, secretariat review, suspension. Authorization lives here, so that HTTP
// routes and socket handlers cannot skip it.
import type { CurrentUser } from "../auth/index.js";
import type { DomainContext } from "../services.js";

/** What an applicant (or a rejected / suspended organisation's user) may see of its own application. */
export async function applicationStatus(ctx: DomainContext, actor: CurrentUser) {
  const org = await ctx.prisma.organization.findUniqueOrThrow({
    where: { id: actor.organization.id },
    select: { status: true, rejectionReason: true, createdAt: true, reviewedAt: true },
  });
  return org;
}

export const membersDomain = { applicationStatus };
