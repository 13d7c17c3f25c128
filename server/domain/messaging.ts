// Conversations and messages between members: DIRECT (one per pair of users), GROUP (a creator adds
// and removes, members leave) and DEAL rooms (tied to a capacity request; the members are the users
// of the deal's two organisations, resolved by organisation so new colleagues are included).
//
// Messages are business records: each gets the next `seq` of its conversation, with no gaps, even
// under concurrency, because one statement raises Conversation.lastSeq (taking the row lock) and
// inserts the message; a failed insert rolls the raise back. Edits and deletes record the
// conversation's lastSeq at the time (Message.changedAtSeq, under the same row lock), so `sync` can
// return every change a client may have missed after its cursor
// (docs/decisions/0010-message-sequence-and-sync.md).
//
// Whoever is not a member gets ForbiddenError for every read and write, whether the conversation
// exists or not, so a stranger learns nothing.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { CurrentUser } from "../auth/index.js";
import { Prisma } from "../db/generated/client.js";
import { ConversationKind } from "../db/generated/enums.js";
import { readRows, writeRows } from "../db/read.js";
import type { DomainContext } from "../services.js";
import { recordAudit } from "./audit.js";
import { ConflictError, DomainError, ForbiddenError, NotFoundError, parseInput, ValidationError } from "./errors.js";
import { notify } from "./notifications.js";

export const MESSAGING_LIMITS = {
  body: 4000,
  groupName: 120,
  groupMembers: 200,
  /** A sender may edit a message for this long after sending it. */
  editWindowMs: 15 * 60_000,
  /** Messages returned per conversation by one sync or history call; `hasMore` asks for another. */
  page: 500,
  /** Conversations one sync may name. */
  syncConversations: 500,
  search: 100,
} as const;

export const CONVERSATION_KINDS = ["DIRECT", "GROUP", "DEAL"] as const satisfies readonly ConversationKind[];

/** The deal room of a capacity request, opened (and created when needed) by this path. */
export const capacityDealPath = (requestId: string) => `/messages/deal/capacity-request/${requestId}`;

// ---------------------------------------------------------------------------------------------
// What clients see.

/** A message as the protocol carries it (docs/realtime.md). A deleted message has an empty body. */
export interface MessageView {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  body: string;
  replyToId: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

/** A message as the database returns it: the view's times as Dates. */
type MessageRow = Omit<MessageView, "createdAt" | "editedAt" | "deletedAt"> & { createdAt: Date; editedAt: Date | null; deletedAt: Date | null };

const messageSelect = {
  id: true,
  conversationId: true,
  seq: true,
  senderId: true,
  body: true,
  replyToId: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
} as const;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function messageView(m: MessageRow): MessageView {
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: Number(m.seq),
    senderId: m.senderId,
    // The stored text of a deleted message stays in the database (a business record) but is not shown.
    body: m.deletedAt ? "" : m.body,
    replyToId: m.replyToId,
    createdAt: new Date(m.createdAt).toISOString(),
    editedAt: iso(m.editedAt),
    deletedAt: iso(m.deletedAt),
  };
}

/** Who should hear about a change: users by id, and (DEAL rooms) whole organisations. */
export interface Audience {
  userIds: string[];
  organizationIds: string[];
}

/** What the realtime layer relays to members (ctx.hooks.messaging), after the change committed. */
export type MessagingEvent =
  | { type: "message:new" | "message:updated"; message: MessageView; audience: Audience }
  | { type: "read"; conversationId: string; userId: string; seq: number; audience: Audience };

// ---------------------------------------------------------------------------------------------
// Input schemas. Messages are i18n keys (app/i18n/*/messaging.ts and errors.ts).

