// Field schemas shared by every capability: text with limits, ISO codes, lists from forms.
import { z } from "zod";
import { COUNTRY_CODES } from "./countries.js";

/** Trimmed text, 1..max characters; empty counts as missing. */
export const requiredText = (max: number) =>
  z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");

/** Trimmed optional text; an empty field becomes undefined. */
export const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().max(max, "errors.tooLong").optional(),
  );

export const emailField = z
  .string({ error: "errors.required" })
  .trim()
  .toLowerCase()
  .min(1, "errors.required")
  .max(254, "errors.tooLong")
  .pipe(z.email("errors.invalidEmail"));

export const countryCode = z
  .string({ error: "errors.required" })
  .trim()
  .toUpperCase()
  .refine((c) => COUNTRY_CODES.has(c), "errors.unknownCountry");

/**
 * A list from a form: repeated fields (FormData.getAll) or one comma/space-separated string.
 * Duplicates are removed; the order is kept.
 */
export const listOf = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (v) => {
      const raw = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
      const parts = raw.flatMap((x) => (typeof x === "string" ? x.split(/[\s,;，、]+/) : [x]));
      return [...new Set(parts.filter((x) => x !== ""))];
    },
    z.array(item).max(max, "errors.tooMany"),
  );

export const websiteField = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z
    .string()
    .trim()
    .max(300, "errors.tooLong")
    .transform((v) => (/^https?:\/\//i.test(v) ? v : `https://${v}`))
    .pipe(z.url({ protocol: /^https?$/, error: "errors.invalidUrl" }))
    .optional(),
);

export const uuidParam = z.uuid("errors.notFound");

/** A date typed in a form (YYYY-MM-DD), as a UTC midnight Date. */
export const dateField = z
  .string({ error: "errors.required" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.invalidDate")
  .transform((s) => new Date(`${s}T00:00:00.000Z`))
  .refine((d) => !Number.isNaN(d.getTime()), "errors.invalidDate");

/** An empty or blank form field counts as missing. */
export const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** One of a fixed list of values, as a form or JSON sends it. */
export const enumField = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blank, z.enum(values, { error: (issue) => (issue.input === undefined ? "errors.required" : "errors.invalidValue") }));

/**
 * A whole number typed in a form: "12" -> 12; "1.5" and "-3" are refused with the capability's own
 * messages (`<area>.errors.wholeNumber`, `positiveNumber`, `notNegative`, `tooLarge`).
 */
export const wholeNumber = (area: "channels" | "sourcing", min: number, max: number) =>
  z.preprocess(
    (v) => {
      const b = blank(v);
      return typeof b === "string" ? (/^[+-]?\d+(\.\d+)?$/.test(b.trim()) ? Number(b.trim()) : "invalid") : b;
    },
    z
      .number({ error: (issue) => (issue.input === undefined ? "errors.required" : `${area}.errors.wholeNumber`) })
      .int(`${area}.errors.wholeNumber`)
      .min(min, min > 0 ? `${area}.errors.positiveNumber` : `${area}.errors.notNegative`)
      .max(max, `${area}.errors.tooLarge`),
  );
