// Editing a sourcing request and one's own proposal through the real server, as forms post them.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemberOrg } from "../support/fixtures";
import { startTestPortal, type TestClient, type TestPortal } from "../support/server";
import { day } from "../support/dates";

let portal: TestPortal;
let oem: Awaited<ReturnType<typeof createMemberOrg>>;
let supplier: Awaited<ReturnType<typeof createMemberOrg>>;
let oemMember: TestClient;
let oemAdmin: TestClient;
let supplierMember: TestClient;
let rivalMember: TestClient;


const requestForm = (overrides: Record<string, string | string[]> = {}) => ({
  direction: "OEM_SEEKS_SUPPLIER",
  category: "THERMAL_MANAGEMENT",
  businessType: "OE_SUPPLY",
  title: "Heat pump modules for a mid-size NEV sedan",
  targetMarkets: "TH, MY",
  segments: ["NEV_PASSENGER"],
  annualVolume: "15000",
  requiredCertifications: [],
  startOfProduction: day(420),
  responseDeadline: day(35),
  description: "R744 heat pump modules for CKD assembly near Rayong.",
  confidential: "",
  publish: "on",
  ...overrides,
});

const proposalForm = (overrides: Record<string, string> = {}) => ({
  intent: "propose",
  message: "R744 modules from our Wuxi plant; Thai assembly partner in Chonburi.",
  priceMinMinor: "61000",
  priceMaxMinor: "68000",
  currency: "USD",
  leadTimeDays: "150",
  validUntil: day(90),
  ...overrides,
});

async function postRequest(overrides: Record<string, string | string[]> = {}) {
  const res = await oemMember.post("/sourcing/new", requestForm(overrides));
  expect(res.status).toBe(302);
  const id = res.location?.match(/\/sourcing\/([0-9a-f-]{36})/)?.[1];
  if (!id) throw new Error(`no request id in ${res.location}`);
  return id;
}

const stored = (id: string) => portal.prisma.sourcingRequest.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  portal = await startTestPortal();
  oem = await createMemberOrg(portal.prisma, { kind: "OEM", nameEn: "Jianghuai Motors Edit" });
  supplier = await createMemberOrg(portal.prisma, { kind: "SUPPLIER", nameEn: "Xinre Thermal Edit" });
  const rival = await createMemberOrg(portal.prisma, { kind: "SUPPLIER", nameEn: "Lengyuan Climate Edit" });
  oemMember = portal.client();
  await oemMember.signIn(oem.memberUser.email);
  oemAdmin = portal.client();
  await oemAdmin.signIn(oem.adminUser.email);
  supplierMember = portal.client();
  await supplierMember.signIn(supplier.memberUser.email);
  rivalMember = portal.client();
  await rivalMember.signIn(rival.memberUser.email);
});
afterAll(async () => {
  await portal?.stop();
});

