// Sourcing pages through the real server: forms posted as a browser without JavaScript posts them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemberOrg } from "../support/fixtures";
import { startTestPortal, type TestClient, type TestPortal } from "../support/server";
import { day } from "../support/dates";

let portal: TestPortal;
let oem: Awaited<ReturnType<typeof createMemberOrg>>;
let supplier: Awaited<ReturnType<typeof createMemberOrg>>;
let rival: Awaited<ReturnType<typeof createMemberOrg>>;
let oemAdmin: TestClient;
let oemMember: TestClient;
let supplierAdmin: TestClient;
let rivalMember: TestClient;


const requestForm = (overrides: Record<string, string | string[]> = {}) => ({
  direction: "OEM_SEEKS_SUPPLIER",
  category: "BATTERY_EDRIVE",
  businessType: "OE_SUPPLY",
  title: "LFP battery pack for a compact NEV SUV",
  targetMarkets: "TH, BR",
  segments: ["NEV_PASSENGER"],
  annualVolume: "20000",
  requiredCertifications: ["IATF_16949"],
  startOfProduction: day(400),
  responseDeadline: day(30),
  description: "60 kWh LFP pack for CKD assembly in Rayong and Camaçari.",
  confidential: "on",
  publish: "on",
  ...overrides,
});

const proposalForm = (overrides: Record<string, string> = {}) => ({
  intent: "propose",
  message: "LFP packs localised in Rayong; two ASEAN references.",
  priceMinMinor: "420000",
  priceMaxMinor: "455000",
  currency: "USD",
  leadTimeDays: "120",
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

beforeAll(async () => {
  portal = await startTestPortal();
  oem = await createMemberOrg(portal.prisma, { kind: "OEM", nameEn: "Changjiang Auto HTTP" });
  supplier = await createMemberOrg(portal.prisma, { kind: "SUPPLIER", nameEn: "Bayu Battery HTTP" });
  rival = await createMemberOrg(portal.prisma, { kind: "SUPPLIER", nameEn: "Fuling Cells HTTP" });
  for (const org of [supplier, rival]) {
    await portal.prisma.certification.create({
      data: { organizationId: org.org.id, type: "IATF_16949", scope: "Battery packs", issuer: "Fictional Cert Body", validFrom: new Date("2024-01-01"), validTo: new Date(day(1500)) },
    });
  }
  oemAdmin = portal.client();
  await oemAdmin.signIn(oem.adminUser.email);
  oemMember = portal.client();
  await oemMember.signIn(oem.memberUser.email);
  supplierAdmin = portal.client();
  await supplierAdmin.signIn(supplier.adminUser.email);
  rivalMember = portal.client();
  await rivalMember.signIn(rival.memberUser.email);
});
afterAll(async () => {
  await portal?.stop();
});

describe("posting and browsing", () => {
  it("answers bad input with 400, field errors and the typed values, and creates nothing", async () => {
    const before = await portal.prisma.sourcingRequest.count();
    const res = await oemMember.post("/sourcing/new", requestForm({ targetMarkets: "TH, ZZ", annualVolume: "0", title: "Rayong pack programme" }));
    expect(res.status).toBe(400);
    expect(res.text).toContain("Unknown country code");
    expect(res.text).toContain("Enter a number greater than zero.");
    expect(res.text).toContain("Rayong pack programme");
    const past = await oemMember.post("/sourcing/new", requestForm({ responseDeadline: day(-2) }));
    expect(past.status).toBe(400);
    expect(past.text).toContain("The response deadline must be today or later.");
    expect(await portal.prisma.sourcingRequest.count()).toBe(before);
  });

  it("lists with filters from the query string; confidential requests show a summary to others", async () => {
    const id = await postRequest();
    const open = await postRequest({ confidential: "", title: "Aluminium wheel rims for Brazil", category: "TYRES_WHEELS", targetMarkets: "BR", requiredCertifications: [] });
    const seenByRival = await rivalMember.get("/sourcing?category=BATTERY_EDRIVE&market=TH");
    expect(seenByRival.status).toBe(200);
    expect(seenByRival.text).toContain("Confidential request: Battery and e-drive");
    expect(seenByRival.text).not.toContain("LFP battery pack");
    expect(seenByRival.text).not.toContain("Aluminium wheel rims");
    const search = await rivalMember.get("/sourcing?q=wheel+rims");
    expect(search.text).toContain("Aluminium wheel rims for Brazil");
    expect(search.text).not.toContain(id);
    const detail = await rivalMember.get(`/sourcing/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain("You see a summary until the poster grants your organisation access.");
    expect(detail.text).toContain("10,000–100,000 a year");
    expect(detail.text).not.toContain("Camaçari");
    const zh = await rivalMember.get(`/sourcing/${open}`, { "accept-language": "zh-CN" });
    expect(zh.status).toBe(200);
    const bad = await rivalMember.get("/sourcing?category=ROCKETS");
    expect(bad.status).toBe(400);
  });
});

describe("deciding", () => {
  it("runs grant, propose, shortlist and award through the forms; others get 403 and nothing changes", async () => {
    const id = await postRequest({ title: "Second LFP pack" });
    // A supplier without access cannot propose.
    expect((await supplierAdmin.post(`/sourcing/${id}`, proposalForm())).status).toBe(403);
    // Only the poster's admins grant access.
    expect((await oemMember.post(`/sourcing/${id}`, { intent: "grant", organizationId: supplier.org.id })).status).toBe(403);
    expect((await rivalMember.post(`/sourcing/${id}`, { intent: "grant", organizationId: rival.org.id })).status).toBe(403);
    expect(await portal.prisma.sourcingAccessGrant.count({ where: { requestId: id } })).toBe(0);
    for (const org of [supplier, rival]) {
      const granted = await oemAdmin.post(`/sourcing/${id}`, { intent: "grant", organizationId: org.org.id });
      expect(granted.status).toBe(302);
    }

    // Bad proposal: 400 and nothing stored.
    const bad = await supplierAdmin.post(`/sourcing/${id}`, proposalForm({ currency: "XYZ" }));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Enter an ISO 4217 currency code");
    const range = await supplierAdmin.post(`/sourcing/${id}`, proposalForm({ priceMinMinor: "9", priceMaxMinor: "1" }));
    expect(range.status).toBe(400);
    expect(range.text).toContain("The highest price must not be below the lowest.");
    expect(await portal.prisma.proposal.count({ where: { requestId: id } })).toBe(0);

    expect((await supplierAdmin.post(`/sourcing/${id}`, proposalForm())).status).toBe(302);
    expect((await rivalMember.post(`/sourcing/${id}`, proposalForm({ priceMinMinor: "399000", priceMaxMinor: "401000" }))).status).toBe(302);
    const proposals = await portal.prisma.proposal.findMany({ where: { requestId: id } });
    const ours = proposals.find((p) => p.organizationId === supplier.org.id)!;
    const theirs = proposals.find((p) => p.organizationId === rival.org.id)!;

    // A competitor never sees another's price.
    const supplierView = await supplierAdmin.get(`/sourcing/${id}`);
    expect(supplierView.text).toContain("$4,200.00");
    expect(supplierView.text).not.toContain("$3,990.00");
    const posterView = await oemMember.get(`/sourcing/${id}`);
    expect(posterView.text).toContain("$3,990.00");
    expect(posterView.text).toContain("Candidate suppliers");
    expect(posterView.text).toContain("No supplier meets the hard requirements yet.");

    // The rival cannot withdraw ours; the poster's member cannot decide.
    expect((await rivalMember.post(`/sourcing/${id}`, { intent: "withdraw", proposalId: ours.id })).status).toBe(403);
    expect((await oemMember.post(`/sourcing/${id}`, { intent: "shortlist", proposalId: ours.id })).status).toBe(403);
    expect((await portal.prisma.proposal.findUniqueOrThrow({ where: { id: ours.id } })).status).toBe("SUBMITTED");

    expect((await oemAdmin.post(`/sourcing/${id}`, { intent: "shortlist", proposalId: ours.id })).status).toBe(302);
    const shortlisted = await supplierAdmin.get(`/sourcing/${id}`);
    expect(shortlisted.text).toContain(`/messages/deal/proposal/${ours.id}`);
    const declineWithoutReason = await oemAdmin.post(`/sourcing/${id}`, { intent: "decline", proposalId: theirs.id, reason: "" });
    expect(declineWithoutReason.status).toBe(400);
    expect((await oemAdmin.post(`/sourcing/${id}`, { intent: "accept", proposalId: ours.id })).status).toBe(302);

    const rivalView = await rivalMember.get(`/sourcing/${id}`);
    expect(rivalView.text).toContain('data-status="AWARDED"');
    expect(rivalView.text).toContain('data-status="DECLINED"');
  });

  it("keeps the capability profile editor to admins and shows the reverse view", async () => {
    const form = { categories: ["BATTERY_EDRIVE"], businessTypes: ["OE_SUPPLY"], segments: ["NEV_PASSENGER"], marketExperience: "TH:6, BR:2", annualCapacity: "30000", referenceCustomers: "" };
    expect((await rivalMember.post("/sourcing/profile", form)).status).toBe(403);
    const bad = await supplierAdmin.post("/sourcing/profile", { ...form, annualCapacity: "-1", marketExperience: "Mars:3" });
    expect(bad.status).toBe(400);
    expect(await portal.prisma.supplierCapability.count()).toBe(0);
    expect((await supplierAdmin.post("/sourcing/profile", form)).status).toBe(302);
    await postRequest({ title: "Third pack", confidential: "" });
    const matches = await supplierAdmin.get("/sourcing/matches");
    expect(matches.status).toBe(200);
    expect(matches.text).toContain("Third pack");
    expect(matches.text).toContain("Serves 2 of 2 target markets");
    const oemProfile = await rivalMember.get(`/sourcing/profile?org=${oem.org.id}`);
    expect(oemProfile.status).toBe(200);
    expect(oemProfile.text).toContain("As a poster: answers to proposals");
    expect(oemProfile.text).toContain("100% answered (2 of 2)");
    expect((await rivalMember.get("/sourcing/profile?org=not-an-id")).status).toBe(404);
  });
});

describe("the offer view", () => {
  it("shows the poster of a supplier's offer the OEMs that might want it, in both languages; others do not see them", async () => {
    const res = await supplierAdmin.post(
      "/sourcing/new",
      requestForm({ direction: "SUPPLIER_SEEKS_OEM", title: "LFP packs from Rayong", requiredCertifications: [], confidential: "", annualVolume: "30000" }),
    );
    expect(res.status).toBe(302);
    const offerPath = res.location!;
    const page = await supplierAdmin.get(offerPath);
    expect(page.status).toBe(200);
    expect(page.text).toContain("OEMs that might want this offer");
    expect(page.text).toContain("Changjiang Auto HTTP");
    expect(page.text).toContain(`href="/directory/${oem.org.id}"`);
    expect(page.text).toContain("Present in 2 of 2 of the offer");
    expect(page.text).toMatch(/\d+ requests in this category \(\d+ open now\)/);
    const zh = await supplierAdmin.get(offerPath, { "Accept-Language": "zh-CN" });
    expect(zh.text).toContain("可能需要此供货意向的主机厂");
    expect(zh.text).toContain("在供货意向的 2 个市场中的 2 个开展业务");
    const other = await rivalMember.get(offerPath);
    expect(other.status).toBe(200);
    expect(other.text).not.toContain("OEMs that might want this offer");
  });
});

describe("saved filters", () => {
  it("saves the page's filters from the form and deletes them; another member gets 403", async () => {
    const saved = await rivalMember.post("/sourcing?index&category=BATTERY_EDRIVE", { intent: "saveFilter", name: "Packs", query: "category=BATTERY_EDRIVE&market=BR" });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe("/sourcing?category=BATTERY_EDRIVE&market=BR&notice=filterSaved");
    const page = await rivalMember.get(saved.location!);
    expect(page.text).toContain("The filters were saved.");
    expect(page.text).toContain('href="/sourcing?category=BATTERY_EDRIVE&amp;market=BR"');
    const bad = await rivalMember.post("/sourcing?index", { intent: "saveFilter", name: "", query: "" });
    expect(bad.status).toBe(400);
    const filter = await portal.prisma.savedSourcingFilter.findFirstOrThrow({ where: { userId: rival.memberUser.id } });
    expect((await supplierAdmin.post("/sourcing?index", { intent: "deleteFilter", filterId: filter.id })).status).toBe(403);
    expect((await rivalMember.post("/sourcing?index", { intent: "deleteFilter", filterId: filter.id })).status).toBe(302);
    expect(await portal.prisma.savedSourcingFilter.count()).toBe(0);
  });

  it("filters by several categories and markets from the form, and saves them as one filter", async () => {
    await postRequest({ category: "CHASSIS", title: "Subframes for Mexico", targetMarkets: "MX", confidential: "" });
    const page = await rivalMember.get("/sourcing?category=CHASSIS&category=BATTERY_EDRIVE&market=MX%2C+br");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Subframes for Mexico");
    expect(page.text).toMatch(/checked="" value="CHASSIS"/);
    expect(page.text).toMatch(/checked="" value="BATTERY_EDRIVE"/);
    expect(page.text).not.toMatch(/checked="" value="INTERIOR"/);
    expect(page.text).toContain('name="query" value="category=CHASSIS&amp;category=BATTERY_EDRIVE&amp;market=MX%2C+br"');
    const saved = await rivalMember.post("/sourcing?index", { intent: "saveFilter", name: "Chassis and packs, Americas", query: "category=CHASSIS&category=BATTERY_EDRIVE&market=MX, br" });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe("/sourcing?category=BATTERY_EDRIVE&category=CHASSIS&market=MX&market=BR&notice=filterSaved");
    const zh = await rivalMember.get("/sourcing?category=ROCKETS", { "Accept-Language": "zh-CN" });
    expect(zh.status).toBe(400);
    expect(zh.text).toContain("零部件类别（符合任一即可；不勾选为全部）");
    const other = await portal.prisma.savedSourcingFilter.findFirstOrThrow({ where: { userId: rival.memberUser.id } });
    expect((await oemMember.post("/sourcing?index", { intent: "deleteFilter", filterId: other.id })).status).toBe(403);
  });
});
