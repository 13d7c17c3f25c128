// The supply-matching journey in a real browser, once per language: an OEM posts a confidential
// battery-pack request for Thailand and Brazil; a supplier sees only the summary, is granted access
// and proposes (so does a second supplier); the OEM sees the candidates with reasons, shortlists and
// awards; the other proposer sees the request awarded and its proposal declined. On the way, the OEM
// edits its request and a supplier its proposal through their edit forms (bad input first). Labels and buttons
// are found by their translated text, so a missing translation fails the journey.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locale } from "../../app/i18n";
import { sourcingDomain } from "../../server/domain/sourcing";
import { actorFor, createMemberOrg, testContext } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";
import { launchBrowser, openPage, pageProblems, screenshot, type LocalePage, signIn } from "./support/browser";
import { day } from "../support/dates";

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


async function expectText(page: Page, text: string) {
  await page.getByText(text, { exact: false }).first().waitFor({ state: "visible" });
}

const journeys: { locale: Locale; tag: string }[] = [
  { locale: "en", tag: "EN" },
  { locale: "zh-CN", tag: "ZH" },
];

describe.each(journeys)("sourcing journey in $locale", ({ locale, tag }) => {
  let oem: LocalePage;
  let supplier: LocalePage;
  let rival: LocalePage;
  let names: { oem: string; supplier: string; rival: string };
  let requestPath = "";
  const title = `LFP battery pack for Thailand and Brazil ${tag}`;

  beforeAll(async () => {
    const prisma = portal.prisma;
    const o = await createMemberOrg(prisma, { kind: "OEM", nameEn: `Mistpeak NEV Journey ${tag}`, nameZh: `雾峰新能源旅程${tag}` });
    const s = await createMemberOrg(prisma, { kind: "SUPPLIER", nameEn: `Lumen Cells Journey ${tag}`, nameZh: `流明电芯旅程${tag}` });
    const r = await createMemberOrg(prisma, { kind: "SUPPLIER", nameEn: `Fuling Packs Journey ${tag}`, nameZh: `涪陵电池包旅程${tag}` });
    const zh = locale === "zh-CN";
    names = { oem: zh ? o.org.nameZh : o.org.nameEn, supplier: zh ? s.org.nameZh : s.org.nameEn, rival: zh ? r.org.nameZh : r.org.nameEn };
    await prisma.certification.create({
      data: { organizationId: s.org.id, type: "IATF_16949", scope: "LFP battery packs", issuer: "Fictional Cert Body", validFrom: new Date("2024-01-01"), validTo: new Date(day(1500)) },
    });
    await sourcingDomain.saveProfile(testContext(prisma), await actorFor(prisma, s.adminUser.id), {
      categories: ["BATTERY_EDRIVE"],
      businessTypes: ["OE_SUPPLY"],
      segments: ["NEV_PASSENGER"],
      marketExperience: "TH:5, BR:2",
      annualCapacity: "30000",
    });
    oem = await openPage(browser, portal.url, locale);
    supplier = await openPage(browser, portal.url, locale);
    rival = await openPage(browser, portal.url, locale);
    await signIn(oem, o.adminUser.email);
    await signIn(supplier, s.adminUser.email);
    await signIn(rival, r.memberUser.email);
  });

  afterAll(async () => {
    for (const lp of [oem, supplier, rival]) await lp?.context.close();
  });

  it("lets the OEM post a confidential request", async () => {
    const { page, t } = oem;
    await page.goto("/sourcing");
    await page.getByRole("link", { name: t("sourcing.newLink") }).first().click();
    await page.waitForURL((url) => url.pathname === "/sourcing/new");
    await page.getByLabel(t("sourcing.fields.category"), { exact: true }).selectOption("BATTERY_EDRIVE");
    await page.getByLabel(t("sourcing.fields.title"), { exact: true }).fill(title);
    await page.getByLabel(t("sourcing.fields.targetMarkets"), { exact: true }).fill("TH, BR");
    await page.getByRole("checkbox", { name: t("channels.segments.NEV_PASSENGER") }).check();
    await page.getByLabel(t("sourcing.fields.annualVolume"), { exact: true }).fill("24000");
    await page.getByRole("checkbox", { name: t("members.certTypes.IATF_16949") }).check();
    await page.getByLabel(t("sourcing.fields.startOfProduction"), { exact: true }).fill(day(420));
    await page.getByLabel(t("sourcing.fields.responseDeadline"), { exact: true }).fill(day(30));
    await page.getByLabel(t("sourcing.fields.description"), { exact: true }).fill("60 kWh LFP pack, assembled near our CKD partners in Rayong and Camaçari.");
    await page.getByRole("checkbox", { name: t("sourcing.fields.confidential") }).check();
    await page.getByRole("button", { name: t("sourcing.form.submit") }).click();
    await expectText(page, t("sourcing.notices.published"));
    requestPath = new URL(page.url()).pathname;
    expect(requestPath).toMatch(/^\/sourcing\/[0-9a-f-]{36}$/);
    // The poster sees the candidate ranking with reasons.
    await expectText(page, t("sourcing.candidates.title"));
    await expectText(page, t("sourcing.reasons.marketsServed", { served: 2, total: 2 }));
  });

  it("shows other suppliers only the summary until access is granted", async () => {
    const { page, t } = supplier;
    await page.goto("/sourcing?category=BATTERY_EDRIVE");
    const summaryTitle = t("sourcing.list.confidentialTitle", { category: t("sourcing.categories.BATTERY_EDRIVE") });
    await page.locator(`a[href="${requestPath}"]`).first().click();
    await page.waitForURL((url) => url.pathname === requestPath);
    await expectText(page, t("sourcing.detail.confidentialSummary"));
    await expectText(page, summaryTitle);
    expect(await page.getByText(title).count()).toBe(0);
    expect(await page.getByRole("button", { name: t("sourcing.propose.submit") }).count()).toBe(0);
  });

  it("lets the OEM grant access to both suppliers", async () => {
    const { page, t } = oem;
    for (const name of [names.supplier, names.rival]) {
      await page.goto(requestPath);
      await page.getByLabel(t("sourcing.detail.grantTo"), { exact: true }).selectOption({ label: name });
      await page.getByRole("button", { name: t("sourcing.detail.grant") }).click();
      await expectText(page, t("sourcing.notices.granted"));
    }
  });

  it("lets both suppliers propose, each seeing only its own price", async () => {
    for (const [lp, min, max] of [
      [supplier, "412000", "448000"],
      [rival, "399000", "455000"],
    ] as const) {
      const { page, t } = lp;
      await page.goto(requestPath);
      await expectText(page, title);
      await page.getByLabel(t("sourcing.propose.message"), { exact: true }).fill("Pack line in Rayong ten months after nomination.");
      await page.getByLabel(t("sourcing.propose.priceMin"), { exact: true }).fill(min);
      await page.getByLabel(t("sourcing.propose.priceMax"), { exact: true }).fill(max);
      await page.getByLabel(t("sourcing.propose.leadTimeDays"), { exact: true }).fill("300");
      await page.getByLabel(t("sourcing.propose.validUntil"), { exact: true }).fill(day(90));
      await page.getByRole("button", { name: t("sourcing.propose.submit") }).click();
      await expectText(page, t("sourcing.notices.proposed"));
    }
    expect(await supplier.page.locator("article.proposal").count()).toBe(1);
  });

  it("lets the OEM edit the open request through its form, refusing a bad volume first", async () => {
    const { page, t } = oem;
    await page.goto(requestPath);
    await page.getByRole("link", { name: t("sourcing.detail.edit") }).click();
    await page.waitForURL((url) => url.pathname === `${requestPath}/edit`);
    await page.getByRole("heading", { name: t("sourcing.form.editTitle") }).waitFor({ state: "visible" });
    // Prefilled from the request.
    expect(await page.getByLabel(t("sourcing.fields.title"), { exact: true }).inputValue()).toBe(title);
    expect(await page.getByLabel(t("sourcing.fields.targetMarkets"), { exact: true }).inputValue()).toBe("TH, BR");
    await page.getByLabel(t("sourcing.fields.annualVolume"), { exact: true }).fill("0");
    await page.getByRole("button", { name: t("sourcing.form.submit") }).click();
    await expectText(page, t("sourcing.errors.positiveNumber"));
    expect(new URL(page.url()).pathname).toBe(`${requestPath}/edit`);
    await page.getByLabel(t("sourcing.fields.annualVolume"), { exact: true }).fill("26000");
    await page.getByLabel(t("sourcing.fields.targetMarkets"), { exact: true }).fill("TH, BR, ID");
    await page.getByRole("button", { name: t("sourcing.form.submit") }).click();
    await expectText(page, t("sourcing.notices.updated"));
    expect(new URL(page.url()).pathname).toBe(requestPath);
    expect(await portal.prisma.sourcingRequest.findUniqueOrThrow({ where: { id: requestPath.split("/").pop()! }, select: { annualVolume: true, targetMarkets: true } })).toEqual({
      annualVolume: 26000,
      targetMarkets: ["TH", "BR", "ID"],
    });
  });

  it("lets a supplier change its proposal through the edit form, refusing a reversed price range first", async () => {
    const { page, t } = supplier;
    await page.goto(requestPath);
    await page.getByText(t("sourcing.proposals.editTitle"), { exact: true }).click();
    await page.getByLabel(t("sourcing.propose.priceMax"), { exact: true }).fill("300000");
    await page.getByRole("button", { name: t("sourcing.proposals.edit") }).click();
    await expectText(page, t("sourcing.errors.priceRange"));
    await page.getByLabel(t("sourcing.propose.priceMax"), { exact: true }).fill("439000");
    await page.getByLabel(t("sourcing.propose.leadTimeDays"), { exact: true }).fill("280");
    await page.getByRole("button", { name: t("sourcing.proposals.edit") }).click();
    await expectText(page, t("sourcing.notices.proposalUpdated"));
    const stored = await portal.prisma.proposal.findFirstOrThrow({
      where: { request: { id: requestPath.split("/").pop()! }, organization: { OR: [{ nameEn: names.supplier }, { nameZh: names.supplier }] } },
      select: { priceMinMinor: true, priceMaxMinor: true, leadTimeDays: true },
    });
    expect(stored).toEqual({ priceMinMinor: 412000, priceMaxMinor: 439000, leadTimeDays: 280 });
  });

  it("lets the OEM shortlist and award; the other proposer sees the request awarded", async () => {
    const { page, t } = oem;
    await page.goto(requestPath);
    const ours = page.locator("article.proposal", { hasText: names.supplier });
    await ours.getByRole("button", { name: t("sourcing.proposals.shortlist") }).click();
    await expectText(page, t("sourcing.notices.shortlisted"));
    await page.locator("article.proposal", { hasText: names.supplier }).getByRole("button", { name: t("sourcing.proposals.accept") }).click();
    await expectText(page, t("sourcing.notices.accepted"));
    await screenshot(page, `sourcing-awarded-${locale}`);

    await rival.page.goto(requestPath);
    await rival.page.locator('h1 [data-status="AWARDED"]').waitFor({ state: "visible" });
    expect(await rival.page.locator('h1 [data-status="AWARDED"]').innerText()).toBe(t("sourcing.statuses.AWARDED"));
    expect(await rival.page.locator('article.proposal [data-status="DECLINED"]').innerText()).toBe(t("sourcing.proposalStatuses.DECLINED"));

    await supplier.page.goto(requestPath);
    await supplier.page.locator('article.proposal [data-status="ACCEPTED"]').waitFor({ state: "visible" });
    await supplier.page.getByRole("link", { name: t("sourcing.proposals.dealRoom") }).waitFor({ state: "visible" });
  });

  it("raised no errors in the browsers", () => {
    for (const lp of [oem, supplier, rival]) expect(pageProblems(lp.page)).toEqual([]);
  });
});
