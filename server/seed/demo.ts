// The demo alliance: realistic, fictional companies (server/seed/data.ts; the accounts are listed in
// docs/demo-accounts.md). Every demo account's password is DEMO_PASSWORD. Idempotent: an existing
// secretariat account means "seeded", so a second run changes nothing.
import { randomUUID } from "node:crypto";
import { hashPassword } from "../auth/index.js";
import type { Prisma } from "../db/generated/client.js";
import type { DomainContext } from "../services.js";
import { DEMO_ORGANIZATIONS, SECRETARIAT, type DemoOrganization } from "./data.js";

export const DEMO_PASSWORD = "ExportAlliance2026!";
export const SECRETARIAT_EMAIL = "secretariat@alliance.example";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DemoSeedSummary {
  seeded: boolean;
  organizations: number;
  users: number;
  certifications: number;
  auditEvents: number;
  secretariatOrganizationId?: string;
}

export const demoEmail = (org: Pick<DemoOrganization, "short">, mailbox: string) => `${mailbox}@${org.short}.example`;

export async function seedDemoAlliance(ctx: DomainContext): Promise<DemoSeedSummary> {
  const { prisma } = ctx;
  const existing = await prisma.user.findUnique({ where: { email: SECRETARIAT_EMAIL }, select: { id: true } });
  if (existing) return { seeded: false, organizations: 0, users: 0, certifications: 0, auditEvents: 0 };

  // argon2id is slow on purpose (~50 ms); every demo account shares the one hash.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = ctx.now();
  const daysFromNow = (days: number) => new Date(now.getTime() + days * DAY_MS);
  // Certificate dates are calendar dates (@db.Date): UTC midnight of the day.
  const dateFromNow = (days: number) => {
    const d = daysFromNow(days);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  };

  const organizations: Prisma.OrganizationCreateManyInput[] = [];
  const users: Prisma.UserCreateManyInput[] = [];
  const certifications: Prisma.CertificationCreateManyInput[] = [];
  const auditEvents: Prisma.AuditEventCreateManyInput[] = [];

  const secretariatOrgId = randomUUID();
  const secretariatUserId = randomUUID();

  for (const org of [SECRETARIAT, ...DEMO_ORGANIZATIONS]) {
    const isSecretariat = org === SECRETARIAT;
    const id = isSecretariat ? secretariatOrgId : randomUUID();
    const status = org.status ?? "ACTIVE";
    const appliedAt = daysFromNow(-org.appliedDaysAgo);
    // The secretariat took one to two days over each decision.
    const reviewedAt = status === "PENDING" || isSecretariat ? null : new Date(appliedAt.getTime() + (1 + (org.appliedDaysAgo % 2)) * DAY_MS);
    organizations.push({
      id,
      nameZh: org.nameZh,
      nameEn: org.nameEn,
      kind: org.kind,
      status,
      homeCity: org.homeCity,
      homeCountry: org.homeCountry ?? "CN",
      website: isSecretariat ? "https://alliance.example" : `https://www.${org.short}.example`,
      description: org.description,
      markets: org.markets,
      rejectionReason: org.rejectionReason ?? null,
      reviewedAt,
      reviewedById: reviewedAt ? secretariatUserId : null,
      createdAt: appliedAt,
      updatedAt: reviewedAt ?? appliedAt,
    });

    let firstUserId: string | undefined;
    org.users.forEach((user, index) => {
      const userId = isSecretariat && index === 0 ? secretariatUserId : randomUUID();
      firstUserId ??= userId;
      users.push({
        id: userId,
        organizationId: id,
        email: demoEmail(org, user.mailbox),
        name: user.name,
        passwordHash,
        role: user.role,
        secretariat: isSecretariat,
        locale: user.locale ?? null,
        // Colleagues joined a few weeks after their organisation was admitted.
        createdAt: index === 0 ? appliedAt : daysFromNow(-Math.max(0, org.appliedDaysAgo - 20 - index * 7)),
        passwordChangedAt: appliedAt,
      });
    });

    for (const cert of org.certifications ?? []) {
      certifications.push({
        organizationId: id,
        type: cert.type,
        label: cert.label ?? null,
        scope: cert.scope,
        issuer: cert.issuer,
        validFrom: dateFromNow(cert.validFromDays),
        validTo: dateFromNow(cert.validToDays),
        createdAt: appliedAt,
      });
    }

    if (isSecretariat) continue;
    auditEvents.push({
      at: appliedAt,
      actorUserId: firstUserId ?? null,
      organizationId: id,
      action: "organization.applied",
      subjectType: "Organization",
      subjectId: id,
      data: { nameEn: org.nameEn, kind: org.kind },
    });
    if (reviewedAt) {
      auditEvents.push({
        at: reviewedAt,
        actorUserId: secretariatUserId,
        organizationId: id,
        action: status === "REJECTED" ? "organization.rejected" : "organization.approved",
        subjectType: "Organization",
        subjectId: id,
        data: status === "REJECTED" ? { reason: org.rejectionReason ?? "" } : {},
      });
    }
  }

  // One batch: four statements in one transaction keep the seed well under a second and all-or-nothing.
  await prisma.$transaction([
    prisma.organization.createMany({ data: organizations }),
    prisma.user.createMany({ data: users }),
    prisma.certification.createMany({ data: certifications }),
    prisma.auditEvent.createMany({ data: auditEvents }),
  ]);

  return {
    seeded: true,
    organizations: organizations.length,
    users: users.length,
    certifications: certifications.length,
    auditEvents: auditEvents.length,
    secretariatOrganizationId: secretariatOrgId,
  };
}
