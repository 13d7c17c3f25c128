// Domain errors. Routes and socket handlers map them to HTTP statuses and acknowledgement codes;
// messages are i18n keys (see app/i18n), so the domain stays language-neutral.
import { z } from "zod";

export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 429,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input: per-field i18n keys, plus an optional form-level key. Nothing was changed. */
export class ValidationError extends DomainError {
  constructor(
    readonly fieldErrors: FieldErrors,
    readonly formError?: string,
  ) {
    super(400, "invalid_input", formError ?? "errors.invalidInput");
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "errors.forbidden") {
    super(403, "forbidden", message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = "errors.notFound") {
    super(404, "not_found", message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super(409, "conflict", message);
  }
}

/** A catalogue key for an error, in the shared area ("errors.x") or a capability's ("channels.errors.x"). */
const ERROR_KEY = /^(\w+\.)*errors\.\w+$/;

/**
 * Parses `input` with `schema`; on failure throws a ValidationError keyed by the field path, with
 * `formError` (an i18n key) as the form-level message when given.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, formError?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_form";
    // zod's own messages (wrong type, unknown enum) are English prose; map them to our keys.
    fieldErrors[key] ??= ERROR_KEY.test(issue.message) ? issue.message : fallbackKey(issue);
  }
  throw new ValidationError(fieldErrors, formError);
}

function fallbackKey(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "errors.required" : "errors.invalidValue";
    case "too_big":
      return "errors.tooLong";
    case "too_small":
      return "errors.required";
    case "invalid_value":
    case "invalid_format":
    default:
      return "errors.invalidValue";
  }
}
