// The demo alliance: realistic, fictional companies (see README "Demo accounts"). Every demo
// account's password is DEMO_PASSWORD. Idempotent: an existing secretariat account means "seeded".
import { hashPassword } from "../auth/index.js";
import type { DomainContext } from "../services.js";

export const DEMO_PASSWORD = "ExportAlliance2026!";

export async function seedDemoAlliance(ctx: DomainContext) {
  const { prisma } = ctx;
  const existing = await prisma.user.findUnique({ where: { email: "secretariat@alliance.example" } });
  if (existing) return { seeded: false, organizations: 0, users: 0 };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const secretariat = await prisma.organization.create({
    data: {
      nameZh: "出口联盟秘书处",
      nameEn: "Export Alliance Secretariat",
      kind: "SERVICE",
      status: "ACTIVE",
      homeCity: "Chongqing",
      homeCountry: "CN",
      description: "Vets member organisations, moderates the portal and publishes alliance-wide figures.",
      markets: [],
      users: {
        create: { email: "secretariat@alliance.example", name: "Secretariat Desk", passwordHash, role: "ORG_ADMIN", secretariat: true },
      },
    },
  });
  return { seeded: true, organizations: 1, users: 1, secretariatOrganizationId: secretariat.id };
}
