// Authentication: sessions in the database through Lucia v3, passwords with argon2id, sign-in
// throttling. Lucia is in maintenance, so nothing outside this folder imports it: replacing it
// means rewriting this module only (docs/decisions/0004-lucia-behind-one-module.md).
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import type { Config } from "../config.js";
import { z } from "zod";
import type { PrismaClient } from "../db/index.js";
import { Prisma } from "../db/generated/client.js";
import { batchedLookup } from "../db/batch.js";
import { readRows } from "../db/read.js";
import { OrganizationKind, OrganizationStatus, UserRole } from "../db/generated/enums.js";
import type { LoginThrottle } from "./rate-limit.js";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password.js";

export { hashPassword, verifyPassword, NewPasswordSchema, isCommonPassword } from "./password.js";

/** The signed-in person as every loader, action and socket handler sees them. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  secretariat: boolean;
  locale: string | null;
  organization: {
    id: string;
    nameZh: string;
    nameEn: string;
    kind: OrganizationKind;
    status: OrganizationStatus;
  };
}

interface SessionAttributes {
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ipAddress: string | null;
}

declare module "lucia" {
  interface Register {
    Lucia: Lucia<SessionAttributes, Omit<CurrentUser, "id">>;
    UserId: string;
    DatabaseUserAttributes: Omit<CurrentUser, "id">;
    DatabaseSessionAttributes: Partial<SessionAttributes>;
  }
}

export const SESSION_COOKIE = "eap_session";
/** Sessions live 30 days; Lucia extends one that is used in its second half. */
const SESSION_LIFETIME = new TimeSpan(30, "d");
/** lastSeenAt is written at most this often, so that browsing costs no write per request. */
const LAST_SEEN_RESOLUTION_MS = 5 * 60_000;

const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  secretariat: true,
  locale: true,
  removedAt: true,
  organization: { select: { id: true, nameZh: true, nameEn: true, kind: true, status: true } },
} as const;

