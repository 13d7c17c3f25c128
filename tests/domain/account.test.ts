import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth } from "../../server/auth/index";
import { verifyPassword } from "../../server/auth/password";
import { createLoginThrottle } from "../../server/auth/rate-limit";
import { loadConfig } from "../../server/config";
import type { Database } from "../../server/db/index";
import {
  accountDomain,
  describeUserAgent,
  hashInvitationToken,
  sessionHandle,
  INVITATION_LIFETIME_MS,
} from "../../server/domain/account";
import type { DomainContext } from "../../server/services";
import { createTestDatabase } from "../support/db";
import { actorFor, createMemberOrg, createUser, TEST_PASSWORD, testContext } from "../support/fixtures";

let db: Database;
let ctx: DomainContext;
/** Session ids handed to hooks.sessionsEnded, in order. */
const endedSessions: string[][] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  ctx = testContext(db.prisma);
  ctx.hooks.sessionsEnded = (ids) => void endedSessions.push(ids);
});
afterAll(async () => {
  await db?.close();
});

const NEW_PASSWORD = "Jialing-River-Bridge-77";

async function addSession(userId: string, userAgent: string | null = null) {
  const id = randomBytes(20).toString("hex");
  await db.prisma.session.create({
    data: { id, userId, expiresAt: new Date(Date.now() + 86_400_000), userAgent, ipAddress: "203.0.113.9" },
  });
  return id;
}

async function expectError(promise: Promise<unknown>, status: number, check?: (e: Record<string, unknown>) => void) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e as Record<string, unknown>,
  );
  expect(error, "expected the call to fail").not.toBeNull();
  expect(error!.status).toBe(status);
  check?.(error!);
}

describe("describeUserAgent", () => {
  it("names common browsers and systems in plain words", () => {
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      ),
    ).toEqual({ browser: "Chrome", os: "Windows" });
    expect(
      describeUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      ),
    ).toEqual({ browser: "Safari", os: "iOS" });
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      ).browser,
    ).toBe("Edge");
    expect(describeUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")).toEqual({
      browser: "Firefox",
      os: "Linux",
    });
    expect(describeUserAgent(null)).toEqual({ browser: null, os: null });
  });
});