describe("editing a sourcing request", () => {
  it("lets the poster's members edit through the prefilled form; the change shows on the request page", async () => {
    const id = await postRequest();
    const page = await oemMember.get(`/sourcing/${id}`);
    expect(page.text).toContain(`href="/sourcing/${id}/edit"`);
    const form = await oemMember.get(`/sourcing/${id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain("Edit the sourcing request");
    expect(form.text).toContain('value="Heat pump modules for a mid-size NEV sedan"');
    expect(form.text).toContain('value="TH, MY"');
    const zh = await oemMember.get(`/sourcing/${id}/edit`, { "accept-language": "zh-CN" });
    expect(zh.text).toContain("修改采购需求");

    const saved = await oemMember.post(`/sourcing/${id}/edit`, requestForm({ title: "Heat pump modules, revised volume", annualVolume: "18000", targetMarkets: "TH, MY, ID" }));
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/sourcing/${id}?notice=updated`);
    const after = await oemMember.get(`/sourcing/${id}`);
    expect(after.text).toContain("Heat pump modules, revised volume");
    expect(after.text).toContain("18,000");
    const row = await stored(id);
    expect(row.annualVolume).toBe(18000);
    expect(row.targetMarkets).toEqual(["TH", "MY", "ID"]);
  });

  it("gives another organisation 403 on the form and the post, and changes nothing; an unknown request is 404", async () => {
    const id = await postRequest({ title: "Battery chillers for Malaysia" });
    const before = await stored(id);
    expect((await rivalMember.get(`/sourcing/${id}`)).text).not.toContain(`/sourcing/${id}/edit`);
    expect((await rivalMember.get(`/sourcing/${id}/edit`)).status).toBe(403);
    expect((await rivalMember.post(`/sourcing/${id}/edit`, requestForm({ title: "Taken over" }))).status).toBe(403);
    expect(await stored(id)).toEqual(before);
    expect((await oemMember.get(`/sourcing/${randomUUID()}/edit`)).status).toBe(404);
  });

  it("answers bad input with 400, the field error and the typed values, and changes nothing", async () => {
    const id = await postRequest({ title: "Cabin HVAC units" });
    const before = await stored(id);
    const bad = await oemMember.post(`/sourcing/${id}/edit`, requestForm({ title: "Cabin HVAC units, typed", annualVolume: "0" }));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Enter a number greater than zero.");
    expect(bad.text).toContain("Cabin HVAC units, typed");
    const past = await oemMember.post(`/sourcing/${id}/edit`, requestForm({ responseDeadline: day(-3) }));
    expect(past.status).toBe(400);
    expect(past.text).toContain("The response deadline must be today or later.");
    expect(await stored(id)).toEqual(before);
  });

  it("offers no edit once the request is cancelled", async () => {
    const id = await postRequest({ title: "Thermal modules to cancel" });
    expect((await oemAdmin.post(`/sourcing/${id}`, { intent: "cancel" })).status).toBe(302);
    expect((await oemMember.get(`/sourcing/${id}`)).text).not.toContain(`/sourcing/${id}/edit`);
    expect((await oemMember.get(`/sourcing/${id}/edit`)).status).toBe(409);
    const late = await oemMember.post(`/sourcing/${id}/edit`, requestForm({ title: "Too late" }));
    expect(late.status).toBe(409);
    expect((await stored(id)).title).toBe("Thermal modules to cancel");
  });
});

describe("editing one's own proposal", () => {
  it("lets the proposer's members change an undecided proposal; others get 403; bad input 400; nothing changes on failure", async () => {
    const id = await postRequest({ title: "Heat pump modules for proposals" });
    expect((await supplierMember.post(`/sourcing/${id}`, proposalForm())).status).toBe(302);
    const proposal = await portal.prisma.proposal.findFirstOrThrow({ where: { requestId: id, organizationId: supplier.org.id } });

    const mine = await supplierMember.get(`/sourcing/${id}`);
    expect(mine.text).toContain('value="updateProposal"');
    expect(mine.text).toContain('value="61000"');
    expect(mine.text).toContain("Change your proposal");
    expect((await oemAdmin.get(`/sourcing/${id}`)).text).not.toContain('value="updateProposal"');

    const edit = (client: TestClient, overrides: Record<string, string> = {}) =>
      client.post(`/sourcing/${id}`, proposalForm({ intent: "updateProposal", proposalId: proposal.id, priceMinMinor: "59000", priceMaxMinor: "64000", ...overrides }));

    expect((await edit(rivalMember)).status).toBe(403);
    expect((await edit(oemAdmin)).status).toBe(403);
    const bad = await edit(supplierMember, { currency: "XYZ" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Enter an ISO 4217 currency code");
    expect(await portal.prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toEqual(proposal);

    const saved = await edit(supplierMember);
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/sourcing/${id}?notice=proposalUpdated`);
    const after = await portal.prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect([after.priceMinMinor, after.priceMaxMinor]).toEqual([59000, 64000]);
    expect((await supplierMember.get(`/sourcing/${id}`)).text).toContain("$590.00");

    // Once shortlisted the poster has looked at it: no more edits.
    expect((await oemAdmin.post(`/sourcing/${id}`, { intent: "shortlist", proposalId: proposal.id })).status).toBe(302);
    expect((await supplierMember.get(`/sourcing/${id}`)).text).not.toContain('value="updateProposal"');
    expect((await edit(supplierMember, { priceMinMinor: "1000" })).status).toBe(409);
  });
});
