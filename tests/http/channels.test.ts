// Channel pages through the real server: forms as a browser without JavaScript posts them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemberOrg, createSecretariat } from "../support/fixtures";
import { startTestPortal, type TestClient, type TestPortal } from "../support/server";
import { day } from "../support/dates";

let portal: TestPortal;
let oem: Awaited<ReturnType<typeof createMemberOrg>>;
let supplier: Awaited<ReturnType<typeof createMemberOrg>>;
let outsider: Awaited<ReturnType<typeof createMemberOrg>>;
let owner: TestClient;
let requester: TestClient;


const channelForm = (overrides: Record<string, string | string[]> = {}) => ({
  intent: "publish",
  kind: "SERVICE",
  name: "Almaty after-sales network",
  country: "KZ",
  city: "Almaty",
  localPartner: "Steppe Motors Service LLP",
  segments: ["ICE_PASSENGER", "NEV_PASSENGER"],
  capacityPerPeriod: "100",
  validFrom: day(0),
  validTo: day(200),
  terms: "Standard labour rate; the requester supplies parts.",
  contactName: "Zhou Min",
  contactEmail: "service-kz@changjiang-auto.example",
  contactPhone: "+7 727 000 0000",
  ...overrides,
});

async function publish(overrides: Record<string, string | string[]> = {}) {
  const res = await owner.post("/channels/new", channelForm(overrides));
  expect(res.status).toBe(302);
  const id = res.location?.match(/\/channels\/([0-9a-f-]{36})/)?.[1];
  if (!id) throw new Error(`no channel id in ${res.location}`);
  const period = await portal.prisma.channelPeriod.findFirstOrThrow({ where: { channelId: id }, orderBy: { startsOn: "asc" } });
  return { id, period };
}

beforeAll(async () => {
  portal = await startTestPortal();
  oem = await createMemberOrg(portal.prisma, { kind: "OEM", nameEn: "Changjiang Auto HTTP" });
  supplier = await createMemberOrg(portal.prisma, { kind: "SUPPLIER", nameEn: "Jialing Brakes HTTP" });
  outsider = await createMemberOrg(portal.prisma, { kind: "SUPPLIER", nameEn: "Yuzhong Lighting HTTP" });
  owner = portal.client();
  await owner.signIn(oem.adminUser.email);
  requester = portal.client();
  await requester.signIn(supplier.memberUser.email);
});
afterAll(async () => {
  await portal?.stop();
});

