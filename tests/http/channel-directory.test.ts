// The channel directory, country pages and the map through the real server: filters in the
// query string, bad input answered with 400 (never 500), access, pages, the map's links and the
// chart. Channels are published through the domain, as the publishing pages would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelsDomain, type CreateChannelInput } from "../../server/domain/channels";
import type { DomainContext } from "../../server/services";
import { createMemberOrg, testContext } from "../support/fixtures";
import { startTestPortal, type TestClient, type TestPortal } from "../support/server";
import { day } from "../support/dates";

let portal: TestPortal;
let ctx: DomainContext;
let oem: Awaited<ReturnType<typeof createMemberOrg>>;
let member: TestClient;
const ids: Record<string, string> = {};


function channel(overrides: Partial<CreateChannelInput>): CreateChannelInput {
  return {
    kind: "SERVICE",
    name: "Almaty after-sales network",
    country: "KZ",
    city: "Almaty",
    localPartner: "Steppe Motors Service LLP",
    segments: ["ICE_PASSENGER", "NEV_PASSENGER"],
    capacityPerPeriod: "100",
    validFrom: day(0),
    validTo: day(150),
    terms: "Warranty repairs at the network's standard labour rate.",
    contactName: "Zhou Min",
    contactEmail: "service-kz@changjiang-auto.example",
    publish: true,
    ...overrides,
  };
}

const publish = async (overrides: Partial<CreateChannelInput>) => (await channelsDomain.createChannel(ctx, oem.admin, channel(overrides))).id;
/** Text of the page without tags, to look for visible words. */
const words = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

beforeAll(async () => {
  portal = await startTestPortal();
  ctx = testContext(portal.prisma);
  oem = await createMemberOrg(portal.prisma, { kind: "OEM", nameEn: "Changjiang Automobile", nameZh: "长江汽车" });
  const supplier = await createMemberOrg(portal.prisma, { kind: "SUPPLIER" });
  ids.almaty = await publish({});
  ids.astana = await publish({ kind: "SALES", name: "Astana dealer network", city: "Astana", capacityPerPeriod: "40" });
  ids.zh = await publish({ name: "长江汽车塔什干售后服务网络", country: "UZ", city: "塔什干", localPartner: "丝路汽车服务" });
  ids.bangkok = await publish({ kind: "WAREHOUSE", name: "Laem Chabang overseas warehouse", country: "TH", city: "Laem Chabang", segments: ["PARTS"] });
  ids.singapore = await publish({ name: "Singapore service hub", country: "SG", city: "Singapore" });
  ids.stale = await publish({ name: "Duisburg service network", country: "DE", city: "Duisburg" });
  await portal.prisma.channel.update({ where: { id: ids.stale }, data: { lastConfirmedAt: new Date(Date.now() - 120 * 86_400_000) } });
  for (let i = 0; i < 28; i++) await publish({ name: `Ulaanbaatar service point ${i}`, country: "MN", city: "Ulaanbaatar" });
  member = portal.client();
  await member.signIn(supplier.memberUser.email);
});
afterAll(async () => {
  await portal?.stop();
});

