// Signing the load generator in, as a browser would: a form post, then the session cookie.
// node:http rather than fetch, so that Host matches Origin (same reasoning as ../run.ts).
import http from "node:http";
import { BENCH_EMAIL, BENCH_PASSWORD } from "../fill";

/** `origin`: the server's public ORIGIN when it has one (production mode), else its own URL. */
export async function signIn(baseUrl: string, origin = baseUrl): Promise<string> {
  const body = new URLSearchParams({ email: BENCH_EMAIL, password: BENCH_PASSWORD }).toString();
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request(`${baseUrl}/login`, {
      method: "POST",
      headers: {
        host: new URL(origin).host,
        origin,
        "content-type": "application/x-www-form-urlencoded",
        "content-length": Buffer.byteLength(body),
      },
    });
    req.once("response", resolve).once("error", reject).end(body);
  });
  res.resume();
  const cookie = (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!).find((c) => c.startsWith("eap_session=") && c.length > "eap_session=".length);
  if (res.statusCode !== 302 && res.statusCode !== 303) throw new Error(`sign-in answered ${res.statusCode}, expected a redirect`);
  if (!cookie) throw new Error("sign-in set no session cookie");
  return cookie;
}

/** What a browser sends: the session, a language, and compression. */
export const browserHeaders = (cookie: string) => ({
  cookie,
  accept: "text/html,application/xhtml+xml",
  "accept-language": "en",
  "accept-encoding": "gzip, deflate, br",
});
