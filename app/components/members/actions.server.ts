// Action helpers for the membership routes.
import { data, redirect } from "@remix-run/node";
import { echoValues, formError, isDomainError, type ActionErrors } from "../../lib/forms.server";

/**
 * Like formError, but a 409 (the record changed state, e.g. an application someone else already
 * decided) re-renders the page with the translated reason instead of the generic error page.
 */
export function actionFailure(form: FormData, error: unknown) {
  if (isDomainError(error) && error.status === 409) {
    return data({ ok: false, fieldErrors: {}, formError: error.message, values: echoValues(form) } satisfies ActionErrors, { status: 409 });
  }
  return formError(form, error);
}

/**
 * A form with several buttons: runs the handler its `intent` names and redirects to the address the
 * handler returns. A domain error re-renders the form (actionFailure); an unknown intent is a 400;
 * a Response a handler throws (a redirect) passes through.
 */
export async function runIntent(form: FormData, handlers: Record<string, () => Promise<string>>) {
  const intent = form.get("intent");
  const handler = typeof intent === "string" && Object.hasOwn(handlers, intent) ? handlers[intent] : undefined;
  if (!handler) throw new Response("Bad Request", { status: 400 });
  let to: string;
  try {
    to = await handler();
  } catch (error) {
    if (error instanceof Response) throw error;
    return actionFailure(form, error);
  }
  throw redirect(to);
}

/** Keeps the page's query string and adds a notice key for the page to show after a redirect. */
export function withNotice(request: Request, notice: string, drop: string[] = []) {
  const url = new URL(request.url);
  // "index" is Remix's marker for posts to an index route; it has no place in the page's address.
  for (const key of ["index", "notice", ...drop]) url.searchParams.delete(key);
  url.searchParams.set("notice", notice);
  return `${url.pathname}?${url.searchParams}`;
}

/** For loaders: a domain error (403, 404...) becomes the thrown response the error boundary shows. */
export async function orRespond<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isDomainError(error)) throw new Response(error.message, { status: error.status });
    throw error;
  }
}