describe("sessions", () => {
  it("lists the user's own sessions with this device first, never the raw session id", async () => {
    const { memberUser, member, adminUser } = await createMemberOrg(db.prisma);
    const older = await addSession(memberUser.id, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15");
    const current = await addSession(memberUser.id, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36");
    await addSession(adminUser.id);
    const sessions = await accountDomain.listSessions(ctx, member, current);
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toMatchObject({ current: true, browser: "Chrome", os: "Windows", handle: sessionHandle(current) });
    expect(sessions[1]).toMatchObject({ current: false, browser: "Safari", os: "macOS", ipAddress: "203.0.113.9" });
    expect(JSON.stringify(sessions)).not.toContain(older);
    expect(JSON.stringify(sessions)).not.toContain(current);
  });

  it("ends one other session and reports it to the realtime layer", async () => {
    const { memberUser, member } = await createMemberOrg(db.prisma);
    const current = await addSession(memberUser.id);
    const other = await addSession(memberUser.id);
    endedSessions.length = 0;
    const result = await accountDomain.endSession(ctx, member, { session: sessionHandle(other) }, current);
    expect(result).toEqual({ endedCurrent: false });
    expect(await db.prisma.session.findUnique({ where: { id: other } })).toBeNull();
    expect(await db.prisma.session.findUnique({ where: { id: current } })).not.toBeNull();
    expect(endedSessions).toEqual([[other]]);
  });

  it("treats another user's session as unknown: 404 and nothing changes", async () => {
    const { memberUser, member, adminUser } = await createMemberOrg(db.prisma);
    const current = await addSession(memberUser.id);
    const theirs = await addSession(adminUser.id);
    await expectError(accountDomain.endSession(ctx, member, { session: sessionHandle(theirs) }, current), 404);
    await expectError(accountDomain.endSession(ctx, member, { session: theirs }, current), 404);
    await expectError(accountDomain.endSession(ctx, member, { session: "x".repeat(500) }, current), 400);
    await expectError(accountDomain.endSession(ctx, member, { session: 42 }, current), 400);
    expect(await db.prisma.session.findUnique({ where: { id: theirs } })).not.toBeNull();
  });

  it("signs out every other session and keeps the current one", async () => {
    const { memberUser, member, adminUser } = await createMemberOrg(db.prisma);
    const current = await addSession(memberUser.id);
    const a = await addSession(memberUser.id);
    const b = await addSession(memberUser.id);
    const colleague = await addSession(adminUser.id);
    endedSessions.length = 0;
    expect(await accountDomain.endOtherSessions(ctx, member, current)).toEqual({ count: 2 });
    const left = await db.prisma.session.findMany({ where: { id: { in: [current, a, b, colleague] } }, select: { id: true } });
    expect(left.map((s) => s.id).sort()).toEqual([current, colleague].sort());
    expect(endedSessions[0]?.sort()).toEqual([a, b].sort());
  });
});

describe("session check", () => {
  it("answers lone and batched checks alike: each cookie its own user, unknown and removed users none", async () => {
    const config = loadConfig({ NODE_ENV: "test" });
    const auth = createAuth(db.prisma, config, createLoginThrottle(config.login, undefined));
    const { adminUser, memberUser, org } = await createMemberOrg(db.prisma);
    const other = await createMemberOrg(db.prisma, { kind: "SUPPLIER" });
    const gone = await createMemberOrg(db.prisma);
    await db.prisma.user.update({ where: { id: gone.memberUser.id }, data: { removedAt: new Date() } });
    const cookie = (id: string) => `${auth.cookieName}=${id}`;
    const people = [adminUser, memberUser, other.adminUser, other.memberUser, gone.adminUser];
    const sessions = await Promise.all(people.map((u) => addSession(u.id)));
    const removed = await addSession(gone.memberUser.id);

    // Alone: the single-key statement.
    const lone = await auth.validate(cookie(sessions[0]!));
    expect(lone.user).toMatchObject({ id: adminUser.id, role: "ORG_ADMIN", organization: { id: org.id, status: "ACTIVE" } });

    // At once: the first checks go alone, the ones arriving meanwhile share a statement for many keys.
    const cookies = [...sessions, removed, "f".repeat(40), ...sessions].map(cookie);
    const results = await Promise.all(cookies.map((c) => auth.validate(c)));
    expect(results.map((r) => r.user?.id ?? null)).toEqual([...people.map((u) => u.id), null, null, ...people.map((u) => u.id)]);
    expect(results[2]!.user?.organization.id).toBe(other.org.id);
    expect(results[5]!.setCookie).toContain(`${auth.cookieName}=;`);
  });
});

describe("password change", () => {
  it("stores a new argon2id hash, ends the other sessions and keeps this one", async () => {
    const { memberUser, member } = await createMemberOrg(db.prisma);
    const current = await addSession(memberUser.id);
    const other = await addSession(memberUser.id);
    const before = await db.prisma.user.findUniqueOrThrow({ where: { id: memberUser.id } });
    endedSessions.length = 0;
    const result = await accountDomain.changePassword(
      ctx,
      member,
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      { currentSessionId: current, ip: "203.0.113.9" },
    );
    expect(result).toEqual({ sessionsEnded: 1 });
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: memberUser.id } });
    expect(after.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(after.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(after.passwordHash, TEST_PASSWORD)).toBe(false);
    expect(after.passwordChangedAt.getTime()).toBeGreaterThanOrEqual(before.passwordChangedAt.getTime());
    expect(await db.prisma.session.findUnique({ where: { id: other } })).toBeNull();
    expect(await db.prisma.session.findUnique({ where: { id: current } })).not.toBeNull();
    expect(endedSessions).toEqual([[other]]);
    expect(await db.prisma.auditEvent.count({ where: { action: "user.password_changed", subjectId: memberUser.id } })).toBe(1);
  });

  it("refuses a wrong current password, a mismatch and a weak password, changing nothing", async () => {
    const { memberUser, member } = await createMemberOrg(db.prisma);
    const other = await addSession(memberUser.id);
    const before = (await db.prisma.user.findUniqueOrThrow({ where: { id: memberUser.id } })).passwordHash;
    const change = (input: Record<string, unknown>) =>
      accountDomain.changePassword(ctx, member, input, { currentSessionId: null, ip: "203.0.113.9" });

    await expectError(change({ currentPassword: "not-my-password-1", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }), 400, (e) =>
      expect(e.fieldErrors).toEqual({ currentPassword: "errors.wrongPassword" }),
    );
    await expectError(change({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: "Something-else-123" }), 400, (e) =>
      expect(e.fieldErrors).toEqual({ confirmPassword: "errors.passwordsDoNotMatch" }),
    );
    await expectError(change({ currentPassword: TEST_PASSWORD, newPassword: "password123", confirmPassword: "password123" }), 400, (e) =>
      expect(e.fieldErrors).toEqual({ newPassword: "errors.passwordTooCommon" }),
    );
    await expectError(change({ currentPassword: TEST_PASSWORD, newPassword: "x".repeat(129), confirmPassword: "x".repeat(129) }), 400, (e) =>
      expect(e.fieldErrors).toEqual({ newPassword: "errors.passwordTooLong" }),
    );
    await expectError(change({ currentPassword: ["a"], newPassword: 5 }), 400, (e) =>
      expect(Object.keys(e.fieldErrors as object).sort()).toEqual(["confirmPassword", "currentPassword", "newPassword"]),
    );
    await expectError(change({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD, confirmPassword: TEST_PASSWORD }), 400, (e) =>
      expect(e.fieldErrors).toEqual({ newPassword: "account.password.sameAsCurrent" }),
    );
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: memberUser.id } })).passwordHash).toBe(before);
    expect(await db.prisma.session.findUnique({ where: { id: other } })).not.toBeNull();
  });

  it("counts wrong current passwords against the sign-in limits", async () => {
    const { member } = await createMemberOrg(db.prisma);
    const throttle = createLoginThrottle({ maxFailuresPerAccount: 3, maxFailuresPerIp: 100, windowSeconds: 600 }, undefined);
    const wrong = { currentPassword: "not-my-password-1", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    const options = { currentSessionId: null, ip: "198.51.100.7", throttle };
    for (let i = 0; i < 3; i++) await expectError(accountDomain.changePassword(ctx, member, wrong, options), 400);
    // Even the right password is refused now: the guesses have run out for this window.
    await expectError(
      accountDomain.changePassword(ctx, member, { ...wrong, currentPassword: TEST_PASSWORD }, options),
      429,
      (e) => expect(e.message).toBe("account.password.tooManyAttempts"),
    );
    expect(await throttle.retryAfter(member.email, "192.0.2.1")).toBeGreaterThan(0);
  });
});

