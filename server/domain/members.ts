// Membership: applications, secretariat review, suspension, the member directory, profiles and
// certifications. Authorization lives here, so that HTTP routes and socket handlers cannot skip it.
import { z } from "zod";
import { hashPassword, NewPasswordSchema, type CurrentUser } from "../auth/index.js";
import { Prisma } from "../db/generated/client.js";
import { readRows } from "../db/read.js";
import type { DomainContext } from "../services.js";
import { recordAudit } from "./audit.js";
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, type FieldErrors } from "./errors.js";
import { announceNotifications, notify } from "./notifications.js";
import { queueEmail } from "./outbox.js";
import { countryCode, dateField, emailField, listOf, optionalText, requiredText, uuidParam, websiteField } from "./schemas.js";

export const ORGANIZATION_KINDS = ["OEM", "SUPPLIER", "LOGISTICS", "SERVICE", "TESTING", "FINANCE"] as const;
export const ORGANIZATION_STATUSES = ["PENDING", "ACTIVE", "REJECTED", "SUSPENDED"] as const;
export const CERTIFICATION_TYPES = [
  "IATF_16949",
  "ISO_9001",
  "ISO_14001",
  "ISO_45001",
  "UNECE_TYPE_APPROVAL",
  "EU_WVTA",
  "CCC",
  "OTHER",
] as const;

export const LIMITS = {
  name: 120,
  city: 80,
  description: 2000,
  website: 300,
  markets: 60,
  reason: 1000,
  certLabel: 120,
  certScope: 300,
  certIssuer: 200,
  search: 120,
} as const;

export const DIRECTORY_PAGE_SIZE = 25;
export const ORGANIZATIONS_PAGE_SIZE = 50;
/** A certificate whose validity ends within this many days is flagged as expiring soon. */
export const EXPIRY_WARNING_DAYS = 90;

// ---------------------------------------------------------------------------------------------
// Input schemas. Messages are i18n keys; see app/i18n/en/errors.ts and app/i18n/en/members.ts.

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** An enum field: missing or blank is "required", anything outside the list "invalidValue". */
const enumField = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    blankToUndefined,
    z.enum(values, { error: (issue) => (issue.input === undefined ? "errors.required" : "errors.invalidValue") }),
  );

const optionalEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankToUndefined, z.enum(values, { error: "errors.invalidValue" }).optional());

/** A form date that must exist on the calendar (no 31 February). */
const calendarDate = z.preprocess(
  blankToUndefined,
  dateField.refine((d) => d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 2200, "errors.invalidDate"),
);

