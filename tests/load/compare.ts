// Before/after comparison on a busy machine: the same pages served by two (or more) builds, run
// interleaved (A B B A A B ...), each measured by the server process's CPU time per request, a
// figure that moves much less with other load on the machine than requests per second do.
//
//   node --enable-source-maps --import tsx tests/load/compare.ts --dirs=/tmp/perf-base,. \
//     [--db=pglite|postgresql] [--pages=/healthz,/login,/,/directory] [--rounds=3] [--requests=1500]
//     [--connections=10] [--channels=0] [--production]
//
// Each directory is a checkout with a fresh `build/` (for example a copy of the branch before a
// change); its server runs with that directory as its working directory, on its own database,
// migrated by that checkout's own migrations and then filled with the same benchmark alliance.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { openDatabase } from "../../server/db/index";
import { browserHeaders, signIn } from "./channels/http";
import { fillChannels } from "./channels/seed";
import { fillAlliance } from "./fill";
import { killAllSync, startServer } from "./server";
import { createScratchDatabase } from "./scratch-database";

const { values: opts } = parseArgs({
  options: {
    dirs: { type: "string", default: "." },
    db: { type: "string", default: "pglite" },
    "pg-url": { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
    pages: { type: "string", default: "/healthz,/login,/,/directory" },
    rounds: { type: "string", default: "3" },
    requests: { type: "string", default: "1500" },
    connections: { type: "string", default: "10" },
    channels: { type: "string", default: "0" },
    production: { type: "boolean", default: false },
    /** Extra environment for every server, KEY=VALUE,KEY=VALUE. */
    env: { type: "string", default: "" },
  },
});
const dbKind = opts.db === "postgresql" || opts.db === "postgres" ? "postgresql" : "pglite";
const dirs = opts.dirs!.split(",").map((d) => path.resolve(d));
const pages = opts.pages!.split(",");
const ROUNDS = Number(opts.rounds);
const REQUESTS = Number(opts.requests);
const CONNECTIONS = Number(opts.connections);
const CHANNELS = Number(opts.channels);

const cleanups: (() => Promise<void>)[] = [];
process.on("exit", killAllSync);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void runCleanups().finally(() => process.exit(130)));
}
async function runCleanups() {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((e) => console.error("clean-up failed:", e));
}

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

async function prepare(dir: string, index: number): Promise<Record<string, string>> {
  let env: Record<string, string>;
  if (dbKind === "pglite") {
    const tmp = await mkdtemp(path.join(os.tmpdir(), "eap-compare-"));
    cleanups.push(() => rm(tmp, { recursive: true, force: true }));
    env = { PGLITE_DIR: path.join(tmp, "pglite") };
  } else {
    const base = opts["pg-url"]!;
    const scratch = await createScratchDatabase(base, `eap_compare_${index}`);
    cleanups.push(scratch.drop);
    const { url } = scratch;
    env = { DATABASE_URL: url };
  }
  env = { ...env, SEED_DEMO: "never", LOG_LEVEL: "warn" };
  // That checkout's own server applies that checkout's migrations; then the same data goes in.
  const migrator = await startServer({ env, cwd: dir });
  await migrator.stop();
  const db = await openDatabase(dbKind === "pglite" ? { kind: "pglite", dataDir: env.PGLITE_DIR! } : { kind: "postgresql", url: env.DATABASE_URL! });
  try {
    await fillAlliance(db.prisma, 2_000);
    if (CHANNELS > 0) await fillChannels(db.prisma, CHANNELS);
    if (db.kind === "postgresql") await db.prisma.$executeRawUnsafe("VACUUM ANALYZE");
  } finally {
    await db.close();
  }
  return env;
}

interface Sample {
  cpuMs: number;
  rps: number;
  p50: number;
  p99: number;
}

async function main() {
  const extra = Object.fromEntries(
    opts.env!.split(",").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
  if (opts.production) {
    Object.assign(extra, { NODE_ENV: "production", SESSION_SECRET: "benchmark-only-secret-0123456789abcdef", ORIGIN: "https://portal.bench.example" });
  }
  const envs: Record<string, string>[] = [];
  for (const [i, dir] of dirs.entries()) envs.push({ ...(await prepare(dir, i)), ...extra });
  const samples = new Map<string, Sample[]>();
  const loads: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // ABBA order, so that a slow drift of the machine's load favours neither side.
    const order = dirs.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      loads.push(os.loadavg()[0]!);
      const server = await startServer({ env: envs[i]!, cwd: dirs[i] });
      try {
        const cookie = await signIn(server.url, envs[i]!.ORIGIN ?? server.url);
        for (const page of pages) {
          // /healthz and /login are measured signed out (signed in, /login redirects).
          const headers = page === "/healthz" ? {} : page === "/login" ? { ...browserHeaders(""), cookie: "" } : browserHeaders(cookie);
          const url = `${server.url}${page}`;
          await autocannon({ url, headers, connections: CONNECTIONS, amount: Math.max(200, REQUESTS / 5) });
          const before = cpuSeconds(server.child.pid!);
          const r = await autocannon({ url, headers, connections: CONNECTIONS, amount: REQUESTS });
          const cpuMs = ((cpuSeconds(server.child.pid!) - before) * 1000) / r.requests.total;
          if (r.non2xx || r.errors) console.error(`warning: ${dirs[i]} ${page}: ${r.non2xx} non-2xx, ${r.errors} errors`);
          const key = `${i}\t${page}`;
          samples.set(key, [...(samples.get(key) ?? []), { cpuMs, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 }]);
          console.error(`round ${round + 1} ${path.basename(dirs[i]!)} ${page}: ${cpuMs.toFixed(2)} ms CPU/request, ${Math.round(r.requests.average)} req/s`);
        }
      } finally {
        await server.stop();
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const lines = [
    `${dbKind}, ${ROUNDS} rounds interleaved, ${REQUESTS} requests per page at ${CONNECTIONS} connections; ` +
      `load average during the runs ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores`,
    "",
    `| page | ${dirs.map((d) => `${path.basename(d)}: CPU ms/request (median; min–max) | req/s (median)`).join(" | ")} |`,
    `|---|${dirs.map(() => "---|---").join("|")}|`,
    ...pages.map(
      (page) =>
        `| ${page} | ${dirs
          .map((_, i) => {
            const s = samples.get(`${i}\t${page}`) ?? [];
            const cpu = s.map((x) => x.cpuMs);
            return `${median(cpu).toFixed(2)} (${Math.min(...cpu).toFixed(2)}–${Math.max(...cpu).toFixed(2)}) | ${Math.round(median(s.map((x) => x.rps)))}`;
          })
          .join(" | ")} |`,
    ),
  ];
  console.log(lines.join("\n"));
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await runCleanups();
}