/** One row of the session check: the session, its user and the user's organisation. */
const SessionUserRow = z.object({
  id: z.string(),
  userId: z.string(),
  expiresAt: z.date(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
  email: z.string(),
  name: z.string(),
  role: z.enum(UserRole),
  secretariat: z.boolean(),
  locale: z.string().nullable(),
  organizationId: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: z.enum(OrganizationKind),
  status: z.enum(OrganizationStatus),
});

function createAdapter(prisma: PrismaClient): Adapter {
  const toSession = (s: {
    id: string;
    userId: string;
    expiresAt: Date;
    createdAt: Date;
    lastSeenAt: Date;
    userAgent: string | null;
    ipAddress: string | null;
  }): DatabaseSession => ({
    id: s.id,
    userId: s.userId,
    expiresAt: s.expiresAt,
    attributes: { createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, userAgent: s.userAgent, ipAddress: s.ipAddress },
  });
  // Every signed-in request and socket handshake runs this: one statement instead of Prisma's three
  // (session, then user, then organisation), which on the embedded database cost about 1 ms each;
  // straight on the driver (server/db/read.ts), without Prisma's per-call compile; and the checks
  // that arrive while one is in flight share the next statement (server/db/batch.ts: a reconnect
  // storm of thousands of sockets is a few statements, not thousands).
  //
  // A lone session id (nearly every request) has a statement of its own, `s.id = $1`: prepared, it
  // runs on one generic plan. With `= ANY($1)` PostgreSQL's generic plan has to guess the array's
  // length (ten keys: ten user and organisation lookups), costs more than a plan made for one key,
  // so it planned the statement afresh on every request (0.3 ms of planning on PGlite, with a file
  // size look-up for every table and index involved; docs/benchmarks.md).
  const sessionRow = batchedLookup(async (sessionIds: string[]) => {
    const match = sessionIds.length === 1 ? Prisma.sql`s.id = ${sessionIds[0]}` : Prisma.sql`s.id = ANY(${sessionIds}::text[])`;
    const rows = await readRows(prisma, SessionUserRow, Prisma.sql`
      SELECT s.id, s."userId", s."expiresAt", s."createdAt", s."lastSeenAt", s."userAgent", s."ipAddress",
             u.email, u.name, u.role::text AS role, u.secretariat, u.locale,
             o.id AS "organizationId", o."nameZh", o."nameEn", o.kind::text AS kind, o.status::text AS status
        FROM "Session" s
        JOIN "User" u ON u.id = s."userId"
        JOIN "Organization" o ON o.id = u."organizationId"
       WHERE ${match}
         -- A removed colleague or a suspended organisation has no valid session anywhere.
         AND u."removedAt" IS NULL AND o.status <> 'SUSPENDED'`, { priority: true });
    return new Map(rows.map((r) => [r.id, r]));
  });
  return {
    async getSessionAndUser(sessionId) {
      const row = await sessionRow(sessionId);
      if (!row) return [null, null];
      const databaseUser: DatabaseUser = {
        id: row.userId,
        attributes: {
          email: row.email,
          name: row.name,
          role: row.role,
          secretariat: row.secretariat,
          locale: row.locale,
          organization: { id: row.organizationId, nameZh: row.nameZh, nameEn: row.nameEn, kind: row.kind, status: row.status },
        } satisfies Omit<CurrentUser, "id">,
      };
      return [toSession(row), databaseUser];
    },
    async getUserSessions(userId) {
      const rows = await prisma.session.findMany({ where: { userId }, orderBy: { lastSeenAt: "desc" } });
      return rows.map(toSession);
    },
    async setSession(session) {
      await prisma.session.create({
        data: {
          id: session.id,
          userId: session.userId,
          expiresAt: session.expiresAt,
          userAgent: session.attributes.userAgent ?? null,
          ipAddress: session.attributes.ipAddress ?? null,
        },
      });
    },
    async updateSessionExpiration(sessionId, expiresAt) {
      await prisma.session.updateMany({ where: { id: sessionId }, data: { expiresAt } });
    },
    async deleteSession(sessionId) {
      await prisma.session.deleteMany({ where: { id: sessionId } });
    },
    async deleteUserSessions(userId) {
      await prisma.session.deleteMany({ where: { userId } });
    },
    async deleteExpiredSessions() {
      await prisma.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
    },
  };
}

export type SignInResult =
  | { ok: true; user: CurrentUser; sessionId: string; cookie: string }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export interface SessionInfo {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ipAddress: string | null;
}

export function createAuth(prisma: PrismaClient, config: Config, throttle: LoginThrottle) {
  const lucia = new Lucia(createAdapter(prisma), {
    sessionExpiresIn: SESSION_LIFETIME,
    sessionCookie: {
      name: SESSION_COOKIE,
      attributes: { sameSite: "lax", secure: config.production, path: "/" },
    },
    getSessionAttributes: (a) => ({
      createdAt: a.createdAt ?? new Date(),
      lastSeenAt: a.lastSeenAt ?? new Date(),
      userAgent: a.userAgent ?? null,
      ipAddress: a.ipAddress ?? null,
    }),
    getUserAttributes: (a) => a,
  });

  async function startSession(userId: string, meta: { userAgent?: string; ipAddress?: string }) {
    const session = await lucia.createSession(userId, {
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ipAddress: meta.ipAddress ?? null,
    });
    return { sessionId: session.id, cookie: lucia.createSessionCookie(session.id).serialize() };
  }

  return {
    cookieName: SESSION_COOKIE,

    /**
     * Checks email and password. Success always creates a brand-new session (never reuses the one
     * the browser came with), and the caller drops the old one: no session fixation.
     */
    async signIn(
      input: { email: string; password: string },
      meta: { ip: string; userAgent?: string },
    ): Promise<SignInResult> {
      const email = input.email.trim().toLowerCase();
      const wait = await throttle.retryAfter(email, meta.ip);
      if (wait > 0) return { ok: false, reason: "rate_limited", retryAfterSeconds: wait };

      const user = await prisma.user.findUnique({ where: { email }, select: { ...userSelect, passwordHash: true } });
      const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
      if (!user || !valid || user.removedAt || user.organization.status === "SUSPENDED") {
        await throttle.recordFailure(email, meta.ip);
        return { ok: false, reason: "invalid_credentials" };
      }
      await throttle.recordSuccess(email);
      const { passwordHash: _hash, removedAt: _removed, ...current } = user;
      const started = await startSession(user.id, { userAgent: meta.userAgent, ipAddress: meta.ip });
      return { ok: true, user: current, ...started };
    },

    startSession,

    /** Resolves the cookie header to a user. `setCookie` is set when the browser's cookie must change. */
    async validate(cookieHeader: string | undefined) {
      const sessionId = lucia.readSessionCookie(cookieHeader ?? "");
      if (!sessionId) return { user: null, session: null, setCookie: null } as const;
      const { user, session } = await lucia.validateSession(sessionId);
      if (!session) {
        return { user: null, session: null, setCookie: lucia.createBlankSessionCookie().serialize() } as const;
      }
      if (Date.now() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
        await prisma.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date() } });
      }
      return {
        user: user as CurrentUser,
        session,
        setCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : null,
      } as const;
    },

    async signOut(sessionId: string) {
      await lucia.invalidateSession(sessionId);
      return lucia.createBlankSessionCookie().serialize();
    },

    blankCookie: () => lucia.createBlankSessionCookie().serialize(),

    async listSessions(userId: string): Promise<SessionInfo[]> {
      const rows = await prisma.session.findMany({
        where: { userId, expiresAt: { gt: new Date() } },
        orderBy: { lastSeenAt: "desc" },
      });
      return rows.map(({ userId: _u, ...s }) => s);
    },

    /** Signs the user out everywhere except `keepSessionId` (pass null to end every session). */
    async endOtherSessions(userId: string, keepSessionId: string | null) {
      const { count } = await prisma.session.deleteMany({
        where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
      });
      return count;
    },

    /** Ends one of the user's own sessions; another user's session id is treated as unknown. */
    async endSession(userId: string, sessionId: string) {
      const { count } = await prisma.session.deleteMany({ where: { id: sessionId, userId } });
      return count > 0;
    },

    async endOrganizationSessions(organizationId: string) {
      await prisma.session.deleteMany({ where: { user: { organizationId } } });
    },

    /** Which of these sessions still exist and have not expired (for closing stale sockets). */
    async liveSessionIds(sessionIds: string[]) {
      const rows = await prisma.session.findMany({
        where: {
          id: { in: sessionIds },
          expiresAt: { gt: new Date() },
          user: { removedAt: null, organization: { status: { not: "SUSPENDED" } } },
        },
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },

    deleteExpiredSessions: () => lucia.deleteExpiredSessions(),
    hashPassword,
    /** The sign-in failure counters; the password change form counts wrong passwords against them. */
    throttle,
  };
}

export type Auth = ReturnType<typeof createAuth>;
