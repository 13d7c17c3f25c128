import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionHandle } from "../../server/domain/account";
import { createMemberOrg, createUser, TEST_PASSWORD } from "../support/fixtures";
import { startTestPortal, type TestClient, type TestPortal } from "../support/server";

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  await portal?.stop();
});

const NEW_PASSWORD = "Chaotianmen-Ferry-2040";
const CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

function sessionIdOf(client: TestClient): string {
  const id = client.cookieHeader().match(/eap_session=([^;]+)/)?.[1];
  if (!id) throw new Error("client is not signed in");
  return id;
}

async function signedIn(email: string, userAgent?: string) {
  const client = portal.client();
  if (userAgent) {
    const res = await client.post("/login", { email, password: TEST_PASSWORD, redirectTo: "/" }, { "user-agent": userAgent });
    expect(res.status).toBe(302);
  } else {
    await client.signIn(email);
  }
  return client;
}

/** A signed-out browser asking for /account is sent to the sign-in page. */
async function expectSignedOut(client: TestClient) {
  const res = await client.get("/account");
  expect(res.status).toBe(302);
  expect(res.location).toMatch(/^\/login/);
}

const tokenFrom = (html: string) => html.match(/\/invite\/([A-Za-z0-9_-]{43})/)?.[1];

describe("signed in on these devices", () => {
  it("lists the user's sessions in plain words with this device marked, without session ids", async () => {
    const { memberUser } = await createMemberOrg(portal.prisma);
    const laptop = await signedIn(memberUser.email, CHROME_WINDOWS);
    const phone = await signedIn(memberUser.email);
    const res = await laptop.get("/account");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Signed in on these devices");
    expect(res.text).toContain("Chrome on Windows");
    expect(res.text).toContain("This device");
    expect(res.text).toContain("Sign out all other sessions");
    expect(res.text).not.toContain(sessionIdOf(phone));
    expect(res.text).toContain(sessionHandle(sessionIdOf(phone)));
  });

  it("signs out one other session: that browser's next request is signed out", async () => {
    const { memberUser } = await createMemberOrg(portal.prisma);
    const laptop = await signedIn(memberUser.email);
    const phone = await signedIn(memberUser.email);
    const res = await laptop.post("/account", { intent: "endSession", session: sessionHandle(sessionIdOf(phone)) });
    expect(res.status).toBe(200);
    expect(res.text).toContain("That session has been signed out.");
    await expectSignedOut(phone);
    expect((await laptop.get("/account")).status).toBe(200);
  });

  it("answers 404 for another user's or an unknown session, and nothing changes", async () => {
    const { memberUser, adminUser } = await createMemberOrg(portal.prisma);
    const mine = await signedIn(memberUser.email);
    const theirs = await signedIn(adminUser.email);
    const other = await mine.post("/account", { intent: "endSession", session: sessionHandle(sessionIdOf(theirs)) });
    expect(other.status).toBe(404);
    const raw = await mine.post("/account", { intent: "endSession", session: sessionIdOf(theirs) });
    expect(raw.status).toBe(404);
    const unknown = await mine.post("/account", { intent: "endSession", session: "no-such-session" });
    expect(unknown.status).toBe(404);
    expect((await theirs.get("/account")).status).toBe(200);
    expect(await portal.prisma.session.count({ where: { userId: adminUser.id } })).toBe(1);
  });

  it("signs out all other sessions and keeps this one", async () => {
    const { memberUser } = await createMemberOrg(portal.prisma);
    const laptop = await signedIn(memberUser.email);
    const phone = await signedIn(memberUser.email);
    const tablet = await signedIn(memberUser.email);
    const res = await laptop.post("/account", { intent: "endOtherSessions" });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Signed out of 2 other sessions.");
    await expectSignedOut(phone);
    await expectSignedOut(tablet);
    expect((await laptop.get("/account")).status).toBe(200);
  });

  it("is open to a pending applicant, and to no one signed out", async () => {
    const pending = await createMemberOrg(portal.prisma, { status: "PENDING" });
    const client = await signedIn(pending.adminUser.email);
    expect((await client.get("/account")).status).toBe(200);
    await expectSignedOut(portal.client());
    // ... but the colleagues page needs an active organisation.
    expect((await client.get("/account/colleagues")).status).toBe(403);
  });
});

