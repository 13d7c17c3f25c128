// Password hashing and the password policy. argon2id with OWASP's minimum parameters
// (m=19456 KiB, t=2, p=1): https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";

const ARGON2ID = {
  // @node-rs/argon2 exports Algorithm as an ambient const enum, which isolatedModules cannot read;
  // 2 is Algorithm.Argon2id.
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

// ~49,000 most common passwords from the zxcvbn-ts dictionary, lower-cased for the lookup.
const COMMON_PASSWORDS = new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  // "Password123!" is as guessable as "password": also check without trailing digits and symbols.
  return COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(lower.replace(/[\d\W_]+$/u, ""));
}

/** The password rule used by every form that sets a password; messages are i18n keys. */
export const NewPasswordSchema = z
  .string({ error: "errors.required" })
  .min(PASSWORD_MIN, "errors.passwordTooShort")
  .max(PASSWORD_MAX, "errors.passwordTooLong")
  .refine((p) => !isCommonPassword(p), "errors.passwordTooCommon");

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verifying against this when the account does not exist keeps the timing of both cases alike. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("not-a-real-password-only-for-timing");
  return dummyHash;
}
