// Deal rooms for proposals (/messages/deal/proposal/:proposalId): the poster's and the proposer's
// organisations, once the proposal is shortlisted; nobody else.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sourcingDomain } from "../../server/domain/sourcing";
import { createMemberOrg, createSecretariat } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";
import { day } from "../support/dates";

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  await portal?.stop();
});


async function proposalFixture() {
  const poster = await createMemberOrg(portal.prisma, { kind: "OEM", nameEn: "Liangjiang Motors Deal Test" });
  const proposer = await createMemberOrg(portal.prisma, { kind: "SUPPLIER", nameEn: "Cuntan Seating Deal Test" });
  const stranger = await createMemberOrg(portal.prisma, { kind: "SUPPLIER", nameEn: "Ciqikou Trim Deal Test" });
  const ctx = portal.services.ctx;
  const request = await sourcingDomain.createRequest(ctx, poster.admin, {
    direction: "OEM_SEEKS_SUPPLIER",
    category: "INTERIOR",
    businessType: "OE_SUPPLY",
    title: "Seat frames for a compact SUV in Rayong",
    targetMarkets: ["TH"],
    segments: ["NEV_PASSENGER"],
    annualVolume: "15000",
    startOfProduction: day(400),
    responseDeadline: day(30),
    description: "Front seat frames, JIT delivery to the Rayong plant.",
    publish: "on",
  });
  const proposal = await sourcingDomain.submitProposal(ctx, proposer.member, {
    requestId: request.id,
    message: "We build seat frames for two ASEAN plants.",
    priceMinMinor: "9000",
    priceMaxMinor: "9900",
    currency: "USD",
    leadTimeDays: "90",
    validUntil: day(60),
  });
  return { poster, proposer, stranger, requestId: request.id, proposalId: proposal.id };
}

describe("proposal deal rooms", () => {
  it("open for the two organisations once shortlisted; others get 403", async () => {
    const f = await proposalFixture();
    const path = `/messages/deal/proposal/${f.proposalId}`;
    const buyer = await portal.signedIn(f.poster.memberUser.email);
    const seller = await portal.signedIn(f.proposer.adminUser.email);
    const eve = await portal.signedIn(f.stranger.adminUser.email);

    // Before the shortlist: the parties are told why, nothing is created; a stranger learns nothing.
    const early = await seller.get(path);
    expect(early.status).toBe(409);
    expect(early.text).toContain("opens once the poster has shortlisted it");
    expect((await seller.post(path, {})).status).toBe(409);
    expect((await eve.get(path)).status).toBe(403);
    expect(await portal.prisma.conversation.count({ where: { proposalId: f.proposalId } })).toBe(0);

    await sourcingDomain.shortlistProposal(portal.services.ctx, f.poster.admin, { proposalId: f.proposalId });
    expect((await eve.get(path)).status).toBe(403);
    expect((await eve.post(path, {})).status).toBe(403);
    expect((await eve.get(`/messages/deal/proposal/${randomUUID()}`)).status).toBe(404);

    const look = await seller.get(path);
    expect(look.status).toBe(200);
    const opened = await seller.post(path, {});
    expect(opened.status).toBe(302);
    const roomPath = opened.location!;
    // Once open the link goes straight to the room, for the other side too; the title names the request.
    const direct = await buyer.get(path);
    expect(direct.status).toBe(302);
    expect(direct.location).toBe(roomPath);
    const room = await buyer.get(roomPath);
    expect(room.status).toBe(200);
    expect(room.text).toContain("Seat frames for a compact SUV in Rayong");
    expect(room.text).toContain(`/sourcing/${f.requestId}`);
    expect((await seller.get(roomPath)).status).toBe(200);
    expect((await eve.get(roomPath)).status).toBe(403);
    expect(await portal.prisma.conversation.count({ where: { proposalId: f.proposalId } })).toBe(1);

    const list = await buyer.get("/api/conversations");
    const mine = (JSON.parse(list.text) as { conversations: { id: string; name: string; proposalId: string | null }[] }).conversations;
    expect(mine.find((c) => c.proposalId === f.proposalId)?.name).toBe("Seat frames for a compact SUV in Rayong");
  });

  it("let the secretariat read an opened room, not write in it or open one", async () => {
    const f = await proposalFixture();
    const secretariat = await createSecretariat(portal.prisma);
    const path = `/messages/deal/proposal/${f.proposalId}`;
    const staff = await portal.signedIn(secretariat.user.email);
    await sourcingDomain.shortlistProposal(portal.services.ctx, f.poster.admin, { proposalId: f.proposalId });
    expect((await staff.get(path)).status).toBe(403);
    expect((await staff.post(path, {})).status).toBe(403);

    const { conversationId } = await portal.services.messaging.openProposalDeal(f.poster.admin, { proposalId: f.proposalId });
    await portal.services.messaging.sendMessage(f.poster.admin, { conversationId, clientId: randomUUID(), body: "Can you hold the price until June?" });
    const link = await staff.get(path);
    expect(link.status).toBe(302);
    expect(link.location).toBe(`/messages/${conversationId}`);
    const room = await staff.get(`/messages/${conversationId}`);
    expect(room.status).toBe(200);
    expect(room.text).toContain("Can you hold the price until June?");
    expect(room.text).toContain("can read this deal room but not write in it");
    expect(room.text).not.toContain('value="send"');
    expect((await staff.post(`/messages/${conversationId}`, { intent: "send", clientId: randomUUID(), body: "Hello from the secretariat" })).status).toBe(403);
    expect(await portal.prisma.message.count({ where: { conversationId } })).toBe(1);
  });
});
