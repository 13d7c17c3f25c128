// A person's account and their organisation's people: sessions on other devices, password change,
// invitations, colleagues' roles and removal. Authorization lives here.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { translate } from "../../app/i18n/index.js";
import type { CurrentUser } from "../auth/index.js";
import { hashPassword, NewPasswordSchema, verifyPassword } from "../auth/password.js";
import type { LoginThrottle } from "../auth/rate-limit.js";
import type { UserRole } from "../db/generated/enums.js";
import type { DomainContext } from "../services.js";
import { recordAudit } from "./audit.js";
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError, parseInput, type FieldErrors } from "./errors.js";
import { queueEmail } from "./outbox.js";
import { emailField, requiredText } from "./schemas.js";

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

type Tx = Parameters<Parameters<DomainContext["prisma"]["$transaction"]>[0]>[0];

// ---------------------------------------------------------------------------------------------
// Shared pieces

const roleField = z.enum(["MEMBER", "ORG_ADMIN"], {
  error: (issue) => (issue.input === undefined || issue.input === "" ? "errors.required" : "errors.invalidValue"),
});

/** A password typed to prove who you are: any length the form allows, never trimmed. */
const typedPassword = z
  .string({ error: "errors.required" })
  .min(1, "errors.required")
  .max(1024, "errors.tooLong");

/**
 * Parses a form that sets a password with a confirmation field. A mismatch is reported on the
 * confirmation field together with every other field error, so the user fixes all in one go.
 */
function parseWithConfirmation<S extends z.ZodType<{ [k: string]: unknown }>>(
  schema: S,
  input: unknown,
  passwordKey: string,
  confirmKey: string,
): z.output<S> {
  let fieldErrors: FieldErrors = {};
  let parsed: z.output<S> | undefined;
  try {
    parsed = parseInput(schema, input);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    fieldErrors = { ...error.fieldErrors };
  }
  const raw = (input ?? {}) as Record<string, unknown>;
  if (!fieldErrors[confirmKey] && !fieldErrors[passwordKey] && raw[passwordKey] !== raw[confirmKey]) {
    fieldErrors[confirmKey] = "errors.passwordsDoNotMatch";
  }
  if (Object.keys(fieldErrors).length > 0 || parsed === undefined) throw new ValidationError(fieldErrors);
  return parsed;
}