const strictCalendarDate = z.preprocess((v) => {
  const blank = blankToUndefined(v);
  // "2025-02-31" would roll over to 3 March; reject it instead of storing a different day.
  if (typeof blank === "string" && /^\d{4}-\d{2}-\d{2}$/.test(blank)) {
    const d = new Date(`${blank}T00:00:00.000Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== blank) return "invalid";
  }
  return blank;
}, calendarDate);

const ProfileFields = {
  nameZh: requiredText(LIMITS.name),
  nameEn: requiredText(LIMITS.name),
  homeCity: requiredText(LIMITS.city),
  homeCountry: countryCode,
  website: websiteField,
  description: requiredText(LIMITS.description),
  markets: listOf(countryCode, LIMITS.markets),
};

const ApplicationSchema = z.object({
  ...ProfileFields,
  kind: enumField(ORGANIZATION_KINDS),
  name: requiredText(LIMITS.name),
  email: emailField,
  password: NewPasswordSchema,
  passwordConfirm: z.string({ error: "errors.required" }).max(1024, "errors.tooLong"),
});
export type ApplicationInput = z.input<typeof ApplicationSchema>;

const ProfileSchema = z.object({ organizationId: uuidParam, ...ProfileFields });

const DecisionSchema = z.object({ organizationId: uuidParam });
const ReasonSchema = z.object({ organizationId: uuidParam, reason: requiredText(LIMITS.reason) });

const CertificationFields = z.object({
  type: enumField(CERTIFICATION_TYPES),
  label: optionalText(LIMITS.certLabel),
  scope: requiredText(LIMITS.certScope),
  issuer: requiredText(LIMITS.certIssuer),
  validFrom: strictCalendarDate,
  validTo: strictCalendarDate,
});

const AddCertificationSchema = CertificationFields.extend({ organizationId: uuidParam });
const UpdateCertificationSchema = CertificationFields.extend({ certificationId: uuidParam });
const RemoveCertificationSchema = z.object({ certificationId: uuidParam });

const cursorField = z.preprocess(blankToUndefined, z.string().max(600, "errors.invalidValue").optional());

const DirectorySchema = z.object({
  q: optionalText(LIMITS.search),
  kind: optionalEnum(ORGANIZATION_KINDS),
  city: optionalText(LIMITS.city),
  market: z.preprocess(blankToUndefined, countryCode.optional()),
  cursor: cursorField,
});
export type DirectoryQuery = z.input<typeof DirectorySchema>;

const OrganizationsSchema = z.object({
  q: optionalText(LIMITS.search),
  status: optionalEnum(ORGANIZATION_STATUSES),
  cursor: cursorField,
});

/**
 * parseInput, with list items reported on the list itself ("markets.3" -> "markets") so that a
 * form can show the error beside the picker, and extra checks that span fields.
 */
function parse<S extends z.ZodType>(schema: S, input: unknown, extra?: (raw: Record<string, unknown>) => FieldErrors): z.output<S> {
  const raw = input !== null && typeof input === "object" ? (input as Record<string, unknown>) : {};
  const more = extra?.(raw) ?? {};
  try {
    const parsed = parseInput(schema, input);
    if (Object.keys(more).length) throw new ValidationError(more);
    return parsed;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const fieldErrors: FieldErrors = {};
    for (const [key, message] of Object.entries({ ...more, ...error.fieldErrors })) {
      fieldErrors[key.split(".")[0] ?? key] ??= message;
    }
    throw new ValidationError(fieldErrors, error.formError);
  }
}

// ---------------------------------------------------------------------------------------------
// Authorization helpers.

function requireSecretariat(actor: CurrentUser) {
  if (!actor.secretariat) throw new ForbiddenError();
}

/** Active members see the directory; the secretariat always does (it vets the members). */
function requireDirectoryAccess(actor: CurrentUser) {
  if (!actor.secretariat && actor.organization.status !== "ACTIVE") throw new ForbiddenError();
}

/** Only an ORG_ADMIN of an active organisation edits that organisation's profile. */
function requireProfileEditor(actor: CurrentUser, organizationId: string) {
  if (actor.organization.id !== organizationId || actor.role !== "ORG_ADMIN" || actor.organization.status !== "ACTIVE") {
    throw new ForbiddenError();
  }
}

// ---------------------------------------------------------------------------------------------
// Mail. Recipients' language is not known for every mail, so each one carries both languages.

function bilingual(zh: { subject: string; body: string }, en: { subject: string; body: string }) {
  return { subject: `${zh.subject} / ${en.subject}`, bodyText: `${zh.body}\n\n----------------\n\n${en.body}\n` };
}

type Tx = Prisma.TransactionClient;

async function secretariatAddresses(tx: Tx) {
  const desk = await tx.user.findMany({ where: { secretariat: true, removedAt: null }, select: { email: true } });
  return desk.map((u) => u.email);
}

async function firstUser(tx: Tx, organizationId: string) {
  return tx.user.findFirst({
    where: { organizationId, removedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, email: true, name: true },
  });
}

async function adminAddresses(tx: Tx, organizationId: string) {
  const admins = await tx.user.findMany({
    where: { organizationId, removedAt: null, role: "ORG_ADMIN" },
    select: { email: true },
  });
  return admins.map((u) => u.email);
}

/**
 * A unique index refused the write. @prisma/adapter-pg reports P2002; the PGlite adapter passes the
 * raw PostgreSQL error (SQLSTATE 23505) through as the cause of a DriverAdapterError.
 */
function isUniqueViolation(error: unknown) {
  if (typeof error !== "object" || error === null) return false;
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown; kind?: unknown } };
  return code === "P2002" || cause?.code === "23505" || cause?.kind === "UniqueConstraintViolation";
}

// ---------------------------------------------------------------------------------------------
// Applying and the applicant's view.

/** What an applicant (or a rejected / suspended organisation's user) may see of its own application. */
export async function applicationStatus(ctx: DomainContext, actor: CurrentUser) {
  const org = await ctx.prisma.organization.findUniqueOrThrow({
    where: { id: actor.organization.id },
    select: { status: true, rejectionReason: true, createdAt: true, reviewedAt: true },
  });
  return org;
}

/**
 * A company applies to join: the organisation (PENDING) and its first user (MEMBER until the
 * secretariat approves) are created together, and the secretariat desk is told by mail.
 * Public: there is no actor. Returns the new user's id so that the caller can sign them in.
 */
export async function apply(ctx: DomainContext, input: unknown) {
  const data = parse(ApplicationSchema, input, (raw): FieldErrors =>
    typeof raw.password === "string" && raw.password !== "" && raw.password !== raw.passwordConfirm
      ? { passwordConfirm: "errors.passwordsDoNotMatch" }
      : {},
  );
  const taken = await ctx.prisma.user.findUnique({ where: { email: data.email }, select: { id: true } });
  if (taken) throw new ValidationError({ email: "errors.emailTaken" });
  const passwordHash = await hashPassword(data.password);

  try {
    return await ctx.prisma.$transaction(async (tx) => {
      const org = await tx.organization.create({
        data: {
          nameZh: data.nameZh,
          nameEn: data.nameEn,
          kind: data.kind,
          status: "PENDING",
          homeCity: data.homeCity,
          homeCountry: data.homeCountry,
          website: data.website ?? null,
          description: data.description,
          markets: data.markets,
        },
        select: { id: true },
      });
      const user = await tx.user.create({
        data: { organizationId: org.id, email: data.email, name: data.name, passwordHash, role: "MEMBER" },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorUserId: user.id,
        organizationId: org.id,
        action: "organization.applied",
        subjectType: "Organization",
        subjectId: org.id,
        data: { kind: data.kind, nameEn: data.nameEn, nameZh: data.nameZh },
      });
      const desk = await secretariatAddresses(tx);
      if (desk.length === 0) ctx.logger.warn({ organizationId: org.id }, "no secretariat user to notify of an application");
      for (const to of desk) {
        await queueEmail(tx, {
          to,
          kind: "application_received",
          ...bilingual(
            {
              subject: `新的入会申请：${data.nameZh}`,
              body: `${data.nameZh}（${data.nameEn}）提交了入会申请，申请人 ${data.name} <${data.email}>。请登录门户的秘书处页面审核。`,
            },
            {
              subject: `New membership application: ${data.nameEn}`,
              body: `${data.nameEn} (${data.nameZh}) applied to join the alliance; applicant ${data.name} <${data.email}>. Sign in to the portal's secretariat page to review it.`,
            },
          ),
        });
      }
      return { organizationId: org.id, userId: user.id };
    });
  } catch (error) {
    // Two applications with the same email at the same moment: the unique index decides.
    if (isUniqueViolation(error)) throw new ValidationError({ email: "errors.emailTaken" });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Secretariat review.

const applicationSelect = {
  id: true,
  nameZh: true,
  nameEn: true,
  kind: true,
  status: true,
  homeCity: true,
  homeCountry: true,
  website: true,
  description: true,
  markets: true,
  createdAt: true,
  users: {
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 1,
    select: { name: true, email: true },
  },
} satisfies Prisma.OrganizationSelect;

/** Applications waiting for a decision, oldest first. */
export async function pendingApplications(ctx: DomainContext, actor: CurrentUser) {
  requireSecretariat(actor);
  const rows = await ctx.prisma.organization.findMany({
    where: { status: "PENDING" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 200,
    select: applicationSelect,
  });
  return rows.map(({ users, ...org }) => ({ ...org, applicant: users[0] ?? null }));
}

/** Loads an organisation for a status change, or throws 404 / 409 (with the key to show). */
async function organizationInStatus(tx: Tx, organizationId: string, expected: string, conflictKey: string) {
  const org = await tx.organization.findUnique({
    where: { id: organizationId },
    select: { id: true, status: true, nameZh: true, nameEn: true },
  });
  if (!org) throw new NotFoundError();
  if (org.status !== expected) throw new ConflictError(conflictKey);
  return org;
}

/** Changes the status only if it is still `from`: two reviewers deciding at once cannot both win. */
async function moveStatus(tx: Tx, organizationId: string, from: "PENDING" | "ACTIVE" | "SUSPENDED", data: Prisma.OrganizationUpdateManyMutationInput, conflictKey: string) {
  const { count } = await tx.organization.updateMany({ where: { id: organizationId, status: from }, data });
  if (count !== 1) throw new ConflictError(conflictKey);
}

export async function approveApplication(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireSecretariat(actor);
  const { organizationId } = parse(DecisionSchema, input);
  let notified: string[] = [];
  const result = await ctx.prisma.$transaction(async (tx) => {
    const org = await organizationInStatus(tx, organizationId, "PENDING", "members.errors.notPending");
    await moveStatus(tx, org.id, "PENDING", { status: "ACTIVE", reviewedAt: ctx.now(), reviewedById: actor.id, rejectionReason: null }, "members.errors.notPending");
    const applicant = await firstUser(tx, org.id);
    if (applicant) await tx.user.update({ where: { id: applicant.id }, data: { role: "ORG_ADMIN" } });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: org.id,
      action: "organization.approved",
      subjectType: "Organization",
      subjectId: org.id,
      data: { adminUserId: applicant?.id ?? null },
    });
    const users = await tx.user.findMany({ where: { organizationId: org.id, removedAt: null }, select: { id: true } });
    notified = await notify(tx, { userIds: users.map((u) => u.id) }, "membership.approved", {
      organizationId: org.id,
      organizationName: org.nameEn,
      organizationNameZh: org.nameZh,
    });
    if (applicant) {
      await queueEmail(tx, {
        to: applicant.email,
        kind: "application_approved",
        ...bilingual(
          {
            subject: `入会申请已批准：${org.nameZh}`,
            body: `${applicant.name}，您好：\n\n联盟秘书处已批准 ${org.nameZh} 的入会申请。您现在是本单位的管理员，可以登录门户、完善单位资料并邀请同事。`,
          },
          {
            subject: `Membership approved: ${org.nameEn}`,
            body: `Dear ${applicant.name},\n\nThe alliance secretariat approved ${org.nameEn}'s application. You are now your organisation's admin: sign in to complete its profile and invite colleagues.`,
          },
        ),
      });
    }
    return { organizationId: org.id };
  });
  announceNotifications(ctx, notified);
  return result;
}

