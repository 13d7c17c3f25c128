// The demo channels load on top of the demo alliance, with requests in every state, exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/index";
import { seedDemoChannels } from "../../server/seed/channels";
import { seedDemoAlliance } from "../../server/seed/demo";
import { createTestDatabase } from "../support/db";
import { testContext } from "../support/fixtures";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe("demo channels", () => {
  it("seeds channels of every kind in several regions with requests in every state, once", async () => {
    const ctx = testContext(db.prisma);
    await seedDemoAlliance(ctx);
    const summary = await seedDemoChannels(ctx);
    expect(summary.seeded).toBe(true);
    const kinds = await db.prisma.channel.groupBy({ by: ["kind"], _count: { _all: true } });
    expect(kinds.map((k) => k.kind).sort()).toEqual(["RAIL", "RORO", "SALES", "SERVICE", "WAREHOUSE"]);
    const regions = await db.prisma.channel.groupBy({ by: ["region"], _count: { _all: true } });
    expect(regions.length).toBeGreaterThanOrEqual(4);
    const statuses = await db.prisma.capacityRequest.groupBy({ by: ["status"], _count: { _all: true } });
    expect(statuses.map((s) => s.status).sort()).toEqual(["APPROVED", "CANCELLED", "DECLINED", "PENDING", "WAITLISTED", "WITHDRAWN"]);
    // Bookkeeping holds for the seeded periods too.
    for (const period of await db.prisma.channelPeriod.findMany({ where: { approvedUnits: { gt: 0 } } })) {
      const sum = await db.prisma.capacityRequest.aggregate({ where: { periodId: period.id, status: "APPROVED" }, _sum: { approvedUnits: true } });
      expect(sum._sum.approvedUnits).toBe(period.approvedUnits);
      expect(period.approvedUnits).toBeLessThanOrEqual(period.capacity);
    }
    expect((await seedDemoChannels(ctx)).seeded).toBe(false);
  });
});