const id = z.uuid({ error: "errors.invalidValue" });
/** Conversation ids are checked by requireMember: a malformed one is as forbidden as a foreign one. */
const conversationRef = z.string({ error: "errors.required" });
const bodyField = z
  .string({ error: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .max(MESSAGING_LIMITS.body, "messaging.errors.bodyTooLong");

const SendSchema = z.object({
  conversationId: conversationRef,
  clientId: id,
  body: bodyField,
  replyToId: z.preprocess((v) => (v === "" || v === null ? undefined : v), id.optional()),
});
const EditSchema = z.object({ messageId: id, body: bodyField });
const DeleteSchema = z.object({ messageId: id });
const ReadSchema = z.object({ conversationId: conversationRef, seq: z.number().int().min(0).max(2_147_483_647) });
const SyncSchema = z.object({
  cursors: z
    .record(id, z.number().int().min(0).max(2_147_483_647))
    .refine((c) => Object.keys(c).length <= MESSAGING_LIMITS.syncConversations, "errors.tooMany"),
});
const HistorySchema = z.object({
  conversationId: conversationRef,
  beforeSeq: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MESSAGING_LIMITS.page).default(100),
});
const GroupSchema = z.object({
  name: z
    .string({ error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .max(MESSAGING_LIMITS.groupName, "errors.tooLong"),
  memberIds: z.preprocess(
    (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z.array(id).max(MESSAGING_LIMITS.groupMembers, "errors.tooMany"),
  ),
});
const MembersSchema = z.object({
  conversationId: conversationRef,
  userIds: z.preprocess((v) => (Array.isArray(v) ? v : v ? [v] : []), z.array(id).min(1, "errors.required").max(MESSAGING_LIMITS.groupMembers, "errors.tooMany")),
});
const RemoveSchema = z.object({ conversationId: conversationRef, userId: id });
const ListSchema = z.object({ q: z.preprocess((v) => (typeof v === "string" ? v.trim() : undefined), z.string().max(MESSAGING_LIMITS.search).optional()) });

/** Ids from URLs or socket events: one that is not a UUID names nothing the actor may see. */
function conversationIdOf(value: unknown): string {
  const parsed = id.safeParse(value);
  if (!parsed.success) throw new ForbiddenError();
  return parsed.data;
}

// ---------------------------------------------------------------------------------------------
// Membership.

interface Access {
  id: string;
  kind: ConversationKind;
  name: string | null;
  createdById: string | null;
  lastSeq: number;
  partyOrganizationIds: string[];
  /** Active members' ids (DIRECT and GROUP); empty for DEAL rooms, whose members are organisations. */
  memberIds: string[];
}

function isActive(actor: CurrentUser) {
  return actor.organization.status === "ACTIVE";
}

function canAccess(actor: CurrentUser, c: Pick<Access, "kind" | "partyOrganizationIds" | "memberIds">) {
  if (!isActive(actor)) return false;
  if (c.kind === "DEAL") return c.partyOrganizationIds.includes(actor.organization.id);
  return c.memberIds.includes(actor.id);
}

/**
 * Reading without writing: the secretariat may read DEAL rooms (issue 3: a request's details are
 * for its two organisations and the secretariat), but it is no party to the deal, so it neither
 * writes nor is counted among the room's members. See docs/decisions (secretariat reads deal rooms).
 */
function canRead(actor: CurrentUser, c: Pick<Access, "kind" | "partyOrganizationIds" | "memberIds">) {
  return canAccess(actor, c) || (c.kind === "DEAL" && actor.secretariat && isActive(actor));
}

export function audienceOf(c: Pick<Access, "kind" | "partyOrganizationIds" | "memberIds">): Audience {
  return c.kind === "DEAL" ? { userIds: [], organizationIds: c.partyOrganizationIds } : { userIds: c.memberIds, organizationIds: [] };
}

/** The conversation if the actor is a member; ForbiddenError otherwise (also when it does not exist). */
async function requireMember(ctx: DomainContext, actor: CurrentUser, conversationId: unknown, mode: "write" | "read" = "write"): Promise<Access> {
  const convId = conversationIdOf(conversationId);
  if (!isActive(actor)) throw new ForbiddenError();
  // One statement on every send, edit, read and typing event: the conversation and its active
  // members' ids as one array, rather than Prisma's two queries and a row per member (which made a
  // 1,000-member conversation read 1,000 rows into the app per send). Read fresh each time, so a
  // removed member is refused, and stops hearing, at once. Keep the columns in step with Access; a DEAL
  // room's member rows only hold read state, so its memberIds are empty (membership is by organisation).
  // LIMIT 1 stops a sequential scan of a small table at the match (the planner's choice there).
  const [row] = await ctx.prisma.$queryRaw<Access[]>`
    SELECT c."id"::text AS "id", c."kind"::text AS "kind", c."name", c."createdById"::text AS "createdById", c."lastSeq",
           c."partyOrganizationIds",
           CASE WHEN c."kind" = 'DEAL' THEN ARRAY[]::text[]
                ELSE ARRAY(SELECT m."userId"::text FROM "ConversationMember" m WHERE m."conversationId" = c."id" AND m."leftAt" IS NULL)
           END AS "memberIds"
      FROM "Conversation" c
     WHERE c."id" = ${convId}::uuid
     LIMIT 1`;
  if (!row) throw new ForbiddenError();
  const access = row;
  if (!(mode === "read" ? canRead(actor, access) : canAccess(actor, access))) throw new ForbiddenError();
  return access;
}

/** Membership check for events that only relay (typing, presence): who may hear about it. */
export async function audience(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const access = await requireMember(ctx, actor, (input as { conversationId?: unknown } | null)?.conversationId);
  return { conversationId: access.id, audience: audienceOf(access) };
}

// ---------------------------------------------------------------------------------------------
// Errors from the database.

/**
 * A send whose clientId this sender already used: the message stored by the first attempt, never a
 * second one. The same clientId in another conversation is a client bug, answered as a conflict.
 * `error` is rethrown when nothing is stored after all (the unique violation came from elsewhere).
 */
async function storedRetry(ctx: DomainContext, actor: CurrentUser, access: Access, clientId: string, error: unknown) {
  const existing = await ctx.prisma.message.findUnique({
    where: { senderId_clientId: { senderId: actor.id, clientId } },
    select: messageSelect,
  });
  if (!existing) throw error;
  if (existing.conversationId !== access.id) throw new ConflictError("messaging.errors.clientIdReused");
  return { message: messageView(existing), duplicate: true, audience: audienceOf(access), notified: [] as string[] };
}

/** A unique index refused the write (adapter-pg: P2002 / P2010 with 23505; PGlite: the raw error as cause). */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, meta, cause, kind, message } = e as {
      code?: unknown;
      meta?: { code?: unknown; driverAdapterError?: unknown };
      cause?: unknown;
      kind?: unknown;
      message?: unknown;
    };
    if (code === "P2002" || code === "23505" || kind === "UniqueConstraintViolation") return true;
    if (meta?.code === "23505") return true;
    if (typeof message === "string" && /23505|unique constraint/i.test(message)) return true;
    e = cause ?? meta?.driverAdapterError;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Messages.

export interface SendResult {
  message: MessageView;
  /** True when this clientId was sent before: the stored message, nothing new stored or broadcast. */
  duplicate: boolean;
  audience: Audience;
  /** Users notified of an @mention (for the live notification push). */
  notified: string[];
}

/** Users named in the body as "@Name" (longest names first, so "@Lin Wei" beats "@Lin"). */
function mentionedIn(body: string, people: { id: string; name: string }[], senderId: string): string[] {
  if (!body.includes("@")) return [];
  const lower = body.toLowerCase();
  const found = new Set<string>();
  for (const p of [...people].sort((a, b) => b.name.length - a.name.length)) {
    if (p.id !== senderId && p.name && lower.includes(`@${p.name.toLowerCase()}`)) found.add(p.id);
  }
  return [...found];
}

export async function sendMessage(ctx: DomainContext, actor: CurrentUser, input: unknown): Promise<SendResult> {
  const data = parseInput(SendSchema, input);
  // A plain message (no reply, no @) is one statement; a reply or mention needs the conversation first.
  if (!data.replyToId && !data.body.includes("@")) return sendPlain(ctx, actor, data);
  const access = await requireMember(ctx, actor, data.conversationId);

  if (data.replyToId) {
    const original = await ctx.prisma.message.findUnique({ where: { id: data.replyToId }, select: { conversationId: true } });
    if (!original || original.conversationId !== access.id) throw new ValidationError({ replyToId: "messaging.errors.replyNotFound" });
  }

  let mentioned: string[] = [];
  if (data.body.includes("@")) {
    const people = await ctx.prisma.user.findMany({
      where:
        access.kind === "DEAL"
          ? { organizationId: { in: access.partyOrganizationIds }, removedAt: null }
          : { id: { in: access.memberIds }, removedAt: null },
      select: { id: true, name: true },
    });
    mentioned = mentionedIn(data.body, people, actor.id);
  }

  const now = ctx.now();
  const insert = (tx: Pick<DomainContext["prisma"], "$queryRaw">) => tx.$queryRaw<MessageRow[]>`
    WITH c AS (
      UPDATE "Conversation" SET "lastSeq" = "lastSeq" + 1, "lastMessageAt" = ${now}, "updatedAt" = ${now}
       WHERE "id" = ${access.id}::uuid
      RETURNING "id", "lastSeq"
    ), r AS (
      -- Sending means having read what came before: the sender's unread count stays at zero.
      INSERT INTO "ConversationMember" ("conversationId", "userId", "lastReadSeq", "joinedAt")
      SELECT c."id", ${actor.id}::uuid, c."lastSeq", ${now} FROM c
      ON CONFLICT ("conversationId", "userId") DO UPDATE SET "lastReadSeq" = GREATEST("ConversationMember"."lastReadSeq", EXCLUDED."lastReadSeq")
    )
    INSERT INTO "Message" ("id", "conversationId", "seq", "senderId", "clientId", "body", "replyToId", "createdAt")
    SELECT ${randomUUID()}::uuid, c."id", c."lastSeq", ${actor.id}::uuid, ${data.clientId}::uuid, ${data.body}, ${data.replyToId ?? null}::uuid, ${now}
      FROM c
    RETURNING "id", "conversationId", "seq", "senderId", "body", "replyToId", "createdAt", "editedAt", "deletedAt"`;

  let row: MessageRow | undefined;
  let notified: string[] = [];
  try {
    if (mentioned.length) {
      [row, notified] = await ctx.prisma.$transaction(async (tx) => {
        const [inserted] = await insert(tx);
        if (!inserted) return [undefined, []] as const;
        const ids = await notify(tx, { userIds: mentioned }, "message.mentioned", {
          conversationId: access.id,
          messageId: inserted.id,
          seq: Number(inserted.seq),
          senderName: actor.name,
          excerpt: data.body.slice(0, 140),
        });
        return [inserted, ids] as const;
      });
    } else {
      [row] = await insert(ctx.prisma);
    }
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The same clientId again: the first attempt was stored (its ack may have been lost).
    return storedRetry(ctx, actor, access, data.clientId, error);
  }
  if (!row) throw new ForbiddenError(); // the conversation vanished between the check and the insert
  const message = messageView(row);
  const audience = audienceOf(access);
  ctx.hooks.messaging({ type: "message:new", message, audience });
  if (notified.length) ctx.hooks.notificationsCreated(notified);
  return { message, duplicate: false, audience, notified };
}

/** The stored message and, from the same statement, who may hear of it. */
const PlainSendRow = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number().int(),
  senderId: z.string(),
  body: z.string(),
  replyToId: z.string().nullable(),
  createdAt: z.date(),
  editedAt: z.date().nullable(),
  deletedAt: z.date().nullable(),
  kind: z.enum(ConversationKind),
  // Prisma's String[] column may hold NULL (no parties: not a DEAL room).
  partyOrganizationIds: z.array(z.string()).nullable().transform((ids) => ids ?? []),
  memberIds: z.array(z.string()),
});

/**
 * A message without a reply or a mention in ONE statement (the hot path: one round trip, one
 * commit): the membership check, the audience (active members' ids as one array, or a DEAL room's
 * organisations), raising lastSeq under the conversation's row lock, moving the sender's read
 * marker and the insert. Not a member, or no such conversation: no row comes back and nothing is
 * written (the UPDATE matches no row). Same rules as requireMember + canAccess, evaluated by
 * PostgreSQL; keep them in step. A reused clientId fails the insert (the whole statement rolls
 * back, seq included), then the stored message is returned as in sendMessage.
 */
async function sendPlain(ctx: DomainContext, actor: CurrentUser, data: z.output<typeof SendSchema>): Promise<SendResult> {
  const convId = conversationIdOf(data.conversationId);
  if (!isActive(actor)) throw new ForbiddenError();
  const now = ctx.now();
  let row: z.output<typeof PlainSendRow> | undefined;
  try {
    // Straight on the driver (server/db/read.ts): one self-contained statement, prepared once per
    // connection, without Prisma's per-call compile (the hot path of every message).
    [row] = await writeRows(ctx.prisma, PlainSendRow, Prisma.sql`
      WITH a AS (
        SELECT c."id", c."kind", c."partyOrganizationIds",
               CASE WHEN c."kind" = 'DEAL' THEN ARRAY[]::text[]
                    ELSE ARRAY(SELECT m."userId"::text FROM "ConversationMember" m WHERE m."conversationId" = c."id" AND m."leftAt" IS NULL)
               END AS "memberIds"
          FROM "Conversation" c
         WHERE c."id" = ${convId}::uuid
         LIMIT 1
      ), allowed AS (
        SELECT a.* FROM a
         WHERE CASE WHEN a."kind" = 'DEAL' THEN ${actor.organization.id}::text = ANY(a."partyOrganizationIds")
                    ELSE ${actor.id}::text = ANY(a."memberIds") END
      ), c AS (
        UPDATE "Conversation" SET "lastSeq" = "lastSeq" + 1, "lastMessageAt" = ${now}, "updatedAt" = ${now}
         WHERE "id" = (SELECT "id" FROM allowed)
        RETURNING "id", "lastSeq"
      ), r AS (
        -- Sending means having read what came before: the sender's unread count stays at zero.
        INSERT INTO "ConversationMember" ("conversationId", "userId", "lastReadSeq", "joinedAt")
        SELECT c."id", ${actor.id}::uuid, c."lastSeq", ${now} FROM c
        ON CONFLICT ("conversationId", "userId") DO UPDATE SET "lastReadSeq" = GREATEST("ConversationMember"."lastReadSeq", EXCLUDED."lastReadSeq")
      ), ins AS (
        INSERT INTO "Message" ("id", "conversationId", "seq", "senderId", "clientId", "body", "replyToId", "createdAt")
        SELECT ${randomUUID()}::uuid, c."id", c."lastSeq", ${actor.id}::uuid, ${data.clientId}::uuid, ${data.body}, NULL, ${now}
          FROM c
        RETURNING "id", "conversationId", "seq", "senderId", "body", "replyToId", "createdAt", "editedAt", "deletedAt"
      )
      SELECT ins."id"::text AS "id", ins."conversationId"::text AS "conversationId", ins."seq", ins."senderId"::text AS "senderId",
             ins."body", ins."replyToId"::text AS "replyToId", ins."createdAt", ins."editedAt", ins."deletedAt",
             allowed."kind"::text AS "kind", allowed."partyOrganizationIds", allowed."memberIds"
        FROM ins CROSS JOIN allowed`);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The same clientId again (a retry after a lost ack): the stored message, after the usual check.
    return storedRetry(ctx, actor, await requireMember(ctx, actor, convId), data.clientId, error);
  }
  if (!row) throw new ForbiddenError();
  const message = messageView(row);
  const audience = audienceOf({ kind: row.kind, partyOrganizationIds: row.partyOrganizationIds, memberIds: row.kind === "DEAL" ? [] : row.memberIds });
  ctx.hooks.messaging({ type: "message:new", message, audience });
  return { message, duplicate: false, audience, notified: [] };
}

export interface ChangeResult {
  message: MessageView;
  audience: Audience;
}

async function loadOwnMessage(ctx: DomainContext, actor: CurrentUser, messageId: string) {
  const message = await ctx.prisma.message.findUnique({ where: { id: messageId }, select: { ...messageSelect } });
  // A message in a conversation the actor cannot see is as unknown as one that does not exist.
  if (!message) throw new ForbiddenError();
  const access = await requireMember(ctx, actor, message.conversationId);
  if (message.senderId !== actor.id) throw new ForbiddenError("messaging.errors.notSender");
  return { message, access };
}

/**
 * Applies an edit or delete under the conversation's row lock, recording the conversation's lastSeq
 * at that moment: a message inserted meanwhile is ordered either before (its seq <= changedAtSeq)
 * or after this change, so sync from any cursor finds the change.
 */
async function change(
  ctx: DomainContext,
  messageId: string,
  conversationId: string,
  set: { kind: "edit"; body: string; at: Date; notBefore: Date } | { kind: "delete"; at: Date },
) {
  // The UPDATE of the conversation row takes its lock without changing it, like SELECT ... FOR UPDATE.
  const rows =
    set.kind === "edit"
      ? await ctx.prisma.$queryRaw<MessageRow[]>`
    WITH c AS (
      UPDATE "Conversation" SET "lastSeq" = "lastSeq" WHERE "id" = ${conversationId}::uuid RETURNING "id", "lastSeq"
    )
    UPDATE "Message" AS m SET "body" = ${set.body}, "editedAt" = ${set.at}, "changedAtSeq" = c."lastSeq"
      FROM c
     WHERE m."id" = ${messageId}::uuid AND m."conversationId" = c."id" AND m."deletedAt" IS NULL AND m."createdAt" >= ${set.notBefore}
    RETURNING m."id", m."conversationId", m."seq", m."senderId", m."body", m."replyToId", m."createdAt", m."editedAt", m."deletedAt"`
      : await ctx.prisma.$queryRaw<MessageRow[]>`
    WITH c AS (
      UPDATE "Conversation" SET "lastSeq" = "lastSeq" WHERE "id" = ${conversationId}::uuid RETURNING "id", "lastSeq"
    )
    UPDATE "Message" AS m SET "deletedAt" = ${set.at}, "changedAtSeq" = c."lastSeq"
      FROM c
     WHERE m."id" = ${messageId}::uuid AND m."conversationId" = c."id" AND m."deletedAt" IS NULL
    RETURNING m."id", m."conversationId", m."seq", m."senderId", m."body", m."replyToId", m."createdAt", m."editedAt", m."deletedAt"`;
  return rows[0];
}

function changed(ctx: DomainContext, row: MessageRow, access: Access): ChangeResult {
  const result = { message: messageView(row), audience: audienceOf(access) };
  ctx.hooks.messaging({ type: "message:updated", ...result });
  return result;
}

export async function editMessage(ctx: DomainContext, actor: CurrentUser, input: unknown): Promise<ChangeResult> {
  const data = parseInput(EditSchema, input);
  const { message, access } = await loadOwnMessage(ctx, actor, data.messageId);
  if (message.deletedAt) throw new ConflictError("messaging.errors.deleted");
  const now = ctx.now();
  const notBefore = new Date(now.getTime() - MESSAGING_LIMITS.editWindowMs);
  if (message.createdAt.getTime() < notBefore.getTime()) {
    throw new DomainError(409, "edit_window_closed", "messaging.errors.editWindowClosed");
  }
  const row = await change(ctx, message.id, access.id, { kind: "edit", body: data.body, at: now, notBefore });
  if (!row) throw new ConflictError("messaging.errors.deleted");
  return changed(ctx, row, access);
}

export async function deleteMessage(ctx: DomainContext, actor: CurrentUser, input: unknown): Promise<ChangeResult> {
  const data = parseInput(DeleteSchema, input);
  const { message, access } = await loadOwnMessage(ctx, actor, data.messageId);
  if (message.deletedAt) return { message: messageView(message), audience: audienceOf(access) };
  const row = await change(ctx, message.id, access.id, { kind: "delete", at: ctx.now() });
  if (!row) {
    const again = await ctx.prisma.message.findUniqueOrThrow({ where: { id: message.id }, select: messageSelect });
    return { message: messageView(again), audience: audienceOf(access) };
  }
  return changed(ctx, row, access);
}

export interface SyncedConversation {
  conversationId: string;
  lastSeq: number;
  lastReadSeq: number;
  /** Messages after the cursor, in seq order (at most MESSAGING_LIMITS.page). */
  messages: MessageView[];
  /** Messages at or before the cursor edited or deleted since: their current state, in seq order. */
  updates: MessageView[];
  /** More messages follow: sync again from the last one returned. */
  hasMore: boolean;
}

/** One row of the sync statement: a conversation ('c'), a message after the cursor ('m') or an update ('u'), for request `req`. */
const SyncRow = z.object({
  req: z.number().int(),
  part: z.enum(["c", "m", "u"]),
  conversationId: z.string(),
  kind: z.enum(ConversationKind).nullable(),
  partyOrganizationIds: z.array(z.string()).nullable(),
  lastSeq: z.number().int().nullable(),
  lastReadSeq: z.number().int().nullable(),
  isMember: z.boolean().nullable(),
  id: z.string().nullable(),
  seq: z.number().int().nullable(),
  senderId: z.string().nullable(),
  body: z.string().nullable(),
  replyToId: z.string().nullable(),
  createdAt: z.date().nullable(),
  editedAt: z.date().nullable(),
  deletedAt: z.date().nullable(),
});
type SyncRow = z.output<typeof SyncRow>;

export interface SyncRequest {
  actor: CurrentUser;
  /** The client's `sync` payload, unvalidated. */
  input: unknown;
}
export type SyncOutcome = { ok: true; conversations: SyncedConversation[] } | { ok: false; error: unknown };

/** Everything after each cursor: new messages, and edits and deletes of older ones (syncMany, for one). */
export async function sync(ctx: DomainContext, actor: CurrentUser, input: unknown): Promise<{ conversations: SyncedConversation[] }> {
  const [outcome] = await syncMany(ctx, [{ actor, input }]);
  if (!outcome.ok) throw outcome.error;
  return { conversations: outcome.conversations };
}

/**
 * `sync` for many clients in ONE statement: every client runs a sync after every reconnect, and a
 * restart's storm is thousands of them within seconds (server/realtime/messaging.ts coalesces those
 * that arrive together). Per request and conversation: the conversation with the actor's read
 * marker and membership, up to MESSAGING_LIMITS.page + 1 messages after its cursor, and the updates
 * at or before it. Authorization (canRead) is decided here on the returned flags before anything is
 * returned: one conversation an actor may not read refuses that actor's whole sync (and nothing of
 * the others'). Outcomes come back in the order of the requests.
 */
export async function syncMany(ctx: DomainContext, requests: readonly SyncRequest[]): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = new Array(requests.length);
  const asked: { req: number; actor: CurrentUser; ids: string[] }[] = [];
  const reqs: number[] = [];
  const actors: string[] = [];
  const ids: string[] = [];
  const positions: number[] = [];
  requests.forEach(({ actor, input }, req) => {
    try {
      const { cursors: given } = parseInput(SyncSchema, input);
      // Ids as the database writes them (a UUID in capitals names the same conversation).
      const cursors = new Map(Object.entries(given).map(([id, pos]) => [id.toLowerCase(), pos]));
      if (cursors.size === 0) {
        outcomes[req] = { ok: true, conversations: [] };
        return;
      }
      if (!isActive(actor)) throw new ForbiddenError();
      for (const [id, pos] of cursors) {
        reqs.push(req);
        actors.push(actor.id);
        ids.push(id);
        positions.push(pos);
      }
      asked.push({ req, actor, ids: [...cursors.keys()] });
    } catch (error) {
      outcomes[req] = { ok: false, error };
    }
  });
  if (asked.length === 0) return outcomes;

  // Straight on the driver (server/db/read.ts).
  const rows = await readRows(ctx.prisma, SyncRow, Prisma.sql`
    WITH cur AS (
      SELECT t.req, t.uid, t.id, t.pos FROM unnest(${reqs}::int[], ${actors}::uuid[], ${ids}::uuid[], ${positions}::int[]) AS t(req, uid, id, pos)
    ), conv AS (
      SELECT cur.req, c."id", c."kind", c."partyOrganizationIds", c."lastSeq", cur.pos,
             (SELECT me."lastReadSeq" FROM "ConversationMember" me WHERE me."conversationId" = c."id" AND me."userId" = cur.uid) AS "lastReadSeq",
             EXISTS (SELECT 1 FROM "ConversationMember" me WHERE me."conversationId" = c."id" AND me."userId" = cur.uid AND me."leftAt" IS NULL) AS "isMember"
        FROM "Conversation" c JOIN cur ON cur.id = c."id"
    )
    SELECT conv.req, 'c' AS "part", conv."id"::text AS "conversationId", conv."kind"::text AS "kind", conv."partyOrganizationIds", conv."lastSeq",
           conv."lastReadSeq", conv."isMember",
           NULL::text AS "id", NULL::int AS "seq", NULL::text AS "senderId", NULL::text AS "body", NULL::text AS "replyToId",
           NULL::timestamp(3) AS "createdAt", NULL::timestamp(3) AS "editedAt", NULL::timestamp(3) AS "deletedAt"
      FROM conv
    UNION ALL
    SELECT conv.req, 'm', conv."id"::text, NULL, NULL, NULL, NULL, NULL,
           x."id"::text, x."seq", x."senderId"::text, x."body", x."replyToId"::text, x."createdAt", x."editedAt", x."deletedAt"
      FROM conv CROSS JOIN LATERAL (
        SELECT m.* FROM "Message" m
         WHERE m."conversationId" = conv."id" AND m."seq" > conv.pos AND conv."lastSeq" > conv.pos
         ORDER BY m."seq" LIMIT ${MESSAGING_LIMITS.page + 1}) x
    UNION ALL
    SELECT conv.req, 'u', conv."id"::text, NULL, NULL, NULL, NULL, NULL,
           y."id"::text, y."seq", y."senderId"::text, y."body", y."replyToId"::text, y."createdAt", y."editedAt", y."deletedAt"
      FROM conv CROSS JOIN LATERAL (
        SELECT m.* FROM "Message" m
         WHERE conv.pos > 0 AND m."conversationId" = conv."id" AND m."changedAtSeq" >= conv.pos AND m."seq" <= conv.pos
         ORDER BY m."seq" LIMIT ${MESSAGING_LIMITS.page}) y`, { priority: true });

  type Found = Map<string, { row: SyncRow; messages: MessageView[]; updates: MessageView[] }>;
  const byRequest = new Map<number, Found>(asked.map(({ req }) => [req, new Map()]));
  for (const row of rows) if (row.part === "c") byRequest.get(row.req)!.set(row.conversationId, { row, messages: [], updates: [] });
  const refused = new Set<number>();
  for (const { req, actor, ids: wanted } of asked) {
    const found = byRequest.get(req)!;
    // One conversation the actor may not see refuses the whole sync: it reveals nothing about which.
    const readable =
      found.size === wanted.length &&
      [...found.values()].every(({ row }) => canRead(actor, { kind: row.kind!, partyOrganizationIds: row.partyOrganizationIds ?? [], memberIds: row.isMember ? [actor.id] : [] }));
    if (!readable) {
      refused.add(req);
      outcomes[req] = { ok: false, error: new ForbiddenError() };
    }
  }
  for (const row of rows) {
    if (row.part === "c" || refused.has(row.req)) continue;
    const view = messageView({ ...(row as unknown as MessageRow), conversationId: row.conversationId });
    const entry = byRequest.get(row.req)!.get(row.conversationId)!;
    (row.part === "m" ? entry.messages : entry.updates).push(view);
  }
  const bySeq = (a: MessageView, b: MessageView) => a.seq - b.seq;
  for (const { req, ids: wanted } of asked) {
    if (refused.has(req)) continue;
    const found = byRequest.get(req)!;
    outcomes[req] = {
      ok: true,
      conversations: wanted.map((id) => {
        const { row, messages, updates } = found.get(id)!;
        messages.sort(bySeq);
        updates.sort(bySeq);
        return {
          conversationId: id,
          lastSeq: Number(row.lastSeq),
          lastReadSeq: Number(row.lastReadSeq ?? 0),
          messages: messages.slice(0, MESSAGING_LIMITS.page),
          updates,
          hasMore: messages.length > MESSAGING_LIMITS.page,
        };
      }),
    };
  }
  return outcomes;
}

