// Supply matching in the domain: lifecycle, lazy closing, confidentiality, authorization, bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/index";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../server/domain/errors";
import { loadProfile } from "../../server/domain/matching";
import { membersDomain as members } from "../../server/domain/members";
import { reputationOf, sourcingDomain as sourcing } from "../../server/domain/sourcing";
import type { DomainContext } from "../../server/services";
import { createTestDatabase } from "../support/db";
import { createMemberOrg, createSecretariat, testContext } from "../support/fixtures";

let db: Database;
let ctx: DomainContext;
let oem: Awaited<ReturnType<typeof createMemberOrg>>;
let battery: Awaited<ReturnType<typeof createMemberOrg>>;
let cells: Awaited<ReturnType<typeof createMemberOrg>>;
let lighting: Awaited<ReturnType<typeof createMemberOrg>>;
let secretariat: Awaited<ReturnType<typeof createSecretariat>>;

const DAY = 24 * 60 * 60 * 1000;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

export function batteryRequest(overrides: Record<string, unknown> = {}) {
  return {
    direction: "OEM_SEEKS_SUPPLIER",
    category: "BATTERY_EDRIVE",
    businessType: "OE_SUPPLY",
    title: "LFP battery pack for a compact NEV SUV",
    targetMarkets: ["TH", "BR"],
    segments: ["NEV_PASSENGER"],
    annualVolume: "20000",
    requiredCertifications: ["IATF_16949"],
    startOfProduction: day(400),
    responseDeadline: day(30),
    description: "60 kWh LFP pack, CKD assembly in Rayong and Camaçari.",
    confidential: "on",
    publish: "on",
    ...overrides,
  };
}

const proposal = (requestId: string, overrides: Record<string, unknown> = {}) => ({
  requestId,
  message: "We supply LFP packs to two ASEAN plants and can localise in Rayong.",
  priceMinMinor: "420000",
  priceMaxMinor: "455000",
  currency: "usd",
  leadTimeDays: "120",
  validUntil: day(90),
  ...overrides,
});

async function certify(organizationId: string, type: "IATF_16949" | "ISO_14001", validToDays: number) {
  await db.prisma.certification.create({
    data: { organizationId, type, scope: "Battery packs", issuer: "Fictional Cert Body", validFrom: new Date("2024-01-01"), validTo: new Date(day(validToDays)) },
  });
}

async function fieldErrors(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fieldErrors;
}

const counts = async () => ({
  requests: await db.prisma.sourcingRequest.count(),
  proposals: await db.prisma.proposal.count(),
  grants: await db.prisma.sourcingAccessGrant.count(),
  profiles: await db.prisma.supplierCapability.count(),
  notifications: await db.prisma.notification.count(),
});

beforeAll(async () => {
  db = await createTestDatabase();
  ctx = testContext(db.prisma);
  oem = await createMemberOrg(db.prisma, { kind: "OEM", nameEn: "Changjiang Auto Test" });
  battery = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Bayu Battery Systems Test" });
  cells = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Fuling Cell Packs Test" });
  lighting = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Yuzhong Lighting Test" });
  secretariat = await createSecretariat(db.prisma);
  await certify(battery.org.id, "IATF_16949", 1500);
  await certify(cells.org.id, "IATF_16949", 200); // expires before start of production
  await certify(lighting.org.id, "IATF_16949", 1500);
});
afterAll(async () => {
  await db?.close();
});