export async function rejectApplication(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireSecretariat(actor);
  const { organizationId, reason } = parse(ReasonSchema, input);
  return ctx.prisma.$transaction(async (tx) => {
    const org = await organizationInStatus(tx, organizationId, "PENDING", "members.errors.notPending");
    await moveStatus(tx, org.id, "PENDING", { status: "REJECTED", reviewedAt: ctx.now(), reviewedById: actor.id, rejectionReason: reason }, "members.errors.notPending");
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: org.id,
      action: "organization.rejected",
      subjectType: "Organization",
      subjectId: org.id,
      data: { reason },
    });
    const applicant = await firstUser(tx, org.id);
    if (applicant) {
      await queueEmail(tx, {
        to: applicant.email,
        kind: "application_rejected",
        ...bilingual(
          {
            subject: `入会申请未获批准：${org.nameZh}`,
            body: `${applicant.name}，您好：\n\n联盟秘书处未批准 ${org.nameZh} 的入会申请，原因如下：\n\n${reason}`,
          },
          {
            subject: `Membership application not approved: ${org.nameEn}`,
            body: `Dear ${applicant.name},\n\nThe alliance secretariat did not approve ${org.nameEn}'s application, for this reason:\n\n${reason}`,
          },
        ),
      });
    }
    return { organizationId: org.id };
  });
}

