// Two members chat in the deal room of a capacity request, each in their own browser context and
// language: the logistics company's admin (English) opens the room from the request page, the
// requesting OEM's buyer (Chinese) joins; messages, typing and read receipts arrive live. The buyer
// then goes offline, misses two messages, and comes back to them with the right unread count.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelsDomain } from "../../server/domain/channels";
import { createMemberOrg, createUser, actorFor } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";
import { publishedChannel } from "../domain/channels.fixtures";
import { launchBrowser, openPage, pageProblems, screenshot, type LocalePage, signIn } from "./support/browser";

let portal: TestPortal;
let browser: Browser;

beforeAll(async () => {
  portal = await startTestPortal();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

const messageList = (page: Page) => page.locator("ol.message-list");

async function waitLive(page: Page) {
  await page.locator('[data-live="yes"]').waitFor();
}

async function say(lp: LocalePage, text: string) {
  await lp.page.getByLabel(lp.t("messaging.conversation.messageLabel"), { exact: true }).fill(text);
  await lp.page.getByRole("button", { name: lp.t("messaging.conversation.send"), exact: true }).click();
  await messageList(lp.page).getByText(text).waitFor();
}

describe("deal room chat in two browsers", () => {
  it("delivers live, and a member who was offline catches up with the right unread count", async () => {
    const seller = await createMemberOrg(portal.prisma, { kind: "LOGISTICS", nameEn: "Guoyuan Ro-Ro Lines", nameZh: "果园滚装航运" });
    const buyerOrg = await createMemberOrg(portal.prisma, { kind: "OEM", nameEn: "Jialing River Motors", nameZh: "嘉陵江汽车" });
    const sellerUser = await createUser(portal.prisma, seller.org.id, { role: "ORG_ADMIN", name: "Ava Thornton" });
    const buyerUser = await createUser(portal.prisma, buyerOrg.org.id, { name: "Chen Yutong" });
    const { id: channelId, period } = await publishedChannel(portal.services.ctx, await actorFor(portal.prisma, sellerUser.id));
    const request = await channelsDomain.requestCapacity(portal.services.ctx, await actorFor(portal.prisma, buyerUser.id), {
      channelId,
      periodId: period.id,
      units: 6,
    });

    const ava = await openPage(browser, portal.url, "en");
    const chen = await openPage(browser, portal.url, "zh-CN");
    try {
      await signIn(ava, sellerUser.email);
      await signIn(chen, buyerUser.email);

      // Ava opens the deal room from the capacity request.
      await ava.page.goto(`/channels/requests/${request.id}`);
      await ava.page.getByRole("link", { name: ava.t("channels.request.dealRoom") }).click();
      await ava.page.getByRole("button", { name: ava.t("messaging.deal.open") }).click();
      await ava.page.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
      const roomPath = new URL(ava.page.url()).pathname;
      await waitLive(ava.page);

      // Chen finds it in the conversation list.
      await chen.page.goto("/messages");
      await chen.page.locator(`a[href="${roomPath}"]`).click();
      await chen.page.waitForURL((url) => url.pathname === roomPath);
      await waitLive(chen.page);

      // Live both ways, with typing and a read receipt.
      await say(ava, "Six CEU are held for you on the 14 March sailing to Zeebrugge.");
      await messageList(chen.page).getByText("Six CEU are held for you").waitFor();
      await ava.page.getByText(ava.t("messaging.conversation.readBy", { names: "Chen Yutong" })).waitFor();
      await chen.page.getByLabel(chen.t("messaging.conversation.messageLabel"), { exact: true }).fill("谢谢");
      await ava.page.getByText(ava.t("messaging.conversation.typing", { names: "Chen Yutong" })).waitFor();
      await say(chen, "谢谢！请发送订舱确认 https://example.com/booking/1403");
      await messageList(ava.page).getByRole("link", { name: "https://example.com/booking/1403" }).waitFor();

      await screenshot(ava.page, "messaging-deal-room-en");
      await screenshot(chen.page, "messaging-deal-room-zh");
      // Chen goes offline; Ava writes twice meanwhile.
      await chen.page.close();
      await say(ava, "Booking confirmation is attached to the request.");
      await say(ava, "Cut-off for the cars at Guoyuan Port is 10 March.");

      // Chen comes back: the list shows two unread, the room shows both messages, then none unread.
      const back = await chen.context.newPage();
      await back.goto("/messages");
      const entry = back.locator(`li[data-conversation="${roomPath.split("/").pop()}"]`);
      await entry.getByText(chen.t("messaging.list.unread", { count: 2 })).waitFor();
      await entry.locator("a").click();
      await back.waitForURL((url) => url.pathname === roomPath);
      await messageList(back).getByText("Cut-off for the cars at Guoyuan Port is 10 March.").waitFor();
      await messageList(back).getByText("Booking confirmation is attached to the request.").waitFor();
      await waitLive(back);
      // Reading happened over the socket; the list agrees, and so does Ava's receipt.
      await ava.page.getByText(ava.t("messaging.conversation.readBy", { names: "Chen Yutong" })).waitFor();
      await back.goto("/messages");
      await back.locator(`li[data-conversation="${roomPath.split("/").pop()}"]`).waitFor();
      expect(await back.locator(`li[data-conversation="${roomPath.split("/").pop()}"] [data-unread]`).count()).toBe(0);
      // The list is live too: a new message raises the count without a reload.
      await say(ava, "One more: the vessel is the MV Yangtze Pioneer.");
      await back.locator(`li[data-conversation="${roomPath.split("/").pop()}"]`).getByText(chen.t("messaging.list.unread", { count: 1 })).waitFor();
      await back.locator(`li[data-conversation="${roomPath.split("/").pop()}"]`).getByText("MV Yangtze Pioneer", { exact: false }).waitFor();

      await screenshot(back, "messaging-list-zh");

      // Elsewhere in the portal the shell tells Chen: the Messages badge, and a polite toast that
      // links to the conversation. (The badge asks /api/unread once its socket is connected.)
      const connected = back.waitForResponse((res) => new URL(res.url()).pathname === "/api/unread");
      await back.goto("/channels");
      await back.locator('a[href="/messages"][data-unread-messages="1"]').waitFor();
      await connected;
      await say(ava, "Please confirm the VIN list by Friday.");
      await back.locator('a[href="/messages"][data-unread-messages="2"]').waitFor();
      const toast = back.locator('[aria-live="polite"].toasts').getByRole("link", { name: /Ava Thornton/ });
      await toast.waitFor();
      expect(await toast.textContent()).toContain(chen.t("messaging.shell.newMessage", { sender: "Ava Thornton", conversation: "" }).split("「")[0]!);
      await screenshot(back, "messaging-toast-zh");
      await toast.click();
      await back.waitForURL((url) => url.pathname === roomPath);
      await messageList(back).getByText("Please confirm the VIN list by Friday.").waitFor();
      expect(pageProblems(ava.page)).toEqual([]);
      expect(pageProblems(back)).toEqual([]);
    } catch (error) {
      await screenshot(ava.page, "messaging-ava").catch(() => {});
      throw error;
    } finally {
      await ava.context.close();
      await chen.context.close();
    }
  });
});
