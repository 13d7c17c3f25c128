// The membership journey in a real browser, once per language: a company applies, the secretariat
// approves it, and the new member signs in and finds a supplier in the directory. Every label and
// button is found by its translated text, so a missing or wrong translation fails the journey.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locale, Translate } from "../../app/i18n";
import { countryName } from "../../app/i18n/countries";
import { createOrganization, createSecretariat, TEST_PASSWORD } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";
import { launchBrowser, openPage, pageProblems, screenshot, type LocalePage, signIn } from "./support/browser";

let portal: TestPortal;
let browser: Browser;
let secretariatEmail: string;

beforeAll(async () => {
  portal = await startTestPortal();
  browser = await launchBrowser();
  const { user } = await createSecretariat(portal.prisma);
  secretariatEmail = user.email;
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

/** Polls until the page shows `text` somewhere (Remix navigations finish asynchronously). */
async function expectText(page: Page, text: string) {
  await page.getByText(text, { exact: false }).first().waitFor({ state: "visible" });
}

/** Waits for the page's h1 to read `text` (the URL changes before the new route has rendered). */
async function heading(page: Page, text: string) {
  await page.getByRole("heading", { level: 1, name: text, exact: true }).waitFor({ state: "visible" });
}

async function signOut({ page, t }: LocalePage) {
  await page.getByRole("button", { name: t("common.nav.signOut") }).click();
  await page.waitForURL((url) => url.pathname === "/login");
}

interface Applicant {
  nameZh: string;
  nameEn: string;
  person: string;
  email: string;
  password: string;
}

async function apply(lp: LocalePage, applicant: Applicant) {
  const { page, t, locale } = lp;
  await page.goto("/");
  await page.getByRole("link", { name: t("common.nav.apply") }).first().click();
  await page.waitForURL((url) => url.pathname === "/apply");
  await heading(page, t("members.apply.title"));

  await page.getByLabel(t("members.apply.kind")).selectOption("OEM");
  await page.getByLabel(t("members.apply.nameZh")).fill(applicant.nameZh);
  await page.getByLabel(t("members.apply.nameEn")).fill(applicant.nameEn);
  await page.getByLabel(t("members.apply.homeCity")).fill("Chongqing");
  await page.getByLabel(t("members.apply.homeCountry")).selectOption("CN");
  await page.getByLabel(t("members.apply.website")).fill("www.jialing-mobility.example");
  await page
    .getByLabel(t("members.apply.description"))
    .fill("Compact electric SUVs and light commercial vans built in Chongqing, exported to Southeast Asia and the Gulf.");
  // Markets are grouped by region in <details>; open Asia and tick two countries by their names.
  await page.getByText(t("members.markets.regions.ASIA"), { exact: true }).click();
  await page.getByRole("checkbox", { name: countryName(locale, "TH"), exact: true }).check();
  await page.getByRole("checkbox", { name: countryName(locale, "AE"), exact: true }).check();

  await page.getByLabel(t("members.apply.name")).fill(applicant.person);
  await page.getByLabel(t("members.apply.email")).fill(applicant.email);
  await page.getByLabel(t("members.apply.password"), { exact: true }).fill(applicant.password);
  await page.getByLabel(t("members.apply.passwordConfirm")).fill(applicant.password);
  await page.getByRole("button", { name: t("members.apply.submit") }).click();

  // Signed in straight away, seeing only the review status.
  await page.waitForURL((url) => url.pathname === "/");
  await expectText(page, t("common.home.pendingTitle"));
  await expect(page.getByRole("link", { name: t("common.nav.directory") }).count()).resolves.toBe(0);
}

async function approve(lp: LocalePage, applicant: Applicant) {
  const { page, t } = lp;
  await signIn(lp, secretariatEmail, TEST_PASSWORD);
  await page.getByRole("navigation", { name: t("common.nav.main") }).getByRole("link", { name: t("common.nav.secretariat"), exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/secretariat");
  await expectText(page, t("members.secretariat.pendingHeading"));
  await expectText(page, applicant.nameEn);
  await page.getByRole("button", { name: t("members.secretariat.approveLabel", { name: applicant.nameEn }) }).click();
  await expectText(page, t("members.secretariat.approved"));
  await expect(page.getByText(applicant.nameEn).count()).resolves.toBe(0);
  await signOut(lp);
}

interface Supplier {
  nameZh: string;
  nameEn: string;
  /** What the member types into the directory's name search. */
  search: string;
  product: string;
}

async function findSupplier(lp: LocalePage, applicant: Applicant, supplier: Supplier) {
  const { page, t, locale } = lp;
  await signIn(lp, applicant.email, applicant.password);
  await expectText(page, t("common.home.title", { name: applicant.person }));
  await screenshot(page, `home-${locale}`);

  // The header's links are plain <a> elements (app/lib/shell-links.ts): hovering one prefetches its
  // page as NavLink's prefetch="intent" did, a click is a client-side navigation (a mark left on
  // the window survives it), and the link of the page shown is marked current.
  const directoryLink = page.getByRole("navigation", { name: t("common.nav.main") }).getByRole("link", { name: t("common.nav.directory") });
  await page.evaluate(() => Reflect.set(window, "__shellDocument", true));
  await directoryLink.hover();
  await page.waitForSelector('nav link[rel="prefetch"][href^="/directory"]', { state: "attached" });
  await directoryLink.click();
  await page.waitForURL((url) => url.pathname === "/directory");
  await heading(page, t("members.directory.title"));
  await expect(page.evaluate(() => Reflect.get(window, "__shellDocument"))).resolves.toBe(true);
  await expect(directoryLink.getAttribute("aria-current")).resolves.toBe("page");

  // Search in the reader's language: part of the Chinese name in zh-CN, of the English name in en.
  const [primary, secondary] = locale === "zh-CN" ? [supplier.nameZh, supplier.nameEn] : [supplier.nameEn, supplier.nameZh];
  await page.getByLabel(t("members.directory.search")).fill(supplier.search);
  await page.getByLabel(t("members.directory.kind")).selectOption("SUPPLIER");
  await page.getByRole("button", { name: t("members.directory.submit") }).click();
  await page.waitForURL((url) => url.searchParams.get("kind") === "SUPPLIER");
  await expectText(page, t("members.directory.countOne"));
  const results = page.getByRole("table", { name: t("members.directory.resultsLabel") });
  await expect(results.getByRole("link").allTextContents()).resolves.toEqual([primary]);
  await expectText(page, secondary);
  await screenshot(page, `directory-${locale}`);
  // The same page at phone width, for a person to look at (the layout must work from phone to wide).
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `directory-${locale}-phone`);
  if (wide) await page.setViewportSize(wide);

  // The result links are plain <a> elements (app/lib/plain-links.ts): a click must still be a
  // client-side navigation, so a mark left on the window survives it.
  await page.evaluate(() => Reflect.set(window, "__directoryDocument", true));
  await results.getByRole("link", { name: primary }).click();
  await page.waitForURL((url) => /^\/directory\/[0-9a-f-]{36}$/.test(url.pathname));
  await heading(page, primary);
  await expect(page.evaluate(() => Reflect.get(window, "__directoryDocument"))).resolves.toBe(true);
  await expectText(page, supplier.product);
  await expectText(page, t("common.kinds.SUPPLIER"));
}

// Each language has its own applicant and supplier, so the two journeys share one portal.
const journeys = [
  {
    locale: "zh-CN" as Locale,
    tag: "zh",
    supplier: { nameZh: "重庆两江制动系统有限公司", nameEn: "Liangjiang Brake Systems", search: "两江制动", product: "Brake calipers" },
  },
  {
    locale: "en" as Locale,
    tag: "en",
    supplier: { nameZh: "重庆渝北转向系统有限公司", nameEn: "Yubei Steering Systems", search: "yubei steer", product: "Electric power steering" },
  },
];

describe.each(journeys)("membership journey in $locale", ({ locale, tag, supplier }) => {
  const applicant: Applicant = {
    nameZh: `嘉陵出海汽车${tag}有限公司`,
    nameEn: `Jialing Overseas Motors ${tag.toUpperCase()} Co.`,
    person: locale === "zh-CN" ? "周明远" : "Zhou Mingyuan",
    email: `export-${tag}@jialing-motors.example`,
    password: "Jialing-Export-Route-2031",
  };
  let lp: LocalePage;
  let t: Translate;

  beforeAll(async () => {
    const org = await createOrganization(portal.prisma, {
      kind: "SUPPLIER",
      nameZh: supplier.nameZh,
      nameEn: supplier.nameEn,
      markets: ["TH", "DE", "MX"],
    });
    await portal.prisma.organization.update({
      where: { id: org.id },
      data: { description: `${supplier.product} for compact NEVs, made in IATF 16949 plants in Chongqing.` },
    });
    lp = await openPage(browser, portal.url, locale);
    t = lp.t;
  });
  afterAll(async () => {
    await lp?.context.close();
  });

  it("shows the home page in the browser's language", async () => {
    await lp.page.goto("/");
    await expect(lp.page.locator("html").getAttribute("lang")).resolves.toBe(locale);
    await expectText(lp.page, t("common.home.guestLead"));
    await screenshot(lp.page, `guest-home-${locale}`);
  });

  it("applies to join", async () => {
    await apply(lp, applicant);
    await signOut(lp);
  });

  it("is approved by the secretariat", async () => {
    await approve(lp, applicant);
    const org = await portal.prisma.organization.findFirstOrThrow({ where: { nameEn: applicant.nameEn } });
    expect(org.status).toBe("ACTIVE");
  });

  it("signs in as the new member and finds the supplier in the directory", async () => {
    await findSupplier(lp, applicant, supplier);
    expect(pageProblems(lp.page)).toEqual([]);
  });

  it("finds the welcome in the new member's notifications", async () => {
    const { page } = lp;
    await page.locator('a.bell[data-unread="1"]').click();
    await heading(page, t("notifications.title"));
    const organization = locale === "zh-CN" ? applicant.nameZh : applicant.nameEn;
    await page.getByRole("link", { name: t("notifications.kinds.membership.approved", { organization }) }).waitFor({ state: "visible" });
    await page.getByRole("button", { name: t("notifications.markRead"), exact: true }).click();
    await page.getByText(t("notifications.notices.read")).first().waitFor({ state: "visible" });
    await page.locator('a.bell[data-unread="0"]').waitFor({ state: "visible" });
    expect(pageProblems(page)).toEqual([]);
  });
});

describe("language switch", () => {
  it("switches from zh-CN to English and remembers it in the lang cookie", async () => {
    const lp = await openPage(browser, portal.url, "zh-CN");
    try {
      await lp.page.goto("/login");
      await expectText(lp.page, lp.t("auth.login.lead"));
      await lp.page.getByRole("button", { name: lp.t("common.language.switchToLabel") }).click();
      await lp.page.waitForFunction(() => document.documentElement.lang === "en");
      expect(new URL(lp.page.url()).pathname).toBe("/login");
      const cookies = await lp.context.cookies();
      expect(cookies.find((c) => c.name === "lang")?.value).toBe("en");
      await lp.page.reload();
      await expect(lp.page.locator("html").getAttribute("lang")).resolves.toBe("en");
      expect(pageProblems(lp.page)).toEqual([]);
    } finally {
      await lp.context.close();
    }
  });
});