/** Ids arrive from URLs and forms; anything that is not a uuid cannot name a record. */
function recordId(value: unknown): string {
  const parsed = z.uuid().safeParse(value);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

function requireOrgAdmin(actor: CurrentUser) {
  if (actor.role !== "ORG_ADMIN" || actor.organization.status !== "ACTIVE") throw new ForbiddenError();
}

async function deleteSessions(tx: Tx, where: { userId: string; exceptId?: string | null }) {
  // Collected first so the sockets of exactly these sessions can be closed after the commit.
  const condition = { userId: where.userId, ...(where.exceptId ? { id: { not: where.exceptId } } : {}) };
  const rows = await tx.session.findMany({ where: condition, select: { id: true } });
  await tx.session.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Signed in on these devices

/**
 * The session id is the secret in the cookie, so pages never show it: a session is named by a
 * digest of its id, which is enough to pick one of your own sessions and useless as a credential.
 */
export function sessionHandle(sessionId: string): string {
  return createHash("sha256").update(`session-handle:${sessionId}`).digest("base64url").slice(0, 22);
}

export interface DeviceSummary {
  /** Product names are not translated ("Chrome", "Windows"); null when the agent is unknown. */
  browser: string | null;
  os: string | null;
}

const BROWSERS: [RegExp, string][] = [
  [/MicroMessenger\//, "WeChat"],
  [/DingTalk\//, "DingTalk"],
  [/QQBrowser\//, "QQ Browser"],
  [/UCBrowser\//, "UC Browser"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/CriOS\/|Chrome\/|Chromium\//, "Chrome"],
  [/Version\/[\d.]+.*Safari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/HarmonyOS|OpenHarmony/, "HarmonyOS"],
  [/Windows/, "Windows"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Macintosh|Mac OS X/, "macOS"],
  [/Linux/, "Linux"],
];

/** "Chrome" on "Windows": enough for a person to recognise their own devices. */
export function describeUserAgent(userAgent: string | null | undefined): DeviceSummary {
  const ua = userAgent ?? "";
  return {
    browser: BROWSERS.find(([pattern]) => pattern.test(ua))?.[1] ?? null,
    os: SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1] ?? null,
  };
}

export async function listSessions(ctx: DomainContext, actor: CurrentUser, currentSessionId: string | null) {
  const rows = await ctx.prisma.session.findMany({
    where: { userId: actor.id, expiresAt: { gt: ctx.now() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true, ipAddress: true },
  });
  const sessions = rows.map((s) => ({
    handle: sessionHandle(s.id),
    current: s.id === currentSessionId,
    ...describeUserAgent(s.userAgent),
    ipAddress: s.ipAddress,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
  }));
  // This device first, then the most recently used.
  return [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)];
}

const EndSessionInput = z.object({
  session: z.string({ error: "errors.required" }).min(1, "errors.required").max(64, "errors.tooLong"),
});

/**
 * Ends one of the actor's sessions, named by its handle. Another person's session, or one that no
 * longer exists, is unknown (404) and nothing changes.
 */
export async function endSession(ctx: DomainContext, actor: CurrentUser, input: unknown, currentSessionId: string | null) {
  const { session: handle } = parseInput(EndSessionInput, input);
  const ended = await ctx.prisma.$transaction(async (tx) => {
    const own = await tx.session.findMany({ where: { userId: actor.id }, select: { id: true } });
    const target = own.find((s) => sessionHandle(s.id) === handle);
    if (!target) throw new NotFoundError();
    await tx.session.deleteMany({ where: { id: target.id, userId: actor.id } });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: actor.organization.id,
      action: "session.ended",
      subjectType: "User",
      subjectId: actor.id,
      data: { current: target.id === currentSessionId },
    });
    return target.id;
  });
  ctx.hooks.sessionsEnded([ended]);
  return { endedCurrent: ended === currentSessionId };
}

/** Signs the actor out everywhere except the session making the request. */
export async function endOtherSessions(ctx: DomainContext, actor: CurrentUser, currentSessionId: string | null) {
  const ended = await ctx.prisma.$transaction(async (tx) => {
    const ids = await deleteSessions(tx, { userId: actor.id, exceptId: currentSessionId });
    if (ids.length > 0) {
      await recordAudit(tx, {
        actorUserId: actor.id,
        organizationId: actor.organization.id,
        action: "session.ended_others",
        subjectType: "User",
        subjectId: actor.id,
        data: { count: ids.length },
      });
    }
    return ids;
  });
  if (ended.length > 0) ctx.hooks.sessionsEnded(ended);
  return { count: ended.length };
}

// ---------------------------------------------------------------------------------------------
// Password change

const ChangePasswordInput = z.object({
  currentPassword: typedPassword,
  newPassword: NewPasswordSchema,
  confirmPassword: z.string({ error: "errors.required" }).max(1024, "errors.tooLong"),
});

export type PasswordThrottle = Pick<LoginThrottle, "retryAfter" | "recordFailure" | "recordSuccess">;

export interface ChangePasswordOptions {
  /** The session making the request: it stays signed in, every other session ends. */
  currentSessionId: string | null;
  ip: string;
  /**
   * Wrong current passwords count against the sign-in limits (per account and per IP): someone
   * holding a stolen session must not get unlimited guesses here when the sign-in form is limited.
   */
  throttle?: PasswordThrottle;
}

export async function changePassword(ctx: DomainContext, actor: CurrentUser, input: unknown, options: ChangePasswordOptions) {
  const values = parseWithConfirmation(ChangePasswordInput, input, "newPassword", "confirmPassword");
  const wait = (await options.throttle?.retryAfter(actor.email, options.ip)) ?? 0;
  if (wait > 0) throw new DomainError(429, "rate_limited", "account.password.tooManyAttempts");

  const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, values.currentPassword))) {
    await options.throttle?.recordFailure(actor.email, options.ip);
    throw new ValidationError({ currentPassword: "errors.wrongPassword" });
  }
  await options.throttle?.recordSuccess(actor.email);
  if (values.newPassword === values.currentPassword) {
    throw new ValidationError({ newPassword: "account.password.sameAsCurrent" });
  }

  const passwordHash = await hashPassword(values.newPassword);
  const ended = await ctx.prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { passwordHash, passwordChangedAt: ctx.now() } });
    // Whoever else holds a session (a lost phone, a shared computer, an attacker) is signed out.
    const ids = await deleteSessions(tx, { userId: actor.id, exceptId: options.currentSessionId });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: actor.organization.id,
      action: "user.password_changed",
      subjectType: "User",
      subjectId: actor.id,
      data: { sessionsEnded: ids.length },
    });
    return ids;
  });
  if (ended.length > 0) ctx.hooks.sessionsEnded(ended);
  return { sessionsEnded: ended.length };
}

