// Membership over HTTP against the real server: applying, the pending applicant's view, the
// secretariat's review and suspension, the directory, profiles and the own-profile editor.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemberOrg, createOrganization, createSecretariat } from "../support/fixtures";
import { startTestPortal, type TestClient, type TestPortal } from "../support/server";

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  await portal?.stop();
});

let seq = 0;
function applicationForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  seq += 1;
  return {
    nameZh: `重庆山城新能源动力有限公司${seq}`,
    nameEn: `Chongqing Shancheng NEV Power ${seq}`,
    kind: "SUPPLIER",
    homeCity: "Chongqing",
    homeCountry: "CN",
    website: "https://shancheng-power.example",
    description: "Battery packs and e-axles for NEV commercial vehicles.",
    markets: ["TH", "UZ", "HU"],
    name: "Ran Xiaomei",
    email: `ran.xiaomei.${seq}.${Date.now()}@shancheng.example`,
    password: "E-Axle-Liangjiang-2031",
    passwordConfirm: "E-Axle-Liangjiang-2031",
    ...overrides,
  };
}

const countRows = async () => ({
  orgs: await portal.prisma.organization.count(),
  users: await portal.prisma.user.count(),
});

/** Applies through the form and returns the signed-in applicant's client and the new org id. */
async function applyAs(form = applicationForm()) {
  const client = portal.client();
  const res = await client.post("/apply", form);
  expect(res.status).toBe(302);
  expect(res.location).toBe("/");
  const user = await portal.prisma.user.findUniqueOrThrow({ where: { email: String(form.email).toLowerCase() } });
  return { client, organizationId: user.organizationId, userId: user.id, form };
}