/**
 * Suspends an active organisation: its users are signed out everywhere (sessions deleted, sockets
 * closed through the hook) and cannot sign in until it is reactivated.
 */
export async function suspendOrganization(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireSecretariat(actor);
  const { organizationId, reason } = parse(ReasonSchema, input);
  // The secretariat locking itself out would leave nobody to undo it.
  if (organizationId === actor.organization.id) throw new ConflictError("members.errors.cannotSuspendOwn");
  const result = await ctx.prisma.$transaction(async (tx) => {
    const org = await organizationInStatus(tx, organizationId, "ACTIVE", "members.errors.notActive");
    await moveStatus(tx, org.id, "ACTIVE", { status: "SUSPENDED" }, "members.errors.notActive");
    const { count: sessionsEnded } = await tx.session.deleteMany({ where: { user: { organizationId: org.id } } });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: org.id,
      action: "organization.suspended",
      subjectType: "Organization",
      subjectId: org.id,
      data: { reason, sessionsEnded },
    });
    for (const to of await adminAddresses(tx, org.id)) {
      await queueEmail(tx, {
        to,
        kind: "organization_suspended",
        ...bilingual(
          {
            subject: `会员资格已暂停：${org.nameZh}`,
            body: `联盟秘书处暂停了 ${org.nameZh} 的会员资格，原因如下：\n\n${reason}\n\n如有疑问，请联系秘书处。`,
          },
          {
            subject: `Membership suspended: ${org.nameEn}`,
            body: `The alliance secretariat suspended ${org.nameEn}'s membership, for this reason:\n\n${reason}\n\nPlease contact the secretariat with any questions.`,
          },
        ),
      });
    }
    return { organizationId: org.id, sessionsEnded };
  });
  // After the commit: sockets of the organisation's users close now, not at their next event.
  ctx.hooks.organizationSuspended(result.organizationId);
  return result;
}

