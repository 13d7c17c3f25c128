import { describe, expect, it } from "vitest";
import { isAllowedOrigin, isSafeMethod } from "../../server/http/origin";

describe("safe methods", () => {
  it("lets GET, HEAD and OPTIONS through, in any case", () => {
    expect(isSafeMethod("GET")).toBe(true);
    expect(isSafeMethod("head")).toBe(true);
    expect(isSafeMethod("OPTIONS")).toBe(true);
    expect(isSafeMethod(undefined)).toBe(true);
  });
  it("checks every other method", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) expect(isSafeMethod(method)).toBe(false);
  });
});

describe("origin check without configured origins (same origin as Host)", () => {
  const host = "localhost:3000";
  it("accepts the request's own origin", () => {
    expect(isAllowedOrigin({ host, origin: "http://localhost:3000" }, [], false)).toBe(true);
  });
  it("refuses another origin, another port or a null origin", () => {
    expect(isAllowedOrigin({ host, origin: "https://evil.example" }, [], false)).toBe(false);
    expect(isAllowedOrigin({ host, origin: "http://localhost:3001" }, [], false)).toBe(false);
    expect(isAllowedOrigin({ host, origin: "null" }, [], false)).toBe(false);
  });
  it("falls back to the Referer when there is no Origin", () => {
    expect(isAllowedOrigin({ host, referer: "http://localhost:3000/login?x=1" }, [], false)).toBe(true);
    expect(isAllowedOrigin({ host, referer: "https://evil.example/localhost:3000" }, [], false)).toBe(false);
    expect(isAllowedOrigin({ host, referer: "not a url" }, [], false)).toBe(false);
  });
  it("refuses a request with neither Origin nor Referer, or without Host", () => {
    expect(isAllowedOrigin({ host }, [], false)).toBe(false);
    expect(isAllowedOrigin({ origin: "http://localhost:3000" }, [], false)).toBe(false);
  });
});

describe("origin check with configured origins", () => {
  const allowed = ["https://portal.alliance.example", "https://www.alliance.example"];
  it("accepts exactly the configured origins", () => {
    expect(isAllowedOrigin({ host: "internal:3000", origin: "https://portal.alliance.example" }, allowed, true)).toBe(true);
    expect(isAllowedOrigin({ host: "internal:3000", origin: "https://www.alliance.example" }, allowed, true)).toBe(true);
  });
  it("refuses look-alikes and the bare Host origin", () => {
    for (const origin of [
      "http://portal.alliance.example",
      "https://portal.alliance.example.evil.example",
      "https://evil.example",
      "http://internal:3000",
    ]) {
      expect(isAllowedOrigin({ host: "internal:3000", origin }, allowed, true), origin).toBe(false);
    }
  });
  it("checks a Referer against the configured origins too", () => {
    expect(isAllowedOrigin({ referer: "https://portal.alliance.example/directory" }, allowed, true)).toBe(true);
    expect(isAllowedOrigin({ referer: "https://evil.example/" }, allowed, true)).toBe(false);
  });
});
