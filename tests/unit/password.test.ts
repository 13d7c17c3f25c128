import { describe, expect, it } from "vitest";
import {
  hashPassword,
  isCommonPassword,
  NewPasswordSchema,
  PASSWORD_MAX,
  PASSWORD_MIN,
  verifyPassword,
} from "../../server/auth/password";

function errorOf(password: unknown): string | undefined {
  const result = NewPasswordSchema.safeParse(password);
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe("password policy", () => {
  it("accepts a long, uncommon password", () => {
    expect(errorOf("Yangtze-Ferry-Timetable-88")).toBeUndefined();
    expect(errorOf("a".repeat(3) + "Qx7!pLm2#z")).toBeUndefined();
  });

  it("refuses passwords shorter than 10 characters", () => {
    expect(PASSWORD_MIN).toBe(10);
    expect(errorOf("Qx7!pLm2#")).toBe("errors.passwordTooShort");
    expect(errorOf("")).toBe("errors.passwordTooShort");
  });

  it("refuses passwords longer than 128 characters", () => {
    expect(PASSWORD_MAX).toBe(128);
    expect(errorOf("Qx7!pLm2#z".repeat(12) + "Qx7!pLm2#")).toBe("errors.passwordTooLong");
    expect(errorOf("Qx7!pLm2#z".repeat(12) + "Qx7!pLm2")).toBeUndefined(); // exactly 128
  });

  it("refuses very common passwords, also with digits and symbols appended", () => {
    for (const common of ["password123", "Password123!", "qwertyuiop", "iloveyou12345", "1234567890"]) {
      expect(isCommonPassword(common), common).toBe(true);
      expect(errorOf(common), common).toBe("errors.passwordTooCommon");
    }
  });

  it("refuses a missing password with the required key", () => {
    expect(errorOf(undefined)).toBe("errors.required");
  });
});

describe("password hashing", () => {
  it("uses argon2id with OWASP parameters m=19456, t=2, p=1", async () => {
    const hash = await hashPassword("Yangtze-Ferry-Timetable-88");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it("verifies the right password and refuses a wrong one or a broken hash", async () => {
    const hash = await hashPassword("Yangtze-Ferry-Timetable-88");
    expect(await verifyPassword(hash, "Yangtze-Ferry-Timetable-88")).toBe(true);
    expect(await verifyPassword(hash, "Yangtze-Ferry-Timetable-89")).toBe(false);
    expect(await verifyPassword("not-a-hash", "Yangtze-Ferry-Timetable-88")).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("Yangtze-Ferry-Timetable-88")).not.toBe(await hashPassword("Yangtze-Ferry-Timetable-88"));
  });
});