/** Moves the actor's read marker forward (never back); returns where it now stands. */
export async function markRead(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const data = parseInput(ReadSchema, input);
  const access = await requireMember(ctx, actor, data.conversationId);
  const seq = Math.min(data.seq, access.lastSeq);
  const rows = await ctx.prisma.$queryRaw<{ lastReadSeq: number }[]>`
    INSERT INTO "ConversationMember" ("conversationId", "userId", "lastReadSeq", "joinedAt")
    VALUES (${access.id}::uuid, ${actor.id}::uuid, ${seq}::int, ${ctx.now()})
    ON CONFLICT ("conversationId", "userId") DO UPDATE SET "lastReadSeq" = GREATEST("ConversationMember"."lastReadSeq", EXCLUDED."lastReadSeq")
    RETURNING "lastReadSeq"`;
  const lastReadSeq = Number(rows[0]?.lastReadSeq ?? seq);
  ctx.hooks.messaging({ type: "read", conversationId: access.id, userId: actor.id, seq: lastReadSeq, audience: audienceOf(access) });
  return { conversationId: access.id, userId: actor.id, seq: lastReadSeq, lastSeq: access.lastSeq, audience: audienceOf(access) };
}

/** Messages before `beforeSeq` (newest page when absent), oldest first. */
export async function history(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const data = parseInput(HistorySchema, input);
  const access = await requireMember(ctx, actor, data.conversationId, "read");
  const rows = await ctx.prisma.message.findMany({
    where: { conversationId: access.id, ...(data.beforeSeq ? { seq: { lt: data.beforeSeq } } : {}) },
    orderBy: { seq: "desc" },
    take: data.limit,
    select: messageSelect,
  });
  rows.reverse();
  // Names of everyone who wrote on this page, former members included.
  const senderIds = [...new Set(rows.map((r) => r.senderId))];
  const senders = senderIds.length ? await ctx.prisma.user.findMany({ where: { id: { in: senderIds } }, select: personSelect }) : [];
  return { messages: rows.map(messageView), senders: senders as Person[], lastSeq: access.lastSeq, hasOlder: (rows[0]?.seq ?? 1) > 1 };
}

