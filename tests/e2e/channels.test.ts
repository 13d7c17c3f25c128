// The shared-channel journey in a real browser (issue 3), in Simplified Chinese: an OEM admin
// publishes a SERVICE channel in Kazakhstan; a supplier admin, in a second browser context, asks for
// 20 units; the OEM hears of it through the bell (live, without reloading), approves 15; both see the
// free capacity drop by 15, the map lists Kazakhstan, and the supplier sees the decision in its
// notifications. Labels and buttons are found by their translated text.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countryName } from "../../app/i18n/countries";
import { createOrganization, createUser } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";
import { launchBrowser, openPage, pageProblems, screenshot, type LocalePage, signIn } from "./support/browser";
import { day } from "../support/dates";

let portal: TestPortal;
let browser: Browser;
let oem: LocalePage;
let supplier: LocalePage;
let channelPath: string;

const OEM_ADMIN = "zhou.min@changjiang-auto.example";
const SUPPLIER_ADMIN = "tang.wenjing@jialing-brakes.example";
const CHANNEL = "阿拉木图售后服务网络";

beforeAll(async () => {
  portal = await startTestPortal();
  browser = await launchBrowser();
  const changjiang = await createOrganization(portal.prisma, { kind: "OEM", nameZh: "重庆长江汽车有限公司", nameEn: "Changjiang Automobile Co.", markets: ["KZ", "UZ", "RU"] });
  const jialing = await createOrganization(portal.prisma, { kind: "SUPPLIER", nameZh: "重庆嘉陵制动系统有限公司", nameEn: "Jialing Brake Systems Co.", markets: ["KZ", "TH"] });
  await createUser(portal.prisma, changjiang.id, { role: "ORG_ADMIN", email: OEM_ADMIN, name: "周敏" });
  await createUser(portal.prisma, jialing.id, { role: "ORG_ADMIN", email: SUPPLIER_ADMIN, name: "唐文静" });
  oem = await openPage(browser, portal.url, "zh-CN");
  supplier = await openPage(browser, portal.url, "zh-CN");
});

afterAll(async () => {
  await oem?.context.close();
  await supplier?.context.close();
  await browser?.close();
  await portal?.stop();
});

async function heading(page: Page, text: string) {
  await page.getByRole("heading", { level: 1, name: text, exact: true }).waitFor({ state: "visible" });
}

/** The bell's unread figure, once it reads `count` (the socket updates it without a reload). */
async function bellShows(page: Page, count: number) {
  await page.locator(`a.bell[data-unread="${count}"]`).waitFor({ state: "visible" });
}

/** Free units in the first period of the channel page's period table. */
async function freeInFirstPeriod(page: Page) {
  await page.goto(channelPath);
  const cell = page.locator('section[aria-labelledby="periods"] tbody tr').first().locator("td").nth(2);
  return Number.parseInt((await cell.innerText()).trim(), 10);
}

