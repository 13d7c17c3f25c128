// The request id and the one log line per request (server/http/request-log.ts): every response
// carries X-Request-Id, and at info level each page request logs pino-http's "request completed"
// line with that id; at warn level only 4xx/5xx lines are written, still with the id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../server/logger";
import { startTestPortal, type TestPortal } from "../support/server";

interface LogLine {
  level: number;
  msg: string;
  req?: { id: string; method: string; url: string; ip?: string };
  res?: { status: number };
  responseTime?: number;
  err?: { message: string };
  origin?: string | null;
}

function collectingLogger(level: string) {
  const lines: LogLine[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

/** Log lines are written when the response closes, which may be just after the client has it. */
async function linesFor(lines: LogLine[], id: string, count = 1): Promise<LogLine[]> {
  for (let i = 0; i < 50; i++) {
    const found = lines.filter((l) => l.req?.id === id);
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return lines.filter((l) => l.req?.id === id);
}

describe("at info level", () => {
  let portal: TestPortal;
  const { logger, lines } = collectingLogger("info");
  beforeAll(async () => {
    portal = await startTestPortal({}, { logger });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it("logs a completed page request with the id the client sent, and echoes it", async () => {
    const res = await fetch(new URL("/login", portal.url), { headers: { "X-Request-Id": "trace-abc_123" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("trace-abc_123");
    await res.arrayBuffer();
    const [line, ...more] = await linesFor(lines, "trace-abc_123");
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: 30, msg: "request completed", req: { id: "trace-abc_123", method: "GET", url: "/login" }, res: { status: 200 } });
    expect(line!.req!.ip).toMatch(/127\.0\.0\.1/);
    expect(typeof line!.responseTime).toBe("number");
  });

  it("replaces a malformed client id with a fresh one and logs under it", async () => {
    const res = await fetch(new URL("/login?next=%2Fdirectory", portal.url), { headers: { "X-Request-Id": "not an id; <script>" } });
    await res.arrayBuffer();
    const id = res.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [line] = await linesFor(lines, id);
    expect(line).toMatchObject({ msg: "request completed", req: { url: "/login?next=%2Fdirectory" } });
  });

  it("does not log health probes or static files, but still gives them an id", async () => {
    const before = lines.length;
    const res = await fetch(new URL("/healthz", portal.url));
    await res.arrayBuffer();
    expect(res.headers.get("x-request-id")).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.slice(before).filter((l) => l.req?.url === "/healthz")).toEqual([]);
  });
});

describe("at warn level", () => {
  let portal: TestPortal;
  const { logger, lines } = collectingLogger("warn");
  beforeAll(async () => {
    portal = await startTestPortal({}, { logger });
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it("writes nothing for a successful page", async () => {
    const res = await fetch(new URL("/login", portal.url), { headers: { "X-Request-Id": "quiet-1" } });
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.filter((l) => l.req?.id === "quiet-1")).toEqual([]);
  });

  it("logs a 4xx response at warn with the request id", async () => {
    const res = await fetch(new URL("/no-such-page", portal.url), { headers: { "X-Request-Id": "missing-1" } });
    await res.arrayBuffer();
    expect(res.status).toBe(404);
    const [line] = await linesFor(lines, "missing-1");
    expect(line).toMatchObject({ level: 40, msg: "request completed", req: { id: "missing-1", url: "/no-such-page" }, res: { status: 404 } });
  });

  it("carries the request id on lines the app writes itself (a refused cross-origin post)", async () => {
    const res = await fetch(new URL("/logout", portal.url), {
      method: "POST",
      headers: { "X-Request-Id": "foreign-1", Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "",
    });
    await res.arrayBuffer();
    expect(res.status).toBe(403);
    const found = await linesFor(lines, "foreign-1", 2);
    expect(found.map((l) => l.msg)).toEqual(["refused cross-origin request", "request completed"]);
    expect(found[0]).toMatchObject({ level: 40, origin: "https://evil.example", req: { method: "POST", url: "/logout" } });
  });
});
