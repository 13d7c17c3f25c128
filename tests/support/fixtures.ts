// Realistic but fictional organisations and people for tests.
import { randomBytes } from "node:crypto";
import type { CurrentUser } from "../../server/auth/index";
import { hashPassword } from "../../server/auth/index";
import type { PrismaClient } from "../../server/db/index";
import type { OrganizationKind, OrganizationStatus, UserRole } from "../../server/db/generated/enums";
import { createLogger } from "../../server/logger";
import { quietHooks, type DomainContext } from "../../server/services";

export const TEST_PASSWORD = "Harbour-Lights-2031";
let cachedHash: Promise<string> | undefined;
/** Hashing costs ~50 ms by design; tests share one hash of TEST_PASSWORD. */
export const testPasswordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

export function testContext(prisma: PrismaClient): DomainContext {
  return {
    prisma,
    logger: createLogger("silent"),
    now: () => new Date(),
    hooks: quietHooks(),
  };
}

const unique = () => randomBytes(3).toString("hex");

export interface OrgOptions {
  kind?: OrganizationKind;
  status?: OrganizationStatus;
  nameEn?: string;
  nameZh?: string;
  homeCity?: string;
  markets?: string[];
}

export async function createOrganization(prisma: PrismaClient, options: OrgOptions = {}) {
  const tag = unique();
  return prisma.organization.create({
    data: {
      nameEn: options.nameEn ?? `Yangtze Test Components ${tag}`,
      nameZh: options.nameZh ?? `长江测试零部件${tag}`,
      kind: options.kind ?? "SUPPLIER",
      status: options.status ?? "ACTIVE",
      homeCity: options.homeCity ?? "Chongqing",
      homeCountry: "CN",
      description: "Fictional company created by a test.",
      markets: options.markets ?? ["TH", "BR"],
    },
  });
}

export interface UserOptions {
  role?: UserRole;
  secretariat?: boolean;
  email?: string;
  name?: string;
}

export async function createUser(prisma: PrismaClient, organizationId: string, options: UserOptions = {}) {
  return prisma.user.create({
    data: {
      organizationId,
      email: options.email ?? `user-${unique()}@example.test`,
      name: options.name ?? "Lin Test",
      passwordHash: await testPasswordHash(),
      role: options.role ?? "MEMBER",
      secretariat: options.secretariat ?? false,
    },
  });
}

/** The CurrentUser the domain expects, loaded the way the session check loads it. */
export async function actorFor(prisma: PrismaClient, userId: string): Promise<CurrentUser> {
  const u = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    include: { organization: { select: { id: true, nameZh: true, nameEn: true, kind: true, status: true } } },
  });
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    secretariat: u.secretariat,
    locale: u.locale,
    organization: u.organization,
  };
}

/** An organisation with an admin (and optionally members), returning actors ready for domain calls. */
export async function createMemberOrg(prisma: PrismaClient, options: OrgOptions = {}) {
  const org = await createOrganization(prisma, options);
  const adminUser = await createUser(prisma, org.id, { role: "ORG_ADMIN" });
  const memberUser = await createUser(prisma, org.id, { role: "MEMBER" });
  return {
    org,
    adminUser,
    memberUser,
    admin: await actorFor(prisma, adminUser.id),
    member: await actorFor(prisma, memberUser.id),
  };
}

export async function createSecretariat(prisma: PrismaClient) {
  const org = await createOrganization(prisma, { kind: "SERVICE", nameEn: `Alliance Secretariat ${unique()}` });
  const user = await createUser(prisma, org.id, { role: "ORG_ADMIN", secretariat: true });
  return { org, user, actor: await actorFor(prisma, user.id) };
}