describe("shared channel journey in zh-CN", () => {
  it("lets the OEM admin publish a SERVICE channel in Kazakhstan", async () => {
    const { page, t } = oem;
    await signIn(oem, OEM_ADMIN);
    await page.goto("/channels/new");
    await page.getByLabel(t("channels.fields.kind")).selectOption("SERVICE");
    await page.getByLabel(t("channels.fields.name")).fill(CHANNEL);
    await page.getByLabel(t("channels.fields.country"), { exact: true }).selectOption("KZ");
    await page.getByLabel(t("channels.fields.city")).fill("阿拉木图");
    await page.getByLabel(t("channels.fields.localPartner")).fill("Steppe Motors Service LLP");
    await page.getByRole("checkbox", { name: t("channels.segments.ICE_PASSENGER") }).check();
    await page.getByRole("checkbox", { name: t("channels.segments.NEV_PASSENGER") }).check();
    await page.getByLabel(t("channels.fields.capacityPerPeriod")).fill("100");
    await page.getByLabel(t("channels.fields.validFrom")).fill(day(0));
    await page.getByLabel(t("channels.fields.validTo")).fill(day(180));
    await page.getByLabel(t("channels.fields.terms")).fill("按网络标准工时费收取保修维修费用；配件由申请方提供。");
    await page.getByLabel(t("channels.fields.contactName")).fill("周敏");
    await page.getByLabel(t("channels.fields.contactEmail")).fill("service-kz@changjiang-auto.example");
    await page.getByRole("button", { name: t("channels.form.publish") }).click();
    await page.waitForURL((url) => /^\/channels\/[0-9a-f-]{36}$/.test(url.pathname));
    channelPath = new URL(page.url()).pathname;
    await heading(page, CHANNEL);
    expect(await freeInFirstPeriod(page)).toBe(100);
    await bellShows(page, 0);
  });

  it("lets the supplier admin request 20 units, and the OEM's bell rings without a reload", async () => {
    const { page, t } = supplier;
    await signIn(supplier, SUPPLIER_ADMIN);
    await page.goto(channelPath);
    await heading(page, CHANNEL);
    await page.getByLabel(new RegExp(`^${t("channels.fields.units")}`)).fill("20");
    await page.getByLabel(t("channels.fields.message")).fill("为阿拉木图的 20 辆网约车提供制动系统保养。");
    await page.getByRole("button", { name: t("channels.detail.requestSubmit") }).click();
    await page.getByText(t("channels.notices.requested")).first().waitFor({ state: "visible" });

    // The OEM page was open all along: the socket brought the new count.
    await bellShows(oem.page, 1);
  });

  it("lets the OEM follow the notification to the request and approve 15", async () => {
    const { page, t } = oem;
    await page.locator("a.bell").click();
    await heading(page, t("notifications.title"));
    const sentence = t("notifications.kinds.capacity_request.created", { organization: "重庆嘉陵制动系统有限公司", units: 20, channel: CHANNEL });
    await page.getByRole("link", { name: sentence }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/channels/requests/"));
    await page.getByLabel(t("channels.fields.approvedUnits")).fill("15");
    await page.getByRole("button", { name: t("channels.detail.approve"), exact: true }).click();
    await page.getByText(t("channels.notices.approved")).first().waitFor({ state: "visible" });
    await screenshot(page, "channel-request-approved-zh-CN");
  });

  it("shows both sides the free capacity 15 lower", async () => {
    expect(await freeInFirstPeriod(oem.page)).toBe(85);
    expect(await freeInFirstPeriod(supplier.page)).toBe(85);
  });

  it("shows the supplier the decision in its notifications", async () => {
    const { page, t } = supplier;
    await bellShows(page, 1);
    await page.locator("a.bell").click();
    await heading(page, t("notifications.title"));
    const sentence = t("notifications.kinds.capacity_request.approved", { channel: CHANNEL, approvedUnits: 15, units: 20 });
    await page.getByRole("link", { name: sentence }).waitFor({ state: "visible" });
    await page.getByRole("button", { name: t("notifications.markAllRead") }).click();
    await page.getByText(t("notifications.notices.allRead")).first().waitFor({ state: "visible" });
    await bellShows(page, 0);
    await screenshot(page, "notifications-zh-CN");
  });

  it("shows Kazakhstan on the map with its channel", async () => {
    const { page, t } = supplier;
    await page.goto("/channels/map");
    await heading(page, t("channelDirectory.map.title"));
    await expect(page.locator('.world-map a[href="/channels/countries/KZ"]').count()).resolves.toBe(1);
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: countryName("zh-CN", "KZ"), exact: true }) });
    await expect(row.locator("td").nth(1).innerText()).resolves.toBe("1");
    await screenshot(page, "channel-map-zh-CN");
    await row.getByRole("link", { name: countryName("zh-CN", "KZ"), exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/channels/countries/KZ");
    await page.getByRole("link", { name: CHANNEL }).first().waitFor({ state: "visible" });
    // The directory's row links are plain anchors followed by one handler on the table
    // (ChannelTable.tsx): the click navigates in the page, as a router <Link> does, not by reloading it.
    await page.evaluate(() => Object.assign(window, { stayedInPage: true }));
    await page.locator(".channel-table").getByRole("link", { name: CHANNEL }).first().click();
    await page.waitForURL((url) => /^\/channels\/[0-9a-f-]{36}$/.test(url.pathname));
    await expect(page.evaluate(() => (window as unknown as { stayedInPage?: boolean }).stayedInPage)).resolves.toBe(true);
    expect(pageProblems(oem.page)).toEqual([]);
    expect(pageProblems(page)).toEqual([]);
  });
});
