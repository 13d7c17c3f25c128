// The demo supply matching loads on top of the demo alliance: profiles, requests in several states
// (one confidential), proposals and one award, exactly once; the demo rankings make sense.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/index";
import { loadCandidateProfiles, loadOpenRequestsFor, loadProfile, rankCandidates, rankRequests } from "../../server/domain/matching";
import { sourcingDomain as sourcing } from "../../server/domain/sourcing";
import { seedDemoAlliance } from "../../server/seed/demo";
import { seedDemoSourcing } from "../../server/seed/sourcing";
import { createTestDatabase } from "../support/db";
import { actorFor, testContext } from "../support/fixtures";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe("demo sourcing", () => {
  it("seeds profiles, requests, proposals and an award, once", async () => {
    const ctx = testContext(db.prisma);
    await seedDemoAlliance(ctx);
    const summary = await seedDemoSourcing(ctx);
    expect(summary).toMatchObject({ seeded: true, profiles: 12, requests: 6 });
    const statuses = (await db.prisma.sourcingRequest.groupBy({ by: ["status"], _count: { _all: true } })).map((s) => s.status).sort();
    expect(statuses).toEqual(["AWARDED", "DRAFT", "OPEN"]);
    expect(await db.prisma.sourcingRequest.count({ where: { confidential: true } })).toBe(1);
    const proposalStatuses = (await db.prisma.proposal.groupBy({ by: ["status"], _count: { _all: true } })).map((s) => s.status).sort();
    expect(proposalStatuses).toEqual(["ACCEPTED", "DECLINED", "SHORTLISTED", "SUBMITTED"]);

    const packs = await db.prisma.sourcingRequest.findFirstOrThrow({ where: { confidential: true } });
    const poster = await db.prisma.user.findFirstOrThrow({ where: { organizationId: packs.posterOrganizationId, role: "ORG_ADMIN" } });
    const ranked = await sourcing.candidates(ctx, await actorFor(db.prisma, poster.id), { requestId: packs.id });
    const names = ranked.items.map((c) => c.nameEn);
    expect(names).toContain("Lumen Cell Energy");
    expect(names).not.toContain("Keelstone Chassis Systems");

    // The demo offer (body control units for Germany and Hungary) finds the OEM already serving both.
    const offer = await db.prisma.sourcingRequest.findFirstOrThrow({ where: { direction: "SUPPLIER_SEEKS_OEM" } });
    const offerer = await db.prisma.user.findFirstOrThrow({ where: { organizationId: offer.posterOrganizationId, role: "ORG_ADMIN" } });
    const oems = await sourcing.candidates(ctx, await actorFor(db.prisma, offerer.id), { requestId: offer.id });
    expect(oems.kind).toBe("oems");
    expect(oems.items.map((c) => c.nameEn)).toEqual(["Mistpeak New Energy Vehicles"]);
    expect(oems.items[0]?.reasons).toContainEqual({ kind: "oemMarkets", tone: "plus", params: { present: 2, total: 2 } });
    expect((await seedDemoSourcing(ctx)).seeded).toBe(false);
  });

  it("pre-ranks in SQL in the same order as the exact scoring, both ways", async () => {
    const requests = await db.prisma.sourcingRequest.findMany({ where: { direction: "OEM_SEEKS_SUPPLIER" } });
    for (const r of requests) {
      const { profiles, total } = await loadCandidateProfiles(db.prisma, r, r.posterOrganizationId, 1000);
      expect(total).toBe(profiles.length);
      const exact = rankCandidates(r, profiles).map((c) => c.profile.organizationId);
      expect(profiles.map((p) => p.organizationId)).toEqual(exact);
    }
    // Everyone's profile against every open request (on the day the demo was seeded).
    const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
    for (const { organizationId } of await db.prisma.supplierCapability.findMany({ select: { organizationId: true } })) {
      const profile = (await loadProfile(db.prisma, organizationId))!;
      const rows = await loadOpenRequestsFor(db.prisma, profile, today, 1000);
      expect(rows.map((r) => r.id)).toEqual(rankRequests(profile, rows).map((r) => r.request.id));
    }
  });
});