describe("password change", () => {
  it("changes the password, ends the other sessions, and the old password stops working", async () => {
    const { memberUser } = await createMemberOrg(portal.prisma);
    const laptop = await signedIn(memberUser.email);
    const phone = await signedIn(memberUser.email);
    const res = await laptop.post("/account", {
      intent: "changePassword",
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain("Your password has been changed.");
    await expectSignedOut(phone);
    expect((await laptop.get("/account")).status).toBe(200);

    const old = await portal.client().post("/login", { email: memberUser.email, password: TEST_PASSWORD });
    expect(old.status).toBe(400);
    const fresh = await portal.client().post("/login", { email: memberUser.email, password: NEW_PASSWORD, redirectTo: "/" });
    expect(fresh.status).toBe(302);
    expect(await portal.prisma.auditEvent.count({ where: { action: "user.password_changed", subjectId: memberUser.id } })).toBe(1);
  });

  it("shows field errors with status 400 and changes nothing", async () => {
    const { memberUser } = await createMemberOrg(portal.prisma);
    const laptop = await signedIn(memberUser.email);
    const phone = await signedIn(memberUser.email);
    const hash = (await portal.prisma.user.findUniqueOrThrow({ where: { id: memberUser.id } })).passwordHash;

    const wrong = await laptop.post("/account", {
      intent: "changePassword",
      currentPassword: "not-the-password",
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain("The current password is not correct.");
    expect(wrong.text).toMatch(/aria-invalid="true"/);

    const mismatch = await laptop.post("/account", {
      intent: "changePassword",
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: `${NEW_PASSWORD}x`,
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain("The two passwords do not match.");

    const long = await laptop.post("/account", {
      intent: "changePassword",
      currentPassword: TEST_PASSWORD,
      newPassword: "y".repeat(200),
      confirmPassword: "y".repeat(200),
    });
    expect(long.status).toBe(400);
    expect(long.text).toContain("Use at most 128 characters.");
    // Passwords are never echoed back into the page.
    expect(long.text).not.toContain("y".repeat(200));

    expect((await portal.prisma.user.findUniqueOrThrow({ where: { id: memberUser.id } })).passwordHash).toBe(hash);
    expect((await phone.get("/account")).status).toBe(200);
  });

  it("is throttled after repeated wrong current passwords (429)", async () => {
    const throttled = await startTestPortal({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "3" });
    try {
      const { memberUser } = await createMemberOrg(throttled.prisma);
      const client = throttled.client();
      await client.signIn(memberUser.email);
      const wrong = { intent: "changePassword", currentPassword: "guess-number-1", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
      for (let i = 0; i < 3; i++) expect((await client.post("/account", wrong)).status).toBe(400);
      const limited = await client.post("/account", { ...wrong, currentPassword: TEST_PASSWORD });
      expect(limited.status).toBe(429);
      expect(limited.text).toContain("Too many wrong passwords.");
      const user = await throttled.prisma.user.findUniqueOrThrow({ where: { id: memberUser.id } });
      expect(user.passwordChangedAt.getTime()).toBe(memberUser.passwordChangedAt.getTime());
    } finally {
      await throttled.stop();
    }
  });
});

describe("invitations", () => {
  async function invite(client: TestClient, email: string, role = "MEMBER") {
    const res = await client.post("/account/colleagues", { intent: "invite", email, role });
    expect(res.status).toBe(200);
    const token = tokenFrom(res.text);
    expect(token).toBeDefined();
    return { res, token: token! };
  }

  it("shows the link once, writes it to the outbox, and the invitee joins and is signed in", async () => {
    const { adminUser, org } = await createMemberOrg(portal.prisma, { nameEn: "Liangjiang Brake Systems", nameZh: "两江制动系统" });
    const admin = await signedIn(adminUser.email);
    const { res, token } = await invite(admin, "chen.hao@liangjiang-brakes.example", "ORG_ADMIN");
    expect(res.text).toContain(`${portal.url}/invite/${token}`);
    expect(res.text).toContain("It is shown only once");
    expect(res.headers.get("cache-control")).toContain("no-store");
    const mail = await portal.prisma.outboxEmail.findFirstOrThrow({ where: { to: "chen.hao@liangjiang-brakes.example" } });
    expect(mail.bodyText).toContain(`${portal.url}/invite/${token}`);

    // The list of open invitations never shows the link again.
    const page = await admin.get("/account/colleagues");
    expect(page.text).toContain("chen.hao@liangjiang-brakes.example");
    expect(page.text).not.toContain(token);

    const invitee = portal.client();
    const landing = await invitee.get(`/invite/${token}`);
    expect(landing.status).toBe(200);
    expect(landing.text).toContain("Liangjiang Brake Systems");
    expect(landing.text).toContain("chen.hao@liangjiang-brakes.example");
    const accepted = await invitee.post(`/invite/${token}`, { name: "Chen Hao", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe("/");
    const home = await invitee.get("/");
    expect(home.text).toContain("Welcome, Chen Hao");
    const user = await portal.prisma.user.findUniqueOrThrow({ where: { email: "chen.hao@liangjiang-brakes.example" } });
    expect(user).toMatchObject({ organizationId: org.id, role: "ORG_ADMIN" });

    // Used: 410 and a clear page, for viewing and for posting.
    const again = await portal.client().get(`/invite/${token}`);
    expect(again.status).toBe(410);
    expect(again.text).toContain("This invitation has already been used");
    const repost = await portal.client().post(`/invite/${token}`, { name: "Intruder", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(repost.status).toBe(410);
    expect(await portal.prisma.user.count({ where: { email: "chen.hao@liangjiang-brakes.example" } })).toBe(1);
  });

  it("answers 404 for unknown links and 410 for expired or revoked ones", async () => {
    const { adminUser } = await createMemberOrg(portal.prisma);
    const admin = await signedIn(adminUser.email);

    const unknown = await portal.client().get(`/invite/${"A".repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain("This invitation link is not valid");
    expect((await portal.client().get("/invite/garbage")).status).toBe(404);

    const { token: expiredToken } = await invite(admin, "late@yuxin-test.example");
    await portal.prisma.invitation.updateMany({ where: { email: "late@yuxin-test.example" }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    const expired = await portal.client().get(`/invite/${expiredToken}`);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain("This invitation has expired");
    const expiredPost = await portal.client().post(`/invite/${expiredToken}`, { name: "Late", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(expiredPost.status).toBe(410);

    const { token: revokedToken } = await invite(admin, "withdrawn@yuxin-test.example");
    const invitation = await portal.prisma.invitation.findFirstOrThrow({ where: { email: "withdrawn@yuxin-test.example" } });
    const revoke = await admin.post("/account/colleagues", { intent: "revoke", invitationId: invitation.id });
    expect(revoke.status).toBe(200);
    expect(revoke.text).toContain("The invitation has been revoked.");
    const revoked = await portal.client().get(`/invite/${revokedToken}`);
    expect(revoked.status).toBe(410);
    expect(revoked.text).toContain("This invitation was withdrawn");
    const twice = await admin.post("/account/colleagues", { intent: "revoke", invitationId: invitation.id });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain("already used, revoked or expired");

    expect(await portal.prisma.user.count({ where: { email: { endsWith: "@yuxin-test.example" } } })).toBe(0);
  });

  it("two concurrent accepts of one link create one user", async () => {
    const { adminUser } = await createMemberOrg(portal.prisma);
    const admin = await signedIn(adminUser.email);
    const { token } = await invite(admin, "twice@kaiyue-test.example");
    const fields = { name: "Double Click", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    const responses = await Promise.all([
      portal.client().post(`/invite/${token}`, fields),
      portal.client().post(`/invite/${token}`, fields),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([302, 410]);
    expect(await portal.prisma.user.count({ where: { email: "twice@kaiyue-test.example" } })).toBe(1);
    expect(await portal.prisma.session.count({ where: { user: { email: "twice@kaiyue-test.example" } } })).toBe(1);
  });

  it("rejects bad input with field errors and status 400, storing nothing", async () => {
    const { adminUser, memberUser } = await createMemberOrg(portal.prisma);
    const admin = await signedIn(adminUser.email);
    const invitations = await portal.prisma.invitation.count();
    const mails = await portal.prisma.outboxEmail.count();

    const cases: [Record<string, string | string[]>, string][] = [
      [{ intent: "invite", email: "not an email", role: "MEMBER" }, "Enter a valid email address"],
      [{ intent: "invite", email: `${"x".repeat(300)}@example.test`, role: "MEMBER" }, "This is too long."],
      [{ intent: "invite", email: "ok@example.test", role: "OWNER" }, "This value is not valid."],
      [{ intent: "invite", email: "", role: "MEMBER" }, "This field is required."],
      [{ intent: "invite", email: memberUser.email, role: "MEMBER" }, "An account with this email address already exists."],
    ];
    for (const [fields, message] of cases) {
      const res = await admin.post("/account/colleagues", fields);
      expect(res.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
      expect(res.text).toContain(message);
    }
    expect(await portal.prisma.invitation.count()).toBe(invitations);
    expect(await portal.prisma.outboxEmail.count()).toBe(mails);

    // Accepting: bad fields re-render the form (400) and the invitation stays open.
    const { token } = await invite(admin, "fields@kaiyue-test.example");
    const bad = await portal.client().post(`/invite/${token}`, { name: "n".repeat(500), password: "short", confirmPassword: "short" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("This is too long.");
    expect(bad.text).toContain("Use at least 10 characters.");
    expect((await portal.client().get(`/invite/${token}`)).status).toBe(200);

    // Text is stored as typed and rendered inert.
    const script = "<script>alert('x')</script> Wu";
    const ok = await portal.client().post(`/invite/${token}`, { name: script, password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(ok.status).toBe(302);
    const page = await admin.get("/account/colleagues");
    expect(page.text).not.toContain(script);
    expect(page.text).toContain("&lt;script&gt;");
  });
});

describe("colleagues", () => {
  it("lists colleagues, changes a role and removes someone, who is signed out and cannot sign in", async () => {
    const { adminUser, memberUser } = await createMemberOrg(portal.prisma);
    const admin = await signedIn(adminUser.email);
    const member = await signedIn(memberUser.email);
    const list = await admin.get("/account/colleagues");
    expect(list.status).toBe(200);
    expect(list.text).toContain(memberUser.email);

    const promote = await admin.post("/account/colleagues", { intent: "changeRole", userId: memberUser.id, role: "ORG_ADMIN" });
    expect(promote.status).toBe(200);
    expect(promote.text).toContain("Role changed for");
    expect((await portal.prisma.user.findUniqueOrThrow({ where: { id: memberUser.id } })).role).toBe("ORG_ADMIN");
    // The new role applies on the colleague's next request.
    expect((await member.get("/account/colleagues")).status).toBe(200);

    const remove = await admin.post("/account/colleagues", { intent: "remove", userId: memberUser.id });
    expect(remove.status).toBe(200);
    await expectSignedOut(member);
    const login = await portal.client().post("/login", { email: memberUser.email, password: TEST_PASSWORD });
    expect(login.status).toBe(400);
    expect(await portal.prisma.auditEvent.count({ where: { subjectId: memberUser.id, action: { in: ["user.role_changed", "user.removed"] } } })).toBe(2);
  });

  it("keeps the last admin: demoting or removing yourself is refused with 409", async () => {
    const { adminUser } = await createMemberOrg(portal.prisma);
    const admin = await signedIn(adminUser.email);
    const demote = await admin.post("/account/colleagues", { intent: "changeRole", userId: adminUser.id, role: "MEMBER" });
    expect(demote.status).toBe(409);
    expect(demote.text).toContain("needs at least one organisation admin");
    const remove = await admin.post("/account/colleagues", { intent: "remove", userId: adminUser.id });
    expect(remove.status).toBe(409);
    expect(await portal.prisma.user.findUniqueOrThrow({ where: { id: adminUser.id } })).toMatchObject({ role: "ORG_ADMIN", removedAt: null });
  });

  it("an admin who is not the last may remove themself and is signed out", async () => {
    const { org, adminUser } = await createMemberOrg(portal.prisma);
    await createUser(portal.prisma, org.id, { role: "ORG_ADMIN" });
    const admin = await signedIn(adminUser.email);
    const res = await admin.post("/account/colleagues", { intent: "remove", userId: adminUser.id });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/login");
    await expectSignedOut(admin);
  });

  it("answers 403 to another organisation's admin and to MEMBERs, and nothing changes", async () => {
    const a = await createMemberOrg(portal.prisma);
    const b = await createMemberOrg(portal.prisma);
    const adminA = await signedIn(a.adminUser.email);
    const memberA = await signedIn(a.memberUser.email);
    const memberB = await signedIn(b.memberUser.email);

    expect((await adminA.post("/account/colleagues", { intent: "changeRole", userId: b.memberUser.id, role: "ORG_ADMIN" })).status).toBe(403);
    expect((await adminA.post("/account/colleagues", { intent: "remove", userId: b.memberUser.id })).status).toBe(403);
    const bInvitation = await portal.prisma.invitation.create({
      data: {
        organizationId: b.org.id,
        email: "b-invitee@example.test",
        tokenHash: "f".repeat(64),
        invitedById: b.adminUser.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    expect((await adminA.post("/account/colleagues", { intent: "revoke", invitationId: bInvitation.id })).status).toBe(403);

    expect((await memberA.get("/account/colleagues")).status).toBe(403);
    expect((await memberA.post("/account/colleagues", { intent: "invite", email: "sneaky@example.test", role: "ORG_ADMIN" })).status).toBe(403);
    expect((await memberA.post("/account/colleagues", { intent: "changeRole", userId: a.memberUser.id, role: "ORG_ADMIN" })).status).toBe(403);

    expect(await portal.prisma.user.findUniqueOrThrow({ where: { id: b.memberUser.id } })).toMatchObject({ role: "MEMBER", removedAt: null });
    expect((await portal.prisma.user.findUniqueOrThrow({ where: { id: a.memberUser.id } })).role).toBe("MEMBER");
    expect((await portal.prisma.invitation.findUniqueOrThrow({ where: { id: bInvitation.id } })).revokedAt).toBeNull();
    expect(await portal.prisma.invitation.count({ where: { email: "sneaky@example.test" } })).toBe(0);
    expect((await memberB.get("/account")).status).toBe(200);
  });

  it("answers 404 for unknown colleagues and 400 for unknown roles", async () => {
    const { adminUser, memberUser } = await createMemberOrg(portal.prisma);
    const admin = await signedIn(adminUser.email);
    expect((await admin.post("/account/colleagues", { intent: "remove", userId: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
    expect((await admin.post("/account/colleagues", { intent: "remove", userId: "not-a-uuid" })).status).toBe(404);
    const role = await admin.post("/account/colleagues", { intent: "changeRole", userId: memberUser.id, role: "SUPERUSER" });
    expect(role.status).toBe(400);
    expect((await admin.post("/account/colleagues", { intent: "explode" })).status).toBe(400);
    expect((await portal.prisma.user.findUniqueOrThrow({ where: { id: memberUser.id } })).role).toBe("MEMBER");
  });
});

describe("in Chinese", () => {
  it("renders the account page and an invitation problem in zh-CN", async () => {
    const { memberUser } = await createMemberOrg(portal.prisma);
    const client = await signedIn(memberUser.email);
    const res = await client.get("/account", { "accept-language": "zh-CN,zh;q=0.9" });
    expect(res.text).toContain("已登录的设备");
    const gone = await portal.client().get(`/invite/${"B".repeat(43)}`, { "accept-language": "zh-CN" });
    expect(gone.status).toBe(404);
    expect(gone.text).toContain("此邀请链接无效");
  });
});
