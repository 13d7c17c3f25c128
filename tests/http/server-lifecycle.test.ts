// The process as an operator sees it: the real CLI entry (build/server/index.js) on an embedded data
// directory, plus the server's edges (health, body limit, Socket.IO handshake) on a test portal.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemberOrg } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";

interface PortalProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `node build/server/index.js` on a data directory; the port is chosen by the OS. */
function runPortal(dataDir: string): PortalProcess {
  const child = spawn(process.execPath, ["build/server/index.js"], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      PORT: "0",
      PGLITE_DIR: dataDir,
      // Empty counts as unset: the embedded database, no Redis, whatever the test run's environment.
      DATABASE_URL: "",
      REDIS_URL: "",
      SEED_DEMO: "never",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Resolves with the URL the process logs once it listens; rejects if it exits first. */
async function listening(p: PortalProcess, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void p.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    const line = p.output().split("\n").find((l) => l.includes("is listening"));
    if (line) return (JSON.parse(line) as { url: string }).url;
    if (exited) throw new Error(`portal exited before listening:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`portal did not listen within ${timeoutMs} ms:\n${p.output()}`);
}

describe("the portal process on an embedded data directory", () => {
  let dir: string;
  const started: PortalProcess[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "eap-lifecycle-"));
  });
  afterAll(async () => {
    for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await Promise.all(started.map((p) => p.exited));
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses a second process on the same directory at once, and SIGTERM closes cleanly", async () => {
    const dataDir = path.join(dir, "pglite");
    const first = runPortal(dataDir);
    started.push(first);
    const url = await listening(first);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", db: "pglite" });

    const second = runPortal(dataDir);
    started.push(second);
    const result = await Promise.race([
      second.exited,
      new Promise<"still running">((r) => setTimeout(() => r("still running"), 15_000)),
    ]);
    expect(result).not.toBe("still running");
    expect(result).toMatchObject({ code: expect.any(Number) });
    expect((result as { code: number }).code).not.toBe(0);
    expect(second.output()).toContain("already open in another process");
    // The first process is unharmed.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    first.child.kill("SIGTERM");
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.output()).toContain("shutting down");

    // The lock was released: a new process opens the same directory (and finds its data migrated).
    const third = runPortal(dataDir);
    started.push(third);
    const thirdUrl = await listening(third);
    expect((await fetch(`${thirdUrl}/healthz`)).status).toBe(200);
    expect(third.output()).not.toContain("migrations applied");
    third.child.kill("SIGINT");
    expect(await third.exited).toEqual({ code: 0, signal: null });
    // Three processes start one after another, each opening PGlite and migrating: on a loaded
    // 2-core machine that alone can take longer than the default 30 s.
  }, 150_000);
});

describe("the server's edges", () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it("answers /healthz with 503 when the database does not answer", async () => {
    const db = portal.services.db;
    const ping = db.ping;
    db.ping = () => Promise.reject(new Error("connection terminated"));
    try {
      const res = await portal.client().get("/healthz");
      expect(res.status).toBe(503);
      expect(JSON.parse(res.text)).toMatchObject({ status: "unavailable" });
    } finally {
      db.ping = ping;
    }
    expect((await portal.client().get("/healthz")).status).toBe(200);
  });

  it("refuses a body over 1 MiB with 413 before reading it", async () => {
    const res = await portal.client().request("POST", "/login", {
      body: `email=a%40example.test&password=${"x".repeat(1024 * 1024)}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(413);
  });

  it("lets a body under the limit through to the route", async () => {
    const res = await portal.client().post("/login", { email: "nobody@example.test", password: "y".repeat(500_000) });
    expect(res.status).toBe(400);
  });

  describe("Socket.IO handshake", () => {
    const sockets: Socket[] = [];
    afterAll(() => {
      for (const s of sockets) s.disconnect();
    });

    function open(headers: Record<string, string>) {
      const socket = connect(portal.url, { transports: ["websocket"], extraHeaders: headers, reconnection: false, timeout: 10_000 });
      sockets.push(socket);
      return socket;
    }
    function outcome(socket: Socket) {
      return new Promise<{ connected: true } | { error: string }>((resolve) => {
        socket.once("connect", () => resolve({ connected: true }));
        socket.once("connect_error", (error) => resolve({ error: error.message }));
      });
    }

    it("refuses another Origin with forbidden_origin", async () => {
      const { adminUser } = await createMemberOrg(portal.prisma);
      const client = portal.client();
      await client.signIn(adminUser.email);
      expect(await outcome(open({ origin: "https://evil.example", cookie: client.cookieHeader() }))).toEqual({
        error: "forbidden_origin",
      });
    });

    it("refuses a handshake without a session with unauthorized", async () => {
      expect(await outcome(open({ origin: portal.url }))).toEqual({ error: "unauthorized" });
      expect(await outcome(open({ origin: portal.url, cookie: "eap_session=not-a-session" }))).toEqual({
        error: "unauthorized",
      });
    });

    it("connects with a valid session cookie, and signing out closes the socket", async () => {
      const { adminUser, org } = await createMemberOrg(portal.prisma);
      const client = portal.client();
      await client.signIn(adminUser.email);
      const socket = open({ origin: portal.url, cookie: client.cookieHeader() });
      expect(await outcome(socket)).toEqual({ connected: true });
      const me = await socket.timeout(5_000).emitWithAck("whoami");
      expect(me).toEqual({ ok: true, data: { userId: adminUser.id, organizationId: org.id } });

      const ended = new Promise<void>((resolve) => socket.once("session:ended", () => resolve()));
      const disconnected = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
      expect((await client.post("/logout", {})).status).toBe(302);
      await ended;
      expect(await disconnected).toBe("io server disconnect");
    });
  });
});