// ---------------------------------------------------------------------------------------------
// Conversations.

const orgSelect = { id: true, nameEn: true, nameZh: true } as const;
const personSelect = { id: true, name: true, organization: { select: orgSelect } } as const;

export interface Person {
  id: string;
  name: string;
  organization: { id: string; nameEn: string; nameZh: string };
}

export interface ConversationSummary {
  id: string;
  kind: ConversationKind;
  /** GROUP: its name; DIRECT: the other member's name; DEAL: the channel's name. */
  name: string;
  members: Person[];
  lastSeq: number;
  lastReadSeq: number;
  unreadCount: number;
  lastMessage: MessageView | null;
  lastMessageAt: string | null;
  createdById: string | null;
  /**
   * DEAL rooms: what the deal is about. A capacity request's room has `capacityRequestId` and the
   * channel's name; a proposal's room has `proposalId`, `sourcingRequestId` and the request's title.
   */
  deal: {
    capacityRequestId: string | null;
    channelName: string;
    proposalId: string | null;
    sourcingRequestId: string | null;
    requestTitle: string;
    organizations: { id: string; nameEn: string; nameZh: string }[];
  } | null;
}

const summarySelect = {
  id: true,
  kind: true,
  name: true,
  createdById: true,
  lastSeq: true,
  lastMessageAt: true,
  partyOrganizationIds: true,
  capacityRequestId: true,
  createdAt: true,
  capacityRequest: { select: { channel: { select: { name: true } } } },
  proposalId: true,
  proposal: { select: { requestId: true, request: { select: { title: true } } } },
  members: { where: { leftAt: null }, select: { userId: true, lastReadSeq: true, user: { select: personSelect } } },
} as const;

