// The bell and /notifications through the real server, as a browser without JavaScript uses them:
// the count in the shell, sentences in both languages with links, mark one / all read with forms;
// another user's notification is "not found" and bad input is a 400, and neither changes anything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceChannelInput } from "../domain/channels.fixtures";
import { createMemberOrg } from "../support/fixtures";
import { startTestPortal, type TestClient, type TestPortal } from "../support/server";

let portal: TestPortal;
let oem: Awaited<ReturnType<typeof createMemberOrg>>;
let supplier: Awaited<ReturnType<typeof createMemberOrg>>;
let owner: TestClient;
let requester: TestClient;
let requestId: string;

beforeAll(async () => {
  portal = await startTestPortal();
  oem = await createMemberOrg(portal.prisma, { kind: "OEM", nameEn: "Changjiang Auto Bell", nameZh: "长江汽车铃铛" });
  supplier = await createMemberOrg(portal.prisma, { kind: "SUPPLIER", nameEn: "Jialing Brakes Bell", nameZh: "嘉陵制动铃铛" });
  owner = portal.client();
  await owner.signIn(oem.adminUser.email);
  requester = portal.client();
  await requester.signIn(supplier.adminUser.email);
  const { id: channelId } = await portal.services.channels.createChannel(oem.admin, serviceChannelInput({ name: "Almaty after-sales network" }));
  const page = await portal.services.channels.getChannel(oem.admin, { channelId });
  ({ id: requestId } = await portal.services.channels.requestCapacity(supplier.admin, { channelId, periodId: page.periods[0]?.id, units: "20" }));
  await portal.services.channels.approveRequest(oem.admin, { requestId, approvedUnits: "15" });
});
afterAll(async () => {
  await portal?.stop();
});

const unreadOf = (userId: string) => portal.prisma.notification.count({ where: { userId, readAt: null } });
const bellCount = (html: string) => Number(html.match(/data-unread="(\d+)"/)?.[1] ?? "NaN");

describe("the bell", () => {
  it("shows the unread count in the shell of every page, and no bell when signed out", async () => {
    expect(bellCount((await owner.get("/channels")).text)).toBe(1);
    expect(bellCount((await requester.get("/")).text)).toBe(1);
    const anonymous = await portal.client().get("/");
    expect(anonymous.text).not.toContain("data-unread");
  });
});

describe("the list", () => {
  it("sends a signed-out visitor to sign in", async () => {
    const res = await portal.client().get("/notifications");
    expect(res.status).toBe(302);
    expect(res.location).toContain("/login");
  });

  it("renders each notification as a sentence with a link to the request, in English and Chinese", async () => {
    const en = await owner.get("/notifications", { "accept-language": "en" });
    expect(en.status).toBe(200);
    expect(en.text).toContain("Jialing Brakes Bell requested 20 units on your channel Almaty after-sales network.");
    expect(en.text).toContain(`href="/channels/requests/${requestId}"`);

    const decided = await requester.get("/notifications", { "accept-language": "zh-CN" });
    expect(decided.status).toBe(200);
    expect(decided.text).toContain("您在“Almaty after-sales network”上的申请已获批准：批准 15 / 申请 20 个单位。");
    expect(decided.text).toContain(`href="/channels/requests/${requestId}"`);
  });

  it("refuses a cursor it did not make with 400", async () => {
    expect((await owner.get("/notifications?cursor=bm9wZQ")).status).toBe(400);
  });
});

describe("marking read", () => {
  it("refuses another user's notification with 404 and bad input with 400, changing nothing", async () => {
    const theirs = await portal.prisma.notification.findFirstOrThrow({ where: { userId: oem.adminUser.id } });
    const before = await unreadOf(oem.adminUser.id);
    expect((await requester.post("/notifications", { intent: "read", id: theirs.id })).status).toBe(404);
    expect((await requester.post("/notifications", { intent: "read", id: "not-a-notification" })).status).toBe(400);
    expect((await requester.post("/notifications", { intent: "read" })).status).toBe(400);
    expect((await requester.post("/notifications", { intent: "delete-everything" })).status).toBe(400);
    expect(await unreadOf(oem.adminUser.id)).toBe(before);
    expect(await unreadOf(supplier.adminUser.id)).toBe(1);
  });

  it("marks one of one's own read with a plain form, and the bell drops", async () => {
    const mine = await portal.prisma.notification.findFirstOrThrow({ where: { userId: oem.adminUser.id, readAt: null } });
    const res = await owner.post("/notifications", { intent: "read", id: mine.id });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/notifications?notice=read");
    expect((await portal.prisma.notification.findUniqueOrThrow({ where: { id: mine.id } })).readAt).not.toBeNull();
    const page = await owner.get("/notifications?notice=read");
    expect(bellCount(page.text)).toBe(0);
    expect(page.text).toContain("Marked as read.");
  });

  it("marks all of one's own read and nobody else's", async () => {
    await portal.prisma.notification.create({ data: { userId: supplier.adminUser.id, kind: "capacity_request.offered", data: { channelName: "Almaty", units: 3 } } });
    await portal.prisma.notification.create({ data: { userId: oem.memberUser.id, kind: "capacity_request.offered", data: {} } });
    expect(await unreadOf(supplier.adminUser.id)).toBe(2);
    const res = await requester.post("/notifications?unread=1", { intent: "read-all" });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/notifications?unread=1&notice=allRead");
    expect(await unreadOf(supplier.adminUser.id)).toBe(0);
    expect(await unreadOf(oem.memberUser.id)).toBe(1);
    const page = await requester.get("/notifications?unread=1", { "accept-language": "zh-CN" });
    expect(page.text).toContain("没有未读通知。");
  });
});