describe("capability profiles", () => {
  it("lets a supplier admin keep a profile and anyone active read it", async () => {
    await sourcing.saveProfile(ctx, battery.admin, {
      categories: ["BATTERY_EDRIVE", "THERMAL_MANAGEMENT"],
      businessTypes: ["OE_SUPPLY"],
      segments: ["NEV_PASSENGER", "NEV_COMMERCIAL"],
      marketExperience: "TH:6, BR:2",
      annualCapacity: "30000",
      referenceCustomers: "Two fictional ASEAN assembly plants",
    });
    const page = await sourcing.getProfile(ctx, lighting.member, { organizationId: battery.org.id });
    expect(page.profile?.marketExperience).toEqual({ TH: 6, BR: 2 });
    expect(page.profile?.categories).toEqual(["BATTERY_EDRIVE", "THERMAL_MANAGEMENT"]);
    expect(page.certifications.map((c) => c.type)).toEqual(["IATF_16949"]);
    expect(page.viewer.canEdit).toBe(false);
  });

  it("refuses members who are not admins, and bad input, changing nothing", async () => {
    const before = await counts();
    await expect(sourcing.saveProfile(ctx, cells.member, { categories: ["BATTERY_EDRIVE"], businessTypes: ["OE_SUPPLY"], annualCapacity: 5 })).rejects.toBeInstanceOf(ForbiddenError);
    const errors = await fieldErrors(
      sourcing.saveProfile(ctx, cells.admin, { categories: ["ROCKETS"], businessTypes: [], marketExperience: "XX:3", annualCapacity: "0" }),
    );
    expect(errors).toMatchObject({
      categories: "errors.invalidValue",
      businessTypes: "sourcing.errors.businessTypeRequired",
      marketExperience: "errors.unknownCountry",
      annualCapacity: "sourcing.errors.positiveNumber",
    });
    expect(await counts()).toEqual(before);
  });
});

