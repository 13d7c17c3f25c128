// Conversations and messages on a real database: membership and authorization for each kind, seq
// without gaps under concurrency, idempotent retries, edits and deletes that sync finds, read state.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "../../server/auth/index";
import type { Database } from "../../server/db/index";
import { channelsDomain as channels } from "../../server/domain/channels";
import { ForbiddenError, NotFoundError, ValidationError } from "../../server/domain/errors";
import { messagingDomain as messaging, MESSAGING_LIMITS } from "../../server/domain/messaging";
import type { DomainContext } from "../../server/services";
import { createTestDatabase } from "../support/db";
import { actorFor, createMemberOrg, createSecretariat, createUser, testContext } from "../support/fixtures";
import { publishedChannel } from "./channels.fixtures";

let db: Database;
let ctx: DomainContext;
let oem: Awaited<ReturnType<typeof createMemberOrg>>;
let supplier: Awaited<ReturnType<typeof createMemberOrg>>;
let outsider: Awaited<ReturnType<typeof createMemberOrg>>;

beforeAll(async () => {
  db = await createTestDatabase();
  ctx = testContext(db.prisma);
  oem = await createMemberOrg(db.prisma, { kind: "OEM", nameEn: "Changjiang Motors Test" });
  supplier = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Yubei Brake Systems Test" });
  outsider = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Fuling Lighting Test" });
});
afterAll(async () => {
  await db?.close();
});

const send = (actor: CurrentUser, conversationId: string, body: string, extra: Record<string, unknown> = {}) =>
  messaging.sendMessage(ctx, actor, { conversationId, clientId: randomUUID(), body, ...extra });

