// Membership domain on a real database: applying, review, suspension, directory, profiles and
// certifications, including bad input and object-level authorization.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/index";
import { verifyPassword } from "../../server/auth/index";
import { certificationValidity, encodeCursor, membersDomain } from "../../server/domain/members";
import type { DomainContext } from "../../server/services";
import { createTestDatabase } from "../support/db";
import { actorFor, createMemberOrg, createOrganization, createSecretariat, createUser, testContext } from "../support/fixtures";

let db: Database;
let ctx: DomainContext;
beforeAll(async () => {
  db = await createTestDatabase();
  ctx = testContext(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

let seq = 0;
function application(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    nameZh: `重庆渝江汽车电子有限公司${seq}`,
    nameEn: `Chongqing Yujiang Auto Electronics ${seq}`,
    kind: "SUPPLIER",
    homeCity: "Chongqing",
    homeCountry: "CN",
    website: "www.yujiang-electronics.example",
    description: "Body control modules and wiring harnesses for passenger cars and light trucks.",
    markets: ["TH", "BR", "uz"],
    name: "Tang Wenjing",
    email: `applicant-${seq}-${Date.now()}@yujiang.example`,
    password: "Wiring-Harness-Chongqing-7",
    passwordConfirm: "Wiring-Harness-Chongqing-7",
    ...overrides,
  };
}

async function expectFieldErrors(promise: Promise<unknown>, expected: Record<string, string>) {
  const error = await promise.then(
    () => {
      throw new Error("expected a ValidationError");
    },
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ status: 400 });
  expect((error as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject(expected);
}

const counts = async () => ({
  orgs: await db.prisma.organization.count(),
  users: await db.prisma.user.count(),
  mails: await db.prisma.outboxEmail.count(),
  audits: await db.prisma.auditEvent.count(),
});

describe("apply", () => {
  it("creates a pending organisation, a MEMBER user, an audit event and a mail to the secretariat desk", async () => {
    const desk = await createSecretariat(db.prisma);
    const input = application();
    const { organizationId, userId } = await membersDomain.apply(ctx, input);
    const org = await db.prisma.organization.findUniqueOrThrow({ where: { id: organizationId }, include: { users: true } });
    expect(org).toMatchObject({
      status: "PENDING",
      kind: "SUPPLIER",
      nameZh: input.nameZh,
      website: "https://www.yujiang-electronics.example",
      markets: ["TH", "BR", "UZ"],
    });
    expect(org.users).toHaveLength(1);
    expect(org.users[0]).toMatchObject({ id: userId, role: "MEMBER", email: input.email.toLowerCase(), secretariat: false });
    expect(await verifyPassword(org.users[0]!.passwordHash, input.password)).toBe(true);
    const audit = await db.prisma.auditEvent.findFirst({ where: { subjectId: organizationId, action: "organization.applied" } });
    expect(audit?.actorUserId).toBe(userId);
    const mails = await db.prisma.outboxEmail.findMany({ where: { kind: "application_received", to: desk.user.email } });
    expect(mails.some((m) => m.bodyText.includes(input.nameEn))).toBe(true);
  });

  it("rejects a duplicate email (any case) with errors.emailTaken and stores nothing", async () => {
    const first = application();
    await membersDomain.apply(ctx, first);
    const before = await counts();
    await expectFieldErrors(membersDomain.apply(ctx, application({ email: first.email.toUpperCase() })), { email: "errors.emailTaken" });
    expect(await counts()).toEqual(before);
  });

  it("lets only one of two simultaneous applications with the same email through", async () => {
    const input = application();
    const results = await Promise.allSettled([membersDomain.apply(ctx, input), membersDomain.apply(ctx, { ...input, nameEn: `${input.nameEn} twin` })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(failed?.reason).toMatchObject({ status: 400, fieldErrors: { email: "errors.emailTaken" } });
    expect(await db.prisma.user.count({ where: { email: input.email.toLowerCase() } })).toBe(1);
  });

  it.each([
    ["over-long name", { nameEn: "x".repeat(121) }, { nameEn: "errors.tooLong" }],
    ["over-long city", { homeCity: "c".repeat(81) }, { homeCity: "errors.tooLong" }],
    ["over-long description", { description: "d".repeat(2001) }, { description: "errors.tooLong" }],
    ["over-long website", { website: `https://example.com/${"p".repeat(300)}` }, { website: "errors.tooLong" }],
    ["too many markets", { markets: Array.from({ length: 61 }, (_, i) => ["DE", "FR", "TH", "BR", "MX", "US", "AU"][i % 7] + String(i)) }, { markets: expect.any(String) }],
    ["missing fields", { nameZh: "", homeCity: undefined, description: "   " }, { nameZh: "errors.required", homeCity: "errors.required", description: "errors.required" }],
    ["wrong types", { nameEn: 42, markets: [{ code: "DE" }], kind: ["OEM"] }, { nameEn: expect.stringMatching(/^errors\./), markets: expect.stringMatching(/^errors\./), kind: "errors.invalidValue" }],
    ["unknown enum value", { kind: "SHIPYARD" }, { kind: "errors.invalidValue" }],
    ["missing kind", { kind: "" }, { kind: "errors.required" }],
    ["unknown country codes", { homeCountry: "ZZ", markets: ["DE", "QQ"] }, { homeCountry: "errors.unknownCountry", markets: "errors.unknownCountry" }],
    ["bad email", { email: "not-an-email" }, { email: "errors.invalidEmail" }],
    ["bad website", { website: "javascript:alert(1)" }, { website: "errors.invalidUrl" }],
    ["short password", { password: "short", passwordConfirm: "short" }, { password: "errors.passwordTooShort" }],
    ["common password", { password: "password123", passwordConfirm: "password123" }, { password: "errors.passwordTooCommon" }],
    ["passwords differ", { passwordConfirm: "Something-Else-2031" }, { passwordConfirm: "errors.passwordsDoNotMatch" }],
  ])("refuses %s with field errors and stores nothing", async (_name, overrides, expected) => {
    const before = await counts();
    await expectFieldErrors(membersDomain.apply(ctx, application(overrides)), expected);
    expect(await counts()).toEqual(before);
  });

  it("stores <script> as plain text", async () => {
    const { organizationId } = await membersDomain.apply(ctx, application({ description: "<script>alert('x')</script> brakes" }));
    const org = await db.prisma.organization.findUniqueOrThrow({ where: { id: organizationId } });
    expect(org.description).toBe("<script>alert('x')</script> brakes");
  });
});

describe("secretariat review", () => {
  it("lists pending applications oldest first, only for the secretariat", async () => {
    const desk = await createSecretariat(db.prisma);
    const a = await membersDomain.apply(ctx, application());
    const b = await membersDomain.apply(ctx, application());
    const list = await membersDomain.pendingApplications(ctx, desk.actor);
    const ids = list.map((o) => o.id);
    expect(ids.indexOf(a.organizationId)).toBeLessThan(ids.indexOf(b.organizationId));
    expect(list.find((o) => o.id === a.organizationId)?.applicant?.name).toBe("Tang Wenjing");
    const { admin } = await createMemberOrg(db.prisma);
    await expect(membersDomain.pendingApplications(ctx, admin)).rejects.toMatchObject({ status: 403 });
  });

  it("approves: organisation ACTIVE, first user ORG_ADMIN, review recorded, audit and mail", async () => {
    const desk = await createSecretariat(db.prisma);
    const input = application();
    const { organizationId, userId } = await membersDomain.apply(ctx, input);
    await membersDomain.approveApplication(ctx, desk.actor, { organizationId });
    const org = await db.prisma.organization.findUniqueOrThrow({ where: { id: organizationId } });
    expect(org).toMatchObject({ status: "ACTIVE", reviewedById: desk.user.id });
    expect(org.reviewedAt).toBeInstanceOf(Date);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).role).toBe("ORG_ADMIN");
    expect(await db.prisma.auditEvent.count({ where: { subjectId: organizationId, action: "organization.approved" } })).toBe(1);
    expect(await db.prisma.outboxEmail.count({ where: { to: input.email.toLowerCase(), kind: "application_approved" } })).toBe(1);
  });

  it("rejects with a required reason that the applicant then sees", async () => {
    const desk = await createSecretariat(db.prisma);
    const input = application();
    const { organizationId, userId } = await membersDomain.apply(ctx, input);
    await expectFieldErrors(membersDomain.rejectApplication(ctx, desk.actor, { organizationId, reason: " " }), { reason: "errors.required" });
    await expectFieldErrors(membersDomain.rejectApplication(ctx, desk.actor, { organizationId, reason: "r".repeat(1001) }), { reason: "errors.tooLong" });
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: organizationId } })).status).toBe("PENDING");
    await membersDomain.rejectApplication(ctx, desk.actor, { organizationId, reason: "No export business licence was provided." });
    const status = await membersDomain.applicationStatus(ctx, await actorFor(db.prisma, userId));
    expect(status).toMatchObject({ status: "REJECTED", rejectionReason: "No export business licence was provided." });
    expect(await db.prisma.outboxEmail.count({ where: { to: input.email.toLowerCase(), kind: "application_rejected" } })).toBe(1);
  });

  it("refuses to decide an application twice (409 with a translated key)", async () => {
    const desk = await createSecretariat(db.prisma);
    const { organizationId } = await membersDomain.apply(ctx, application());
    await membersDomain.approveApplication(ctx, desk.actor, { organizationId });
    await expect(membersDomain.approveApplication(ctx, desk.actor, { organizationId })).rejects.toMatchObject({ status: 409, message: "members.errors.notPending" });
    await expect(membersDomain.rejectApplication(ctx, desk.actor, { organizationId, reason: "late" })).rejects.toMatchObject({ status: 409, message: "members.errors.notPending" });
  });

  it("answers 404 for an unknown or malformed organisation id", async () => {
    const desk = await createSecretariat(db.prisma);
    await expect(membersDomain.approveApplication(ctx, desk.actor, { organizationId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ status: 404 });
    await expect(membersDomain.approveApplication(ctx, desk.actor, { organizationId: "nope" })).rejects.toMatchObject({ status: 400 });
  });

  it("forbids every review action to non-secretariat users and changes nothing", async () => {
    const { admin } = await createMemberOrg(db.prisma);
    const { organizationId } = await membersDomain.apply(ctx, application());
    const target = await createOrganization(db.prisma);
    await expect(membersDomain.approveApplication(ctx, admin, { organizationId })).rejects.toMatchObject({ status: 403 });
    await expect(membersDomain.rejectApplication(ctx, admin, { organizationId, reason: "x" })).rejects.toMatchObject({ status: 403 });
    await expect(membersDomain.suspendOrganization(ctx, admin, { organizationId: target.id, reason: "x" })).rejects.toMatchObject({ status: 403 });
    await expect(membersDomain.reactivateOrganization(ctx, admin, { organizationId: target.id })).rejects.toMatchObject({ status: 403 });
    await expect(membersDomain.organizations(ctx, admin, {})).rejects.toMatchObject({ status: 403 });
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: organizationId } })).status).toBe("PENDING");
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: target.id } })).status).toBe("ACTIVE");
  });

  it("suspends: sessions of every user deleted, hook called, audit; then reactivates", async () => {
    const desk = await createSecretariat(db.prisma);
    const member = await createMemberOrg(db.prisma);
    const other = await createMemberOrg(db.prisma);
    const expiresAt = new Date(Date.now() + 86_400_000);
    for (const [i, userId] of [member.adminUser.id, member.memberUser.id, other.adminUser.id].entries()) {
      await db.prisma.session.create({ data: { id: `suspend-test-${i}-${member.org.id}`, userId, expiresAt } });
    }
    const suspended: string[] = [];
    const hooked: DomainContext = { ...ctx, hooks: { ...ctx.hooks, organizationSuspended: (id) => suspended.push(id) } };
    await expectFieldErrors(membersDomain.suspendOrganization(hooked, desk.actor, { organizationId: member.org.id }), { reason: "errors.required" });
    const result = await membersDomain.suspendOrganization(hooked, desk.actor, { organizationId: member.org.id, reason: "Unpaid dues for 2026." });
    expect(result.sessionsEnded).toBe(2);
    expect(suspended).toEqual([member.org.id]);
    expect(await db.prisma.session.count({ where: { user: { organizationId: member.org.id } } })).toBe(0);
    expect(await db.prisma.session.count({ where: { userId: other.adminUser.id } })).toBe(1);
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: member.org.id } })).status).toBe("SUSPENDED");
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { subjectId: member.org.id, action: "organization.suspended" } });
    expect(audit.data).toMatchObject({ reason: "Unpaid dues for 2026." });

    await expect(membersDomain.suspendOrganization(hooked, desk.actor, { organizationId: member.org.id, reason: "again" })).rejects.toMatchObject({ status: 409, message: "members.errors.notActive" });
    await membersDomain.reactivateOrganization(ctx, desk.actor, { organizationId: member.org.id });
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: member.org.id } })).status).toBe("ACTIVE");
    await expect(membersDomain.reactivateOrganization(ctx, desk.actor, { organizationId: member.org.id })).rejects.toMatchObject({ status: 409, message: "members.errors.notSuspended" });
  });

  it("does not let the secretariat suspend its own organisation", async () => {
    const desk = await createSecretariat(db.prisma);
    await expect(membersDomain.suspendOrganization(ctx, desk.actor, { organizationId: desk.org.id, reason: "oops" })).rejects.toMatchObject({ status: 409 });
  });

  it("lists organisations with a status filter", async () => {
    const desk = await createSecretariat(db.prisma);
    const suspended = await createOrganization(db.prisma, { status: "SUSPENDED", nameEn: "Suspended Axle Works" });
    const result = await membersDomain.organizations(ctx, desk.actor, { status: "SUSPENDED" });
    expect(result.items.map((o) => o.id)).toContain(suspended.id);
    expect(result.items.every((o) => o.status === "SUSPENDED")).toBe(true);
    await expectFieldErrors(membersDomain.organizations(ctx, desk.actor, { status: "GONE" }), { status: "errors.invalidValue" });
  });
});

