import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth } from "../../server/auth/index";
import { createLoginThrottle } from "../../server/auth/rate-limit";
import { loadConfig } from "../../server/config";
import type { Database } from "../../server/db/index";
import { COUNTRY_CODES } from "../../server/domain/countries";
import { DEMO_ORGANIZATIONS } from "../../server/seed/data";
import { DEMO_PASSWORD, SECRETARIAT_EMAIL, seedDemoAlliance } from "../../server/seed/demo";
import { createTestDatabase } from "../support/db";
import { testContext } from "../support/fixtures";

let db: Database;
let first: Awaited<ReturnType<typeof seedDemoAlliance>>;
const DAY_MS = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  db = await createTestDatabase();
  first = await seedDemoAlliance(testContext(db.prisma));
});
afterAll(async () => {
  await db?.close();
});

const activeCount = (kind: "OEM" | "SUPPLIER" | "LOGISTICS" | "TESTING") =>
  db.prisma.organization.count({ where: { kind, status: "ACTIVE" } });

describe("demo alliance seed", () => {
  it("creates at least the members the issue asks for", async () => {
    expect(first.seeded).toBe(true);
    expect(await activeCount("OEM")).toBeGreaterThanOrEqual(6);
    expect(await activeCount("SUPPLIER")).toBeGreaterThanOrEqual(20);
    expect(await activeCount("LOGISTICS")).toBeGreaterThanOrEqual(3);
    expect(await activeCount("TESTING")).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.organization.count({ where: { status: "PENDING" } })).toBeGreaterThanOrEqual(1);
    const rejected = await db.prisma.organization.findMany({ where: { status: "REJECTED" } });
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(rejected.every((o) => o.rejectionReason && o.reviewedAt)).toBe(true);
  });

  it("gives every active organisation an ORG_ADMIN and pending ones only a first user", async () => {
    const orgs = await db.prisma.organization.findMany({ include: { users: true } });
    for (const org of orgs) {
      expect(org.users.length, org.nameEn).toBeGreaterThanOrEqual(1);
      const admins = org.users.filter((u) => u.role === "ORG_ADMIN");
      if (org.status === "ACTIVE") expect(admins.length, org.nameEn).toBeGreaterThanOrEqual(1);
      else expect(admins, org.nameEn).toHaveLength(0);
    }
  });

  it("uses valid market codes, .example websites and unique names", async () => {
    const orgs = await db.prisma.organization.findMany();
    for (const org of orgs) {
      for (const code of org.markets) expect(COUNTRY_CODES.has(code), `${org.nameEn}: ${code}`).toBe(true);
      expect(org.website).toMatch(/^https:\/\/([\w-]+\.)*[\w-]+\.example$/);
    }
    expect(new Set(orgs.map((o) => o.nameEn)).size).toBe(orgs.length);
    expect(new Set(orgs.map((o) => o.nameZh)).size).toBe(orgs.length);
    const users = await db.prisma.user.findMany({ select: { email: true } });
    expect(users.every((u) => u.email.endsWith(".example"))).toBe(true);
  });

  it("has expired certificates and some that expire within 90 days", async () => {
    const now = Date.now();
    const certs = await db.prisma.certification.findMany();
    expect(certs.filter((c) => c.validTo.getTime() < now).length).toBeGreaterThanOrEqual(2);
    expect(certs.filter((c) => c.validTo.getTime() >= now && c.validTo.getTime() < now + 90 * DAY_MS).length).toBeGreaterThanOrEqual(2);
    expect(certs.some((c) => c.type === "UNECE_TYPE_APPROVAL" && c.label?.includes("UN R100"))).toBe(true);
  });

  it("records the secretariat's decisions in the audit trail", async () => {
    const secretariat = await db.prisma.user.findUniqueOrThrow({ where: { email: SECRETARIAT_EMAIL } });
    const approved = await db.prisma.auditEvent.count({ where: { action: "organization.approved", actorUserId: secretariat.id } });
    expect(approved).toBe(await db.prisma.organization.count({ where: { status: "ACTIVE", reviewedById: secretariat.id } }));
    expect(await db.prisma.auditEvent.count({ where: { action: "organization.rejected" } })).toBeGreaterThanOrEqual(1);
  });

  it("lets the secretariat sign in with the demo password", async () => {
    const config = loadConfig({ NODE_ENV: "test" });
    const auth = createAuth(db.prisma, config, createLoginThrottle(config.login, undefined));
    const result = await auth.signIn({ email: SECRETARIAT_EMAIL, password: DEMO_PASSWORD }, { ip: "127.0.0.1" });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.user.secretariat).toBe(true);
    const member = DEMO_ORGANIZATIONS.find((o) => o.kind === "OEM")!;
    const oem = await auth.signIn({ email: `admin@${member.short}.example`, password: DEMO_PASSWORD }, { ip: "127.0.0.1" });
    expect(oem.ok).toBe(true);
  });

  it("lists every demo account in docs/demo-accounts.md", async () => {
    const doc = await readFile("docs/demo-accounts.md", "utf8");
    const users = await db.prisma.user.findMany({ select: { email: true } });
    expect(users.filter((u) => !doc.includes(`\`${u.email}\``)).map((u) => u.email)).toEqual([]);
    expect(doc).toContain(DEMO_PASSWORD);
  });

  it("does nothing the second time", async () => {
    const before = {
      organizations: await db.prisma.organization.count(),
      users: await db.prisma.user.count(),
      certifications: await db.prisma.certification.count(),
      audit: await db.prisma.auditEvent.count({ where: { action: { startsWith: "organization." } } }),
    };
    const second = await seedDemoAlliance(testContext(db.prisma));
    expect(second.seeded).toBe(false);
    expect({
      organizations: await db.prisma.organization.count(),
      users: await db.prisma.user.count(),
      certifications: await db.prisma.certification.count(),
      audit: await db.prisma.auditEvent.count({ where: { action: { startsWith: "organization." } } }),
    }).toEqual(before);
    expect(before.organizations).toBe(first.organizations);
  });
});
