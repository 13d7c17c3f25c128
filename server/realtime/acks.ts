// How a socket event's failure is acknowledged, the same for every event: a domain error keeps its
// code and message key (and field errors); anything else is logged and answered as `internal`.
import { DomainError, ValidationError, type FieldErrors } from "../domain/errors.js";
import type { Logger } from "../logger.js";

export interface AckError {
  code: string;
  message: string;
  /** invalid_input only: field -> i18n key. */
  fields?: FieldErrors;
}

export function ackError(error: unknown, logger: Logger): AckError {
  if (error instanceof ValidationError) return { code: error.code, message: error.message, fields: error.fieldErrors };
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  logger.error({ err: error }, "socket event failed");
  return { code: "internal", message: "errors.internal" };
}