// ---------------------------------------------------------------------------------------------
// Invitations

const InviteInput = z.object({ email: emailField, role: roleField });

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Tokens are 32 random bytes in base64url: 43 characters from [A-Za-z0-9_-]. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type InvitationProblem = "unknown" | "expired" | "used" | "revoked";

/** An invitation link that cannot be used (any more). 404 for unknown links, 410 for the rest. */
export class InvitationUnavailableError extends Error {
  readonly status: 404 | 410;
  readonly code = "invitation_unavailable";
  constructor(readonly reason: InvitationProblem) {
    super(`account.invite.${reason}.title`);
    this.name = "InvitationUnavailableError";
    this.status = reason === "unknown" ? 404 : 410;
  }
}

function invitationProblem(
  ctx: DomainContext,
  invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date; organization: { status: string } } | null,
): InvitationProblem | null {
  if (!invitation) return "unknown";
  if (invitation.acceptedAt) return "used";
  // An invitation into an organisation that is no longer active is as good as withdrawn.
  if (invitation.revokedAt || invitation.organization.status !== "ACTIVE") return "revoked";
  if (invitation.expiresAt.getTime() <= ctx.now().getTime()) return "expired";
  return null;
}

export interface CreateInvitationOptions {
  /** Scheme and host the link is built on: the configured public origin, else the request's. */
  origin: string;
}

/**
 * Invites a colleague into the actor's organisation. Returns the link once: only its SHA-256 is
 * stored, so neither the portal nor a database dump can show it again.
 */
export async function createInvitation(ctx: DomainContext, actor: CurrentUser, input: unknown, options: CreateInvitationOptions) {
  requireOrgAdmin(actor);
  const { email, role } = parseInput(InviteInput, input);
  if (await ctx.prisma.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new ValidationError({ email: "errors.emailTaken" });
  }
  const token = randomBytes(32).toString("base64url");
  const link = new URL(`/invite/${token}`, options.origin).toString();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);

  const invitation = await ctx.prisma.$transaction(async (tx) => {
    const org = await tx.organization.findUniqueOrThrow({
      where: { id: actor.organization.id },
      select: { nameZh: true, nameEn: true },
    });
    // The newest invitation is the one that counts: older open links for this email stop working.
    const { count: superseded } = await tx.invitation.updateMany({
      where: { organizationId: actor.organization.id, email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
    });
    const created = await tx.invitation.create({
      data: {
        organizationId: actor.organization.id,
        email,
        role,
        tokenHash: hashInvitationToken(token),
        invitedById: actor.id,
        expiresAt,
      },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: actor.organization.id,
      action: "invitation.created",
      subjectType: "Invitation",
      subjectId: created.id,
      data: { email, role, superseded },
    });
    await queueEmail(tx, invitationEmail({ to: email, link, inviter: actor.name, org, expiresAt }));
    return created;
  });
  return { invitation, link };
}

