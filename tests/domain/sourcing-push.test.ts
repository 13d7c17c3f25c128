// Sourcing notifications are pushed live: the realtime hook hears who was notified, only after the
// transaction that wrote the notifications committed, and never for a change that rolled back.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/index";
import { ConflictError } from "../../server/domain/errors";
import { sourcingDomain as sourcing } from "../../server/domain/sourcing";
import type { DomainContext } from "../../server/services";
import { createTestDatabase } from "../support/db";
import { createMemberOrg, testContext } from "../support/fixtures";

let db: Database;
let ctx: DomainContext;
let oem: Awaited<ReturnType<typeof createMemberOrg>>;
let battery: Awaited<ReturnType<typeof createMemberOrg>>;
let cells: Awaited<ReturnType<typeof createMemberOrg>>;
let pushed: { userIds: string[]; committed: number }[];

const DAY = 24 * 60 * 60 * 1000;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);
const request = {
  direction: "OEM_SEEKS_SUPPLIER",
  category: "THERMAL_MANAGEMENT",
  businessType: "OE_SUPPLY",
  title: "Heat pump module for a mid-size NEV",
  targetMarkets: ["TH"],
  segments: ["NEV_PASSENGER"],
  annualVolume: "12000",
  startOfProduction: day(400),
  responseDeadline: day(30),
  description: "R744 heat pump module, local assembly in Rayong.",
  publish: "on",
};
const proposal = (requestId: string) => ({
  requestId,
  message: "We build R744 modules for two ASEAN plants.",
  priceMinMinor: "80000",
  priceMaxMinor: "90000",
  currency: "USD",
  leadTimeDays: "90",
  validUntil: day(60),
});
const sorted = (ids: string[]) => [...ids].sort();

beforeAll(async () => {
  db = await createTestDatabase();
  ctx = testContext(db.prisma);
  // Record, with each push, how many notifications were visible outside the transaction by then:
  // a push before the commit would see fewer than were written.
  ctx.hooks.notificationsCreated = (userIds) => {
    pushed.push({ userIds, committed: -1 });
    const entry = pushed[pushed.length - 1]!;
    void db.prisma.notification.count({ where: { userId: { in: userIds } } }).then((n) => (entry.committed = n));
  };
  oem = await createMemberOrg(db.prisma, { kind: "OEM", nameEn: "Jialing Motors Push Test" });
  battery = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Nanshan Thermal Push Test" });
  cells = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Beibei Climate Push Test" });
});
beforeEach(() => {
  pushed = [];
});
afterAll(async () => {
  await db?.close();
});

describe("live push for sourcing notifications", () => {
  let requestId: string;
  let winner: string;

  it("pushes the poster's admins and author when a proposal arrives, after the commit", async () => {
    requestId = (await sourcing.createRequest(ctx, oem.member, request)).id;
    pushed = [];
    winner = (await sourcing.submitProposal(ctx, battery.member, proposal(requestId))).id;
    expect(pushed.map((p) => sorted(p.userIds))).toEqual([sorted([oem.adminUser.id, oem.memberUser.id])]);
    await new Promise((r) => setTimeout(r, 50));
    expect(pushed[0]!.committed).toBeGreaterThanOrEqual(2);
  });

  it("pushes the shortlisted proposer", async () => {
    await sourcing.shortlistProposal(ctx, oem.admin, { proposalId: winner });
    expect(pushed.map((p) => sorted(p.userIds))).toEqual([sorted([battery.adminUser.id, battery.memberUser.id])]);
  });

  it("pushes the winner and the other proposers on award", async () => {
    await sourcing.submitProposal(ctx, cells.admin, proposal(requestId));
    pushed = [];
    await sourcing.acceptProposal(ctx, oem.admin, { proposalId: winner });
    expect(pushed).toHaveLength(1);
    expect(sorted(pushed[0]!.userIds)).toEqual(sorted([battery.adminUser.id, battery.memberUser.id, cells.adminUser.id]));
  });

  it("pushes nothing when the change fails", async () => {
    await expect(sourcing.submitProposal(ctx, cells.member, proposal(requestId))).rejects.toBeInstanceOf(ConflictError);
    await expect(sourcing.acceptProposal(ctx, oem.admin, { proposalId: winner })).rejects.toBeInstanceOf(ConflictError);
    expect(pushed).toEqual([]);
  });
});