describe("apply", () => {
  it("shows a form that works without JavaScript: labelled fields and market checkboxes by region", async () => {
    const res = await portal.client().get("/apply");
    expect(res.status).toBe(200);
    expect(res.text).toContain('<form method="post"');
    expect(res.text).toMatch(/<label for="f-nameZh">/);
    expect(res.text).toMatch(/<legend>Markets you already serve<\/legend>/);
    expect(res.text).toContain("<summary>Europe");
    expect(res.text).toMatch(/<input type="checkbox" name="markets" value="DE"\/>Germany/);
  });

  it("creates the application, signs the applicant in, and shows only the pending status", async () => {
    const { client, organizationId } = await applyAs();
    expect(client.cookieHeader()).toMatch(/eap_session=/);
    expect((await portal.prisma.organization.findUniqueOrThrow({ where: { id: organizationId } })).status).toBe("PENDING");
    const home = await client.get("/");
    expect(home.status).toBe(200);
    expect(home.text).toContain("Your application is being reviewed");
    expect((await client.get("/directory")).status).toBe(403);
    expect((await client.get(`/directory/${organizationId}`)).status).toBe(403);
    expect((await client.get("/secretariat")).status).toBe(403);
  });

  it("lets a pending applicant sign in again with the password", async () => {
    const { form } = await applyAs();
    const client = portal.client();
    const res = await client.post("/login", { email: String(form.email), password: String(form.password), redirectTo: "/" });
    expect(res.status).toBe(302);
    expect((await client.get("/")).text).toContain("Your application is being reviewed");
  });

  it.each([
    ["over-long name", { nameEn: "n".repeat(121) }, "This is too long."],
    ["over-long description", { description: "d".repeat(2001) }, "This is too long."],
    ["unknown kind", { kind: "SHIPYARD" }, "This value is not valid."],
    ["unknown market code", { markets: ["DE", "QQ"] }, "Unknown country code."],
    ["unknown home country", { homeCountry: "ZZ" }, "Unknown country code."],
    ["missing fields", { nameZh: "", homeCity: "" }, "This field is required."],
    ["mismatched passwords", { passwordConfirm: "Something-Else-2031" }, "The two passwords do not match."],
    ["common password", { password: "password123", passwordConfirm: "password123" }, "This password is too common."],
  ])("answers %s with 400, the field error, the typed values, and stores nothing", async (_name, overrides, message) => {
    const before = await countRows();
    const form = applicationForm(overrides);
    const res = await portal.client().post("/apply", form);
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
    expect(res.text).toContain('class="field-error"');
    expect(res.text).not.toContain(String(form.password)); // passwords are never echoed
    expect(await countRows()).toEqual(before);
  });

  it("refuses a duplicate email with 400 and errors.emailTaken", async () => {
    const { form } = await applyAs();
    const before = await countRows();
    const res = await portal.client().post("/apply", applicationForm({ email: String(form.email).toUpperCase() }));
    expect(res.status).toBe(400);
    expect(res.text).toContain("An account with this email address already exists.");
    expect(await countRows()).toEqual(before);
  });

  it("accepts only so many applications from one address per hour: then 429 with Retry-After, storing nothing", async () => {
    const strict = await startTestPortal({ APPLY_MAX_PER_IP_PER_HOUR: "1" });
    try {
      expect((await strict.client().post("/apply", applicationForm())).status).toBe(302);
      const organizations = await strict.prisma.organization.count();
      const res = await strict.client().post("/apply", applicationForm());
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(res.text).toContain("Too many applications have come from your network in the last hour.");
      expect(await strict.prisma.organization.count()).toBe(organizations);
    } finally {
      await strict.stop();
    }
  });

  it("keeps <script> as inert text in every page that shows it", async () => {
    const desk = await createSecretariat(portal.prisma);
    await applyAs(applicationForm({ nameEn: "<script>alert(1)</script> Motors", description: "<script>alert('desc')</script>" }));
    const page = await (await portal.signedIn(desk.user.email)).get("/secretariat");
    expect(page.status).toBe(200);
    expect(page.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Motors");
    expect(page.text).toContain("&lt;script&gt;alert(&#x27;desc&#x27;)&lt;/script&gt;");
    expect(page.text).not.toContain("<script>alert(");
  });

  it("redirects a signed-in user away from the form", async () => {
    const { adminUser } = await createMemberOrg(portal.prisma);
    const res = await (await portal.signedIn(adminUser.email)).get("/apply");
    expect(res.status).toBe(302);
  });
});

describe("secretariat review", () => {
  it("lists pending applications for the secretariat and approves one", async () => {
    const desk = await createSecretariat(portal.prisma);
    const applicant = await applyAs();
    const secretariat = await portal.signedIn(desk.user.email);
    const page = await secretariat.get("/secretariat");
    expect(page.status).toBe(200);
    expect(page.text).toContain(String(applicant.form.nameEn));
    expect(page.text).toContain("Ran Xiaomei");

    const res = await secretariat.post("/secretariat?index", { intent: "approve", organizationId: applicant.organizationId });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/secretariat?notice=approved");
    expect((await secretariat.get(res.location!)).text).toContain("Application approved.");
    expect((await portal.prisma.organization.findUniqueOrThrow({ where: { id: applicant.organizationId } })).status).toBe("ACTIVE");
    expect((await portal.prisma.user.findUniqueOrThrow({ where: { id: applicant.userId } })).role).toBe("ORG_ADMIN");

    // The applicant's same session now opens the directory, and deciding again is a 409 with a reason.
    expect((await applicant.client.get("/directory")).status).toBe(200);
    const again = await secretariat.post("/secretariat?index", { intent: "approve", organizationId: applicant.organizationId });
    expect(again.status).toBe(409);
    expect(again.text).toContain("This application has already been decided.");
  });

  it("rejects with a required reason that the applicant sees on the home page", async () => {
    const desk = await createSecretariat(portal.prisma);
    const applicant = await applyAs();
    const secretariat = await portal.signedIn(desk.user.email);
    const missing = await secretariat.post("/secretariat?index", { intent: "reject", organizationId: applicant.organizationId, reason: "" });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain("This field is required.");
    const tooLong = await secretariat.post("/secretariat?index", { intent: "reject", organizationId: applicant.organizationId, reason: "r".repeat(1001) });
    expect(tooLong.status).toBe(400);
    expect((await portal.prisma.organization.findUniqueOrThrow({ where: { id: applicant.organizationId } })).status).toBe("PENDING");

    const reason = "Please provide your export licence number & <b>customs code</b>.";
    const res = await secretariat.post("/secretariat?index", { intent: "reject", organizationId: applicant.organizationId, reason });
    expect(res.status).toBe(302);
    const home = await applicant.client.get("/");
    expect(home.text).toContain("Your application was not approved");
    expect(home.text).toContain("Please provide your export licence number &amp; &lt;b&gt;customs code&lt;/b&gt;.");
    expect((await applicant.client.get("/directory")).status).toBe(403);
  });

  it("refuses the secretariat pages and every action to other users with 403", async () => {
    const member = await createMemberOrg(portal.prisma);
    const target = await createMemberOrg(portal.prisma);
    const applicant = await applyAs();
    const admin = await portal.signedIn(member.adminUser.email);
    expect((await admin.get("/secretariat")).status).toBe(403);
    expect((await admin.get("/secretariat/organizations")).status).toBe(403);
    expect((await admin.post("/secretariat?index", { intent: "approve", organizationId: applicant.organizationId })).status).toBe(403);
    expect((await admin.post("/secretariat?index", { intent: "reject", organizationId: applicant.organizationId, reason: "x" })).status).toBe(403);
    expect((await admin.post("/secretariat/organizations", { intent: "suspend", organizationId: target.org.id, reason: "x" })).status).toBe(403);
    expect((await portal.prisma.organization.findUniqueOrThrow({ where: { id: applicant.organizationId } })).status).toBe("PENDING");
    expect((await portal.prisma.organization.findUniqueOrThrow({ where: { id: target.org.id } })).status).toBe("ACTIVE");
    // Signed out: sent to sign in.
    const anonymous = await portal.client().get("/secretariat");
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login/);
  });

  it("suspends an organisation: its users' sessions are gone and their next request is signed out; reactivation lets them back", async () => {
    const desk = await createSecretariat(portal.prisma);
    const member = await createMemberOrg(portal.prisma, { nameEn: `Fuling Suspension Parts ${Date.now()}` });
    const adminClient = await portal.signedIn(member.adminUser.email);
    const memberClient = await portal.signedIn(member.memberUser.email);
    expect((await memberClient.get("/directory")).status).toBe(200);

    const secretariat = await portal.signedIn(desk.user.email);
    const list = await secretariat.get(`/secretariat/organizations?status=ACTIVE&q=${encodeURIComponent("Fuling Suspension")}`);
    expect(list.status).toBe(200);
    expect(list.text).toContain(member.org.nameEn);
    const noReason = await secretariat.post("/secretariat/organizations?status=ACTIVE", { intent: "suspend", organizationId: member.org.id, reason: " " });
    expect(noReason.status).toBe(400);
    expect((await portal.prisma.organization.findUniqueOrThrow({ where: { id: member.org.id } })).status).toBe("ACTIVE");

    const res = await secretariat.post("/secretariat/organizations?status=ACTIVE", { intent: "suspend", organizationId: member.org.id, reason: "Membership dues unpaid." });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/secretariat/organizations?status=ACTIVE&notice=suspended");
    expect(await portal.prisma.session.count({ where: { user: { organizationId: member.org.id } } })).toBe(0);
    for (const client of [adminClient, memberClient]) {
      const next = await client.get("/directory");
      expect(next.status).toBe(302);
      expect(next.location).toMatch(/^\/login/);
    }
    const login = await portal.client().post("/login", { email: member.adminUser.email, password: "Harbour-Lights-2031" });
    expect(login.status).toBe(400);

    const back = await secretariat.post("/secretariat/organizations?status=SUSPENDED", { intent: "reactivate", organizationId: member.org.id });
    expect(back.status).toBe(302);
    expect((await (await portal.signedIn(member.adminUser.email)).get("/directory")).status).toBe(200);
  });
});