type SummaryRow = Prisma.ConversationGetPayload<{ select: typeof summarySelect }>;

async function summarize(ctx: DomainContext, actor: CurrentUser, rows: SummaryRow[]): Promise<ConversationSummary[]> {
  if (rows.length === 0) return [];
  const partyOrgIds = [...new Set(rows.flatMap((r) => (r.kind === "DEAL" ? r.partyOrganizationIds : [])))];
  const [partyPeople, partyOrgs, lastMessages, readRows] = await Promise.all([
    partyOrgIds.length
      ? ctx.prisma.user.findMany({ where: { organizationId: { in: partyOrgIds }, removedAt: null }, select: personSelect, orderBy: { name: "asc" } })
      : Promise.resolve([]),
    partyOrgIds.length ? ctx.prisma.organization.findMany({ where: { id: { in: partyOrgIds } }, select: orgSelect }) : Promise.resolve([]),
    ctx.prisma.message.findMany({
      where: { OR: rows.filter((r) => r.lastSeq > 0).map((r) => ({ conversationId: r.id, seq: r.lastSeq })) },
      select: messageSelect,
    }),
    ctx.prisma.conversationMember.findMany({
      where: { userId: actor.id, conversationId: { in: rows.map((r) => r.id) } },
      select: { conversationId: true, lastReadSeq: true },
    }),
  ]);
  const lastById = new Map(lastMessages.map((m) => [m.conversationId, m]));
  const readById = new Map(readRows.map((r) => [r.conversationId, r.lastReadSeq]));
  const orgById = new Map(partyOrgs.map((o) => [o.id, o]));
  return rows.map((r) => {
    const members: Person[] =
      r.kind === "DEAL" ? partyPeople.filter((p) => r.partyOrganizationIds.includes(p.organization.id)) : r.members.map((m) => m.user);
    const lastReadSeq = Math.min(readById.get(r.id) ?? 0, r.lastSeq);
    const other = r.kind === "DIRECT" ? members.find((m) => m.id !== actor.id) : undefined;
    const channelName = r.capacityRequest?.channel.name ?? "";
    const requestTitle = r.proposal?.request.title ?? "";
    const last = lastById.get(r.id);
    return {
      id: r.id,
      kind: r.kind,
      name: r.kind === "GROUP" ? (r.name ?? "") : r.kind === "DIRECT" ? (other?.name ?? actor.name) : r.proposalId ? requestTitle : channelName,
      members,
      lastSeq: r.lastSeq,
      lastReadSeq,
      unreadCount: r.lastSeq - lastReadSeq,
      lastMessage: last ? messageView(last) : null,
      lastMessageAt: iso(r.lastMessageAt),
      createdById: r.createdById,
      deal:
        r.kind === "DEAL" && (r.capacityRequestId || r.proposalId)
          ? {
              capacityRequestId: r.capacityRequestId,
              channelName,
              proposalId: r.proposalId,
              sourcingRequestId: r.proposal?.requestId ?? null,
              requestTitle,
              organizations: r.partyOrganizationIds.map((oid) => orgById.get(oid)).filter((o): o is NonNullable<typeof o> => Boolean(o)),
            }
          : null,
    };
  });
}

