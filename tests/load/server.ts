// The portal under test runs as its own process, exactly as `npm start` runs it, so the load
// generator never shares an event loop (or a CPU budget it could hide) with the server.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the first 200 from /healthz. */
  startupMs: number;
  stop(): Promise<void>;
  /** Whole lines the server printed (stdout and stderr, the last 1,000), oldest first. */
  lines: string[];
}

const live = new Set<ChildProcess>();

/** Last resort: whatever happens to the load process, no server child outlives it. */
export function killAllSync() {
  for (const child of live) {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }
  live.clear();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface SpawnOptions {
  env: Record<string, string>;
  /** The command line; `node build/server/index.js` by default. */
  command?: string[];
  /** Working directory of the server (another checkout's build, for before/after comparisons). */
  cwd?: string;
  timeoutMs?: number;
  /** Listen on this port (a restarted server takes its predecessor's); a free one by default. */
  port?: number;
}

export async function startServer(options: SpawnOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const [cmd, ...args] = options.command ?? [process.execPath, "--enable-source-maps", "build/server/index.js"];
  const started = performance.now();
  // Its own process group, so `npm start` (npm -> sh -> node) can be stopped as a whole.
  const child = spawn(cmd, args, {
    // A clean environment (not ours), so a DATABASE_URL in the shell cannot leak into the run. The
    // cast: an ambient declaration makes NODE_ENV required, and leaving it unset is the point.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", HOST: "127.0.0.1", PORT: String(port), ...options.env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    cwd: options.cwd,
    detached: true,
  });
  live.add(child);
  let output = "";
  const lines: string[] = [];
  let partial = "";
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-4_000);
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts.filter(Boolean));
    if (lines.length > 1_000) lines.splice(0, lines.length - 1_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => (live.delete(child), resolve(code))));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = started + (options.timeoutMs ?? 60_000);
  let early: number | null | undefined;
  void exited.then((code) => (early = code));
  for (;;) {
    if (early !== undefined) throw new Error(`the server exited with ${early} before answering /healthz:\n${output}`);
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /healthz within ${options.timeoutMs ?? 60_000} ms:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child, url, startupMs: performance.now() - started, stop, lines };
}
