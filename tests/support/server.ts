// Starts the real portal (Express + Remix + Socket.IO) on an ephemeral port over a fresh test
// database, and gives tests an HTTP client with a cookie jar that behaves like a browser form post.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { loadConfig, type Config } from "../../server/config";
import { createLogger } from "../../server/logger";
import { startPortal, type Portal } from "../../server/portal";
import type { Database } from "../../server/db/index";
import { createTestDatabase } from "./db";
import { TEST_PASSWORD } from "./fixtures";

let remixBuild: Promise<ServerBuild> | undefined;
/** The Remix server build from `npm run build` (npm test builds it first when sources changed). */
export function loadRemixBuild(): Promise<ServerBuild> {
  remixBuild ??= import(pathToFileURL(path.resolve("build/remix/index.js")).href) as Promise<ServerBuild>;
  return remixBuild;
}

export interface TestPortal extends Portal {
  prisma: Portal["services"]["db"]["prisma"];
  client(): TestClient;
  /** A new client, signed in as `email` with the test password. */
  signedIn(email: string): Promise<TestClient>;
}

/** `options.db`: a database to use instead of a fresh one (two portals sharing one database). */
export async function startTestPortal(env: Record<string, string> = {}, options: { db?: Database } = {}): Promise<TestPortal> {
  const config: Config = loadConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    // Each test portal gets its own Redis key namespace, so counts never leak between files or runs.
    ...(process.env.TEST_REDIS_URL
      ? { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_KEY_PREFIX: `eap-test-${randomBytes(4).toString("hex")}:` }
      : {}),
    ...env,
  });
  const db = options.db ?? (await createTestDatabase());
  const portal = await startPortal({ config, logger: createLogger(config.logLevel), remixBuild: await loadRemixBuild(), db });
  const client = () => new TestClient(portal.url);
  const signedIn = async (email: string) => {
    const c = client();
    await c.signIn(email);
    return c;
  };
  return { ...portal, prisma: db.prisma, client, signedIn };
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/** fetch with a cookie jar, same-origin Origin headers on posts, and no redirect following. */
export class TestClient {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  async request(method: string, pathname: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    if (method !== "GET" && method !== "HEAD" && !("origin" in headers)) headers.origin = this.baseUrl;
    const response = await fetch(new URL(pathname, this.baseUrl), { method, headers, body: init.body, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, headers: response.headers, text: await response.text(), location: response.headers.get("location") } satisfies TestResponse;
  }

  get(pathname: string, headers?: Record<string, string>) {
    return this.request("GET", pathname, { headers });
  }

  /** A form post as a browser without JavaScript sends it. Arrays become repeated fields. */
  post(pathname: string, fields: Record<string, string | string[]>, headers?: Record<string, string>) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    return this.request("POST", pathname, {
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    });
  }

  async signIn(email: string, password = TEST_PASSWORD) {
    const res = await this.post("/login", { email, password, redirectTo: "/" });
    if (res.status !== 302) throw new Error(`sign-in as ${email} failed with ${res.status}`);
    return res;
  }
}