describe("requests", () => {
  it("refuses bad input with field errors and changes nothing", async () => {
    const before = await counts();
    const errors = await fieldErrors(
      sourcing.createRequest(
        ctx,
        oem.member,
        batteryRequest({ category: "SPACESHIPS", targetMarkets: ["TH", "ZZ"], annualVolume: "0", responseDeadline: day(-1), title: "x".repeat(161) }),
      ),
    );
    expect(errors).toMatchObject({
      category: "errors.invalidValue",
      targetMarkets: "errors.unknownCountry",
      annualVolume: "sourcing.errors.positiveNumber",
      title: "errors.tooLong",
    });
    const deadline = await fieldErrors(sourcing.createRequest(ctx, oem.member, batteryRequest({ responseDeadline: day(-1) })));
    expect(deadline.responseDeadline).toBe("sourcing.errors.deadlinePast");
    const absurd = await fieldErrors(sourcing.createRequest(ctx, oem.member, batteryRequest({ annualVolume: "1000000000000" })));
    expect(absurd.annualVolume).toBe("sourcing.errors.tooLarge");
    const sop = await fieldErrors(sourcing.createRequest(ctx, oem.member, batteryRequest({ startOfProduction: day(10) })));
    expect(sop.startOfProduction).toBe("sourcing.errors.sopBeforeDeadline");
    expect(await counts()).toEqual(before);
  });

  it("keeps drafts to the poster, and publishing opens them", async () => {
    const { id } = await sourcing.createRequest(ctx, oem.member, batteryRequest({ publish: undefined, confidential: undefined, title: "Draft wheel hubs" }));
    await expect(sourcing.getRequest(ctx, battery.member, { requestId: id })).rejects.toBeInstanceOf(NotFoundError);
    const list = await sourcing.listRequests(ctx, battery.member, {});
    expect(list.items.map((i) => i.id)).not.toContain(id);
    await expect(sourcing.publishRequest(ctx, battery.admin, { requestId: id })).rejects.toBeInstanceOf(ForbiddenError);
    await sourcing.publishRequest(ctx, oem.member, { requestId: id });
    const page = await sourcing.getRequest(ctx, battery.member, { requestId: id });
    expect(page.request.status).toBe("OPEN");
    expect(page.request.full).toBe(true);
    const filtered = await sourcing.listRequests(ctx, battery.member, { market: "th", segment: "NEV_PASSENGER", category: "BATTERY_EDRIVE", status: "OPEN", q: "wheel" });
    expect(filtered.items.map((i) => i.id)).toEqual([id]);
    expect((await sourcing.listRequests(ctx, battery.member, { market: "DE" })).items.map((i) => i.id)).not.toContain(id);
    expect((await sourcing.listRequests(ctx, battery.member, { segment: "COMMERCIAL" })).items.map((i) => i.id)).not.toContain(id);
    await expect(sourcing.listRequests(ctx, battery.member, { cursor: "garbage" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("reads an OPEN request past its deadline as CLOSED and takes no proposals", async () => {
    const { id } = await sourcing.createRequest(ctx, oem.member, batteryRequest({ confidential: undefined, title: "Late brake discs" }));
    const later: DomainContext = { ...ctx, now: () => new Date(Date.now() + 45 * DAY) };
    const page = await sourcing.getRequest(later, battery.member, { requestId: id });
    expect(page.request.status).toBe("CLOSED");
    expect(page.viewer.canPropose).toBe(false);
    await expect(sourcing.submitProposal(later, battery.member, proposal(id))).rejects.toBeInstanceOf(ConflictError);
    const closed = await sourcing.listRequests(later, battery.member, { status: "CLOSED" });
    expect(closed.items.map((i) => i.id)).toContain(id);
    const open = await sourcing.listRequests(later, battery.member, { status: "OPEN" });
    expect(open.items.map((i) => i.id)).not.toContain(id);
  });
});

describe("a confidential request from post to award", () => {
  let requestId: string;
  let batteryProposal: string;
  let cellsProposal: string;

  it("shows others only the summary until access is granted", async () => {
    ({ id: requestId } = await sourcing.createRequest(ctx, oem.member, batteryRequest()));
    const summary = await sourcing.getRequest(ctx, battery.member, { requestId });
    expect(summary.full).toBe(false);
    expect(summary.request).toEqual(expect.objectContaining({ category: "BATTERY_EDRIVE", targetMarkets: ["TH", "BR"], volumeBand: "10kTo100k" }));
    expect(summary.request).not.toHaveProperty("description");
    expect(summary.request).not.toHaveProperty("title");
    expect(summary.viewer.canPropose).toBe(false);
    await expect(sourcing.submitProposal(ctx, battery.member, proposal(requestId))).rejects.toBeInstanceOf(ForbiddenError);
    // Text search does not find it by its hidden words.
    const found = await sourcing.listRequests(ctx, battery.member, { q: "Rayong" });
    expect(found.items.map((i) => i.id)).not.toContain(requestId);
    // The secretariat sees everything.
    expect((await sourcing.getRequest(ctx, secretariat.actor, { requestId })).full).toBe(true);
  });

  it("lets only the poster's admins grant access", async () => {
    await expect(sourcing.grantAccess(ctx, oem.member, { requestId, organizationId: battery.org.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sourcing.grantAccess(ctx, battery.admin, { requestId, organizationId: battery.org.id })).rejects.toBeInstanceOf(ForbiddenError);
    await sourcing.grantAccess(ctx, oem.admin, { requestId, organizationId: battery.org.id });
    await sourcing.grantAccess(ctx, oem.admin, { requestId, organizationId: cells.org.id });
    const page = await sourcing.getRequest(ctx, battery.member, { requestId });
    expect(page.full).toBe(true);
    expect(page.viewer.canPropose).toBe(true);
    const notified = await db.prisma.notification.count({ where: { userId: battery.adminUser.id, kind: "sourcing.access_granted" } });
    expect(notified).toBe(1);
    // Lighting was not granted: still the summary.
    expect((await sourcing.getRequest(ctx, lighting.member, { requestId })).full).toBe(false);
  });

  it("refuses bad proposals with field errors and changes nothing", async () => {
    const before = await counts();
    const errors = await fieldErrors(
      sourcing.submitProposal(ctx, battery.member, proposal(requestId, { currency: "XYZ", leadTimeDays: "0", message: "", validUntil: "2026-02-30" })),
    );
    expect(errors).toMatchObject({
      currency: "sourcing.errors.currency",
      leadTimeDays: "sourcing.errors.positiveNumber",
      message: "errors.required",
      validUntil: "errors.invalidDate",
    });
    const range = await fieldErrors(sourcing.submitProposal(ctx, battery.member, proposal(requestId, { priceMinMinor: "500", priceMaxMinor: "400" })));
    expect(range.priceMaxMinor).toBe("sourcing.errors.priceRange");
    expect(await counts()).toEqual(before);
  });

  it("takes proposals, one per organisation, and never shows a competitor's price", async () => {
    ({ id: batteryProposal } = await sourcing.submitProposal(ctx, battery.member, proposal(requestId)));
    ({ id: cellsProposal } = await sourcing.submitProposal(ctx, cells.member, proposal(requestId, { priceMinMinor: "390000", priceMaxMinor: "410000" })));
    await expect(sourcing.submitProposal(ctx, battery.admin, proposal(requestId))).rejects.toBeInstanceOf(ConflictError);
    await expect(sourcing.submitProposal(ctx, oem.admin, proposal(requestId))).rejects.toBeInstanceOf(ForbiddenError);

    const seenByBattery = await sourcing.getRequest(ctx, battery.member, { requestId });
    expect(seenByBattery.proposals.map((p) => p.id)).toEqual([batteryProposal]);
    expect(JSON.stringify(seenByBattery)).not.toContain("390000");
    const seenByPoster = await sourcing.getRequest(ctx, oem.member, { requestId });
    expect(seenByPoster.proposals.map((p) => p.id)).toEqual([batteryProposal, cellsProposal]);
    expect(seenByPoster.proposals.every((p) => !p.viewer.canShortlist)).toBe(true); // members do not decide
    const seenBySecretariat = await sourcing.getRequest(ctx, secretariat.actor, { requestId });
    expect(seenBySecretariat.proposals).toHaveLength(2);
    expect((await sourcing.getRequest(ctx, lighting.member, { requestId })).proposals).toEqual([]);
  });

  it("lets only the proposer's members edit or withdraw, and only the poster's admins decide", async () => {
    await expect(sourcing.updateProposal(ctx, cells.member, { ...proposal(requestId), proposalId: batteryProposal })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sourcing.withdrawProposal(ctx, oem.admin, { proposalId: batteryProposal })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sourcing.shortlistProposal(ctx, oem.member, { proposalId: batteryProposal })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sourcing.acceptProposal(ctx, battery.admin, { proposalId: batteryProposal })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sourcing.acceptProposal(ctx, secretariat.actor, { proposalId: batteryProposal })).rejects.toBeInstanceOf(ForbiddenError);
    await sourcing.updateProposal(ctx, battery.admin, { ...proposal(requestId), proposalId: batteryProposal, leadTimeDays: "110" });
    const updated = await db.prisma.proposal.findUniqueOrThrow({ where: { id: batteryProposal } });
    expect(updated.leadTimeDays).toBe(110);
    await expect(sourcing.declineProposal(ctx, oem.admin, { proposalId: cellsProposal, reason: "" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("shortlists with a deal-room link and a notification", async () => {
    const result = await sourcing.shortlistProposal(ctx, oem.admin, { proposalId: batteryProposal });
    expect(result.dealRoomPath).toBe(`/messages/deal/proposal/${batteryProposal}`);
    const note = await db.prisma.notification.findFirst({ where: { userId: battery.memberUser.id, kind: "sourcing.proposal_shortlisted" } });
    expect(note?.data).toMatchObject({ dealRoomPath: `/messages/deal/proposal/${batteryProposal}` });
    await expect(sourcing.updateProposal(ctx, battery.admin, { ...proposal(requestId), proposalId: batteryProposal })).rejects.toBeInstanceOf(ConflictError);
  });

  it("awards: the request closes, the others are declined and told", async () => {
    const result = await sourcing.acceptProposal(ctx, oem.admin, { proposalId: batteryProposal });
    expect(result.declined).toBe(1);
    const request = await db.prisma.sourcingRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(request.status).toBe("AWARDED");
    const cellsRow = await db.prisma.proposal.findUniqueOrThrow({ where: { id: cellsProposal } });
    expect(cellsRow.status).toBe("DECLINED");
    expect(await db.prisma.notification.count({ where: { userId: cells.memberUser.id, kind: "sourcing.proposal_not_awarded" } })).toBe(1);
    expect(await db.prisma.notification.count({ where: { userId: battery.memberUser.id, kind: "sourcing.proposal_accepted" } })).toBe(1);
    const seenByCells = await sourcing.getRequest(ctx, cells.member, { requestId });
    expect(seenByCells.request.status).toBe("AWARDED");
    expect(seenByCells.proposals[0]?.status).toBe("DECLINED");
    // Nothing more happens on an awarded request.
    await expect(sourcing.acceptProposal(ctx, oem.admin, { proposalId: cellsProposal })).rejects.toBeInstanceOf(ConflictError);
    await expect(sourcing.withdrawProposal(ctx, battery.member, { proposalId: batteryProposal })).rejects.toBeInstanceOf(ConflictError);
    await expect(sourcing.submitProposal(ctx, lighting.member, proposal(requestId))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sourcing.grantAccess(ctx, oem.admin, { requestId, organizationId: lighting.org.id })).rejects.toBeInstanceOf(ConflictError);
    expect((await sourcing.getRequest(ctx, oem.admin, { requestId })).viewer.canGrant).toBe(false);
    const audit = await db.prisma.auditEvent.count({ where: { subjectId: requestId, action: "sourcing.awarded" } });
    expect(audit).toBe(2);
  });
});

describe("withdrawing and cancelling", () => {
  it("lets a proposer withdraw while undecided; cancelling declines the rest", async () => {
    const { id: requestId } = await sourcing.createRequest(ctx, oem.member, batteryRequest({ confidential: undefined, title: "Thermal modules" }));
    const a = await sourcing.submitProposal(ctx, battery.member, proposal(requestId));
    const b = await sourcing.submitProposal(ctx, lighting.member, proposal(requestId));
    await sourcing.withdrawProposal(ctx, battery.member, { proposalId: a.id });
    await expect(sourcing.withdrawProposal(ctx, battery.member, { proposalId: a.id })).rejects.toBeInstanceOf(ConflictError);
    await expect(sourcing.cancelRequest(ctx, oem.member, { requestId })).rejects.toBeInstanceOf(ForbiddenError);
    const result = await sourcing.cancelRequest(ctx, oem.admin, { requestId, reason: "Programme moved to 2028" });
    expect(result.status).toBe("CANCELLED");
    expect((await db.prisma.proposal.findUniqueOrThrow({ where: { id: b.id } })).status).toBe("DECLINED");
    expect((await db.prisma.proposal.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("WITHDRAWN");
  });

  it("gives 404 for unknown ids", async () => {
    await expect(sourcing.getRequest(ctx, battery.member, { requestId: "not-a-uuid" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(sourcing.getRequest(ctx, battery.member, { requestId: "00000000-0000-4000-8000-000000000000" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("matching views", () => {
  it("ranks candidates for the poster only, leaving out those failing a hard requirement", async () => {
    await sourcing.saveProfile(ctx, cells.admin, { categories: ["BATTERY_EDRIVE"], businessTypes: ["OE_SUPPLY"], marketExperience: "TH:9, BR:9", annualCapacity: "90000" });
    await sourcing.saveProfile(ctx, lighting.admin, { categories: ["ELECTRICAL_ELECTRONICS"], businessTypes: ["OE_SUPPLY"], marketExperience: "TH:3", annualCapacity: "5000" });
    const { id: requestId } = await sourcing.createRequest(ctx, oem.member, batteryRequest({ title: "Second pack" }));
    const ranked = await sourcing.candidates(ctx, oem.member, { requestId });
    // Fuling's IATF expires before SOP; Yuzhong makes lighting.
    expect(ranked.items.map((c) => c.organizationId)).toEqual([battery.org.id]);
    expect(ranked.items[0]?.reasons).toContainEqual({ kind: "marketsServed", tone: "plus", params: { served: 2, total: 2 } });
    await expect(sourcing.candidates(ctx, battery.member, { requestId })).rejects.toBeInstanceOf(ForbiddenError);

    const reverse = await sourcing.matchingRequests(ctx, battery.member);
    const mine = reverse.items.find((i) => i.id === requestId);
    expect(mine?.full).toBe(false);
    expect(mine?.title).toBeNull();
    expect(mine?.reasons.every((r) => r.kind === "marketsServed")).toBe(true);
    expect((await sourcing.matchingRequests(ctx, cells.member)).items.map((i) => i.id)).not.toContain(requestId);
  });
});

describe("the offer view", () => {
  it("ranks OEMs for a supplier's offer by their presence and demand, for the poster and the secretariat only", async () => {
    const quiet = await createMemberOrg(db.prisma, { kind: "OEM", nameEn: "Wanzhou Coaches Test", markets: ["KZ"] }); // elsewhere, no requests
    const { id: offerId } = await sourcing.createRequest(
      ctx,
      battery.member,
      batteryRequest({ direction: "SUPPLIER_SEEKS_OEM", title: "LFP packs from Rayong, 30k a year", annualVolume: "30000", requiredCertifications: [], confidential: "" }),
    );
    const page = await sourcing.getRequest(ctx, battery.member, { requestId: offerId });
    expect(page.viewer.canSeeCandidates).toBe(true);
    const ranked = await sourcing.candidates(ctx, battery.member, { requestId: offerId });
    expect(ranked.kind).toBe("oems");
    // Changjiang posted battery requests for Thailand and Brazil above; suppliers and OEMs with no
    // presence or demand are not candidates.
    expect(ranked.items.map((c) => c.organizationId)).toEqual([oem.org.id]);
    expect(ranked.items.map((c) => c.organizationId)).not.toContain(quiet.org.id);
    const reasons = ranked.items[0]!.reasons;
    expect(reasons).toContainEqual({ kind: "oemMarkets", tone: "plus", params: { present: 2, total: 2 } });
    expect(reasons.find((r) => r.kind === "oemDemand")?.params).toMatchObject({ requests: expect.any(Number) });
    expect(ranked.items[0]!.score).toBeGreaterThan(50);

    expect((await sourcing.candidates(ctx, secretariat.actor, { requestId: offerId })).items).toHaveLength(1);
    await expect(sourcing.candidates(ctx, oem.member, { requestId: offerId })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sourcing.candidates(ctx, cells.admin, { requestId: offerId })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await sourcing.getRequest(ctx, oem.member, { requestId: offerId })).viewer.canSeeCandidates).toBe(false);
  });
});

describe("each supplier's best certificate per type, kept by the database", () => {
  const best = async (organizationId: string) =>
    (await loadProfile(db.prisma, organizationId))?.certifications.map((c) => [c.type, c.validTo.toISOString().slice(0, 10), c.label ?? null]);

  it("follows certificates added, changed and removed through the members domain, and matching sees it at once", async () => {
    const fitter = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Jiangjin Pack Fitters Test" });
    await sourcing.saveProfile(ctx, fitter.admin, { categories: ["BATTERY_EDRIVE"], businessTypes: ["OE_SUPPLY"], marketExperience: "TH:4", annualCapacity: "8000" });
    expect(await best(fitter.org.id)).toEqual([]);
    const { id: requestId } = await sourcing.createRequest(ctx, oem.member, batteryRequest({ title: "Pack fitters wanted", confidential: "" }));
    const candidateIds = async () => (await sourcing.candidates(ctx, oem.member, { requestId })).items.map((c) => c.organizationId);
    expect(await candidateIds()).not.toContain(fitter.org.id);

    const fields = { type: "IATF_16949", scope: "Pack assembly", issuer: "Fictional Cert Body", validFrom: day(-100) };
    const { certificationId: shortOne } = await members.addCertification(ctx, fitter.admin, { ...fields, organizationId: fitter.org.id, validTo: day(200) });
    expect(await best(fitter.org.id)).toEqual([["IATF_16949", day(200), null]]);
    expect(await candidateIds()).not.toContain(fitter.org.id); // expires before start of production

    const { certificationId: longOne } = await members.addCertification(ctx, fitter.admin, { ...fields, organizationId: fitter.org.id, validTo: day(900), label: "Plant 2" });
    await members.addCertification(ctx, fitter.admin, { ...fields, type: "ISO_14001", organizationId: fitter.org.id, validTo: day(700) });
    expect(await best(fitter.org.id)).toEqual([
      ["IATF_16949", day(900), "Plant 2"],
      ["ISO_14001", day(700), null],
    ]);
    expect(await candidateIds()).toContain(fitter.org.id);

    await members.updateCertification(ctx, fitter.admin, { ...fields, certificationId: longOne, validTo: day(300), label: "Plant 2" });
    expect((await best(fitter.org.id))?.[0]).toEqual(["IATF_16949", day(300), "Plant 2"]);
    expect(await candidateIds()).not.toContain(fitter.org.id);

    await members.removeCertification(ctx, fitter.admin, { certificationId: longOne });
    await members.removeCertification(ctx, fitter.admin, { certificationId: shortOne });
    expect(await best(fitter.org.id)).toEqual([["ISO_14001", day(700), null]]);
  });

  it("changes nothing when the certificate's transaction rolls back", async () => {
    const before = await best(battery.org.id);
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.certification.create({
          data: { organizationId: battery.org.id, type: "EU_WVTA", scope: "Packs", issuer: "Fictional Cert Body", validFrom: new Date(day(-1)), validTo: new Date(day(2000)) },
        });
        throw new Error("the audit failed");
      }),
    ).rejects.toThrow("the audit failed");
    expect(await best(battery.org.id)).toEqual(before);
    expect(before?.map(([type]) => type)).toEqual(["IATF_16949"]);
  });

  it("reads certificates held before the profile existed", async () => {
    const late = await createMemberOrg(db.prisma, { kind: "SUPPLIER", nameEn: "Tongliang Thermal Test" });
    await certify(late.org.id, "ISO_14001", 300);
    await certify(late.org.id, "ISO_14001", 600);
    await sourcing.saveProfile(ctx, late.admin, { categories: ["THERMAL_MANAGEMENT"], businessTypes: ["AFTERMARKET"], marketExperience: "BR:1", annualCapacity: "100" });
    expect(await best(late.org.id)).toEqual([["ISO_14001", day(600), null]]);
  });
});

describe("reputation", () => {
  it("counts answers both ways", async () => {
    const battery1 = await reputationOf(ctx, battery.org.id);
    expect(battery1.asProposer).toMatchObject({ total: 1, answered: 1, ratePercent: 100 });
    expect(battery1.asProposer.medianHours).not.toBeNull();
    const none = await reputationOf(ctx, lighting.org.id);
    expect(none.asProposer).toEqual({ total: 0, answered: 0, ratePercent: null, medianHours: null });
    const poster = await reputationOf(ctx, oem.org.id);
    // Every proposal the OEM received was answered: shortlisted, awarded or declined (the withdrawn one does not count).
    expect(poster.asPoster.total).toBe(3);
    expect(poster.asPoster.answered).toBe(3);
    expect(poster.asPoster.ratePercent).toBe(100);
    const page = await sourcing.getProfile(ctx, lighting.member, { organizationId: oem.org.id });
    expect(page.reputation.asPoster.ratePercent).toBe(100);
  });
});

describe("saved filters", () => {
  it("saves normalised filters, refuses bad ones, and only the owner deletes", async () => {
    const saved = await sourcing.saveFilter(ctx, battery.member, { name: "Battery for Thailand", query: "?category=BATTERY_EDRIVE&market=th&cursor=abc&junk=1" });
    expect(saved.query).toBe("category=BATTERY_EDRIVE&market=TH");
    const before = await db.prisma.savedSourcingFilter.count();
    await expect(sourcing.saveFilter(ctx, battery.member, { name: "Bad", query: "category=ROCKETS" })).rejects.toBeInstanceOf(ValidationError);
    await expect(sourcing.saveFilter(ctx, battery.member, { name: "", query: "" })).rejects.toBeInstanceOf(ValidationError);
    expect(await db.prisma.savedSourcingFilter.count()).toBe(before);
    expect((await sourcing.savedFilters(ctx, battery.member)).map((f) => f.name)).toEqual(["Battery for Thailand"]);
    expect(await sourcing.savedFilters(ctx, battery.admin)).toEqual([]);
    await expect(sourcing.deleteFilter(ctx, battery.admin, { filterId: saved.id })).rejects.toBeInstanceOf(ForbiddenError);
    await sourcing.deleteFilter(ctx, battery.member, { filterId: saved.id });
    expect(await sourcing.savedFilters(ctx, battery.member)).toEqual([]);
  });

  it("takes several categories and markets (any of them), in the list and in saved filters", async () => {
    const thermal = await sourcing.createRequest(
      ctx,
      oem.member,
      batteryRequest({ category: "THERMAL_MANAGEMENT", title: "Heat pump module", targetMarkets: ["MX"], confidential: "", requiredCertifications: [] }),
    );
    const chassis = await sourcing.createRequest(
      ctx,
      oem.member,
      batteryRequest({ category: "CHASSIS", title: "Subframes for Brazil", targetMarkets: ["BR"], confidential: "", requiredCertifications: [] }),
    );
    const ids = async (input: Record<string, unknown>) => (await sourcing.listRequests(ctx, lighting.member, { ...input, mine: "" })).items.map((i) => i.id);
    const both = await ids({ category: ["THERMAL_MANAGEMENT", "CHASSIS"] });
    expect(both).toEqual(expect.arrayContaining([thermal.id, chassis.id]));
    const page = await sourcing.listRequests(ctx, lighting.member, { category: "THERMAL_MANAGEMENT,CHASSIS" });
    expect(page.items.every((i) => i.category === "THERMAL_MANAGEMENT" || i.category === "CHASSIS")).toBe(true);
    expect(await ids({ category: ["THERMAL_MANAGEMENT", "CHASSIS"], market: "mx" })).toEqual([thermal.id]);
    expect(await ids({ category: ["THERMAL_MANAGEMENT", "CHASSIS"], market: ["MX", "BR"] })).toEqual([chassis.id, thermal.id]);
    const listErrors = await fieldErrors(sourcing.listRequests(ctx, lighting.member, { category: ["CHASSIS", "ROCKETS"], market: "BR, ZZ" }));
    expect(listErrors).toMatchObject({ category: "errors.invalidValue", market: "errors.unknownCountry" });

    const saved = await sourcing.saveFilter(ctx, lighting.member, {
      name: "Thermal and chassis, Americas",
      query: "category=CHASSIS&category=THERMAL_MANAGEMENT&category=CHASSIS&market=mx&market=BR",
    });
    // Taxonomy order for categories, markets as typed (upper-cased, once each): what the form sends.
    expect(saved.query).toBe("category=CHASSIS&category=THERMAL_MANAGEMENT&market=MX&market=BR");
    const before = await db.prisma.savedSourcingFilter.count();
    const errors = await fieldErrors(sourcing.saveFilter(ctx, lighting.member, { name: "Bad", query: "category=CHASSIS&category=ROCKETS" }));
    expect(errors.category).toBe("errors.invalidValue");
    expect(await db.prisma.savedSourcingFilter.count()).toBe(before);
    await expect(sourcing.deleteFilter(ctx, oem.member, { filterId: saved.id })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
