// What both messaging benchmarks share: a fresh database per run (PostgreSQL: a new database on the
// given server, dropped afterwards; PGlite: a temporary directory), the server process started as
// `npm start` starts it, clean-up on every exit path, and the machine's description.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import WebSocket from "ws";
import { openDatabase, type Database } from "../../../server/db/index";
import { killAllSync, startServer, type ServerProcess } from "../server";
import { createScratchDatabase } from "../scratch-database";

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
export const cleanup = () =>
  (cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) await fn().catch((e) => console.error("clean-up failed:", e));
  })());
export const onCleanup = (fn: () => Promise<void>) => cleanups.push(fn);

/** Stops the run by itself after `limitMs`, and never leaves a server or a database behind. */
export function guardRun(limitMs: number) {
  process.on("exit", killAllSync);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  const timer = setTimeout(() => {
    console.error(`the benchmark took longer than ${Math.round(limitMs / 60_000)} minutes; stopping`);
    void cleanup().finally(() => process.exit(2));
  }, limitMs);
  timer.unref();
}

export type DbKind = "postgresql" | "pglite";
export const dbKindOf = (v: string | undefined): DbKind => (v === "pglite" ? "pglite" : "postgresql");

export interface PreparedDatabase {
  kind: DbKind;
  env: Record<string, string>;
  describe: string;
  /** Opens the database from this process (PGlite: only while no server holds it). */
  open(): Promise<Database>;
}

export async function prepareDatabase(kind: DbKind, pgUrl: string, fill: (db: Database) => Promise<void>): Promise<PreparedDatabase> {
  if (kind === "pglite") {
    const dir = await mkdtemp(path.join(os.tmpdir(), "eap-msgbench-"));
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    const dataDir = path.join(dir, "pglite");
    const open = () => openDatabase({ kind: "pglite", dataDir });
    await filled(await open(), fill);
    return { kind, env: { PGLITE_DIR: dataDir }, describe: "PGlite (embedded, file-backed)", open };
  }
  const scratch = await createScratchDatabase(pgUrl, "eap_msgbench");
  onCleanup(scratch.drop);
  const { url, version } = scratch;
  const open = () => openDatabase({ kind: "postgresql", url });
  await filled(await open(), fill);
  return { kind, env: { DATABASE_URL: url }, describe: `PostgreSQL ${version} (local, 127.0.0.1)`, open };
}

async function filled(db: Database, fill: (db: Database) => Promise<void>) {
  try {
    await db.migrate();
    await fill(db);
    if (db.kind === "postgresql") await db.prisma.$executeRawUnsafe("ANALYZE");
  } finally {
    await db.close();
  }
}

/** The portal as `npm start` runs it, quiet, with the demo seed off and the socket rate limit as shipped. */
export async function startPortal(
  database: PreparedDatabase,
  extraEnv: Record<string, string> = {},
  port?: number,
  profileDir?: string,
  inspectPort?: number,
): Promise<ServerProcess> {
  const flags = [
    ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []),
    ...(inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : []),
  ];
  const command = flags.length ? [process.execPath, "--enable-source-maps", ...flags, "build/server/index.js"] : undefined;
  const server = await startServer({ env: { SEED_DEMO: "never", LOG_LEVEL: "warn", ...database.env, ...extraEnv }, port, command, timeoutMs: 120_000 });
  onCleanup(() => server.stop());
  return server;
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssBytes(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb * 1024;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();
/** CPU seconds a process has used so far. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model ?? "unknown"}`,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

export async function saveResult(name: string, result: unknown) {
  const dir = path.join("tests", "load", "results");
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:]/g, "-").replace(/\..*/, "");
  const file = path.join(dir, `${stamp}-${name}.json`);
  await writeFile(file, JSON.stringify(result, null, 2) + "\n");
  return file;
}

export const num = (v: string | undefined, name: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
  return n;
};

/** Self time by package and by function in the server's CPU profile (written when it exits). */
export async function printProfile(dir: string) {
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) return console.error("no CPU profile was written");
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }
  const profile = JSON.parse(await readFile(path.join(dir, file), "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const where = frame.url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "");
    const key = `${frame.functionName || "(anonymous)"} ${where}${where ? `:${frame.lineNumber + 1}` : ""}`;
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const byPackage = new Map<string, number>();
  for (const [key, t] of self) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(key);
    const pkg = m ? m[1] : key.includes(" build/") ? "(portal build)" : key.includes(" node:") ? "(node: modules)" : key.startsWith("(") ? key.slice(0, key.indexOf(")") + 1) : "(native)";
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
  console.error(`CPU profile ${path.join(dir, file)} (${(total / 1e6).toFixed(1)} s sampled): self time by package`);
  for (const [k, t] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.error(`  ${pct(t)}  ${k}`);
  console.error("self time by function");
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.error(`  ${pct(t)}  ${k}`);
}

/** PostgreSQL's own count of transactions and rows read in the bench database (autocommit: one per statement). */
export async function pgActivity(database: PreparedDatabase): Promise<{ transactions: number; rowsRead: number } | undefined> {
  if (database.kind !== "postgresql") return undefined;
  const url = new URL(database.env.DATABASE_URL);
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    // The statistics are flushed by each backend at most once a second.
    const rows = await client.query<{ t: string; r: string }>(
      "SELECT xact_commit + xact_rollback AS t, tup_returned + tup_fetched AS r FROM pg_stat_database WHERE datname = current_database()",
    );
    return { transactions: Number(rows.rows[0].t), rowsRead: Number(rows.rows[0].r) };
  } finally {
    await client.end();
  }
}

/**
 * The server's heap after a full garbage collection, through its inspector (started with
 * --inspect): RSS alone counts garbage not yet collected and memory V8 has not returned.
 */
export async function collectedHeap(inspectPort: number): Promise<{ heapUsed: number; rss: number; external: number; arrayBuffers: number }> {
  const list = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const ws = new WebSocket(list[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  let id = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const mine = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown };
        if (msg.id === mine) {
          ws.off("message", onMessage);
          resolve(msg.result);
        }
      };
      ws.on("message", onMessage);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  try {
    await call("HeapProfiler.collectGarbage");
    await call("HeapProfiler.collectGarbage");
    const result = (await call("Runtime.evaluate", { expression: "JSON.stringify(process.memoryUsage())", returnByValue: true })) as { result: { value: string } };
    return JSON.parse(result.result.value) as { heapUsed: number; rss: number; external: number; arrayBuffers: number };
  } finally {
    ws.close();
  }
}

/** A server log line (pino JSON) as "msg {fields}", without the fields every line has. */
export function serverLine(line: string): string {
  try {
    const fields = JSON.parse(line) as Record<string, unknown>;
    const rest = Object.fromEntries(Object.entries(fields).filter(([key]) => !["level", "time", "pid", "hostname", "msg"].includes(key)));
    return `${String(fields.msg)} ${JSON.stringify(rest)}`;
  } catch {
    return line;
  }
}