/** The mail goes out in both languages: we do not know the invitee's language yet. */
function invitationEmail(args: {
  to: string;
  link: string;
  inviter: string;
  org: { nameZh: string; nameEn: string };
  expiresAt: Date;
}) {
  const expires = `${args.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const part = (locale: "zh-CN" | "en", organization: string) =>
    translate(locale, "account.invitationEmail.body", { inviter: args.inviter, organization, link: args.link, expires });
  return {
    to: args.to,
    kind: "invitation",
    subject: `${translate("zh-CN", "account.invitationEmail.subject", { organization: args.org.nameZh })} / ${translate(
      "en",
      "account.invitationEmail.subject",
      { organization: args.org.nameEn },
    )}`,
    bodyText: `${part("zh-CN", args.org.nameZh)}\n\n----------------------------------------\n\n${part("en", args.org.nameEn)}\n`,
  };
}

/** Open invitations of the actor's organisation (not accepted, not revoked, not expired). */
export async function listInvitations(ctx: DomainContext, actor: CurrentUser) {
  requireOrgAdmin(actor);
  return ctx.prisma.invitation.findMany({
    where: { organizationId: actor.organization.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: ctx.now() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
  });
}

const RevokeInput = z.object({ invitationId: z.unknown() });

export async function revokeInvitation(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireOrgAdmin(actor);
  const id = recordId(parseInput(RevokeInput, input).invitationId);
  await ctx.prisma.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { id }, select: { organizationId: true, email: true } });
    if (!invitation) throw new NotFoundError();
    if (invitation.organizationId !== actor.organization.id) throw new ForbiddenError();
    const now = ctx.now();
    const { count } = await tx.invitation.updateMany({
      where: { id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
    });
    if (count !== 1) throw new ConflictError("account.invitations.notOpen");
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: actor.organization.id,
      action: "invitation.revoked",
      subjectType: "Invitation",
      subjectId: id,
      data: { email: invitation.email },
    });
  });
}

async function findInvitationByToken(ctx: DomainContext, token: unknown) {
  if (typeof token !== "string" || !TOKEN_PATTERN.test(token)) return null;
  return ctx.prisma.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      organizationId: true,
      organization: { select: { nameZh: true, nameEn: true, status: true } },
    },
  });
}

/** What the invitation page shows before the invitee signs up; throws when the link is unusable. */
export async function inspectInvitation(ctx: DomainContext, token: unknown) {
  const invitation = await findInvitationByToken(ctx, token);
  const problem = invitationProblem(ctx, invitation);
  if (problem || !invitation) throw new InvitationUnavailableError(problem ?? "unknown");
  return {
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    organization: { nameZh: invitation.organization.nameZh, nameEn: invitation.organization.nameEn },
  };
}

const AcceptInput = z.object({
  name: requiredText(120),
  password: NewPasswordSchema,
  confirmPassword: z.string({ error: "errors.required" }).max(1024, "errors.tooLong"),
});

class LostRace extends Error {}

/**
 * Creates the invitee's account in the inviting organisation. The invitation is claimed with one
 * conditional UPDATE inside the transaction that creates the user: of two concurrent accepts, the
 * second finds the row already claimed (PostgreSQL re-checks the WHERE after the first commits)
 * and creates nothing.
 */
export async function acceptInvitation(ctx: DomainContext, token: unknown, input: unknown, options: { locale?: string } = {}) {
  const invitation = await findInvitationByToken(ctx, token);
  const problem = invitationProblem(ctx, invitation);
  if (problem || !invitation) throw new InvitationUnavailableError(problem ?? "unknown");
  const values = parseWithConfirmation(AcceptInput, input, "password", "confirmPassword");
  const passwordHash = await hashPassword(values.password);

  try {
    return await ctx.prisma.$transaction(async (tx) => {
      const now = ctx.now();
      const { count } = await tx.invitation.updateMany({
        where: {
          id: invitation.id,
          acceptedAt: null,
          revokedAt: null,
          expiresAt: { gt: now },
          organization: { status: "ACTIVE" },
        },
        data: { acceptedAt: now },
      });
      if (count !== 1) throw new LostRace();
      if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) {
        throw new ConflictError("account.invite.emailTaken");
      }
      const user = await tx.user.create({
        data: {
          organizationId: invitation.organizationId,
          email: invitation.email,
          name: values.name,
          passwordHash,
          role: invitation.role,
          locale: options.locale ?? null,
        },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorUserId: user.id,
        organizationId: invitation.organizationId,
        action: "invitation.accepted",
        subjectType: "Invitation",
        subjectId: invitation.id,
        data: { email: invitation.email, role: invitation.role, userId: user.id },
      });
      return { userId: user.id };
    });
  } catch (error) {
    if (error instanceof LostRace) {
      const again = await findInvitationByToken(ctx, token);
      throw new InvitationUnavailableError(invitationProblem(ctx, again) ?? "used");
    }
    // Two accepts racing on different invitations for the same email: the unique index decides.
    if ((error as { code?: unknown }).code === "P2002") throw new ConflictError("account.invite.emailTaken");
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Colleagues

/** The actor's colleagues (removed ones excluded), admins first, then by name. */
export async function listColleagues(ctx: DomainContext, actor: CurrentUser) {
  requireOrgAdmin(actor);
  const users = await ctx.prisma.user.findMany({
    where: { organizationId: actor.organization.id, removedAt: null },
    orderBy: [{ role: "asc" }, { name: "asc" }, { email: "asc" }],
    select: { id: true, name: true, email: true, role: true, createdAt: true },
  });
  return users.map((u) => ({ ...u, you: u.id === actor.id }));
}

/**
 * Loads a colleague for a change, with the organisation's row locked: role changes and removals
 * in one organisation then run one at a time, so two admins demoting each other at once cannot
 * leave it without an admin.
 */
async function lockColleague(tx: Tx, actor: CurrentUser, userId: string) {
  const target = await tx.user.findUnique({
    where: { id: userId },
    select: { id: true, organizationId: true, removedAt: true },
  });
  if (!target) throw new NotFoundError();
  if (target.organizationId !== actor.organization.id) throw new ForbiddenError();
  if (target.removedAt) throw new NotFoundError();
  await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${actor.organization.id}::uuid FOR UPDATE`;
  // Re-read under the lock: another change may have committed while we waited for it.
  return tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, role: true, removedAt: true, email: true, name: true },
  });
}