function visibleWhere(actor: CurrentUser): Prisma.ConversationWhereInput {
  return {
    OR: [
      { kind: { in: ["DIRECT", "GROUP"] }, members: { some: { userId: actor.id, leftAt: null } } },
      { kind: "DEAL", partyOrganizationIds: { has: actor.organization.id } },
    ],
  };
}

/**
 * The actor's conversations, newest activity first. `q` keeps those whose name or members' names
 * match, or that hold a (not deleted) message containing it.
 */
export async function listConversations(ctx: DomainContext, actor: CurrentUser, input: unknown = {}): Promise<ConversationSummary[]> {
  const { q } = parseInput(ListSchema, input ?? {});
  if (!isActive(actor)) throw new ForbiddenError();
  const rows = await ctx.prisma.conversation.findMany({
    where: visibleWhere(actor),
    select: summarySelect,
    orderBy: [{ lastMessageAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    take: 500,
  });
  let summaries = await summarize(ctx, actor, rows);
  if (q) {
    const needle = q.toLowerCase();
    const inText = await ctx.prisma.message.findMany({
      where: { conversationId: { in: rows.map((r) => r.id) }, deletedAt: null, body: { contains: q, mode: "insensitive" } },
      select: { conversationId: true },
      distinct: ["conversationId"],
    });
    const matching = new Set(inText.map((m) => m.conversationId));
    summaries = summaries.filter(
      (s) =>
        matching.has(s.id) ||
        s.name.toLowerCase().includes(needle) ||
        s.members.some((m) => m.name.toLowerCase().includes(needle)) ||
        (s.deal?.organizations ?? []).some((o) => o.nameEn.toLowerCase().includes(needle) || o.nameZh.includes(q)),
    );
  }
  return summaries;
}

export async function getConversation(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const access = await requireMember(ctx, actor, (input as { conversationId?: unknown } | null)?.conversationId, "read");
  const row = await ctx.prisma.conversation.findUniqueOrThrow({ where: { id: access.id }, select: summarySelect });
  const [summary] = await summarize(ctx, actor, [row]);
  const readers = await ctx.prisma.conversationMember.findMany({
    where: { conversationId: access.id, leftAt: null },
    select: { userId: true, lastReadSeq: true },
  });
  return {
    conversation: summary!,
    /** Who has read up to where (read receipts). */
    readStates: readers.map((r) => ({ userId: r.userId, seq: Math.min(r.lastReadSeq, access.lastSeq) })),
    viewer: {
      canManage: access.kind === "GROUP" && access.createdById === actor.id,
      canLeave: access.kind === "GROUP",
      /** False for the secretariat reading a DEAL room it is no party to. */
      canWrite: canAccess(actor, access),
    },
  };
}
export type ConversationPage = Awaited<ReturnType<typeof getConversation>>;

/** Active members of active organisations, for starting conversations (not the actor). */
export async function directory(ctx: DomainContext, actor: CurrentUser): Promise<Person[]> {
  if (!isActive(actor)) throw new ForbiddenError();
  return ctx.prisma.user.findMany({
    where: { removedAt: null, organization: { status: "ACTIVE" }, id: { not: actor.id } },
    select: personSelect,
    orderBy: [{ organization: { nameEn: "asc" } }, { name: "asc" }],
    take: 2000,
  });
}

async function requireActiveUsers(ctx: DomainContext, ids: string[], field: string) {
  if (ids.length === 0) return;
  const found = await ctx.prisma.user.count({ where: { id: { in: ids }, removedAt: null, organization: { status: "ACTIVE" } } });
  if (found !== ids.length) throw new ValidationError({ [field]: "messaging.errors.unknownMember" });
}

/** The DIRECT conversation between the actor and another active member, created when needed. */
export async function startDirect(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const data = parseInput(z.object({ userId: id }), input);
  if (!isActive(actor)) throw new ForbiddenError();
  if (data.userId === actor.id) throw new ValidationError({ userId: "messaging.errors.self" });
  await requireActiveUsers(ctx, [data.userId], "userId");
  const directKey = [actor.id, data.userId].sort().join(":");
  const existing = await ctx.prisma.conversation.findUnique({ where: { directKey }, select: { id: true } });
  if (existing) return { conversationId: existing.id, created: false };
  try {
    const created = await ctx.prisma.conversation.create({
      data: {
        kind: "DIRECT",
        directKey,
        createdById: actor.id,
        members: { create: [{ userId: actor.id }, { userId: data.userId }] },
      },
      select: { id: true },
    });
    return { conversationId: created.id, created: true };
  } catch (error) {
    // Both opened it at once: the other insert won; use its conversation.
    if (!isUniqueViolation(error)) throw error;
    const winner = await ctx.prisma.conversation.findUniqueOrThrow({ where: { directKey }, select: { id: true } });
    return { conversationId: winner.id, created: false };
  }
}

export async function createGroup(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const data = parseInput(GroupSchema, input);
  if (!isActive(actor)) throw new ForbiddenError();
  const memberIds = [...new Set(data.memberIds.filter((m) => m !== actor.id))];
  await requireActiveUsers(ctx, memberIds, "memberIds");
  const created = await ctx.prisma.$transaction(async (tx) => {
    const conversation = await tx.conversation.create({
      data: {
        kind: "GROUP",
        name: data.name,
        createdById: actor.id,
        members: { create: [actor.id, ...memberIds].map((userId) => ({ userId })) },
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorUserId: actor.id,
      organizationId: actor.organization.id,
      action: "conversation.group_created",
      subjectType: "Conversation",
      subjectId: conversation.id,
      data: { name: data.name, memberIds },
    });
    return conversation;
  });
  return { conversationId: created.id, audience: { userIds: [actor.id, ...memberIds], organizationIds: [] } satisfies Audience };
}

async function requireGroupCreator(ctx: DomainContext, actor: CurrentUser, conversationId: unknown) {
  const access = await requireMember(ctx, actor, conversationId);
  if (access.kind !== "GROUP" || access.createdById !== actor.id) throw new ForbiddenError("messaging.errors.notCreator");
  return access;
}

/** The creator adds members (again, if they had left). */
export async function addMembers(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const data = parseInput(MembersSchema, input);
  const access = await requireGroupCreator(ctx, actor, data.conversationId);
  const userIds = [...new Set(data.userIds)].filter((u) => !access.memberIds.includes(u));
  await requireActiveUsers(ctx, userIds, "userIds");
  await ctx.prisma.$transaction(async (tx) => {
    for (const userId of userIds) {
      await tx.conversationMember.upsert({
        where: { conversationId_userId: { conversationId: access.id, userId } },
        create: { conversationId: access.id, userId },
        update: { leftAt: null, joinedAt: ctx.now() },
      });
    }
  });
  return { conversationId: access.id, added: userIds, audience: { userIds: [...access.memberIds, ...userIds], organizationIds: [] } satisfies Audience };
}

/** The creator removes a member; the removed member's sockets stop hearing at once. */
export async function removeMember(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const data = parseInput(RemoveSchema, input);
  const access = await requireGroupCreator(ctx, actor, data.conversationId);
  if (data.userId === actor.id) throw new ValidationError({ userId: "messaging.errors.creatorCannotBeRemoved" });
  if (!access.memberIds.includes(data.userId)) throw new NotFoundError();
  await ctx.prisma.conversationMember.update({
    where: { conversationId_userId: { conversationId: access.id, userId: data.userId } },
    data: { leftAt: ctx.now() },
  });
  return { conversationId: access.id, removed: data.userId, audience: audienceOf(access) };
}

/** A member leaves a GROUP (the creator too: the group goes on without them). */
export async function leaveGroup(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const access = await requireMember(ctx, actor, (input as { conversationId?: unknown } | null)?.conversationId);
  if (access.kind !== "GROUP") throw new ConflictError("messaging.errors.cannotLeave");
  await ctx.prisma.conversationMember.update({
    where: { conversationId_userId: { conversationId: access.id, userId: actor.id } },
    data: { leftAt: ctx.now() },
  });
  return { conversationId: access.id, removed: actor.id, audience: audienceOf(access) };
}

/**
 * The deal room of a capacity request, created on first use. Only the two organisations of the
 * request (the channel owner and the requester) may open it; anyone else gets ForbiddenError, and
 * an unknown request is NotFoundError as on the request's own page.
 */
export async function openCapacityDeal(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const found = await capacityDeal(ctx, actor, input, true);
  if (!found.conversationId) throw new Error("openCapacityDeal: room not created");
  return { conversationId: found.conversationId, created: found.created };
}

/** The deal room of a capacity request if it was opened already (a page view must not create it). */
export async function findCapacityDeal(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  return (await capacityDeal(ctx, actor, input, false)).conversationId;
}

async function capacityDeal(ctx: DomainContext, actor: CurrentUser, input: unknown, create: boolean): Promise<{ conversationId: string | null; created: boolean }> {
  const raw = (input ?? {}) as { requestId?: unknown };
  const parsed = id.safeParse(raw.requestId);
  if (!parsed.success) throw new NotFoundError();
  if (!isActive(actor)) throw new ForbiddenError();
  const request = await ctx.prisma.capacityRequest.findUnique({
    where: { id: parsed.data },
    select: { id: true, requestingOrganizationId: true, channel: { select: { ownerOrganizationId: true } }, conversation: { select: { id: true } } },
  });
  if (!request) throw new NotFoundError();
  const parties = [...new Set([request.channel.ownerOrganizationId, request.requestingOrganizationId])];
  // The secretariat follows the link to a room that exists (read-only); only the parties open one.
  const reader = actor.secretariat && !create && Boolean(request.conversation);
  if (!parties.includes(actor.organization.id) && !reader) throw new ForbiddenError();
  if (request.conversation) return { conversationId: request.conversation.id, created: false };
  if (!create) return { conversationId: null, created: false };
  try {
    const created = await ctx.prisma.conversation.create({
      data: { kind: "DEAL", capacityRequestId: request.id, partyOrganizationIds: parties, createdById: actor.id },
      select: { id: true },
    });
    return { conversationId: created.id, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await ctx.prisma.conversation.findUniqueOrThrow({ where: { capacityRequestId: request.id }, select: { id: true } });
    return { conversationId: winner.id, created: false };
  }
}

/**
 * How many messages the actor has not read, over every conversation they are in: one statement for
 * the shell's Messages badge on every page. DIRECT and GROUP through the member rows
 * (ConversationMember_userId_leftAt_idx); DEAL rooms through the organisation (the GIN index on
 * partyOrganizationIds), where a missing member row means nothing was read yet.
 */
export async function unreadMessageCount(ctx: DomainContext, actor: CurrentUser): Promise<number> {
  if (!isActive(actor)) return 0;
  const [row] = await ctx.prisma.$queryRaw<{ unread: number }[]>`SELECT ${unreadMessagesSql(actor)} AS "unread"`;
  return row?.unread ?? 0;
}

/** unreadMessageCount as one SQL expression (an int), for statements that fetch more than it (badges.ts). */
export function unreadMessagesSql(actor: CurrentUser): Prisma.Sql {
  if (!isActive(actor)) return Prisma.sql`0`;
  return Prisma.sql`(
      COALESCE((SELECT SUM(GREATEST(c."lastSeq" - m."lastReadSeq", 0))
        FROM "ConversationMember" m JOIN "Conversation" c ON c."id" = m."conversationId"
        WHERE m."userId" = ${actor.id}::uuid AND m."leftAt" IS NULL AND c."kind" <> 'DEAL'), 0)
      + COALESCE((SELECT SUM(GREATEST(c."lastSeq" - COALESCE(m."lastReadSeq", 0), 0))
        FROM "Conversation" c LEFT JOIN "ConversationMember" m ON m."conversationId" = c."id" AND m."userId" = ${actor.id}::uuid
        WHERE c."kind" = 'DEAL' AND c."partyOrganizationIds" @> ARRAY[${actor.organization.id}]::text[]), 0)
    )::int`;
}

/**
 * The deal room of a proposal, for the poster's and the proposer's organisations, created on first
 * use once the poster has shortlisted (or accepted) the proposal: before that the two have no deal
 * to talk about (ConflictError). Anyone else gets ForbiddenError, before the status is revealed.
 */
export async function openProposalDeal(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const found = await proposalDeal(ctx, actor, input, true);
  if (!found.conversationId) throw new ConflictError("messaging.errors.dealNotShortlisted");
  return { conversationId: found.conversationId, created: found.created, requestId: found.requestId };
}

/** The deal room of a proposal if opened already, and whether it may be opened (a GET creates nothing). */
export async function findProposalDeal(ctx: DomainContext, actor: CurrentUser, input: unknown) {
  const found = await proposalDeal(ctx, actor, input, false);
  return { conversationId: found.conversationId, requestId: found.requestId, canOpen: found.canOpen };
}

async function proposalDeal(ctx: DomainContext, actor: CurrentUser, input: unknown, create: boolean) {
  const parsed = id.safeParse(((input ?? {}) as { proposalId?: unknown }).proposalId);
  if (!parsed.success) throw new NotFoundError();
  if (!isActive(actor)) throw new ForbiddenError();
  const proposal = await ctx.prisma.proposal.findUnique({
    where: { id: parsed.data },
    select: { id: true, status: true, requestId: true, organizationId: true, request: { select: { posterOrganizationId: true } }, conversation: { select: { id: true } } },
  });
  if (!proposal) throw new NotFoundError();
  const parties = [...new Set([proposal.request.posterOrganizationId, proposal.organizationId])];
  // The secretariat follows the link to a room that exists (read-only); only the parties open one.
  const reader = actor.secretariat && !create && Boolean(proposal.conversation);
  if (!parties.includes(actor.organization.id) && !reader) throw new ForbiddenError();
  const canOpen = proposal.status === "SHORTLISTED" || proposal.status === "ACCEPTED";
  const base = { requestId: proposal.requestId, canOpen, created: false };
  // A room once opened stays readable whatever became of the proposal: its messages are records.
  if (proposal.conversation) return { ...base, conversationId: proposal.conversation.id };
  if (!create || !canOpen) return { ...base, conversationId: null };
  try {
    const created = await ctx.prisma.conversation.create({
      data: { kind: "DEAL", proposalId: proposal.id, sourcingRequestId: proposal.requestId, partyOrganizationIds: parties, createdById: actor.id },
      select: { id: true },
    });
    return { ...base, conversationId: created.id, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await ctx.prisma.conversation.findUniqueOrThrow({ where: { proposalId: proposal.id }, select: { id: true } });
    return { ...base, conversationId: winner.id };
  }
}

/**
 * Conversations with more active members than this carry no presence: a connection's cost must not
 * grow with the size of the rooms its user is in (a reconnect storm of an N-member room would
 * otherwise read and emit N × N), and a room that large is an announcement board, not a chat.
 */
export const PRESENCE_MAX_MEMBERS = 200;

/**
 * Where a user's presence should be told: the users they share a DIRECT or GROUP conversation of at
 * most PRESENCE_MAX_MEMBERS active members with, and the organisations they share a DEAL room with.
 * One statement; it reads at most PRESENCE_MAX_MEMBERS + 1 member rows of a larger conversation.
 */
export async function contactsOf(ctx: DomainContext, user: PresenceParty): Promise<Audience> {
  return (await contactsOfMany(ctx, [user])).get(user.id) ?? { userIds: [], organizationIds: [] };
}

/** Whose contacts: a user and their organisation (all contactsOf reads of a CurrentUser). */
export type PresenceParty = { id: string; organization: { id: string } };

const ContactsRow = z.object({ userId: z.string(), userIds: z.array(z.string()), organizationIds: z.array(z.string()) });

/**
 * contactsOf for many users in ONE statement (straight on the driver, server/db/read.ts): after a
 * restart thousands of users come back within seconds, and their presence is announced in batches
 * (server/realtime/messaging.ts), not one statement and one database round trip per user.
 */
export async function contactsOfMany(ctx: DomainContext, users: readonly PresenceParty[]): Promise<Map<string, Audience>> {
  if (users.length === 0) return new Map();
  const rows = await readRows(ctx.prisma, ContactsRow, Prisma.sql`
    SELECT me.uid::text AS "userId",
           ARRAY(
             SELECT DISTINCT m."userId"::text
               FROM "ConversationMember" mine
               JOIN "Conversation" c ON c."id" = mine."conversationId" AND c."kind" IN ('DIRECT', 'GROUP')
               JOIN "ConversationMember" m ON m."conversationId" = mine."conversationId" AND m."leftAt" IS NULL
              WHERE mine."userId" = me.uid AND mine."leftAt" IS NULL
                AND (SELECT count(*) FROM (
                       SELECT 1 FROM "ConversationMember" x WHERE x."conversationId" = mine."conversationId" AND x."leftAt" IS NULL
                        LIMIT ${PRESENCE_MAX_MEMBERS + 1}) bounded) <= ${PRESENCE_MAX_MEMBERS}
              LIMIT 5000) AS "userIds",
           ARRAY(
             SELECT DISTINCT o
               FROM (SELECT d."partyOrganizationIds" FROM "Conversation" d
                      WHERE d."kind" = 'DEAL' AND d."partyOrganizationIds" @> ARRAY[me.org]
                      LIMIT 5000) deals, unnest(deals."partyOrganizationIds") o) AS "organizationIds"
      FROM unnest(${users.map((u) => u.id)}::uuid[], ${users.map((u) => u.organization.id)}::text[]) AS me(uid, org)`, { priority: true });
  return new Map(rows.map((r) => [r.userId, { userIds: r.userIds, organizationIds: r.organizationIds }]));
}

export const messagingDomain = {
  sendMessage,
  editMessage,
  deleteMessage,
  sync,
  syncMany,
  markRead,
  history,
  audience,
  listConversations,
  getConversation,
  directory,
  startDirect,
  createGroup,
  addMembers,
  removeMember,
  leaveGroup,
  openCapacityDeal,
  findCapacityDeal,
  openProposalDeal,
  findProposalDeal,
  unreadMessageCount: (ctx: DomainContext, actor: CurrentUser) => unreadMessageCount(ctx, actor),
  contactsOf: (ctx: DomainContext, user: PresenceParty) => contactsOf(ctx, user),
  contactsOfMany: (ctx: DomainContext, users: readonly PresenceParty[]) => contactsOfMany(ctx, users),
};