describe("/channels", () => {
  it("asks for sign-in first, and refuses pending applicants with 403", async () => {
    const anonymous = await portal.client().get("/channels?kind=SERVICE");
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toContain("/login?redirectTo=%2Fchannels%3Fkind%3DSERVICE");
    const applicant = await createMemberOrg(portal.prisma, { status: "PENDING" });
    const client = portal.client();
    await client.signIn(applicant.adminUser.email);
    for (const path of ["/channels", "/channels?kind=SERVICE", "/channels/map", "/channels/countries/KZ"]) {
      expect((await client.get(path)).status, path).toBe(403);
    }
  });

  it("lists published channels with owner, place, free capacity and the stale badge", async () => {
    expect((await member.get("/channels")).status).toBe(200);
    const res = await member.get("/channels?country=KZ");
    const text = words(res.text);
    expect(text).toContain("Almaty after-sales network");
    expect(text).toContain("Changjiang Automobile");
    expect(text).toContain("100 of 100 vehicles free");
    expect(text).toContain("vehicles serviced per month");
    expect(res.text).toContain(`href="/channels/${ids.almaty}"`);
    const stale = await member.get("/channels?country=DE");
    expect(words(stale.text)).toContain("Stale");
    expect(words((await member.get("/channels?country=KZ")).text)).not.toContain("Stale");
  });

  it("takes its filters from the query string", async () => {
    const kz = await member.get("/channels?kind=SERVICE&country=KZ");
    expect(kz.status).toBe(200);
    expect(kz.text).toContain("Almaty after-sales network");
    expect(kz.text).not.toContain("Astana dealer network");
    expect(kz.text).not.toContain("Singapore service hub");
    // The form shows the filters that were applied.
    expect(kz.text).toMatch(/<option value="SERVICE" selected="">/);
    // The country list is written as one string (app/components/channels/CountryFilter.tsx): the
    // chosen country, and only it, is selected, and names are escaped as React would.
    const countrySelect = (html: string) => html.match(/<select name="country"[^>]*>(.*?)<\/select>/s)?.[1] ?? "";
    expect(countrySelect(kz.text)).toContain('<option value="KZ" selected="">Kazakhstan</option>');
    expect(countrySelect(kz.text).match(/selected=""/g)).toHaveLength(1);
    expect(countrySelect(kz.text)).toContain('<option value="AG">Antigua &amp; Barbuda</option>');
    const any = countrySelect((await member.get("/channels?kind=SERVICE")).text);
    expect(any).toMatch(/^<option value="" selected="">[^<]+<\/option><option value="AF">Afghanistan<\/option>/);
    expect(any.match(/<option /g)?.length).toBeGreaterThan(240);
    // Row links are plain anchors the router discovers and follows (ChannelTable.tsx).
    expect(kz.text).toContain(`<a href="/channels/${ids.almaty}" data-discover="true">`);

    const asia = await member.get("/channels?region=ASIA&kind=WAREHOUSE");
    expect(asia.text).toContain("Laem Chabang overseas warehouse");
    expect(asia.text).not.toContain("Almaty after-sales network");

    const parts = await member.get("/channels?segment=PARTS");
    expect(parts.text).toContain("Laem Chabang overseas warehouse");
    expect(parts.text).not.toContain("Astana dealer network");

    const zh = await member.get(`/channels?q=${encodeURIComponent("塔什干")}`);
    expect(zh.text).toContain("长江汽车塔什干售后服务网络");
    expect(zh.text).not.toContain("Almaty after-sales network");
    const en = await member.get("/channels?q=ALMATY");
    expect(en.text).toContain("Almaty after-sales network");

    const roomy = await member.get(`/channels?minFree=50&month=${day(0).slice(0, 7)}&country=KZ`);
    expect(roomy.text).toContain("Almaty after-sales network");
    expect(roomy.text).not.toContain("Astana dealer network");
  });

  it("pages with a next-page link, 25 rows at a time, without repeating a row", async () => {
    const first = await member.get("/channels?country=MN");
    const next = first.text.match(/<a rel="next"[^>]* href="(\/channels\?country=MN&amp;cursor=[^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toBeDefined();
    const rowIds = (html: string) => [...html.matchAll(/<th scope="row"><a [^>]*href="\/channels\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(rowIds(first.text)).toHaveLength(25);
    const second = await member.get(next!);
    expect(second.status).toBe(200);
    expect(rowIds(second.text)).toHaveLength(3);
    expect(new Set([...rowIds(first.text), ...rowIds(second.text)]).size).toBe(28);
    expect(second.text).toContain('href="/channels?country=MN"');
  });

  it("finds two-character Chinese words, and sorts by free capacity across pages without a filter", async () => {
    const pair = await member.get(`/channels?q=${encodeURIComponent("售后")}`);
    expect(pair.status).toBe(200);
    expect(pair.text).toContain("长江汽车塔什干售后服务网络");
    expect(pair.text).not.toContain("Almaty after-sales network");
    expect(words((await member.get(`/channels?q=${encodeURIComponent("后售")}`)).text)).not.toContain("长江汽车塔什干售后服务网络");

    const rowIds = (html: string) => [...html.matchAll(/<th scope="row"><a [^>]*href="\/channels\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    const seen: string[] = [];
    let path: string | undefined = "/channels?sort=free";
    for (let i = 0; path && i < 5; i++) {
      const page = await member.get(path);
      expect(page.status).toBe(200);
      seen.push(...rowIds(page.text).map(String));
      path = page.text.match(/<a rel="next"[^>]* href="(\/channels\?[^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await portal.prisma.channel.count({ where: { status: "PUBLISHED" } }));
    const sales = await member.get("/channels?sort=free&kind=SALES");
    expect(rowIds(sales.text)).toEqual([ids.astana]);
  });

  it("answers filters it cannot use with 400 and a clear message, never a 500", async () => {
    const cases: [string, string][] = [
      ["/channels?kind=SUBMARINE", "This value is not valid."],
      ["/channels?country=XX", "Unknown country code"],
      ["/channels?country=%3Cscript%3E", "Unknown country code"],
      ["/channels?minFree=-5", "The minimum cannot be negative."],
      ["/channels?minFree=1.5", "Enter a whole number of units"],
      ["/channels?month=2026-13", "Enter a month as YYYY-MM"],
      ["/channels?sort=sideways", "This value is not valid."],
      ["/channels?cursor=garbage", "This results link has expired"],
      [`/channels?q=${"x".repeat(300)}`, "This is too long."],
    ];
    for (const [path, message] of cases) {
      const res = await member.get(path);
      expect(res.status, path).toBe(400);
      expect(words(res.text), path).toContain(message);
      expect(res.text, path).toContain("Some filters could not be used.");
    }
    // What was typed is rendered inert.
    const script = await member.get("/channels?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    expect(script.status).toBe(200);
    expect(script.text).not.toContain("<script>alert(1)</script>");
  });

  it("speaks Chinese to a Chinese browser", async () => {
    const res = await member.get("/channels?country=KZ", { "accept-language": "zh-CN,zh;q=0.9" });
    expect(res.status).toBe(200);
    expect(res.text).toContain("共享渠道");
    expect(res.text).toContain("可用 100/100 辆");
    expect(res.text).toContain("服务渠道");
    // The owner in the reader's language, and only that: the page carries no other name for it.
    expect(words(res.text)).toContain("长江汽车");
    expect(res.text).not.toContain("Changjiang Automobile");
  });

  it("sends the browser only what the rows show", async () => {
    const res = await member.get("/channels.data?country=KZ");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Almaty after-sales network");
    expect(res.text).toContain("Changjiang Automobile");
    for (const unused of ["endsOn", "approvedUnits", "originCountry", "长江汽车", "filters"]) expect(res.text).not.toContain(unused);
  });
});

describe("/channels/countries/:country", () => {
  it("shows this month's figures and the country's channels, with the other filters", async () => {
    const res = await member.get("/channels/countries/KZ");
    expect(res.status).toBe(200);
    const text = words(res.text);
    expect(text).toContain("Channels in Kazakhstan");
    expect(text).toContain("2 published channels");
    expect(text).toContain("Almaty after-sales network");
    expect(text).toContain("Astana dealer network");
    expect(text).not.toContain("Singapore service hub");
    const sales = await member.get("/channels/countries/KZ?kind=SALES&country=SG");
    expect(sales.text).toContain("Astana dealer network");
    expect(sales.text).not.toContain("Almaty after-sales network");
    expect(sales.text).not.toContain("Singapore service hub");
  });

  it("redirects lower-case codes, 404s codes that are not countries, 400s bad filters", async () => {
    const lower = await member.get("/channels/countries/kz?kind=SALES");
    expect(lower.status).toBe(302);
    expect(lower.location).toBe("/channels/countries/KZ?kind=SALES");
    expect((await member.get("/channels/countries/XX")).status).toBe(404);
    expect((await member.get("/channels/countries/KAZ")).status).toBe(404);
    expect((await member.get("/channels/countries/KZ?minFree=-1")).status).toBe(400);
    const empty = await member.get("/channels/countries/IS");
    expect(empty.status).toBe(200);
    expect(words(empty.text)).toContain("No channel is published in Iceland yet.");
  });
});

describe("/channels/map", () => {
  it("draws the world with a link for each country that has channels, and a table with the same figures", async () => {
    const res = await member.get("/channels/map");
    expect(res.status).toBe(200);
    // The map's own <svg> (the header has icons too).
    const map = res.text.indexOf('<figure class="world-map"');
    const svg = res.text.slice(res.text.indexOf("<svg", map), res.text.indexOf("</svg>", map));
    expect(svg).toMatch(/<a href="\/channels\/countries\/KZ" aria-label="Kazakhstan: 2 channels"/);
    expect(svg).toMatch(/<a href="\/channels\/countries\/MN" aria-label="Mongolia: 28 channels"/);
    // Countries without channels are drawn but are not links.
    expect(svg).not.toContain('href="/channels/countries/FR"');
    expect(svg).toContain("<path");
    // Singapore is too small for the 1:110m map: it is in the table, marked as not drawn.
    expect(svg).not.toContain('href="/channels/countries/SG"');
    const text = words(res.text);
    expect(text).toContain("Countries with channels");
    expect(text).toMatch(/Singapore not on the map at this scale/);
    expect(text).toContain("34 published channels in 6 countries.");
  });

  it("shows capacity and utilisation per kind and region as accessible bars with a table", async () => {
    const res = await member.get("/channels/map");
    const charts = [...res.text.matchAll(/<svg id="chart-by-(kind|region)" role="img" aria-label="([^"]+)"/g)];
    expect(charts.map((m) => m[1])).toEqual(["kind", "region"]);
    expect(charts[0]![2]).toContain("Service channel 0%");
    expect(charts[1]![2]).toContain("Asia Service channel 0%");
    expect(words(res.text)).toContain("Utilisation");
  });
});