describe("DIRECT conversations", () => {
  it("are one per pair, whoever starts them", async () => {
    const a = await messaging.startDirect(ctx, oem.admin, { userId: supplier.adminUser.id });
    const b = await messaging.startDirect(ctx, supplier.admin, { userId: oem.adminUser.id });
    expect(a.created).toBe(true);
    expect(b).toEqual({ conversationId: a.conversationId, created: false });
  });

  it("refuse oneself and unknown or inactive users", async () => {
    await expect(messaging.startDirect(ctx, oem.admin, { userId: oem.adminUser.id })).rejects.toBeInstanceOf(ValidationError);
    await expect(messaging.startDirect(ctx, oem.admin, { userId: randomUUID() })).rejects.toBeInstanceOf(ValidationError);
    const pending = await createMemberOrg(db.prisma, { status: "PENDING" });
    await expect(messaging.startDirect(ctx, oem.admin, { userId: pending.adminUser.id })).rejects.toBeInstanceOf(ValidationError);
    await expect(messaging.startDirect(ctx, pending.admin, { userId: oem.adminUser.id })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("are closed to everyone else, who learn nothing", async () => {
    const { conversationId } = await messaging.startDirect(ctx, oem.member, { userId: supplier.member.id });
    await send(oem.member, conversationId, "Can your plant ship the brake calipers in March?");
    for (const call of [
      () => send(outsider.admin, conversationId, "hello"),
      () => messaging.history(ctx, outsider.admin, { conversationId }),
      () => messaging.sync(ctx, outsider.admin, { cursors: { [conversationId]: 0 } }),
      () => messaging.markRead(ctx, outsider.admin, { conversationId, seq: 1 }),
      () => messaging.getConversation(ctx, outsider.admin, { conversationId }),
      () => messaging.audience(ctx, oem.admin, { conversationId }), // a colleague is not a member of a DIRECT
    ]) {
      await expect(call()).rejects.toBeInstanceOf(ForbiddenError);
    }
    // An id that does not exist gets the same answer as one that does.
    await expect(messaging.history(ctx, outsider.admin, { conversationId: randomUUID() })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(messaging.history(ctx, outsider.admin, { conversationId: "not-a-uuid" })).rejects.toBeInstanceOf(ForbiddenError);
    const list = await messaging.listConversations(ctx, outsider.admin, {});
    expect(list.map((c) => c.id)).not.toContain(conversationId);
  });
});

describe("messages", () => {
  let conversationId: string;
  beforeAll(async () => {
    ({ conversationId } = await messaging.createGroup(ctx, oem.admin, { name: "Rayong launch", memberIds: [supplier.adminUser.id] }));
  });

  it("get seq 1, 2, 3... and keep their text as typed, trimmed", async () => {
    const first = await send(oem.admin, conversationId, "  First shipment leaves Guoyuan Port on 3 March.  ");
    const second = await send(supplier.admin, conversationId, "Noted; 1,200 caliper sets ready.");
    expect(first.message).toMatchObject({ seq: 1, body: "First shipment leaves Guoyuan Port on 3 March.", senderId: oem.adminUser.id, editedAt: null, deletedAt: null });
    expect(second.message.seq).toBe(2);
    expect(first.duplicate).toBe(false);
    expect(first.audience.userIds.sort()).toEqual([oem.adminUser.id, supplier.adminUser.id].sort());
  });

  it("refuse empty and over-long bodies and store nothing", async () => {
    const before = await db.prisma.message.count({ where: { conversationId } });
    await expect(send(oem.admin, conversationId, "   ")).rejects.toMatchObject({ fieldErrors: { body: "errors.required" } });
    await expect(send(oem.admin, conversationId, "x".repeat(MESSAGING_LIMITS.body + 1))).rejects.toMatchObject({
      fieldErrors: { body: "messaging.errors.bodyTooLong" },
    });
    await expect(messaging.sendMessage(ctx, oem.admin, { conversationId, clientId: "nope", body: "hi" })).rejects.toBeInstanceOf(ValidationError);
    const exactly = await send(oem.admin, conversationId, "y".repeat(MESSAGING_LIMITS.body));
    expect(exactly.message.body).toHaveLength(MESSAGING_LIMITS.body);
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(before + 1);
  });

  it("store a retried clientId once and return the same message", async () => {
    const clientId = randomUUID();
    const a = await messaging.sendMessage(ctx, oem.admin, { conversationId, clientId, body: "Retry me" });
    const b = await messaging.sendMessage(ctx, oem.admin, { conversationId, clientId, body: "Retry me" });
    expect(b.duplicate).toBe(true);
    expect(b.message).toEqual(a.message);
    const next = await send(oem.admin, conversationId, "after the retry");
    expect(next.message.seq).toBe(a.message.seq + 1); // the refused insert left no gap
  });

  it("reply only to a message of the same conversation", async () => {
    const original = await send(oem.admin, conversationId, "Which port?");
    const reply = await send(supplier.admin, conversationId, "Laem Chabang.", { replyToId: original.message.id });
    expect(reply.message.replyToId).toBe(original.message.id);
    const other = await messaging.startDirect(ctx, oem.admin, { userId: outsider.adminUser.id });
    const elsewhere = await send(oem.admin, other.conversationId, "hi");
    await expect(send(supplier.admin, conversationId, "x", { replyToId: elsewhere.message.id })).rejects.toMatchObject({
      fieldErrors: { replyToId: "messaging.errors.replyNotFound" },
    });
  });

  it("can be edited by their sender within 15 minutes, and deleted softly", async () => {
    const sent = await send(supplier.admin, conversationId, "Price is 41 USD per set");
    await expect(messaging.editMessage(ctx, oem.admin, { messageId: sent.message.id, body: "hijack" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(messaging.editMessage(ctx, outsider.admin, { messageId: sent.message.id, body: "hijack" })).rejects.toBeInstanceOf(ForbiddenError);
    const edited = await messaging.editMessage(ctx, supplier.admin, { messageId: sent.message.id, body: "Price is 39 USD per set" });
    expect(edited.message).toMatchObject({ body: "Price is 39 USD per set", seq: sent.message.seq });
    expect(edited.message.editedAt).not.toBeNull();
    const deleted = await messaging.deleteMessage(ctx, supplier.admin, { messageId: sent.message.id });
    expect(deleted.message).toMatchObject({ body: "", seq: sent.message.seq });
    expect(deleted.message.deletedAt).not.toBeNull();
    await expect(messaging.editMessage(ctx, supplier.admin, { messageId: sent.message.id, body: "again" })).rejects.toMatchObject({ status: 409 });
    // The record stays in the database.
    const stored = await db.prisma.message.findUniqueOrThrow({ where: { id: sent.message.id } });
    expect(stored.body).toBe("Price is 39 USD per set");

    const old = await send(supplier.admin, conversationId, "old news");
    const later: DomainContext = { ...ctx, now: () => new Date(Date.now() + MESSAGING_LIMITS.editWindowMs + 1000) };
    await expect(messaging.editMessage(later, supplier.admin, { messageId: old.message.id, body: "too late" })).rejects.toMatchObject({
      code: "edit_window_closed",
    });
  });

  it("sync returns new messages and the edits and deletes made after the cursor", async () => {
    const { conversationId: id } = await messaging.createGroup(ctx, oem.admin, { name: "Sync check", memberIds: [supplier.adminUser.id] });
    const m1 = await send(oem.admin, id, "one");
    const m2 = await send(oem.admin, id, "two");
    await send(oem.admin, id, "three");
    // The supplier has seen up to 3; then, while it is away: an edit of 1, a delete of 2, message 4.
    await messaging.editMessage(ctx, oem.admin, { messageId: m1.message.id, body: "one (edited)" });
    await messaging.deleteMessage(ctx, oem.admin, { messageId: m2.message.id });
    await send(oem.admin, id, "four");
    const { conversations } = await messaging.sync(ctx, supplier.admin, { cursors: { [id]: 3 } });
    expect(conversations).toHaveLength(1);
    const synced = conversations[0]!;
    expect(synced.messages.map((m) => [m.seq, m.body])).toEqual([[4, "four"]]);
    expect(synced.updates.map((m) => [m.seq, m.body, Boolean(m.deletedAt)])).toEqual([
      [1, "one (edited)", false],
      [2, "", true],
    ]);
    expect(synced.lastSeq).toBe(4);
    // From the start: everything, in order, in its current state; nothing listed twice.
    const all = await messaging.sync(ctx, supplier.admin, { cursors: { [id]: 0 } });
    expect(all.conversations[0]!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(all.conversations[0]!.messages[0]!.body).toBe("one (edited)");
    expect(all.conversations[0]!.updates).toEqual([]);
    // Up to date: nothing.
    const none = await messaging.sync(ctx, supplier.admin, { cursors: { [id]: 4 } });
    expect(none.conversations[0]).toMatchObject({ messages: [], updates: [], hasMore: false });
    // One foreign conversation refuses the whole sync.
    await expect(messaging.sync(ctx, outsider.admin, { cursors: { [id]: 0 } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(messaging.sync(ctx, supplier.admin, { cursors: { [id]: 0, [randomUUID()]: 0 } })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("sync answers several conversations in the order given, with read markers, and pages past 500 messages", async () => {
    const { conversationId: big } = await messaging.createGroup(ctx, oem.admin, { name: "Paging check", memberIds: [supplier.adminUser.id] });
    const { conversationId: small } = await messaging.createGroup(ctx, supplier.admin, { name: "Second lane", memberIds: [oem.adminUser.id] });
    // 501 messages written directly (the domain would take a while): seqs 1..501 and the counter.
    const now = new Date();
    await db.prisma.message.createMany({
      data: Array.from({ length: MESSAGING_LIMITS.page + 1 }, (_, i) => ({
        conversationId: big,
        seq: i + 1,
        senderId: oem.adminUser.id,
        clientId: randomUUID(),
        body: `bulk ${i + 1}`,
        createdAt: now,
      })),
    });
    await db.prisma.conversation.update({ where: { id: big }, data: { lastSeq: MESSAGING_LIMITS.page + 1 } });
    await send(supplier.admin, small, "only one");
    await messaging.markRead(ctx, supplier.admin, { conversationId: big, seq: 7 });
    // Capital letters name the same conversation.
    const first = await messaging.sync(ctx, supplier.admin, { cursors: { [small]: 0, [big.toUpperCase()]: 0 } });
    expect(first.conversations.map((c) => c.conversationId)).toEqual([small, big]);
    expect(first.conversations[0]).toMatchObject({ lastSeq: 1, lastReadSeq: 1, hasMore: false });
    const page = first.conversations[1]!;
    expect(page).toMatchObject({ lastSeq: 501, lastReadSeq: 7, hasMore: true });
    expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: MESSAGING_LIMITS.page }, (_, i) => i + 1));
    expect(page.messages[0]).toMatchObject({ conversationId: big, senderId: oem.adminUser.id, body: "bulk 1", createdAt: now.toISOString(), editedAt: null, deletedAt: null, replyToId: null });
    const rest = await messaging.sync(ctx, supplier.admin, { cursors: { [big]: MESSAGING_LIMITS.page } });
    expect(rest.conversations[0]).toMatchObject({ hasMore: false, messages: [{ seq: 501, body: "bulk 501" }] });
  });

  it("syncs of several clients in one statement answer each client alone: another's refusal or bad input changes nothing", async () => {
    const { conversationId: id } = await messaging.createGroup(ctx, oem.admin, { name: "Batched sync check", memberIds: [supplier.adminUser.id] });
    await send(oem.admin, id, "first");
    const second = await send(supplier.admin, id, "second");
    await messaging.editMessage(ctx, supplier.admin, { messageId: second.message.id, body: "second (edited)" });
    await send(oem.admin, id, "third");
    const outcomes = await messaging.syncMany(ctx, [
      { actor: supplier.admin, input: { cursors: { [id]: 2 } } },
      { actor: outsider.admin, input: { cursors: { [id]: 0 } } },
      { actor: oem.admin, input: { cursors: { [id]: 0 } } },
      { actor: oem.admin, input: { cursors: "not cursors" } },
      { actor: supplier.admin, input: { cursors: {} } },
      { actor: supplier.admin, input: { cursors: { [id]: 0, [randomUUID()]: 0 } } },
    ]);
    expect(outcomes).toHaveLength(6);
    // Each answer is what `sync` alone gives that client.
    expect(outcomes[0]).toEqual({ ok: true, ...(await messaging.sync(ctx, supplier.admin, { cursors: { [id]: 2 } })) });
    expect(outcomes[0]).toMatchObject({ ok: true, conversations: [{ lastSeq: 3, messages: [{ seq: 3, body: "third" }], updates: [{ seq: 2, body: "second (edited)" }] }] });
    expect(outcomes[1]).toMatchObject({ ok: false });
    expect((outcomes[1] as { error: unknown }).error).toBeInstanceOf(ForbiddenError);
    expect(outcomes[2]).toMatchObject({ ok: true, conversations: [{ messages: [{ seq: 1 }, { seq: 2 }, { seq: 3 }], updates: [] }] });
    expect((outcomes[3] as { error: unknown }).error).toBeInstanceOf(ValidationError);
    expect(outcomes[4]).toEqual({ ok: true, conversations: [] });
    expect((outcomes[5] as { error: unknown }).error).toBeInstanceOf(ForbiddenError);
  });

  it("sync lets the secretariat read a DEAL room, and not a GROUP it is not in", async () => {
    const secretariat = await createSecretariat(db.prisma);
    const deal = await db.prisma.conversation.create({
      data: { kind: "DEAL", partyOrganizationIds: [oem.org.id, supplier.org.id], createdById: oem.adminUser.id },
      select: { id: true },
    });
    await send(supplier.admin, deal.id, "Ro-ro space confirmed for March");
    const read = await messaging.sync(ctx, secretariat.actor, { cursors: { [deal.id]: 0 } });
    expect(read.conversations[0]).toMatchObject({ lastSeq: 1, lastReadSeq: 0, messages: [{ seq: 1, body: "Ro-ro space confirmed for March" }] });
    // A party's colleague reads it too (membership by organisation); an outsider does not.
    expect((await messaging.sync(ctx, oem.member, { cursors: { [deal.id]: 0 } })).conversations[0]!.messages).toHaveLength(1);
    await expect(messaging.sync(ctx, outsider.admin, { cursors: { [deal.id]: 0 } })).rejects.toBeInstanceOf(ForbiddenError);
    const { conversationId: group } = await messaging.createGroup(ctx, oem.admin, { name: "Not for the secretariat", memberIds: [] });
    await expect(messaging.sync(ctx, secretariat.actor, { cursors: { [group]: 0 } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(messaging.sync(ctx, secretariat.actor, { cursors: { [deal.id]: 0, [group]: 0 } })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("@mentions notify the member named", async () => {
    const { conversationId: id } = await messaging.createGroup(ctx, oem.admin, { name: "Mentions", memberIds: [supplier.memberUser.id] });
    const name = supplier.member.name;
    const sent = await send(oem.admin, id, `@${name} please confirm the packing list`);
    expect(sent.notified).toEqual([supplier.memberUser.id]);
    const notes = await db.prisma.notification.findMany({ where: { userId: supplier.memberUser.id, kind: "message.mentioned" } });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.data).toMatchObject({ conversationId: id, messageId: sent.message.id });
    // Someone not in the conversation is not notified even when named.
    const outsiderName = outsider.admin.name;
    const other = await send(oem.admin, id, `@${outsiderName} hello`);
    expect(other.notified.filter((u) => u === outsider.adminUser.id)).toEqual([]);
  });
});

describe("seq under concurrency", () => {
  it("has no gaps and no duplicates when many members send at once", async () => {
    const senders = [oem.admin, oem.member, supplier.admin, supplier.member];
    const { conversationId } = await messaging.createGroup(ctx, oem.admin, {
      name: "Busy room",
      memberIds: senders.map((s) => s.id),
    });
    const count = 80;
    const clientIds = Array.from({ length: count }, () => randomUUID());
    const results = await Promise.all(
      clientIds.map((clientId, i) =>
        messaging.sendMessage(ctx, senders[i % senders.length]!, { conversationId, clientId, body: `message ${i}` }),
      ),
    );
    // And retries of some of them at the same time as others.
    const retries = await Promise.all(
      clientIds.slice(0, 10).map((clientId, i) =>
        messaging.sendMessage(ctx, senders[i % senders.length]!, { conversationId, clientId, body: `message ${i}` }),
      ),
    );
    expect(retries.every((r) => r.duplicate)).toBe(true);
    const seqs = results.map((r) => r.message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    const stored = await db.prisma.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" }, select: { seq: true } });
    expect(stored.map((m) => m.seq)).toEqual(seqs);
    const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation.lastSeq).toBe(count);
  });
});

describe("GROUP membership", () => {
  it("the creator adds and removes; members leave; those gone lose access", async () => {
    const { conversationId } = await messaging.createGroup(ctx, oem.admin, { name: "Cold-chain warehouse Rotterdam", memberIds: [supplier.adminUser.id] });
    await expect(messaging.addMembers(ctx, supplier.admin, { conversationId, userIds: [outsider.adminUser.id] })).rejects.toBeInstanceOf(ForbiddenError);
    await messaging.addMembers(ctx, oem.admin, { conversationId, userIds: [outsider.adminUser.id] });
    await send(outsider.admin, conversationId, "Thanks for adding us");
    await messaging.removeMember(ctx, oem.admin, { conversationId, userId: outsider.adminUser.id });
    await expect(send(outsider.admin, conversationId, "still here?")).rejects.toBeInstanceOf(ForbiddenError);
    await messaging.leaveGroup(ctx, supplier.admin, { conversationId });
    await expect(messaging.history(ctx, supplier.admin, { conversationId })).rejects.toBeInstanceOf(ForbiddenError);
    const page = await messaging.getConversation(ctx, oem.admin, { conversationId });
    expect(page.conversation.members.map((m) => m.id)).toEqual([oem.adminUser.id]);
    await expect(messaging.createGroup(ctx, oem.admin, { name: " ", memberIds: [] })).rejects.toMatchObject({ fieldErrors: { name: "errors.required" } });
    await expect(messaging.createGroup(ctx, oem.admin, { name: "x", memberIds: [randomUUID()] })).rejects.toMatchObject({
      fieldErrors: { memberIds: "messaging.errors.unknownMember" },
    });
  });
});

describe("DEAL rooms", () => {
  it("belong to the two organisations of a capacity request, new colleagues included", async () => {
    const logistics = await createMemberOrg(db.prisma, { kind: "LOGISTICS", nameEn: "Guoyuan Ro-Ro Test" });
    const { id: channelId, period } = await publishedChannel(ctx, logistics.admin);
    const request = await channels.requestCapacity(ctx, supplier.admin, { channelId, periodId: period.id, units: 3 });
    await expect(messaging.openCapacityDeal(ctx, outsider.admin, { requestId: request.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(messaging.openCapacityDeal(ctx, outsider.admin, { requestId: randomUUID() })).rejects.toBeInstanceOf(NotFoundError);
    const opened = await messaging.openCapacityDeal(ctx, supplier.member, { requestId: request.id });
    expect(opened.created).toBe(true);
    const again = await messaging.openCapacityDeal(ctx, logistics.admin, { requestId: request.id });
    expect(again).toEqual({ conversationId: opened.conversationId, created: false });

    const sent = await send(logistics.member, opened.conversationId, "Slot confirmed on the 14 March sailing.");
    expect(sent.message.seq).toBe(1);
    expect(sent.audience.organizationIds.sort()).toEqual([logistics.org.id, supplier.org.id].sort());
    await expect(send(outsider.admin, opened.conversationId, "let me in")).rejects.toBeInstanceOf(ForbiddenError);

    // A colleague who joins the supplier later is a member at once and sees the history.
    const newcomer = await actorFor(db.prisma, (await createUser(db.prisma, supplier.org.id, { name: "Zhou Newcomer" })).id);
    const history = await messaging.history(ctx, newcomer, { conversationId: opened.conversationId });
    expect(history.messages.map((m) => m.body)).toEqual(["Slot confirmed on the 14 March sailing."]);
    const list = await messaging.listConversations(ctx, newcomer, {});
    const room = list.find((c) => c.id === opened.conversationId);
    expect(room).toMatchObject({ kind: "DEAL", unreadCount: 1, lastSeq: 1 });
    expect(room!.members.map((m) => m.id)).toContain(newcomer.id);
    expect(room!.deal?.capacityRequestId).toBe(request.id);
  });
});

describe("read state and the conversation list", () => {
  it("counts unread messages, moves the read marker forward only, and searches names and text", async () => {
    const { conversationId } = await messaging.createGroup(ctx, supplier.admin, { name: "Tariff watch EU", memberIds: [oem.adminUser.id] });
    await send(supplier.admin, conversationId, "The EU anti-subsidy duty notice is out");
    await send(supplier.admin, conversationId, "Rates differ by manufacturer");
    let mine = (await messaging.listConversations(ctx, oem.admin, {})).find((c) => c.id === conversationId)!;
    expect(mine).toMatchObject({ unreadCount: 2, lastSeq: 2, name: "Tariff watch EU" });
    expect(mine.lastMessage?.body).toBe("Rates differ by manufacturer");
    // The sender has read their own messages.
    const theirs = (await messaging.listConversations(ctx, supplier.admin, {})).find((c) => c.id === conversationId)!;
    expect(theirs.unreadCount).toBe(0);

    expect((await messaging.markRead(ctx, oem.admin, { conversationId, seq: 1 })).seq).toBe(1);
    expect((await messaging.markRead(ctx, oem.admin, { conversationId, seq: 0 })).seq).toBe(1);
    expect((await messaging.markRead(ctx, oem.admin, { conversationId, seq: 99 })).seq).toBe(2);
    mine = (await messaging.listConversations(ctx, oem.admin, {})).find((c) => c.id === conversationId)!;
    expect(mine.unreadCount).toBe(0);

    const byText = await messaging.listConversations(ctx, oem.admin, { q: "anti-SUBSIDY" });
    expect(byText.map((c) => c.id)).toEqual([conversationId]);
    const byName = await messaging.listConversations(ctx, oem.admin, { q: "tariff watch" });
    expect(byName.map((c) => c.id)).toEqual([conversationId]);
    // Text of a deleted message is not searchable.
    const gone = await send(supplier.admin, conversationId, "zeppelin freight quote");
    await messaging.deleteMessage(ctx, supplier.admin, { messageId: gone.message.id });
    expect(await messaging.listConversations(ctx, oem.admin, { q: "zeppelin" })).toEqual([]);
  });
});