export async function reactivateOrganization(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireSecretariat(actor);
  const { organizationId } = parse(DecisionSchema, input);
  return ctx.prisma.$transaction(async (tx) => {
    const org = await organizationInStatus(tx, organizationId, "SUSPENDED", "members.errors.notSuspended");
    await moveStatus(tx, org.id, "SUSPENDED", { status: "ACTIVE" }, "members.errors.notSuspended");
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: org.id,
      action: "organization.reactivated",
      subjectType: "Organization",
      subjectId: org.id,
    });
    for (const to of await adminAddresses(tx, org.id)) {
      await queueEmail(tx, {
        to,
        kind: "organization_reactivated",
        ...bilingual(
          { subject: `会员资格已恢复：${org.nameZh}`, body: `联盟秘书处恢复了 ${org.nameZh} 的会员资格，您可以重新登录门户。` },
          { subject: `Membership reactivated: ${org.nameEn}`, body: `The alliance secretariat reactivated ${org.nameEn}'s membership. You can sign in to the portal again.` },
        ),
      });
    }
    return { organizationId: org.id };
  });
}

// ---------------------------------------------------------------------------------------------
// Keyset pagination over (nameEn, id): stable under inserts, and cheap on any page.

interface Cursor {
  nameEn: string;
  id: string;
}

export function encodeCursor(row: Cursor): string {
  return Buffer.from(JSON.stringify([row.nameEn, row.id]), "utf8").toString("base64url");
}

const CursorSchema = z.tuple([z.string().max(LIMITS.name * 4), z.uuid()]);

function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  try {
    const [nameEn, id] = CursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { nameEn, id };
  } catch {
    throw new ValidationError({ cursor: "errors.invalidValue" });
  }
}

function afterCursor(cursor: Cursor | undefined): Prisma.OrganizationWhereInput {
  if (!cursor) return {};
  return {
    OR: [{ nameEn: { gt: cursor.nameEn } }, { nameEn: cursor.nameEn, id: { gt: cursor.id } }],
  };
}

/** Name search in either language; LIKE wildcards typed by the user are matched literally. */
function nameMatches(q: string | undefined): Prisma.OrganizationWhereInput {
  if (!q) return {};
  const pattern = escapeLike(q);
  return {
    OR: [
      { nameEn: { contains: pattern, mode: "insensitive" } },
      { nameZh: { contains: pattern, mode: "insensitive" } },
    ],
  };
}

/** Prisma puts `contains` into an ILIKE pattern as it is; "%" would otherwise match everything. */
function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function page<T extends Cursor>(rows: T[], size: number) {
  const more = rows.length > size;
  const items = more ? rows.slice(0, size) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor(last) : null };
}

// ---------------------------------------------------------------------------------------------
// The member directory and profiles.

