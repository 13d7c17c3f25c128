import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemberOrg } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  await portal?.stop();
});

describe("health", () => {
  it("answers 200 with the database kind", async () => {
    const res = await portal.client().get("/healthz");
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ status: "ok", db: process.env.TEST_DATABASE_URL ? "postgresql" : "pglite" });
  });
});

describe("origin check", () => {
  it("refuses a POST from another origin with 403 and changes nothing", async () => {
    const { adminUser } = await createMemberOrg(portal.prisma);
    const before = await portal.prisma.session.count();
    const res = await portal.client().post("/login", { email: adminUser.email, password: "x" }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await portal.prisma.session.count()).toBe(before);
  });

  it("refuses a POST with no Origin and no Referer", async () => {
    const client = portal.client();
    const res = await client.request("POST", "/login", {
      body: "email=a&password=b",
      headers: { origin: "", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(403);
  });
});

describe("sign-in", () => {
  it("creates a new session and sets an HttpOnly, SameSite=Lax cookie", async () => {
    const { adminUser } = await createMemberOrg(portal.prisma);
    const client = portal.client();
    const res = await client.signIn(adminUser.email);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("eap_session="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // not in test/development; production sets Secure
    expect(await portal.prisma.session.count({ where: { userId: adminUser.id } })).toBe(1);
  });

  it("rotates the session: signing in again replaces the browser's old session", async () => {
    const { adminUser } = await createMemberOrg(portal.prisma);
    const client = portal.client();
    await client.signIn(adminUser.email);
    const first = client.cookieHeader();
    await client.signIn(adminUser.email);
    expect(client.cookieHeader()).not.toBe(first);
    expect(await portal.prisma.session.count({ where: { userId: adminUser.id } })).toBe(1);
  });

  it("fails with a generic message and status 400", async () => {
    const { adminUser } = await createMemberOrg(portal.prisma);
    const res = await portal.client().post("/login", { email: adminUser.email, password: "wrong-password-123" });
    expect(res.status).toBe(400);
    const unknown = await portal.client().post("/login", { email: "nobody@example.test", password: "wrong-password-123" });
    expect(unknown.status).toBe(400);
  });
});