describe("directory", () => {
  // A separate name prefix per run keeps these assertions independent of the other tests' rows.
  const tag = `Dirtest${Date.now().toString(36)}`;
  let viewer: Awaited<ReturnType<typeof createMemberOrg>>;
  beforeAll(async () => {
    viewer = await createMemberOrg(db.prisma, { nameEn: `${tag} Viewer Motors`, nameZh: `${tag}观察汽车`, kind: "OEM", homeCity: "Fuling", markets: [] });
    await createOrganization(db.prisma, { nameEn: `${tag} Jialing Brake Systems`, nameZh: "嘉陵制动系统", kind: "SUPPLIER", homeCity: "Chongqing", markets: ["TH", "DE"] });
    await createOrganization(db.prisma, { nameEn: `${tag} Liangjiang Seating`, nameZh: "两江座椅", kind: "SUPPLIER", homeCity: "Chengdu", markets: ["BR"] });
    await createOrganization(db.prisma, { nameEn: `${tag} Guoyuan Ro-Ro Logistics`, nameZh: "果园滚装物流", kind: "LOGISTICS", homeCity: "Chongqing", markets: ["DE", "BE"] });
    await createOrganization(db.prisma, { nameEn: `${tag} Pending Pistons`, nameZh: "待审活塞", status: "PENDING" });
    await createOrganization(db.prisma, { nameEn: `${tag} Suspended Springs`, nameZh: "暂停弹簧", status: "SUSPENDED" });
    for (let i = 0; i < 30; i++) {
      await createOrganization(db.prisma, { nameEn: `${tag} Bulk Fasteners ${String(i).padStart(2, "0")}`, nameZh: `紧固件${tag}${i}`, kind: "SUPPLIER", homeCity: "Yongchuan", markets: ["MX"] });
    }
  });

  const names = (r: { items: { nameEn: string }[] }) => r.items.map((o) => o.nameEn.replace(`${tag} `, ""));

  it("shows active members only and searches English names case-insensitively", async () => {
    const r = await membersDomain.directory(ctx, viewer.member, { q: `${tag.toLowerCase()} JIALING` });
    expect(names(r)).toEqual(["Jialing Brake Systems"]);
    expect(r.total).toBe(1);
    const all = await membersDomain.directory(ctx, viewer.member, { q: tag });
    expect(names(all)).not.toContain("Pending Pistons");
    expect(names(all)).not.toContain("Suspended Springs");
  });

  it("searches Chinese names", async () => {
    const r = await membersDomain.directory(ctx, viewer.member, { q: "座椅" });
    expect(names(r)).toContain("Liangjiang Seating");
    expect(r.items.every((o) => o.nameZh.includes("座椅") || o.nameEn.includes("座椅"))).toBe(true);
  });

  it("matches LIKE wildcards literally", async () => {
    const r = await membersDomain.directory(ctx, viewer.member, { q: "%" });
    expect(r.total).toBe(0);
    const u = await membersDomain.directory(ctx, viewer.member, { q: `${tag}_` });
    expect(u.total).toBe(0);
  });

  it("filters by kind, city and market", async () => {
    const logistics = await membersDomain.directory(ctx, viewer.member, { q: tag, kind: "LOGISTICS" });
    expect(names(logistics)).toEqual(["Guoyuan Ro-Ro Logistics"]);
    const chongqing = await membersDomain.directory(ctx, viewer.member, { q: tag, city: "chongqing" });
    expect(names(chongqing).sort()).toEqual(["Guoyuan Ro-Ro Logistics", "Jialing Brake Systems"]);
    const germany = await membersDomain.directory(ctx, viewer.member, { q: tag, market: "de" });
    expect(names(germany).sort()).toEqual(["Guoyuan Ro-Ro Logistics", "Jialing Brake Systems"]);
    const combined = await membersDomain.directory(ctx, viewer.member, { q: tag, kind: "SUPPLIER", market: "DE", city: "Chongqing" });
    expect(names(combined)).toEqual(["Jialing Brake Systems"]);
  });

  it("pages 25 at a time in name order with a cursor, and counts every match", async () => {
    const first = await membersDomain.directory(ctx, viewer.member, { q: `${tag} Bulk` });
    expect(first.total).toBe(30);
    expect(first.items).toHaveLength(25);
    expect(first.nextCursor).toBeTruthy();
    const second = await membersDomain.directory(ctx, viewer.member, { q: `${tag} Bulk`, cursor: first.nextCursor });
    expect(second.items).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    const all = [...names(first), ...names(second)];
    expect(all).toEqual(Array.from({ length: 30 }, (_, i) => `Bulk Fasteners ${String(i).padStart(2, "0")}`));
  });

  it("refuses bad filters and cursors with 400", async () => {
    await expectFieldErrors(membersDomain.directory(ctx, viewer.member, { kind: "BOAT" }), { kind: "errors.invalidValue" });
    await expectFieldErrors(membersDomain.directory(ctx, viewer.member, { market: "XX" }), { market: "errors.unknownCountry" });
    await expectFieldErrors(membersDomain.directory(ctx, viewer.member, { cursor: "garbage" }), { cursor: "errors.invalidValue" });
    await expectFieldErrors(membersDomain.directory(ctx, viewer.member, { q: "q".repeat(121) }), { q: "errors.tooLong" });
  });

  it("is closed to pending applicants and open to the secretariat", async () => {
    const { userId } = await membersDomain.apply(ctx, application());
    await expect(membersDomain.directory(ctx, await actorFor(db.prisma, userId), {})).rejects.toMatchObject({ status: 403 });
    const desk = await createSecretariat(db.prisma);
    await expect(membersDomain.directory(ctx, desk.actor, { q: tag })).resolves.toMatchObject({ total: 34 });
  });

  it("counts every active member in the unfiltered view, through every change of status", async () => {
    const desk = await createSecretariat(db.prisma);
    const byStatus = async () => {
      const kept = await db.prisma.organizationCount.findMany();
      const counted = await db.prisma.organization.groupBy({ by: ["status"], _count: { _all: true } });
      return {
        kept: Object.fromEntries(kept.filter((c) => c.total !== 0).map((c) => [c.status, c.total])),
        counted: Object.fromEntries(counted.map((c) => [c.status, c._count._all])),
      };
    };
    const expectTotals = async () => {
      const { kept, counted } = await byStatus();
      expect(kept).toEqual(counted);
      const unfiltered = await membersDomain.directory(ctx, viewer.member, {});
      expect(unfiltered.total).toBe(counted.ACTIVE ?? 0);
      // A later page of the unfiltered view has the same total.
      if (unfiltered.nextCursor) expect((await membersDomain.directory(ctx, viewer.member, { cursor: unfiltered.nextCursor })).total).toBe(unfiltered.total);
    };
    await expectTotals();
    const applied = await Promise.all([1, 2, 3, 4].map(() => membersDomain.apply(ctx, application())));
    await expectTotals();
    const [a, b, c, d] = applied.map((x) => x.organizationId);
    await Promise.all([a, b, c].map((organizationId) => membersDomain.approveApplication(ctx, desk.actor, { organizationId })));
    await membersDomain.rejectApplication(ctx, desk.actor, { organizationId: d, reason: "No export business licence was provided." });
    await expectTotals();
    await membersDomain.suspendOrganization(ctx, desk.actor, { organizationId: a, reason: "Unpaid dues." });
    await expectTotals();
    // Opposite directions at once (one ACTIVE -> SUSPENDED, one SUSPENDED -> ACTIVE): both go through.
    await Promise.all([
      membersDomain.suspendOrganization(ctx, desk.actor, { organizationId: b, reason: "Unpaid dues." }),
      membersDomain.reactivateOrganization(ctx, desk.actor, { organizationId: a }),
    ]);
    await expectTotals();
    // Changes that leave the status alone, and a deletion.
    await db.prisma.organization.update({ where: { id: c }, data: { homeCity: "Wanzhou" } });
    await db.prisma.organization.updateMany({ where: { id: c }, data: { status: "ACTIVE" } });
    await db.prisma.organization.delete({ where: { id: d } });
    await expectTotals();
  });

  it("encodes cursors that round-trip", () => {
    expect(encodeCursor({ nameEn: "重庆 A", id: "00000000-0000-4000-8000-000000000000" })).toMatch(/^[\w-]+$/);
  });
});