describe("invitations", () => {
  const origin = "https://portal.alliance.example";

  it("creates a single-use link, stores only its SHA-256 and writes the mail to the outbox", async () => {
    const { admin, org } = await createMemberOrg(db.prisma);
    const { invitation, link } = await accountDomain.createInvitation(ctx, admin, { email: " Zhou.Min@Changan-Test.example ", role: "MEMBER" }, { origin });
    const token = link.split("/invite/")[1]!;
    expect(link).toBe(`${origin}/invite/${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.email).toBe("zhou.min@changan-test.example");
    expect(row.tokenHash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const ttl = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(Math.abs(ttl - INVITATION_LIFETIME_MS)).toBeLessThan(60_000);
    const mail = await db.prisma.outboxEmail.findFirstOrThrow({ where: { to: "zhou.min@changan-test.example" } });
    expect(mail.kind).toBe("invitation");
    expect(mail.bodyText).toContain(link);
    expect(mail.bodyText).toContain(org.nameZh);
    expect(mail.bodyText).toContain(org.nameEn);
    expect(await db.prisma.auditEvent.count({ where: { action: "invitation.created", subjectId: invitation.id } })).toBe(1);

    const shown = await accountDomain.inspectInvitation(ctx, token);
    expect(shown).toMatchObject({ email: "zhou.min@changan-test.example", role: "MEMBER", organization: { nameEn: org.nameEn } });

    const { userId } = await accountDomain.acceptInvitation(ctx, token, { name: "Zhou Min", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user).toMatchObject({ organizationId: org.id, email: "zhou.min@changan-test.example", role: "MEMBER", name: "Zhou Min" });
    expect(await verifyPassword(user.passwordHash, NEW_PASSWORD)).toBe(true);
    expect((await db.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).not.toBeNull();
    expect(await db.prisma.auditEvent.count({ where: { action: "invitation.accepted", subjectId: invitation.id } })).toBe(1);

    // Works once.
    await expectError(accountDomain.inspectInvitation(ctx, token), 410, (e) => expect(e.reason).toBe("used"));
    await expectError(
      accountDomain.acceptInvitation(ctx, token, { name: "Someone Else", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
      410,
    );
    expect(await db.prisma.user.count({ where: { email: "zhou.min@changan-test.example" } })).toBe(1);
  });

  it("creates an admin when invited as one", async () => {
    const { admin } = await createMemberOrg(db.prisma);
    const { link } = await accountDomain.createInvitation(ctx, admin, { email: "li.qiang@seres-test.example", role: "ORG_ADMIN" }, { origin });
    const { userId } = await accountDomain.acceptInvitation(ctx, link.split("/invite/")[1], {
      name: "Li Qiang",
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).role).toBe("ORG_ADMIN");
  });

  it("refuses expired, revoked and unknown links, changing nothing", async () => {
    const { admin } = await createMemberOrg(db.prisma);
    const accept = (token: string) =>
      accountDomain.acceptInvitation(ctx, token, { name: "Wang Fang", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });

    const expired = await accountDomain.createInvitation(ctx, admin, { email: "expired@dongfeng-test.example", role: "MEMBER" }, { origin });
    await db.prisma.invitation.update({ where: { id: expired.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectError(accept(expired.link.split("/invite/")[1]), 410, (e) => expect(e.reason).toBe("expired"));

    const revoked = await accountDomain.createInvitation(ctx, admin, { email: "revoked@dongfeng-test.example", role: "MEMBER" }, { origin });
    await accountDomain.revokeInvitation(ctx, admin, { invitationId: revoked.invitation.id });
    await expectError(accept(revoked.link.split("/invite/")[1]), 410, (e) => expect(e.reason).toBe("revoked"));
    expect(await db.prisma.auditEvent.count({ where: { action: "invitation.revoked", subjectId: revoked.invitation.id } })).toBe(1);
    // Revoking twice: it is no longer open.
    await expectError(accountDomain.revokeInvitation(ctx, admin, { invitationId: revoked.invitation.id }), 409);

    await expectError(accept(randomBytes(32).toString("base64url")), 404, (e) => expect(e.reason).toBe("unknown"));
    await expectError(accept("short"), 404);
    expect(await db.prisma.user.count({ where: { email: { endsWith: "@dongfeng-test.example" } } })).toBe(0);
  });

  it("re-inviting the same email withdraws the older link", async () => {
    const { admin } = await createMemberOrg(db.prisma);
    const first = await accountDomain.createInvitation(ctx, admin, { email: "again@geely-test.example", role: "MEMBER" }, { origin });
    const second = await accountDomain.createInvitation(ctx, admin, { email: "again@geely-test.example", role: "ORG_ADMIN" }, { origin });
    await expectError(accountDomain.inspectInvitation(ctx, first.link.split("/invite/")[1]), 410, (e) => expect(e.reason).toBe("revoked"));
    expect((await accountDomain.inspectInvitation(ctx, second.link.split("/invite/")[1])).role).toBe("ORG_ADMIN");
    const open = await accountDomain.listInvitations(ctx, admin);
    expect(open.map((i) => i.id)).toEqual([second.invitation.id]);
  });

  it("two concurrent accepts of one link create one user", async () => {
    const { admin, org } = await createMemberOrg(db.prisma);
    const { link } = await accountDomain.createInvitation(ctx, admin, { email: "race@chana-test.example", role: "MEMBER" }, { origin });
    const token = link.split("/invite/")[1];
    const input = { name: "Race Tester", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    const results = await Promise.allSettled([
      accountDomain.acceptInvitation(ctx, token, input),
      accountDomain.acceptInvitation(ctx, token, input),
      accountDomain.acceptInvitation(ctx, token, input),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as { status: number }).status).toBe(410);
    }
    expect(await db.prisma.user.count({ where: { email: "race@chana-test.example", organizationId: org.id } })).toBe(1);
    expect(await db.prisma.auditEvent.count({ where: { action: "invitation.accepted", data: { path: ["email"], equals: "race@chana-test.example" } } })).toBe(1);
  });

  it("rejects bad input with field errors and stores nothing", async () => {
    const { admin } = await createMemberOrg(db.prisma);
    const before = await db.prisma.invitation.count();
    const mails = await db.prisma.outboxEmail.count();
    const invite = (input: unknown) => accountDomain.createInvitation(ctx, admin, input, { origin });
    await expectError(invite({ email: "not-an-email", role: "MEMBER" }), 400, (e) => expect(e.fieldErrors).toEqual({ email: "errors.invalidEmail" }));
    await expectError(invite({ email: `${"a".repeat(250)}@x.example`, role: "MEMBER" }), 400, (e) =>
      expect(e.fieldErrors).toEqual({ email: "errors.tooLong" }),
    );
    await expectError(invite({ email: "ok@faw-test.example", role: "SUPERUSER" }), 400, (e) =>
      expect(e.fieldErrors).toEqual({ role: "errors.invalidValue" }),
    );
    await expectError(invite({ email: ["a@b.example"], role: 1 }), 400, (e) =>
      expect(Object.keys(e.fieldErrors as object).sort()).toEqual(["email", "role"]),
    );
    await expectError(invite({}), 400, (e) => expect(e.fieldErrors).toEqual({ email: "errors.required", role: "errors.required" }));
    await expectError(invite({ email: admin.email.toUpperCase(), role: "MEMBER" }), 400, (e) =>
      expect(e.fieldErrors).toEqual({ email: "errors.emailTaken" }),
    );
    expect(await db.prisma.invitation.count()).toBe(before);
    expect(await db.prisma.outboxEmail.count()).toBe(mails);

    const { link } = await invite({ email: "badinput@faw-test.example", role: "MEMBER" });
    const token = link.split("/invite/")[1];
    const users = await db.prisma.user.count();
    await expectError(accountDomain.acceptInvitation(ctx, token, { name: "", password: "short", confirmPassword: "short" }), 400, (e) =>
      expect(e.fieldErrors).toEqual({ name: "errors.required", password: "errors.passwordTooShort" }),
    );
    await expectError(
      accountDomain.acceptInvitation(ctx, token, { name: "n".repeat(121), password: NEW_PASSWORD, confirmPassword: "different-Pass-99" }),
      400,
      (e) => expect(e.fieldErrors).toEqual({ name: "errors.tooLong", confirmPassword: "errors.passwordsDoNotMatch" }),
    );
    expect(await db.prisma.user.count()).toBe(users);
    expect((await accountDomain.inspectInvitation(ctx, token)).email).toBe("badinput@faw-test.example");
  });

  it("is for ORG_ADMINs of active organisations, within their own organisation", async () => {
    const a = await createMemberOrg(db.prisma);
    const b = await createMemberOrg(db.prisma);
    await expectError(accountDomain.createInvitation(ctx, a.member, { email: "m@x-test.example", role: "MEMBER" }, { origin }), 403);
    await expectError(accountDomain.listInvitations(ctx, a.member), 403);
    const { invitation } = await accountDomain.createInvitation(ctx, b.admin, { email: "b-only@x-test.example", role: "MEMBER" }, { origin });
    await expectError(accountDomain.revokeInvitation(ctx, a.admin, { invitationId: invitation.id }), 403);
    await expectError(accountDomain.revokeInvitation(ctx, a.admin, { invitationId: "00000000-0000-4000-8000-000000000000" }), 404);
    await expectError(accountDomain.revokeInvitation(ctx, a.admin, { invitationId: "nope" }), 404);
    expect((await db.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).revokedAt).toBeNull();

    const pending = await createMemberOrg(db.prisma, { status: "PENDING" });
    await expectError(accountDomain.createInvitation(ctx, pending.admin, { email: "p@x-test.example", role: "MEMBER" }, { origin }), 403);
  });
});

describe("colleagues", () => {
  it("lists the organisation's people, not removed ones or other organisations'", async () => {
    const a = await createMemberOrg(db.prisma);
    await createMemberOrg(db.prisma);
    const gone = await createUser(db.prisma, a.org.id);
    await db.prisma.user.update({ where: { id: gone.id }, data: { removedAt: new Date() } });
    const list = await accountDomain.listColleagues(ctx, a.admin);
    expect(list.map((u) => u.id).sort()).toEqual([a.adminUser.id, a.memberUser.id].sort());
    expect(list[0]).toMatchObject({ id: a.adminUser.id, role: "ORG_ADMIN", you: true });
    await expectError(accountDomain.listColleagues(ctx, a.member), 403);
  });

  it("changes roles, with an audit event", async () => {
    const a = await createMemberOrg(db.prisma);
    expect(await accountDomain.changeColleagueRole(ctx, a.admin, { userId: a.memberUser.id, role: "ORG_ADMIN" })).toMatchObject({ changed: true });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: a.memberUser.id } })).role).toBe("ORG_ADMIN");
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.role_changed", subjectId: a.memberUser.id } });
    expect(event.data).toEqual({ from: "MEMBER", to: "ORG_ADMIN" });
    // Now there are two admins, so the first may step down.
    await accountDomain.changeColleagueRole(ctx, a.admin, { userId: a.adminUser.id, role: "MEMBER" });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: a.adminUser.id } })).role).toBe("MEMBER");
  });

  it("never leaves an organisation without an admin", async () => {
    const a = await createMemberOrg(db.prisma);
    await expectError(accountDomain.changeColleagueRole(ctx, a.admin, { userId: a.adminUser.id, role: "MEMBER" }), 409, (e) =>
      expect(e.message).toBe("account.colleagues.lastAdmin"),
    );
    await expectError(accountDomain.removeColleague(ctx, a.admin, { userId: a.adminUser.id }), 409);
    const me = await db.prisma.user.findUniqueOrThrow({ where: { id: a.adminUser.id } });
    expect(me.role).toBe("ORG_ADMIN");
    expect(me.removedAt).toBeNull();
  });

  it("two admins demoting each other at the same time leave one admin", async () => {
    const a = await createMemberOrg(db.prisma);
    const second = await createUser(db.prisma, a.org.id, { role: "ORG_ADMIN" });
    const secondActor = await actorFor(db.prisma, second.id);
    const results = await Promise.allSettled([
      accountDomain.changeColleagueRole(ctx, a.admin, { userId: second.id, role: "MEMBER" }),
      accountDomain.changeColleagueRole(ctx, secondActor, { userId: a.adminUser.id, role: "MEMBER" }),
    ]);
    // Whichever commits first wins; the other finds only one admin left.
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.prisma.user.count({ where: { organizationId: a.org.id, role: "ORG_ADMIN", removedAt: null } })).toBe(1);
  });

  it("removes a colleague: marked removed, signed out everywhere, audited", async () => {
    const a = await createMemberOrg(db.prisma);
    const s1 = await addSession(a.memberUser.id);
    const s2 = await addSession(a.memberUser.id);
    endedSessions.length = 0;
    await accountDomain.removeColleague(ctx, a.admin, { userId: a.memberUser.id });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: a.memberUser.id } })).removedAt).not.toBeNull();
    expect(await db.prisma.session.count({ where: { userId: a.memberUser.id } })).toBe(0);
    expect(endedSessions[0]?.sort()).toEqual([s1, s2].sort());
    expect(await db.prisma.auditEvent.count({ where: { action: "user.removed", subjectId: a.memberUser.id } })).toBe(1);
    // Removed people are gone from the list and cannot be changed again.
    await expectError(accountDomain.removeColleague(ctx, a.admin, { userId: a.memberUser.id }), 404);
    await expectError(accountDomain.changeColleagueRole(ctx, a.admin, { userId: a.memberUser.id, role: "ORG_ADMIN" }), 404);
  });

  it("releases a removed colleague's email: the same person can be invited again and join", async () => {
    const a = await createMemberOrg(db.prisma);
    const email = a.memberUser.email;
    await accountDomain.removeColleague(ctx, a.admin, { userId: a.memberUser.id });
    const removed = await db.prisma.user.findUniqueOrThrow({ where: { id: a.memberUser.id } });
    expect(removed.email).toBe(`removed-${a.memberUser.id}@removed.invalid`);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "user.removed", subjectId: a.memberUser.id } });
    expect(audit.data).toMatchObject({ email });
    const { link } = await accountDomain.createInvitation(ctx, a.admin, { email, role: "MEMBER" }, { origin: "https://portal.alliance.example" });
    const { userId } = await accountDomain.acceptInvitation(ctx, link.split("/invite/")[1], {
      name: "Returning Colleague",
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(userId).not.toBe(a.memberUser.id);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).email).toBe(email);
  });

  it("forbids touching another organisation's people and MEMBERs changing anyone", async () => {
    const a = await createMemberOrg(db.prisma);
    const b = await createMemberOrg(db.prisma);
    const bSession = await addSession(b.memberUser.id);
    await expectError(accountDomain.changeColleagueRole(ctx, a.admin, { userId: b.memberUser.id, role: "ORG_ADMIN" }), 403);
    await expectError(accountDomain.removeColleague(ctx, a.admin, { userId: b.memberUser.id }), 403);
    await expectError(accountDomain.changeColleagueRole(ctx, a.member, { userId: a.memberUser.id, role: "ORG_ADMIN" }), 403);
    await expectError(accountDomain.removeColleague(ctx, a.member, { userId: a.adminUser.id }), 403);
    const target = await db.prisma.user.findUniqueOrThrow({ where: { id: b.memberUser.id } });
    expect(target).toMatchObject({ role: "MEMBER", removedAt: null });
    expect(await db.prisma.session.findUnique({ where: { id: bSession } })).not.toBeNull();
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: a.memberUser.id } })).role).toBe("MEMBER");
  });

  it("rejects unknown roles and ids", async () => {
    const a = await createMemberOrg(db.prisma);
    await expectError(accountDomain.changeColleagueRole(ctx, a.admin, { userId: a.memberUser.id, role: "OWNER" }), 400, (e) =>
      expect(e.fieldErrors).toEqual({ role: "errors.invalidValue" }),
    );
    await expectError(accountDomain.changeColleagueRole(ctx, a.admin, { userId: "12", role: "MEMBER" }), 404);
    await expectError(accountDomain.removeColleague(ctx, a.admin, { userId: "00000000-0000-4000-8000-000000000000" }), 404);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: a.memberUser.id } })).role).toBe("MEMBER");
  });
});