/** A directory row, or the one row of an empty page (the count alone, from the LEFT JOIN). */
const DirectoryRow = z.union([
  z.object({
    total: z.number().int(),
    id: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    kind: z.enum(ORGANIZATION_KINDS),
    homeCity: z.string(),
    homeCountry: z.string(),
    markets: z.array(z.string()),
  }),
  z.object({ total: z.number().int(), id: z.null() }),
]);

/**
 * Active member organisations matching the filters, 25 per page in name order, with the number
 * of matches.
 *
 * One SQL statement for the count and the page: this is the portal's busiest page, and each
 * Prisma model query costs about 1 ms of client-side work on top of the database's own (the
 * profiles in docs/benchmarks.md). The page is an index scan on (status, nameEn, id).
 */
export async function directory(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireDirectoryAccess(actor);
  const query = parse(DirectorySchema, input);
  const cursor = decodeCursor(query.cursor);
  const sql = Prisma.sql;
  const conditions = [sql`o.status = 'ACTIVE'`];
  if (query.kind) conditions.push(sql`o.kind = ${query.kind}::"OrganizationKind"`);
  if (query.city) conditions.push(sql`o."homeCity" ILIKE ${`%${escapeLike(query.city)}%`}`);
  if (query.market) conditions.push(sql`o.markets @> ARRAY[${query.market}]::text[]`);
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    conditions.push(sql`(o."nameEn" ILIKE ${pattern} OR o."nameZh" ILIKE ${pattern})`);
  }
  const where = Prisma.join(conditions, " AND ");
  const after = cursor ? sql`AND (o."nameEn", o.id) > (${cursor.nameEn}, ${cursor.id}::uuid)` : Prisma.empty;
  // A constant in the text, not a parameter: the statement is prepared (server/db/read.ts), and a
  // LIMIT parameter makes PostgreSQL's generic plan guess a tenth of the table, cost more than the
  // plan for 26 rows, so it would plan the statement afresh on every page.
  const LIMIT = Prisma.raw(String(DIRECTORY_PAGE_SIZE + 1));
  // Unfiltered, the total is the number of active members, which triggers keep in
  // "OrganizationCount" within every change's own transaction: one row read instead of counting
  // every active organisation for each page (docs/decisions/0020-directory-total-from-a-kept-count.md).
  const filtered = conditions.length > 1; // more than the status condition
  const count = filtered
    ? sql`SELECT count(*)::int AS total FROM "Organization" o WHERE ${where}`
    : sql`SELECT coalesce((SELECT c.total FROM "OrganizationCount" c WHERE c.status = 'ACTIVE'), 0) AS total`;
  // The count is the one row of the outer query, so an empty page still carries it.
  // Straight on the driver (server/db/read.ts): every directory page runs it.
  const rows = await readRows(ctx.prisma, DirectoryRow, sql`
    SELECT t.total, p.*
      FROM (${count}) t
      LEFT JOIN LATERAL (
        SELECT o.id, o."nameZh", o."nameEn", o.kind::text AS kind, o."homeCity", o."homeCountry", o.markets
          FROM "Organization" o
         WHERE ${where} ${after}
         ORDER BY o."nameEn", o.id
         LIMIT ${LIMIT}
      ) p ON true
     ORDER BY p."nameEn", p.id`);
  const total = rows[0]?.total ?? 0;
  const found = rows.flatMap((row) => (row.id === null ? [] : [{ id: row.id, nameZh: row.nameZh, nameEn: row.nameEn, kind: row.kind, homeCity: row.homeCity, homeCountry: row.homeCountry, markets: row.markets }]));
  return { total, ...page(found, DIRECTORY_PAGE_SIZE), query: { q: query.q, kind: query.kind, city: query.city, market: query.market } };
}

export type CertificationValidity = "valid" | "expiring" | "expired" | "notYetValid";

const DAY_MS = 86_400_000;

/** Valid through the whole of its last day; "expiring" within EXPIRY_WARNING_DAYS of it. */
export function certificationValidity(now: Date, validFrom: Date, validTo: Date): CertificationValidity {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (validTo.getTime() < today) return "expired";
  if (validFrom.getTime() > today) return "notYetValid";
  if (validTo.getTime() - today <= EXPIRY_WARNING_DAYS * DAY_MS) return "expiring";
  return "valid";
}