async function assertAnotherAdminRemains(tx: Tx, actor: CurrentUser, target: { id: string; role: UserRole }) {
  if (target.role !== "ORG_ADMIN") return;
  const others = await tx.user.count({
    where: { organizationId: actor.organization.id, role: "ORG_ADMIN", removedAt: null, id: { not: target.id } },
  });
  if (others === 0) throw new ConflictError("account.colleagues.lastAdmin");
}

const ChangeRoleInput = z.object({ userId: z.unknown(), role: roleField });

export async function changeColleagueRole(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireOrgAdmin(actor);
  const { userId, role } = parseInput(ChangeRoleInput, input);
  const id = recordId(userId);
  return ctx.prisma.$transaction(async (tx) => {
    const target = await lockColleague(tx, actor, id);
    if (target.removedAt) throw new NotFoundError();
    if (target.role === role) return { changed: false, name: target.name };
    if (role === "MEMBER") await assertAnotherAdminRemains(tx, actor, target);
    await tx.user.update({ where: { id }, data: { role } });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: actor.organization.id,
      action: "user.role_changed",
      subjectType: "User",
      subjectId: id,
      data: { from: target.role, to: role },
    });
    return { changed: true, name: target.name };
  });
}

const RemoveInput = z.object({ userId: z.unknown() });

/**
 * The address a removed user keeps, so their real one is free again: people change employers
 * inside the alliance, and an admin may invite a returning colleague. `.invalid` is reserved
 * (RFC 2606), so nothing is ever mailed there; the real address stays in the audit trail.
 */
export function releasedEmail(userId: string) {
  return `removed-${userId}@removed.invalid`;
}

/**
 * Removes a colleague: they are signed out everywhere, can no longer sign in, and their email
 * address is released for a new account or invitation.
 */
export async function removeColleague(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireOrgAdmin(actor);
  const id = recordId(parseInput(RemoveInput, input).userId);
  const ended = await ctx.prisma.$transaction(async (tx) => {
    const target = await lockColleague(tx, actor, id);
    if (target.removedAt) throw new NotFoundError();
    await assertAnotherAdminRemains(tx, actor, target);
    await tx.user.update({ where: { id }, data: { removedAt: ctx.now(), email: releasedEmail(id) } });
    const ids = await deleteSessions(tx, { userId: id });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: actor.organization.id,
      action: "user.removed",
      subjectType: "User",
      subjectId: id,
      data: { email: target.email, role: target.role, sessionsEnded: ids.length },
    });
    return { ids, name: target.name };
  });
  if (ended.ids.length > 0) ctx.hooks.sessionsEnded(ended.ids);
  return { removedSelf: id === actor.id, name: ended.name };
}

export const accountDomain = {
  listSessions,
  endSession,
  endOtherSessions,
  changePassword,
  createInvitation,
  listInvitations,
  revokeInvitation,
  inspectInvitation,
  acceptInvitation,
  listColleagues,
  changeColleagueRole,
  removeColleague,
} satisfies Record<string, (ctx: DomainContext, ...args: never[]) => unknown>;