describe("profiles and certifications", () => {
  it("flags expired and soon-expiring certificates", async () => {
    const now = new Date("2026-06-15T10:00:00Z");
    const d = (s: string) => new Date(`${s}T00:00:00Z`);
    expect(certificationValidity(now, d("2020-01-01"), d("2026-06-14"))).toBe("expired");
    expect(certificationValidity(now, d("2020-01-01"), d("2026-06-15"))).toBe("expiring");
    expect(certificationValidity(now, d("2020-01-01"), d("2026-09-13"))).toBe("expiring");
    expect(certificationValidity(now, d("2020-01-01"), d("2026-09-14"))).toBe("valid");
    expect(certificationValidity(now, d("2026-07-01"), d("2029-01-01"))).toBe("notYetValid");
  });

  it("shows an active profile to members, hides pending/rejected ones except from the secretariat, 404s unknown ids", async () => {
    const viewer = await createMemberOrg(db.prisma);
    const active = await createOrganization(db.prisma);
    const pending = await createOrganization(db.prisma, { status: "PENDING" });
    const rejected = await createOrganization(db.prisma, { status: "REJECTED" });
    await expect(membersDomain.profile(ctx, viewer.member, active.id)).resolves.toMatchObject({ id: active.id, canEdit: false });
    await expect(membersDomain.profile(ctx, viewer.member, pending.id)).rejects.toMatchObject({ status: 404 });
    await expect(membersDomain.profile(ctx, viewer.member, rejected.id)).rejects.toMatchObject({ status: 404 });
    await expect(membersDomain.profile(ctx, viewer.member, "not-a-uuid")).rejects.toMatchObject({ status: 404 });
    await expect(membersDomain.profile(ctx, viewer.member, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ status: 404 });
    const desk = await createSecretariat(db.prisma);
    await expect(membersDomain.profile(ctx, desk.actor, pending.id)).resolves.toMatchObject({ status: "PENDING" });
    await expect(membersDomain.profile(ctx, viewer.admin, viewer.org.id)).resolves.toMatchObject({ canEdit: true });
  });

  it("lets the org admin edit its own profile, with an audit event", async () => {
    const { org, admin } = await createMemberOrg(db.prisma);
    const result = await membersDomain.updateProfile(ctx, admin, {
      organizationId: org.id,
      nameZh: "重庆新名称传动",
      nameEn: "Chongqing New Name Drivetrain",
      homeCity: "Jiangjin",
      homeCountry: "CN",
      website: "",
      description: "Gearboxes for NEV commercial vehicles.",
      markets: "DE, TH;MX",
    });
    expect(result.changed.sort()).toEqual(["description", "homeCity", "markets", "nameEn", "nameZh"].sort());
    const after = await db.prisma.organization.findUniqueOrThrow({ where: { id: org.id } });
    expect(after).toMatchObject({ homeCity: "Jiangjin", website: null, markets: ["DE", "TH", "MX"] });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { subjectId: org.id, action: "organization.profile_updated" } });
    expect(audit.actorUserId).toBe(admin.id);
  });

  it("forbids editing another organisation's profile, and a plain member editing its own", async () => {
    const mine = await createMemberOrg(db.prisma);
    const theirs = await createMemberOrg(db.prisma);
    const input = {
      organizationId: theirs.org.id,
      nameZh: "篡改",
      nameEn: "Hijacked",
      homeCity: "Nowhere",
      homeCountry: "CN",
      description: "x",
      markets: [],
    };
    await expect(membersDomain.updateProfile(ctx, mine.admin, input)).rejects.toMatchObject({ status: 403 });
    await expect(membersDomain.updateProfile(ctx, theirs.member, input)).rejects.toMatchObject({ status: 403 });
    await expect(membersDomain.profileForEdit(ctx, mine.admin, theirs.org.id)).rejects.toMatchObject({ status: 403 });
    await expect(membersDomain.addCertification(ctx, mine.admin, { organizationId: theirs.org.id, type: "ISO_9001", scope: "x", issuer: "y", validFrom: "2025-01-01", validTo: "2028-01-01" })).rejects.toMatchObject({ status: 403 });
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: theirs.org.id } })).nameEn).toBe(theirs.org.nameEn);
    expect(await db.prisma.certification.count({ where: { organizationId: theirs.org.id } })).toBe(0);
  });

  it("validates profile edits", async () => {
    const { org, admin } = await createMemberOrg(db.prisma);
    await expectFieldErrors(
      membersDomain.updateProfile(ctx, admin, { organizationId: org.id, nameZh: "", nameEn: "n".repeat(121), homeCity: "c", homeCountry: "XX", description: "d", markets: ["ZZ"] }),
      { nameZh: "errors.required", nameEn: "errors.tooLong", homeCountry: "errors.unknownCountry", markets: "errors.unknownCountry" },
    );
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).nameEn).toBe(org.nameEn);
  });

  it("adds, edits and removes certifications with audit events and validation", async () => {
    const { org, admin } = await createMemberOrg(db.prisma);
    const base = { organizationId: org.id, type: "IATF_16949", scope: "Brake calipers", issuer: "TÜV SÜD", validFrom: "2024-03-01", validTo: "2027-02-28" };
    await expectFieldErrors(membersDomain.addCertification(ctx, admin, { ...base, validTo: "2024-02-01" }), { validTo: "members.errors.validToBeforeFrom" });
    await expectFieldErrors(membersDomain.addCertification(ctx, admin, { ...base, type: "OTHER" }), { label: "members.errors.labelRequired" });
    await expectFieldErrors(membersDomain.addCertification(ctx, admin, { ...base, type: "ISO_27001" }), { type: "errors.invalidValue" });
    await expectFieldErrors(membersDomain.addCertification(ctx, admin, { ...base, scope: "s".repeat(301), issuer: "i".repeat(201) }), { scope: "errors.tooLong", issuer: "errors.tooLong" });
    await expectFieldErrors(membersDomain.addCertification(ctx, admin, { ...base, validFrom: "2025-02-31", validTo: "" }), { validFrom: "errors.invalidDate", validTo: "errors.required" });
    expect(await db.prisma.certification.count({ where: { organizationId: org.id } })).toBe(0);

    const { certificationId } = await membersDomain.addCertification(ctx, admin, base);
    const other = await createMemberOrg(db.prisma);
    await expect(membersDomain.updateCertification(ctx, other.admin, { ...base, certificationId, scope: "stolen" })).rejects.toMatchObject({ status: 403 });
    await expect(membersDomain.removeCertification(ctx, other.admin, { certificationId })).rejects.toMatchObject({ status: 403 });
    await membersDomain.updateCertification(ctx, admin, { ...base, certificationId, type: "OTHER", label: "UN R100 battery safety", validTo: "2024-12-31" });
    const edited = await membersDomain.profile(ctx, admin, org.id);
    expect(edited.certifications[0]).toMatchObject({ type: "OTHER", label: "UN R100 battery safety", validity: "expired" });
    await membersDomain.removeCertification(ctx, admin, { certificationId });
    expect(await db.prisma.certification.count({ where: { organizationId: org.id } })).toBe(0);
    await expect(membersDomain.removeCertification(ctx, admin, { certificationId })).rejects.toMatchObject({ status: 404 });
    const actions = (await db.prisma.auditEvent.findMany({ where: { subjectId: certificationId }, orderBy: { at: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["certification.added", "certification.updated", "certification.removed"]);
  });

  it("lets a colleague who is not admin see but not edit", async () => {
    const { org, member } = await createMemberOrg(db.prisma);
    const colleague = await actorFor(db.prisma, (await createUser(db.prisma, org.id)).id);
    await expect(membersDomain.profile(ctx, colleague, org.id)).resolves.toMatchObject({ canEdit: false });
    await expect(membersDomain.profileForEdit(ctx, member, org.id)).rejects.toMatchObject({ status: 403 });
  });
});
