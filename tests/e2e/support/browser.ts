// Browser journeys drive Debian's chromium through playwright-core (browsers cannot be downloaded
// here), against the real portal started by tests/support/server.ts on an ephemeral port.
// Labels and buttons are found by their translated text from app/i18n, so one journey runs in both
// languages and also proves that every label it touches is translated.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { translator, type Locale, type Translate } from "../../../app/i18n";
import { TEST_PASSWORD } from "../../support/fixtures";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS_DIR = path.resolve("tests/.artifacts");

/** A fresh browser; playwright gives every launch its own temporary profile, removed on close. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface LocalePage {
  context: BrowserContext;
  page: Page;
  t: Translate;
  locale: Locale;
}

/**
 * A browser context that speaks `locale`: the browser's language (Accept-Language), which the portal
 * takes as its first guess. No `lang` cookie is set, so the journey also proves that guess.
 */
export async function openPage(
  browser: Browser,
  baseURL: string,
  locale: Locale,
  viewport = { width: 1280, height: 900 },
): Promise<LocalePage> {
  const context = await browser.newContext({
    baseURL,
    locale,
    viewport,
    extraHTTPHeaders: { "Accept-Language": locale === "zh-CN" ? "zh-CN,zh;q=0.9" : "en-GB,en;q=0.9" },
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  // Any uncaught error in the browser fails the journey (hydration mismatches, CSP violations...).
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // A 400/403 answer is logged by Chromium as a failed resource; the journey asserts statuses itself.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      problems.push(`console.error: ${message.text()}`);
    }
  });
  (page as Page & { problems?: string[] }).problems = problems;
  return { context, page, t: translator(locale), locale };
}

/** Errors the page reported to its console or threw since it opened. */
export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

/** Saves a full-page screenshot as tests/.artifacts/<name>.png (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Signs in through the login form, as a person would, and waits for the home page. */
export async function signIn({ page, t }: LocalePage, email: string, password = TEST_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel(t("auth.login.email")).fill(email);
  await page.getByLabel(t("auth.login.password")).fill(password);
  await page.getByRole("button", { name: t("auth.login.submit") }).click();
  await page.waitForURL((url) => url.pathname === "/");
}
