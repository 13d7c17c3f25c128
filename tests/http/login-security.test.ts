// Sign-in throttling and production cookie settings, against the real server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemberOrg, TEST_PASSWORD } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";

describe("sign-in throttling", () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "3", LOGIN_MAX_FAILURES_PER_IP: "8" });
  });
  afterAll(async () => portal?.stop());

  it("locks an account after repeated failures with 429, even for the right password", async () => {
    const { adminUser } = await createMemberOrg(portal.prisma);
    const client = portal.client();
    for (let i = 0; i < 3; i++) {
      const res = await client.post("/login", { email: adminUser.email, password: `wrong-${i}-password` });
      expect(res.status).toBe(400);
    }
    const locked = await client.post("/login", { email: adminUser.email, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await portal.prisma.session.count({ where: { userId: adminUser.id } })).toBe(0);
  });

  it("counts failures per IP address across accounts, with the same generic message", async () => {
    const client = portal.client();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await client.post("/login", { email: `nobody-${i}@example.test`, password: "wrong-password-1" });
      statuses.push(res.status);
    }
    // 3 failures from the test above plus these: the IP limit of 8 is reached on the way.
    expect(statuses).toContain(429);
    const { adminUser } = await createMemberOrg(portal.prisma);
    const blocked = await client.post("/login", { email: adminUser.email, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
  });
});

describe("production mode", () => {
  let portal: TestPortal;
  const origin = "https://portal.alliance.example";
  beforeAll(async () => {
    portal = await startTestPortal({
      NODE_ENV: "production",
      ORIGIN: origin,
      SESSION_SECRET: "a-test-secret-that-is-long-enough-0123456789",
    });
  });
  afterAll(async () => portal?.stop());

  it("sets a Secure session cookie and accepts the configured origin", async () => {
    const { adminUser } = await createMemberOrg(portal.prisma);
    // Behind the TLS-terminating proxy, the public host arrives as X-Forwarded-Host.
    const res = await portal
      .client()
      .post("/login", { email: adminUser.email, password: TEST_PASSWORD }, { origin, "x-forwarded-host": "portal.alliance.example" });
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("eap_session="));
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(res.headers.get("strict-transport-security")).toBeTruthy();
  });

  it("refuses the request's own host as origin when ORIGIN is configured", async () => {
    const client = portal.client();
    const res = await client.post("/login", { email: "a@example.test", password: "x" });
    expect(res.status).toBe(403);
  });
});