/**
 * One organisation's profile. Active organisations are visible to every active member; pending,
 * rejected and suspended ones only to the secretariat (anyone else gets 404, not a hint).
 */
export async function profile(ctx: DomainContext, actor: CurrentUser, organizationId: unknown) {
  requireDirectoryAccess(actor);
  const id = uuidParam.safeParse(organizationId);
  if (!id.success) throw new NotFoundError();
  const org = await ctx.prisma.organization.findUnique({
    where: { id: id.data },
    select: {
      id: true,
      nameZh: true,
      nameEn: true,
      kind: true,
      status: true,
      homeCity: true,
      homeCountry: true,
      website: true,
      description: true,
      markets: true,
      rejectionReason: true,
      createdAt: true,
      reviewedAt: true,
      certifications: {
        orderBy: [{ validTo: "asc" }, { id: "asc" }],
        select: { id: true, type: true, label: true, scope: true, issuer: true, validFrom: true, validTo: true },
      },
    },
  });
  if (!org) throw new NotFoundError();
  if (org.status !== "ACTIVE" && !actor.secretariat && org.id !== actor.organization.id) throw new NotFoundError();
  const now = ctx.now();
  const canEdit = actor.organization.id === org.id && actor.role === "ORG_ADMIN" && actor.organization.status === "ACTIVE";
  return {
    ...org,
    rejectionReason: actor.secretariat ? org.rejectionReason : null,
    certifications: org.certifications.map((c) => ({ ...c, validity: certificationValidity(now, c.validFrom, c.validTo) })),
    canEdit,
  };
}

/** The own-profile editor's data: only the organisation's ORG_ADMIN gets it. */
export async function profileForEdit(ctx: DomainContext, actor: CurrentUser, organizationId: unknown) {
  const id = uuidParam.safeParse(organizationId);
  if (!id.success) throw new NotFoundError();
  const org = await profile(ctx, actor, id.data);
  requireProfileEditor(actor, org.id);
  return org;
}

function certificationChecks(raw: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  const label = typeof raw.label === "string" ? raw.label.trim() : "";
  if (raw.type === "OTHER" && label === "") errors.label = "members.errors.labelRequired";
  const from = typeof raw.validFrom === "string" ? raw.validFrom : "";
  const to = typeof raw.validTo === "string" ? raw.validTo : "";
  // ISO dates compare correctly as strings; both are validated for format by the schema.
  if (/^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && to < from) {
    errors.validTo = "members.errors.validToBeforeFrom";
  }
  return errors;
}

export async function updateProfile(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  // Object-level check first: someone else's organisation is 403 whatever the input says.
  const targetId = (input as { organizationId?: unknown } | null)?.organizationId;
  if (typeof targetId !== "string" || targetId !== actor.organization.id) {
    if (typeof targetId === "string" && !uuidParam.safeParse(targetId).success) throw new NotFoundError();
    throw new ForbiddenError();
  }
  requireProfileEditor(actor, targetId);
  const data = parse(ProfileSchema, input);
  return ctx.prisma.$transaction(async (tx) => {
    const before = await tx.organization.findUnique({
      where: { id: data.organizationId },
      select: { nameZh: true, nameEn: true, homeCity: true, homeCountry: true, website: true, description: true, markets: true },
    });
    if (!before) throw new NotFoundError();
    const after = {
      nameZh: data.nameZh,
      nameEn: data.nameEn,
      homeCity: data.homeCity,
      homeCountry: data.homeCountry,
      website: data.website ?? null,
      description: data.description,
      markets: data.markets,
    };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
    if (changed.length === 0) return { organizationId: data.organizationId, changed };
    await tx.organization.update({ where: { id: data.organizationId }, data: after });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: data.organizationId,
      action: "organization.profile_updated",
      subjectType: "Organization",
      subjectId: data.organizationId,
      data: { changed },
    });
    return { organizationId: data.organizationId, changed };
  });
}

/** Loads a certification and checks that the actor administers its organisation (404 / 403). */
async function editableCertification(tx: Tx, actor: CurrentUser, certificationId: unknown) {
  const id = uuidParam.safeParse(certificationId);
  if (!id.success) throw new NotFoundError();
  const cert = await tx.certification.findUnique({ where: { id: id.data }, select: { id: true, organizationId: true, type: true } });
  if (!cert) throw new NotFoundError();
  requireProfileEditor(actor, cert.organizationId);
  return cert;
}

