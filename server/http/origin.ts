// Cross-site request forgery defence: a state-changing request must come from one of our origins.
// Used by the HTTP app for every non-GET request and by the Socket.IO handshake.
import type { IncomingHttpHeaders } from "node:http";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string | undefined) {
  return SAFE_METHODS.has((method ?? "GET").toUpperCase());
}

/**
 * With configured origins, the Origin header must be one of them. Without (local use and tests),
 * it must equal the origin the request was addressed to (its Host header). A request without an
 * Origin falls back to its Referer; one with neither is refused.
 */
export function isAllowedOrigin(headers: IncomingHttpHeaders, allowed: string[], secure: boolean): boolean {
  let origin = typeof headers.origin === "string" ? headers.origin : undefined;
  if (!origin && typeof headers.referer === "string") {
    try {
      origin = new URL(headers.referer).origin;
    } catch {
      return false;
    }
  }
  if (!origin || origin === "null") return false;
  if (allowed.length > 0) return allowed.includes(origin);
  const host = headers.host;
  if (!host) return false;
  return origin === `http://${host}` || (secure && origin === `https://${host}`) || origin === `https://${host}`;
}
