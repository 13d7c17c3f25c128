// Shared by the account routes' actions: what a successful form post shows, and domain conflicts
// (409) and throttling (429) shown as a message above the form rather than as an error page.
import { data } from "@remix-run/node";
import { echoValues, formError, isDomainError, type ActionErrors } from "../../lib/forms.server";
import type { ActionDone } from "./results";

export function done(intent: string, message: string, vars?: Record<string, string | number>): ActionDone {
  return { ok: true, intent, message, vars };
}

export function accountActionError(form: FormData, error: unknown) {
  if (isDomainError(error) && (error.status === 409 || error.status === 429)) {
    const body: ActionErrors = { ok: false, fieldErrors: {}, formError: error.message, values: echoValues(form) };
    return data(body, { status: error.status });
  }
  return formError(form, error);
}