export async function certificationForEdit(ctx: DomainContext, actor: CurrentUser, certificationId: unknown) {
  const cert = await editableCertification(ctx.prisma, actor, certificationId);
  return ctx.prisma.certification.findUniqueOrThrow({
    where: { id: cert.id },
    select: { id: true, organizationId: true, type: true, label: true, scope: true, issuer: true, validFrom: true, validTo: true },
  });
}

export async function addCertification(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const targetId = (input as { organizationId?: unknown } | null)?.organizationId;
  if (typeof targetId !== "string" || !uuidParam.safeParse(targetId).success) throw new NotFoundError();
  requireProfileEditor(actor, targetId);
  const data = parse(AddCertificationSchema, input, certificationChecks);
  return ctx.prisma.$transaction(async (tx) => {
    const cert = await tx.certification.create({
      data: {
        organizationId: data.organizationId,
        type: data.type,
        label: data.label ?? null,
        scope: data.scope,
        issuer: data.issuer,
        validFrom: data.validFrom,
        validTo: data.validTo,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: data.organizationId,
      action: "certification.added",
      subjectType: "Certification",
      subjectId: cert.id,
      data: { type: data.type, validTo: data.validTo.toISOString().slice(0, 10) },
    });
    return { certificationId: cert.id };
  });
}

export async function updateCertification(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const certificationId = (input as { certificationId?: unknown } | null)?.certificationId;
  return ctx.prisma.$transaction(async (tx) => {
    const cert = await editableCertification(tx, actor, certificationId);
    const data = parse(UpdateCertificationSchema, input, certificationChecks);
    await tx.certification.update({
      where: { id: cert.id },
      data: {
        type: data.type,
        label: data.label ?? null,
        scope: data.scope,
        issuer: data.issuer,
        validFrom: data.validFrom,
        validTo: data.validTo,
      },
    });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: cert.organizationId,
      action: "certification.updated",
      subjectType: "Certification",
      subjectId: cert.id,
      data: { type: data.type, validTo: data.validTo.toISOString().slice(0, 10) },
    });
    return { certificationId: cert.id, organizationId: cert.organizationId };
  });
}

export async function removeCertification(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const { certificationId } = parse(RemoveCertificationSchema, input);
  return ctx.prisma.$transaction(async (tx) => {
    const cert = await editableCertification(tx, actor, certificationId);
    await tx.certification.delete({ where: { id: cert.id } });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: cert.organizationId,
      action: "certification.removed",
      subjectType: "Certification",
      subjectId: cert.id,
      data: { type: cert.type },
    });
    return { certificationId: cert.id, organizationId: cert.organizationId };
  });
}

// ---------------------------------------------------------------------------------------------
// The secretariat's list of every organisation.

export async function organizations(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  requireSecretariat(actor);
  const query = parse(OrganizationsSchema, input);
  const cursor = decodeCursor(query.cursor);
  const where: Prisma.OrganizationWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    AND: [nameMatches(query.q)],
  };
  const [total, rows] = await Promise.all([
    ctx.prisma.organization.count({ where }),
    ctx.prisma.organization.findMany({
      where: { ...where, AND: [nameMatches(query.q), afterCursor(cursor)] },
      orderBy: [{ nameEn: "asc" }, { id: "asc" }],
      take: ORGANIZATIONS_PAGE_SIZE + 1,
      select: {
        id: true,
        nameZh: true,
        nameEn: true,
        kind: true,
        status: true,
        homeCity: true,
        homeCountry: true,
        createdAt: true,
        _count: { select: { users: true } },
      },
    }),
  ]);
  return { total, ...page(rows, ORGANIZATIONS_PAGE_SIZE), query: { q: query.q, status: query.status } };
}

export const membersDomain = {
  applicationStatus,
  apply,
  pendingApplications,
  approveApplication,
  rejectApplication,
  suspendOrganization,
  reactivateOrganization,
  organizations,
  directory,
  profile,
  profileForEdit,
  updateProfile,
  certificationForEdit,
  addCertification,
  updateCertification,
  removeCertification,
};
