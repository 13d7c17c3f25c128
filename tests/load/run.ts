// `npm run bench`: the portal's benchmarks, run against a separate server process on 127.0.0.1.
//   throughput  the signed-in member directory (2,000 organisations), 50 connections, 10 s after a
//               3 s warm-up, with /healthz measured in the same run as the baseline
//   latency     the same page at a fixed offered rate of 200 requests/s (open loop, and autocannon's
//               overallRate for comparison), and at half the measured throughput
//   start-up    spawn -> first 200 from /healthz on a migrated database with 2,000 organisations
// Prints a markdown table with the machine and writes it to tests/load/results/<date>-<db>.md.
// Options: --db=pglite|postgresql (PostgreSQL: a fresh database on --pg-url, dropped afterwards),
// --production (NODE_ENV=production in the server), --duration=10, --warmup=3, --connections=50,
// --rate=200, --starts=5, --orgs=2000, --page=/directory; for profiling: --cpu-prof (profile the
// page run only and print the top functions), --no-gzip, --try-index.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { openDatabase, type Database } from "../../server/db/index";
import { BENCH_EMAIL, BENCH_PASSWORD, fillAlliance } from "./fill";
import { openLoop } from "./open-loop";
import { killAllSync, startServer, type ServerProcess } from "./server";
import { createScratchDatabase } from "./scratch-database";

const { values: opts } = parseArgs({
  options: {
    db: { type: "string", default: "pglite" },
    "pg-url": { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
    production: { type: "boolean", default: false },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    rate: { type: "string", default: "200" },
    starts: { type: "string", default: "5" },
    orgs: { type: "string", default: "2000" },
    page: { type: "string", default: "/directory" },
    "no-save": { type: "boolean", default: false },
    /** Profile the server during the throughput run and print where its CPU time went. */
    "cpu-prof": { type: "boolean", default: false },
    /** Experiments for the profile: no Accept-Encoding; an index serving the directory's order. */
    "no-gzip": { type: "boolean", default: false },
    "try-index": { type: "boolean", default: false },
  },
});
const dbKind = opts.db === "postgresql" || opts.db === "postgres" ? "postgresql" : "pglite";
const num = (v: string | undefined, name: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const DURATION = num(opts.duration, "duration");
const WARMUP = num(opts.warmup, "warmup");
const CONNECTIONS = num(opts.connections, "connections");
const RATE = num(opts.rate, "rate");
const STARTS = num(opts.starts, "starts");
const ORGS = num(opts.orgs, "orgs");
const GOALS = { throughput: 600, p99AtRate: 50, startupMs: 3_000 };

// ---- clean-up: the run stops by itself and never leaves a server or a database behind ----------
const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
const cleanup = () =>
  (cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) await fn().catch((e) => console.error("clean-up failed:", e));
  })());
process.on("exit", killAllSync);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}
const overall = setTimeout(() => {
  console.error("benchmark took longer than 5 minutes; stopping");
  void cleanup().finally(() => process.exit(2));
}, 5 * 60_000);