describe("publishing", () => {
  it("shows the form to publisher admins only", async () => {
    expect((await owner.get("/channels/new")).status).toBe(200);
    const supplierAdmin = portal.client();
    await supplierAdmin.signIn(supplier.adminUser.email);
    expect((await supplierAdmin.get("/channels/new")).status).toBe(403);
    expect((await requester.get("/channels/new")).status).toBe(403);
    const before = await portal.prisma.channel.count();
    expect((await supplierAdmin.post("/channels/new", channelForm())).status).toBe(403);
    expect(await portal.prisma.channel.count()).toBe(before);
  });

  it("answers bad input with 400, field errors and the typed values, and creates nothing", async () => {
    const before = await portal.prisma.channel.count();
    const res = await owner.post("/channels/new", channelForm({ country: "XX", capacityPerPeriod: "-4", name: "Kazakh network ".repeat(20) }));
    expect(res.status).toBe(400);
    expect(res.text).toContain("Unknown country code");
    expect(res.text).toContain("Enter a number greater than zero.");
    expect(res.text).toContain("This is too long.");
    expect(res.text).toContain("Steppe Motors Service LLP");
    expect(await portal.prisma.channel.count()).toBe(before);
  });

  it("publishes, and redirects to the channel with a notice", async () => {
    const { id } = await publish();
    const page = await owner.get(`/channels/${id}?notice=published`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("The channel is published.");
    expect(page.text).toContain("Almaty after-sales network");
    expect((await portal.prisma.channel.findUniqueOrThrow({ where: { id } })).region).toBe("ASIA");
  });
});

describe("requesting and deciding", () => {
  it("runs the journey: request 20, approve 15, free capacity drops for both sides", async () => {
    const { id, period } = await publish();
    const view = await requester.get(`/channels/${id}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain("Request a share");

    const sent = await requester.post(`/channels/${id}`, { intent: "request", periodId: period.id, units: "20", message: "20 NEV taxis for brake service" });
    expect(sent.status).toBe(302);
    expect(sent.location).toContain("notice=requested");
    const request = await portal.prisma.capacityRequest.findFirstOrThrow({ where: { channelId: id } });
    expect(request).toMatchObject({ units: 20, status: "PENDING", requestingOrganizationId: supplier.org.id });

    const approved = await owner.post(`/channels/${id}`, { intent: "approve", requestId: request.id, approvedUnits: "15" });
    expect(approved.status).toBe(302);
    expect((await portal.prisma.channelPeriod.findUniqueOrThrow({ where: { id: period.id } })).approvedUnits).toBe(15);
    for (const client of [owner, requester]) {
      const page = await client.get(`/channels/${id}`);
      expect(page.text).toMatch(/<strong>85<\/strong>/);
    }

    const detail = await requester.get(`/channels/requests/${request.id}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain("Request made");
    expect(detail.text).toContain("15 of 20 units");
    expect(detail.text).toContain(`/messages/deal/capacity-request/${request.id}`);

    const mine = await requester.get("/channels/mine");
    expect(mine.status).toBe(200);
    expect(mine.text).toContain("Almaty after-sales network");
  });

  it("gives field errors for bad units and unknown periods, changing nothing", async () => {
    const { id, period } = await publish();
    const before = await portal.prisma.capacityRequest.count();
    const fractional = await requester.post(`/channels/${id}`, { intent: "request", periodId: period.id, units: "1.5" });
    expect(fractional.status).toBe(400);
    expect(fractional.text).toContain("Enter a whole number, like 20.");
    expect((await requester.post(`/channels/${id}`, { intent: "request", periodId: period.id, units: "-2" })).status).toBe(400);
    const stranger = await requester.post(`/channels/${id}`, { intent: "request", periodId: "6b1c7a52-2222-4000-8000-000000000000", units: "2" });
    expect(stranger.status).toBe(400);
    expect(stranger.text).toContain("Choose one of the channel");
    const tooLong = await requester.post(`/channels/${id}`, { intent: "request", periodId: period.id, units: "2", message: "x".repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(await portal.prisma.capacityRequest.count()).toBe(before);
  });

  it("refuses own-channel requests, foreign decisions and foreign request pages (403); unknown ids 404", async () => {
    const { id, period } = await publish();
    expect((await owner.post(`/channels/${id}`, { intent: "request", periodId: period.id, units: "1" })).status).toBe(403);
    await requester.post(`/channels/${id}`, { intent: "request", periodId: period.id, units: "3" });
    const request = await portal.prisma.capacityRequest.findFirstOrThrow({ where: { channelId: id } });

    const other = portal.client();
    await other.signIn(outsider.adminUser.email);
    expect((await other.get(`/channels/requests/${request.id}`)).status).toBe(403);
    expect((await other.post(`/channels/${id}`, { intent: "approve", requestId: request.id })).status).toBe(403);
    expect((await requester.post(`/channels/${id}`, { intent: "approve", requestId: request.id })).status).toBe(403);
    expect((await other.get(`/channels/${id}/edit`)).status).toBe(403);
    expect((await portal.prisma.capacityRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("PENDING");

    const secretariat = await createSecretariat(portal.prisma);
    const desk = portal.client();
    await desk.signIn(secretariat.user.email);
    expect((await desk.get(`/channels/requests/${request.id}`)).status).toBe(200);

    expect((await requester.get("/channels/0f0e0d0c-3333-4000-8000-000000000000")).status).toBe(404);
    expect((await requester.get("/channels/not-a-channel")).status).toBe(404);
    expect((await requester.get("/channels/requests/0f0e0d0c-3333-4000-8000-000000000000")).status).toBe(404);
  });

  it("refuses a capacity cut below the approved units with a clear message; withdrawal releases units", async () => {
    const { id, period } = await publish({ capacityPerPeriod: "10" });
    await requester.post(`/channels/${id}`, { intent: "request", periodId: period.id, units: "8" });
    const request = await portal.prisma.capacityRequest.findFirstOrThrow({ where: { channelId: id } });
    await owner.post(`/channels/${id}`, { intent: "approve", requestId: request.id, approvedUnits: "" });

    const cut = await owner.post(`/channels/${id}`, { intent: "capacity", periodId: period.id, capacity: "5" });
    expect(cut.status).toBe(400);
    expect(cut.text).toContain("More units are already approved than this capacity.");
    expect((await portal.prisma.channelPeriod.findUniqueOrThrow({ where: { id: period.id } })).capacity).toBe(10);

    const edit = await owner.get(`/channels/${id}/edit`);
    expect(edit.status).toBe(200);
    const editCut = await owner.post(`/channels/${id}/edit`, { ...channelForm(), capacityPerPeriod: "4" });
    expect(editCut.status).toBe(400);

    const withdrawn = await requester.post(`/channels/requests/${request.id}`, { intent: "withdraw" });
    expect(withdrawn.status).toBe(302);
    expect((await portal.prisma.channelPeriod.findUniqueOrThrow({ where: { id: period.id } })).approvedUnits).toBe(0);
    const again = await requester.post(`/channels/requests/${request.id}`, { intent: "withdraw" });
    expect(again.status).toBe(409);
    expect(again.text).toContain("This request is no longer open.");
  });

  it("confirms a stale listing in one click and speaks Chinese", async () => {
    const { id } = await publish();
    await portal.prisma.channel.update({ where: { id }, data: { lastConfirmedAt: new Date(Date.now() - 100 * 86_400_000) } });
    const stale = await owner.get(`/channels/${id}`, { "accept-language": "zh-CN" });
    expect(stale.text).toContain("待更新");
    const confirmed = await owner.post(`/channels/${id}`, { intent: "confirm" });
    expect(confirmed.status).toBe(302);
    const fresh = (await portal.prisma.channel.findUniqueOrThrow({ where: { id } })).lastConfirmedAt!;
    expect(Date.now() - fresh.getTime()).toBeLessThan(60_000);
  });
});
