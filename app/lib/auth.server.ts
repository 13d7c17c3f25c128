// Route guards. Each throws a redirect (not signed in) or a 403 Response, so routes read like
// sentences: `const user = requireOrgAdmin(context, request)`. The domain checks again: these guard
// the page, the domain guards the data.
import { redirect, type AppLoadContext } from "@remix-run/node";
import type { CurrentUser } from "../../server/auth/index";

export function getUser(context: AppLoadContext): CurrentUser | null {
  return context.user;
}

export function requireUser(context: AppLoadContext, request: Request): CurrentUser {
  if (context.user) return context.user;
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
}

/** A signed-in member of an ACTIVE organisation; applicants see only their status page. */
export function requireActiveMember(context: AppLoadContext, request: Request): CurrentUser {
  const user = requireUser(context, request);
  if (user.organization.status !== "ACTIVE") throw forbidden();
  return user;
}

export function requireOrgAdmin(context: AppLoadContext, request: Request): CurrentUser {
  const user = requireActiveMember(context, request);
  if (user.role !== "ORG_ADMIN") throw forbidden();
  return user;
}

export function requireSecretariat(context: AppLoadContext, request: Request): CurrentUser {
  const user = requireUser(context, request);
  if (!user.secretariat) throw forbidden();
  return user;
}

export function forbidden() {
  return new Response("Forbidden", { status: 403 });
}

export function notFound() {
  return new Response("Not Found", { status: 404 });
}

/** Only same-site relative paths: an open redirect would let a link send users anywhere. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
