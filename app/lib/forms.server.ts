// Helpers for Remix actions: read a form into a plain object, and turn domain errors into
// responses (field errors with 400; 403/404/409 as thrown responses).
import { data } from "@remix-run/node";

/** Form fields as an object; fields named in `lists` keep every value (checkbox groups, multi-selects). */
export function formValues(form: FormData, lists: readonly string[] = []): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    values[key] = lists.includes(key) ? form.getAll(key).filter((v) => typeof v === "string") : form.get(key);
  }
  for (const key of lists) values[key] ??= [];
  return values;
}

/** What a form shows again after a failed submit: the text the user typed, never files or passwords. */
export function echoValues(form: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    if (/password/i.test(key)) continue;
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return values;
}

interface DomainErrorLike {
  status: number;
  code: string;
  message: string;
  fieldErrors?: Record<string, string>;
  formError?: string;
}

// Duck-typed: the services come from the server bundle, so `instanceof` across bundles would fail.
export function isDomainError(error: unknown): error is DomainErrorLike {
  return (
    error instanceof Error &&
    typeof (error as Partial<DomainErrorLike>).status === "number" &&
    typeof (error as Partial<DomainErrorLike>).code === "string"
  );
}

export type ActionErrors = {
  ok: false;
  fieldErrors: Record<string, string>;
  formError?: string;
  values: Record<string, string | string[]>;
};

/**
 * For an action's catch block: a validation error becomes data with status 400, so the form
 * re-renders with the field errors and what the user typed; other domain errors are thrown as
 * responses for the error boundary (403, 404, 409); anything else is rethrown.
 *
 *   try { await context.services.members.apply(values) } catch (e) { return formError(form, e) }
 */
export function formError(form: FormData, error: unknown) {
  if (isDomainError(error)) {
    if (error.status === 400) {
      return data(
        {
          ok: false,
          fieldErrors: error.fieldErrors ?? {},
          formError: error.formError ?? (error.fieldErrors ? undefined : error.message),
          values: echoValues(form),
        } satisfies ActionErrors,
        { status: 400 },
      );
    }
    throw new Response(error.message, { status: error.status });
  }
  throw error;
}