describe("directory", () => {
  const tag = `Httpdir${Date.now().toString(36)}`;
  let viewer: TestClient;
  beforeAll(async () => {
    const org = await createMemberOrg(portal.prisma, { nameEn: `${tag} Viewer Automobile`, kind: "OEM", homeCity: "Wanzhou", markets: [] });
    viewer = await portal.signedIn(org.memberUser.email);
    await createOrganization(portal.prisma, { nameEn: `${tag} Jiangbei Lighting`, nameZh: `${tag}江北车灯`, kind: "SUPPLIER", homeCity: "Chongqing", markets: ["SA", "AE"] });
    await createOrganization(portal.prisma, { nameEn: `${tag} Nan'an Glass`, nameZh: `${tag}南岸玻璃`, kind: "SUPPLIER", homeCity: "Chengdu", markets: ["RU"] });
    await createOrganization(portal.prisma, { nameEn: `${tag} Cuntan Rail Forwarding`, nameZh: `${tag}寸滩铁路货运`, kind: "LOGISTICS", homeCity: "Chongqing", markets: ["DE", "PL"] });
    await createOrganization(portal.prisma, { nameEn: `${tag} Waiting Wheels`, nameZh: `${tag}待审车轮`, status: "PENDING" });
    for (let i = 0; i < 27; i++) {
      await createOrganization(portal.prisma, { nameEn: `${tag} Gasket Works ${String(i).padStart(2, "0")}`, nameZh: `${tag}垫片${i}`, kind: "SUPPLIER", homeCity: "Bishan", markets: ["VN"] });
    }
  });

  const rowNames = (html: string) => [...html.matchAll(/<th scope="row"><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]!.replace(/&#x27;/g, "'"));

  it("searches by English name, case-insensitively, active members only", async () => {
    const res = await viewer.get(`/directory?q=${encodeURIComponent(`${tag.toUpperCase()} jiangbei`)}`);
    expect(res.status).toBe(200);
    expect(rowNames(res.text)).toEqual([`${tag} Jiangbei Lighting`]);
    expect(res.text).toContain("1 organisation found");
    const all = await viewer.get(`/directory?q=${tag}`);
    expect(all.text).not.toContain("Waiting Wheels");
  });

  it("searches by Chinese name and shows zh-CN pages in Chinese", async () => {
    const res = await viewer.get(`/directory?q=${encodeURIComponent("铁路货运")}`, { "accept-language": "zh-CN,zh;q=0.9" });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`${tag}寸滩铁路货运`);
    expect(res.text).toContain("会员名录");
  });

  it("filters by kind, city and market through a shareable query string", async () => {
    const kind = await viewer.get(`/directory?q=${tag}&kind=LOGISTICS`);
    expect(rowNames(kind.text)).toEqual([`${tag} Cuntan Rail Forwarding`]);
    const city = await viewer.get(`/directory?q=${tag}&city=chongqing`);
    expect(rowNames(city.text).sort()).toEqual([`${tag} Cuntan Rail Forwarding`, `${tag} Jiangbei Lighting`]);
    const market = await viewer.get(`/directory?q=${tag}&market=SA`);
    expect(rowNames(market.text)).toEqual([`${tag} Jiangbei Lighting`]);
    expect(market.text).toMatch(/name="market"[^>]*value="Saudi Arabia"/);
    const byName = await viewer.get(`/directory?q=${tag}&market=${encodeURIComponent("saudi arabia")}`);
    expect(rowNames(byName.text)).toEqual([`${tag} Jiangbei Lighting`]);
    const byChineseName = await viewer.get(`/directory?q=${tag}&market=${encodeURIComponent("德国")}`);
    expect(rowNames(byChineseName.text)).toEqual([`${tag} Cuntan Rail Forwarding`]);
  });

  it("answers bad filters with 400 and a message, not an error page", async () => {
    const res = await viewer.get(`/directory?kind=SPACESHIP&market=Atlantis`);
    expect(res.status).toBe(400);
    expect(res.text).toContain("Some filters are not valid");
    expect(res.text).toContain("Unknown country. Type its name");
    expect(res.text).toContain('value="Atlantis"');
  });

  it("pages 25 at a time with a next-page link carrying a cursor", async () => {
    const first = await viewer.get(`/directory?q=${encodeURIComponent(`${tag} Gasket`)}`);
    expect(first.text).toContain("27 organisations found");
    expect(rowNames(first.text)).toHaveLength(25);
    const next = first.text.match(/<a [^>]*href="(\/directory\?[^"]*cursor=[^"]+)"[^>]*>Next page<\/a>/)?.[1];
    expect(next).toBeTruthy();
    const second = await viewer.get(next!.replace(/&amp;/g, "&"));
    expect(second.status).toBe(200);
    expect(rowNames(second.text)).toEqual([`${tag} Gasket Works 25`, `${tag} Gasket Works 26`]);
    expect(second.text).not.toContain(">Next page<");
    expect(second.text).toContain(">First page<");
  });

  it("is open to the secretariat and closed to signed-out visitors", async () => {
    const desk = await createSecretariat(portal.prisma);
    expect((await (await portal.signedIn(desk.user.email)).get(`/directory?q=${tag}`)).status).toBe(200);
    const anonymous = await portal.client().get("/directory");
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe("/login?redirectTo=%2Fdirectory");
  });
});

describe("profiles", () => {
  it("flags expired certificates in words and warns about ones expiring within 90 days", async () => {
    const viewer = await createMemberOrg(portal.prisma);
    const org = await createOrganization(portal.prisma, { nameEn: "Beibei Brake Pads", markets: ["DE", "TH"] });
    const day = (offset: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + offset));
    await portal.prisma.certification.createMany({
      data: [
        { organizationId: org.id, type: "IATF_16949", scope: "Brake pads, Beibei plant", issuer: "DNV", validFrom: day(-1000), validTo: day(-10) },
        { organizationId: org.id, type: "ISO_14001", scope: "Beibei plant", issuer: "SGS", validFrom: day(-300), validTo: day(30) },
        { organizationId: org.id, type: "OTHER", label: "ECE R90 replacement brake linings", scope: "Passenger car pads", issuer: "KBA", validFrom: day(-300), validTo: day(700) },
      ],
    });
    const res = await (await portal.signedIn(viewer.memberUser.email)).get(`/directory/${org.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("Beibei Brake Pads");
    expect(res.text).toContain("Germany");
    expect(res.text).toMatch(/data-validity="expired"[^>]*><span aria-hidden="true">✕ <\/span>Expired/);
    expect(res.text).toMatch(/data-validity="expiring"[^>]*><span aria-hidden="true">! <\/span>Expires within 90 days/);
    expect(res.text).toContain("ECE R90 replacement brake linings");
    expect(res.text).not.toContain("Edit profile");
  });

  it("answers 404 for unknown, malformed and pending organisations, except to the secretariat", async () => {
    const viewer = await portal.signedIn((await createMemberOrg(portal.prisma)).memberUser.email);
    const pending = await createOrganization(portal.prisma, { status: "PENDING" });
    expect((await viewer.get("/directory/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await viewer.get("/directory/not-an-id")).status).toBe(404);
    expect((await viewer.get(`/directory/${pending.id}`)).status).toBe(404);
    const desk = await createSecretariat(portal.prisma);
    const seen = await (await portal.signedIn(desk.user.email)).get(`/directory/${pending.id}`);
    expect(seen.status).toBe(200);
    expect(seen.text).toContain("only the secretariat can see this profile");
  });
});

describe("own profile editing", () => {
  it("lets the org admin edit the profile and certifications", async () => {
    const { org, adminUser } = await createMemberOrg(portal.prisma);
    const admin = await portal.signedIn(adminUser.email);
    const page = await admin.get(`/directory/${org.id}/edit`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Edit your organisation&#x27;s profile");

    const res = await admin.post(`/directory/${org.id}/edit`, {
      intent: "profile",
      nameZh: "重庆铜梁变速器有限公司",
      nameEn: "Chongqing Tongliang Transmissions",
      homeCity: "Tongliang",
      homeCountry: "CN",
      website: "tongliang-trans.example",
      description: "Gearboxes <script>alert('x')</script> for light trucks.",
      markets: ["KZ", "UZ", "RU"],
    });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/directory/${org.id}/edit?notice=saved`);
    const profile = await admin.get(`/directory/${org.id}`);
    expect(profile.text).toContain("Chongqing Tongliang Transmissions");
    expect(profile.text).toContain("Kazakhstan");
    expect(profile.text).toContain("Gearboxes &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; for light trucks.");
    expect(profile.text).toContain('href="https://tongliang-trans.example"');
    expect(await portal.prisma.auditEvent.count({ where: { subjectId: org.id, action: "organization.profile_updated" } })).toBe(1);

    const bad = await admin.post(`/directory/${org.id}/edit`, { intent: "addCertification", type: "OTHER", label: "", scope: "Gearboxes", issuer: "TÜV Rheinland", validFrom: "2026-01-01", validTo: "2025-01-01" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Give the certification a name");
    expect(bad.text).toContain("The end of validity cannot be before its start.");
    expect(await portal.prisma.certification.count({ where: { organizationId: org.id } })).toBe(0);

    const added = await admin.post(`/directory/${org.id}/edit`, { intent: "addCertification", type: "IATF_16949", label: "", scope: "Gearboxes, Tongliang plant", issuer: "TÜV Rheinland", validFrom: "2025-01-01", validTo: "2028-01-01" });
    expect(added.status).toBe(302);
    const cert = await portal.prisma.certification.findFirstOrThrow({ where: { organizationId: org.id } });
    const editPage = await admin.get(`/directory/${org.id}/certifications/${cert.id}`);
    expect(editPage.status).toBe(200);
    expect(editPage.text).toContain('value="2028-01-01"');
    const updated = await admin.post(`/directory/${org.id}/certifications/${cert.id}`, { type: "IATF_16949", label: "", scope: "Gearboxes", issuer: "TÜV Rheinland", validFrom: "2025-01-01", validTo: "2029-06-30" });
    expect(updated.status).toBe(302);
    expect((await portal.prisma.certification.findUniqueOrThrow({ where: { id: cert.id } })).validTo.toISOString().slice(0, 10)).toBe("2029-06-30");
    const removed = await admin.post(`/directory/${org.id}/edit`, { intent: "removeCertification", certificationId: cert.id });
    expect(removed.status).toBe(302);
    expect(await portal.prisma.certification.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it("answers 403 to another organisation's admin and to a plain member, and changes nothing", async () => {
    const mine = await createMemberOrg(portal.prisma);
    const theirs = await createMemberOrg(portal.prisma);
    const cert = await portal.prisma.certification.create({
      data: { organizationId: theirs.org.id, type: "ISO_9001", scope: "Seats", issuer: "BV", validFrom: new Date("2025-01-01"), validTo: new Date("2028-01-01") },
    });
    const intruder = await portal.signedIn(mine.adminUser.email);
    const hijack = { intent: "profile", nameZh: "篡改", nameEn: "Hijacked", homeCity: "X", homeCountry: "CN", description: "x", markets: [] as string[] };
    expect((await intruder.get(`/directory/${theirs.org.id}/edit`)).status).toBe(403);
    expect((await intruder.post(`/directory/${theirs.org.id}/edit`, hijack)).status).toBe(403);
    expect((await intruder.post(`/directory/${mine.org.id}/edit`, { intent: "removeCertification", certificationId: cert.id })).status).toBe(403);
    expect((await intruder.post(`/directory/${theirs.org.id}/certifications/${cert.id}`, { type: "ISO_9001", scope: "stolen", issuer: "x", validFrom: "2025-01-01", validTo: "2026-01-01" })).status).toBe(403);
    const colleague = await portal.signedIn(theirs.memberUser.email);
    expect((await colleague.post(`/directory/${theirs.org.id}/edit`, hijack)).status).toBe(403);
    expect((await portal.prisma.organization.findUniqueOrThrow({ where: { id: theirs.org.id } })).nameEn).toBe(theirs.org.nameEn);
    expect((await portal.prisma.certification.findUniqueOrThrow({ where: { id: cert.id } })).scope).toBe("Seats");
  });
});