// ---- the database --------------------------------------------------------------------------
async function prepareDatabase(): Promise<{ env: Record<string, string>; describe: string }> {
  if (dbKind === "pglite") {
    const dir = await mkdtemp(path.join(os.tmpdir(), "eap-bench-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const dataDir = path.join(dir, "pglite");
    await fill(await openDatabase({ kind: "pglite", dataDir }));
    return { env: { PGLITE_DIR: dataDir }, describe: "PGlite (embedded, file-backed)" };
  }
  const base = opts["pg-url"]!;
  const scratch = await createScratchDatabase(base, "eap_bench");
  cleanups.push(scratch.drop);
  const { url, version } = scratch;
  await fill(await openDatabase({ kind: "postgresql", url }));
  return { env: { DATABASE_URL: url }, describe: `PostgreSQL ${version} (local, 127.0.0.1)` };
}

async function fill(db: Database) {
  try {
    await db.migrate();
    const summary = await fillAlliance(db.prisma, ORGS);
    if (opts["try-index"]) {
      // Not in the schema: measures what an index in the directory's sort order would save.
      await db.prisma.$executeRawUnsafe(`CREATE INDEX "bench_status_nameEn_id" ON "Organization" (status, "nameEn", id)`);
    }
    // PostgreSQL's autovacuum would have analysed the tables by now; PGlite has no autovacuum, so
    // an embedded database runs without statistics, and so does the benchmark.
    if (db.kind === "postgresql") await db.prisma.$executeRawUnsafe("ANALYZE");
    console.error(`filled: ${summary.organizations} organisations, ${summary.users} users, ${summary.certifications} certifications in ${summary.ms} ms`);
  } finally {
    // PGlite is one process: the server can only open it once we have let go.
    await db.close();
  }
}

// ---- HTTP helpers --------------------------------------------------------------------------
async function signIn(server: ServerProcess, origin: string): Promise<string> {
  // node:http rather than fetch: fetch may not set Host, and Remix compares Host with Origin on
  // actions, which matters when the server runs with a public ORIGIN (--production).
  const body = new URLSearchParams({ email: BENCH_EMAIL, password: BENCH_PASSWORD }).toString();
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request(`${server.url}/login`, {
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
  const cookie = (res.headers["set-cookie"] ?? [])
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("eap_session=") && c.length > "eap_session=".length);
  if (res.statusCode !== 302 && res.statusCode !== 303) throw new Error(`sign-in answered ${res.statusCode}, expected a redirect`);
  if (!cookie) throw new Error("sign-in set no session cookie");
  return cookie;
}

// What a browser sends: the session, a language, and compression.
const browserHeaders = (cookie: string) => ({
  cookie,
  accept: "text/html,application/xhtml+xml",
  "accept-language": "en",
  ...(opts["no-gzip"] ? {} : { "accept-encoding": "gzip, deflate, br" }),
});

async function choosePage(server: ServerProcess, headers: Record<string, string>) {
  const wanted = opts.page!;
  const res = await fetch(`${server.url}${wanted}`, { headers, redirect: "manual" });
  const body = await res.text();
  if (res.status === 200) return { path: wanted, fallback: false, bytes: body.length };
  if (res.status !== 404) throw new Error(`GET ${wanted} answered ${res.status}; the benchmark needs 200`);
  // The directory is being built by someone else; measure the signed-in home page meanwhile.
  const home = await fetch(`${server.url}/`, { headers, redirect: "manual" });
  const homeBody = await home.text();
  if (home.status !== 200) throw new Error(`GET / answered ${home.status}`);
  return { path: "/", fallback: true, bytes: homeBody.length };
}

/** CPU seconds the server process has used so far (Linux /proc), to report CPU time per request. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime + stime
  } catch {
    return undefined;
  }
}
async function measureCpu<T extends { requests: { total: number } }>(pid: number | undefined, run: () => Promise<T>) {
  const before = cpuSeconds(pid);
  const result = await run();
  const after = cpuSeconds(pid);
  const cpuMsPerRequest = before === undefined || after === undefined ? undefined : ((after - before) * 1000) / Math.max(1, result.requests.total);
  return { result, cpuMsPerRequest };
}

type Result = Awaited<ReturnType<typeof autocannon>>;
const cannon = (url: string, headers: Record<string, string>, extra: { connections: number; duration: number; overallRate?: number }) =>
  autocannon({ url, headers, timeout: 10, ...extra });

function checkClean(label: string, r: Result) {
  const bad = r.errors + r.timeouts + r.non2xx;
  if (bad > 0) console.error(`warning: ${label}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx responses`);
  return bad;
}

// ---- the run -------------------------------------------------------------------------------
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
const ok = (pass: boolean) => (pass ? "met" : "**missed**");

function buildStale(): boolean {
  const marker = "build/.built";
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  const newest = (p: string): number => {
    if (!existsSync(p)) return 0;
    const st = statSync(p);
    if (!st.isDirectory()) return st.mtimeMs;
    return readdirSync(p)
      .filter((e) => e !== "node_modules" && e !== "generated")
      .reduce((m, e) => Math.max(m, newest(path.join(p, e))), st.mtimeMs);
  };
  return ["app", "server", "prisma/schema.prisma", "remix.config.js", "package.json", "tsconfig.json", "scripts/build.mjs"].some(
    (p) => newest(p) > built,
  );
}

/** Self time per function over the whole profile (warm-up and all three runs), top 25. */
async function printProfile(dir: string) {
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) return console.error("no CPU profile was written");
  interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; }
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
    const wasm = /wasm:\/\/wasm\/(\w+)/.exec(key);
    const pkg = m
      ? m[1]
      : wasm
        ? `(WebAssembly module ${wasm[1]})`
        : key.includes(" build/")
          ? "(portal build)"
          : key.includes(" node:")
            ? "(node: modules)"
            : key.startsWith("(")
              ? key.slice(0, key.indexOf(")") + 1)
              : "(native: I/O, zlib, timers)";
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
  console.error(`CPU profile ${path.join(dir, file)}: self time by package`);
  for (const [k, t] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.error(`  ${pct(t)}  ${k}`);
  console.error("self time by function");
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.error(`  ${pct(t)}  ${k}`);
}

async function main() {
  const loadBefore = os.loadavg()[0];
  if (loadBefore > os.cpus().length / 2) {
    console.error(`warning: load average ${loadBefore.toFixed(1)} on ${os.cpus().length} cores; other work will distort the figures`);
  }
  const database = await prepareDatabase();
  const env: Record<string, string> = { ...database.env, SEED_DEMO: "never", LOG_LEVEL: "warn" };
  if (opts.production) {
    Object.assign(env, { NODE_ENV: "production", SESSION_SECRET: "benchmark-only-secret-0123456789abcdef", ORIGIN: "https://portal.bench.example" });
  }

  // Start-up on the migrated, filled database; first, while the build that `npm run bench` just
  // checked is most likely still fresh (`npm start` would rebuild a stale one).
  const profileDir = opts["cpu-prof"] ? await mkdtemp(path.join(os.tmpdir(), "eap-prof-")) : undefined;
  const startups: number[] = [];
  for (let i = 0; i < (profileDir ? 0 : STARTS); i++) {
    const server = await startServer({ env });
    startups.push(server.startupMs);
    await server.stop();
  }
  // `npm start` adds npm itself and the build freshness check; only meaningful on a fresh build.
  const npmStartups: number[] = [];
  const stale = buildStale();
  if (!stale && !profileDir) {
    for (let i = 0; i < Math.min(3, STARTS); i++) {
      const server = await startServer({ env, command: ["npm", "start", "--silent"] });
      npmStartups.push(server.startupMs);
      await server.stop();
    }
  }

  // Throughput and latency.
  const server = await startServer({
    env,
    command: profileDir ? [process.execPath, "--cpu-prof", `--cpu-prof-dir=${profileDir}`, "build/server/index.js"] : undefined,
  });
  cleanups.push(() => server.stop());
  // In production the Origin check compares with ORIGIN instead of the request's Host.
  const cookie = await signIn(server, env.ORIGIN ?? server.url);
  const headers = browserHeaders(cookie);
  const page = await choosePage(server, headers);
  const pageUrl = `${server.url}${page.path}`;
  console.error(`measuring GET ${page.path}${page.fallback ? " (FALLBACK: /directory is not there yet)" : ""}, ${page.bytes} bytes uncompressed`);

  await cannon(pageUrl, headers, { connections: CONNECTIONS, duration: WARMUP });
  const pid = server.child.pid;
  const { result: pageRun, cpuMsPerRequest: pageCpu } = await measureCpu(pid, () =>
    cannon(pageUrl, headers, { connections: CONNECTIONS, duration: DURATION }),
  );
  if (profileDir) {
    await server.stop();
    // The profile should describe the page alone: report it and skip the rest.
    await printProfile(profileDir);
    console.error(`page: ${Math.round(pageRun.requests.average)} req/s, server CPU ${pageCpu?.toFixed(2)} ms/request`);
    return;
  }
  const { result: healthRun, cpuMsPerRequest: healthCpu } = await measureCpu(pid, () =>
    cannon(`${server.url}/healthz`, {}, { connections: CONNECTIONS, duration: DURATION }),
  );
  const rateRun = await cannon(pageUrl, headers, { connections: 20, duration: DURATION, overallRate: RATE });
  const open = await openLoop(pageUrl, headers, RATE, DURATION);
  // Also below capacity, where queueing does not dominate: half of the measured throughput.
  const halfRate = Math.max(5, Math.min(RATE, Math.round(pageRun.requests.average / 2 / 5) * 5));
  const openHalf = await openLoop(pageUrl, headers, halfRate, DURATION);
  const problems =
    checkClean("page", pageRun) + checkClean("healthz", healthRun) + checkClean("fixed rate", rateRun) + open.failed + openHalf.failed;
  await server.stop();

  // Report.
  const cpus = os.cpus();
  const date = new Date().toISOString().slice(0, 10);
  const pageLabel = `GET ${page.path}${page.fallback ? " (signed-in home page: /directory did not exist yet)" : ""}`;
  const rps = pageRun.requests.average;
  const cpu = (v: number | undefined) => (v === undefined ? "" : `; server CPU ${v.toFixed(2)} ms/request`);
  const lines = [
    `### ${date}, ${dbKind === "pglite" ? "embedded database (PGlite)" : "PostgreSQL"}${opts.production ? ", NODE_ENV=production" : ""}`,
    "",
    `Machine: ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ` +
      `${os.type()} ${os.release()}, Node ${process.version}, load average ${loadBefore.toFixed(1)} before the run. Database: ${database.describe}. ` +
      `Data: ${ORGS} organisations (${ORGS * 2} users). Server: one process (\`node build/server/index.js\`, ` +
      `${opts.production ? "NODE_ENV=production" : "NODE_ENV unset, as `npm start`"}, LOG_LEVEL=warn), load generator ` +
      `(autocannon) in a separate process on the same machine; browser-like headers (session cookie, ` +
      `Accept-Encoding gzip/br). Page: ${pageLabel}, ${Math.round(page.bytes / 1024)} KiB of HTML.`,
    "",
    "| measurement | result | goal | |",
    "|---|---|---|---|",
    `| throughput, ${pageLabel}, ${CONNECTIONS} connections, ${DURATION} s after ${WARMUP} s warm-up | **${Math.round(rps)} req/s**, latency p50 ${ms(pageRun.latency.p50)}, p99 ${ms(pageRun.latency.p99)}${cpu(pageCpu)} | ≥ ${GOALS.throughput} req/s | ${ok(rps >= GOALS.throughput)} |`,
    `| baseline, GET /healthz (one \`SELECT 1\`), same run | ${Math.round(healthRun.requests.average)} req/s, p50 ${ms(healthRun.latency.p50)}, p99 ${ms(healthRun.latency.p99)}${cpu(healthCpu)} | | |`,
    `| latency, same page at a fixed ${RATE} req/s offered, open loop (evenly spaced), ${DURATION} s | p50 ${ms(open.p50)}, p90 ${ms(open.p90)}, **p99 ${ms(open.p99)}**, max ${ms(open.max)} (${Math.round(open.served)} req/s served) | p99 < ${GOALS.p99AtRate} ms | ${ok(open.p99 < GOALS.p99AtRate)} |`,
    `| latency, same, autocannon \`overallRate: ${RATE}\` (20 connections; bursts each second) | p50 ${ms(rateRun.latency.p50)}, p90 ${ms(rateRun.latency.p90)}, p99 ${ms(rateRun.latency.p99)}, max ${ms(rateRun.latency.max)} (${Math.round(rateRun.requests.average)} req/s served) | | |`,
    `| latency below capacity: ${halfRate} req/s offered (half the throughput above), open loop | p50 ${ms(openHalf.p50)}, p90 ${ms(openHalf.p90)}, p99 ${ms(openHalf.p99)}, max ${ms(openHalf.max)} | | |`,
    `| start-up, spawn \`node build/server/index.js\` → first 200 from /healthz, ${STARTS} runs | median **${ms(median(startups))}**, max ${ms(Math.max(...startups))} | < ${GOALS.startupMs / 1000} s | ${ok(median(startups) < GOALS.startupMs)} |`,
    npmStartups.length
      ? `| start-up, \`npm start\` (fresh build) → first 200 from /healthz, ${npmStartups.length} runs | median ${ms(median(npmStartups))}, max ${ms(Math.max(...npmStartups))} | < ${GOALS.startupMs / 1000} s | ${ok(median(npmStartups) < GOALS.startupMs)} |`
      : "| start-up via `npm start` | not measured: the build was stale during the run | | |",
    "",
    problems ? `Warning: ${problems} requests failed (errors, timeouts or non-2xx); see the log above.` : "All requests answered 2xx.",
    "",
  ];
  const report = lines.join("\n");
  console.log(report);
  if (!opts["no-save"]) {
    const dir = path.resolve("tests/load/results");
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${date}-${dbKind}${opts.production ? "-production" : ""}${page.fallback ? "-home" : ""}.md`);
    await writeFile(file, report);
    console.error(`written to ${path.relative(process.cwd(), file)}`);
  }
}

try {
  await main();
  await cleanup();
  clearTimeout(overall);
} catch (error) {
  console.error(error);
  await cleanup();
  clearTimeout(overall);
  process.exitCode = 1;
}
