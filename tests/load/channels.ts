// The channel directory benchmark (issue 3):
//   data        100,000 channels across 150 countries (periods for this month and the next ones)
//               on top of the 2,000-organisation benchmark alliance (./fill.ts)
//   query       the directory's query for "two filters and a text search", run directly 1,000
//               times (p99 goal < 5 ms), plus other shapes for reference, and its EXPLAIN plan
//   throughput  GET /channels?kind=SERVICE&region=ASIA&q=almaty signed in, 50 connections, 10 s
//               after a 3 s warm-up (goal >= 600 req/s on one process), /healthz as the baseline
//   latency     the same page at a fixed offered rate of 200 req/s (goal p99 < 50 ms)
// The server runs as its own process (./server.ts), as `npm start` runs it.
//
//   node --enable-source-maps --import tsx tests/load/channels.ts [--db=postgresql|pglite]
//     [--channels=100000] [--duration=10] [--warmup=3] [--connections=50] [--rate=200]
//     [--queries=1000] [--pg-url=postgresql://postgres@127.0.0.1:5432/postgres] [--no-save]
//     [--cpu-prof]   the server writes a V8 CPU profile (its path is printed when it stops); read it
//                    with `node tests/load/profile-inclusive.mjs <file> [regex]`
// PostgreSQL: a fresh database is created on --pg-url and dropped afterwards. Writes the report to
// tests/load/results/<date>-channels-<db>.md (docs/benchmarks-channels.md quotes it).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import type { CurrentUser } from "../../server/auth/index";
import { openDatabase, type Database } from "../../server/db/index";
import { channelDirectoryDomain, directoryStatement } from "../../server/domain/channel-directory";
import { createLogger } from "../../server/logger";
import { quietHooks, type DomainContext } from "../../server/services";
import { browserHeaders, signIn } from "./channels/http";
import { fillChannels } from "./channels/seed";
import { BENCH_EMAIL, fillAlliance } from "./fill";
import { openLoop } from "./open-loop";
import { killAllSync, startServer } from "./server";
import { createScratchDatabase } from "./scratch-database";

const { values: opts } = parseArgs({
  options: {
    db: { type: "string", default: "pglite" },
    "pg-url": { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
    channels: { type: "string", default: "100000" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    rate: { type: "string", default: "200" },
    queries: { type: "string", default: "1000" },
    "no-save": { type: "boolean", default: false },
    "cpu-prof": { type: "boolean", default: false },
    /** Leave the embedded database without statistics, as the portal ran before it ran ANALYZE at start-up. */
    "no-analyze": { type: "boolean", default: false },
    /** Embedded database: ANALYZE as at a start, without the hourly VACUUM (GIN pending lists left in place). */
    "analyze-only": { type: "boolean", default: false },
  },
});
const dbKind = opts.db === "postgresql" || opts.db === "postgres" ? "postgresql" : "pglite";
const num = (v: string | undefined, name: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const CHANNELS = num(opts.channels, "channels");
const DURATION = num(opts.duration, "duration");
const WARMUP = num(opts.warmup, "warmup");
const CONNECTIONS = num(opts.connections, "connections");
const RATE = num(opts.rate, "rate");
const QUERIES = num(opts.queries, "queries");
const GOALS = { throughput: 600, p99AtRate: 50, queryP99: 5 };

/** The benchmark page: two filters and a text search. */
const BENCH_QUERY = { kind: "SERVICE", region: "ASIA", q: "almaty" };
const BENCH_PATH = `/channels?${new URLSearchParams(BENCH_QUERY)}`;
/** Other shapes, measured for the record (fewer runs). */
const OTHER_QUERIES: [string, Record<string, string>][] = [
  ["no filter, freshest first (first page of /channels)", {}],
  ["country page: country=KZ, freshest first", { country: "KZ" }],
  ["kind=WAREHOUSE, minFree=1000 this month", { kind: "WAREHOUSE", minFree: "1000" }],
  ["region=EUROPE, segment=PARTS", { region: "EUROPE", segment: "PARTS" }],
  ["country=DE, most free capacity first", { country: "DE", sort: "free" }],
  ["kind=SALES, most free capacity first (no narrowing filter: the stored free units' index)", { kind: "SALES", sort: "free" }],
  ["most free capacity first, no filter at all", { sort: "free" }],
  ["q=dealer, region=EUROPE (a word in 30% of rows)", { q: "dealer", region: "EUROPE" }],
  ["q=工时 (two Chinese characters, in 15% of the channels: the Han-pair index)", { q: "工时" }],
  ["q=工时, country=KZ", { q: "工时", country: "KZ" }],
  ["minFree=100000 (nobody has that much)", { minFree: "100000" }],
];
/** Shapes whose plans go into the report too. */
const PLANNED_SHAPES: [string, Record<string, string>][] = [
  ["kind=SALES, most free capacity first", { kind: "SALES", sort: "free" }],
  ["q=工时 (two Chinese characters)", { q: "工时" }],
];

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
  console.error("benchmark took longer than 15 minutes; stopping");
  void cleanup().finally(() => process.exit(2));
}, 15 * 60_000);

// ---- the database --------------------------------------------------------------------------
type Target = { kind: "pglite"; dataDir: string } | { kind: "postgresql"; url: string };

async function prepareDatabase(): Promise<{ target: Target; env: Record<string, string>; describe: string }> {
  if (dbKind === "pglite") {
    const dir = await mkdtemp(path.join(os.tmpdir(), "eap-bench-channels-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const dataDir = path.join(dir, "pglite");
    return { target: { kind: "pglite", dataDir }, env: { PGLITE_DIR: dataDir }, describe: "PGlite 0.5 (PostgreSQL 18 in WebAssembly, in the server process, file-backed)" };
  }
  const base = opts["pg-url"]!;
  const scratch = await createScratchDatabase(base, "eap_bench_channels");
  cleanups.push(scratch.drop);
  const { url, version } = scratch;
  return { target: { kind: "postgresql", url }, env: { DATABASE_URL: url }, describe: `PostgreSQL ${version} (local, 127.0.0.1)` };
}

const open = (target: Target) => openDatabase(target);

async function fill(target: Target) {
  const db = await open(target);
  try {
    await db.migrate();
    const alliance = await fillAlliance(db.prisma, 2_000);
    const channels = await fillChannels(db.prisma, CHANNELS);
    // PostgreSQL's autovacuum would have vacuumed and analysed the tables by now (and cleared the
    // GIN indexes' pending lists). PGlite has no autovacuum; the portal runs ANALYZE on its tables at
    // every start and VACUUM ANALYZE hourly, so the queries measured here get the state the hourly
    // run leaves: right after a bulk insert, the trigram and Han-pair indexes' pending lists are
    // still unsorted and every text search reads them (11 ms and 100 ms instead of 0.1 and 1 ms at
    // 100,000 channels; --analyze-only shows it).
    if (db.kind === "postgresql") await db.prisma.$executeRawUnsafe("VACUUM ANALYZE");
    else if (!opts["no-analyze"]) await db.analyze({ vacuum: !opts["analyze-only"] });
    console.error(
      `filled: ${alliance.organizations} organisations; ${channels.channels} channels (${channels.published} published) in ` +
        `${channels.countries} countries, ${channels.periods} periods, in ${Math.round((alliance.ms + channels.ms) / 1000)} s`,
    );
    return channels;
  } finally {
    // PGlite is one process: the server can only open it once we have let go.
    await db.close();
  }
}

// ---- the query, directly -------------------------------------------------------------------
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const ms = (n: number) => `${n < 10 ? n.toFixed(2) : Math.round(n)} ms`;
const ok = (pass: boolean) => (pass ? "met" : "**missed**");

async function time(fn: () => Promise<unknown>, runs: number, warmup = Math.min(50, runs)) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: samples[samples.length - 1]! };
}

async function benchUser(db: Database): Promise<CurrentUser> {
  const u = await db.prisma.user.findUniqueOrThrow({
    where: { email: BENCH_EMAIL },
    include: { organization: { select: { id: true, nameZh: true, nameEn: true, kind: true, status: true } } },
  });
  return { id: u.id, email: u.email, name: u.name, role: u.role, secretariat: u.secretariat, locale: u.locale, organization: u.organization };
}

async function measureQueries(target: Target) {
  const db = await open(target);
  try {
    const ctx: DomainContext = {
      prisma: db.prisma,
      logger: createLogger("silent"),
      now: () => new Date(),
      hooks: quietHooks(),
    };
    const actor = await benchUser(db);
    const first = await channelDirectoryDomain.search(ctx, actor, BENCH_QUERY);
    if (first.items.length < 25 || !first.nextCursor) throw new Error(`the benchmark query found ${first.items.length} channels; it should fill a page`);
    const bench = await time(() => channelDirectoryDomain.search(ctx, actor, BENCH_QUERY), QUERIES);
    const nextPage = await time(() => channelDirectoryDomain.search(ctx, actor, { ...BENCH_QUERY, cursor: first.nextCursor }), 200);

    const statement = directoryStatement(BENCH_QUERY, new Date());
    // The same statement and parameters as the domain sends, without Prisma around it.
    const rawSql = (prefix = "") => db.prisma.$queryRawUnsafe<Record<string, string>[]>(`${prefix}${statement.text}`, ...statement.values);
    const raw = await time(() => rawSql(), 200);
    const planRows = await rawSql("EXPLAIN (ANALYZE, BUFFERS) ");
    const plan = planRows.map((r) => r["QUERY PLAN"]).join("\n");
    const seqScan = /Seq Scan on "Channel"/.test(plan);
    // The two shapes that used to read every channel: their plans, checked the same way.
    const otherPlans: { label: string; plan: string; seqScan: boolean }[] = [];
    for (const [label, input] of PLANNED_SHAPES) {
      const st = directoryStatement(input, new Date());
      const rows = await db.prisma.$queryRawUnsafe<Record<string, string>[]>(`EXPLAIN (ANALYZE, BUFFERS) ${st.text}`, ...st.values);
      const text = rows.map((r) => r["QUERY PLAN"]).join("\n");
      otherPlans.push({ label, plan: text, seqScan: /Seq Scan on "Channel"/.test(text) });
    }

    const others: { label: string; p50: number; p99: number; rows: number }[] = [];
    for (const [label, input] of OTHER_QUERIES) {
      const rows = (await channelDirectoryDomain.search(ctx, actor, input)).items.length;
      const runs = 200;
      others.push({ label, rows, ...(await time(() => channelDirectoryDomain.search(ctx, actor, input), runs, 5)) });
    }
    // The map's figures are reused for 30 s at this size; a clock that jumps past that measures
    // the query itself, the plain clock what most map requests cost.
    let jump = 0;
    const later: DomainContext = { ...ctx, now: () => new Date(Date.now() + ++jump * 31_000) };
    const overview = await time(() => channelDirectoryDomain.overview(later, actor), 30, 3);
    const overviewReused = await time(() => channelDirectoryDomain.overview(ctx, actor), 200);
    const country = await time(() => channelDirectoryDomain.countrySummary(ctx, actor, { country: "KZ" }), 200);
    return { bench, nextPage, raw, plan, seqScan, otherPlans, others, overview, overviewReused, country, rows: first.items.length };
  } finally {
    await db.close();
  }
}

// ---- HTTP ----------------------------------------------------------------------------------
/** CPU seconds the server process has used so far (Linux /proc), for CPU time per request. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

type Result = Awaited<ReturnType<typeof autocannon>>;
const cannon = (url: string, headers: Record<string, string>, extra: { connections: number; duration: number; overallRate?: number }) =>
  autocannon({ url, headers, timeout: 10, ...extra });

function checkClean(label: string, r: Result) {
  const bad = r.errors + r.timeouts + r.non2xx;
  if (bad > 0) console.error(`warning: ${label}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx responses`);
  return bad;
}

async function measureHttp(env: Record<string, string>) {
  const profileDir = opts["cpu-prof"] ? await mkdtemp(path.join(os.tmpdir(), "eap-channels-prof-")) : undefined;
  const server = await startServer({
    env: { ...env, SEED_DEMO: "never", LOG_LEVEL: "warn" },
    command: profileDir ? [process.execPath, "--cpu-prof", `--cpu-prof-dir=${profileDir}`, "build/server/index.js"] : undefined,
  });
  cleanups.push(() => server.stop());
  if (profileDir) cleanups.push(async () => console.error(`CPU profile of the server (every run): ${profileDir}`));
  try {
    const headers = browserHeaders(await signIn(server.url));
    const check = await fetch(`${server.url}${BENCH_PATH}`, { headers, redirect: "manual" });
    const html = await check.text();
    if (check.status !== 200) throw new Error(`GET ${BENCH_PATH} answered ${check.status}`);
    const rows = (html.match(/<th scope="row"><a /g) ?? []).length;
    if (rows !== 25) throw new Error(`GET ${BENCH_PATH} showed ${rows} rows, expected 25`);
    const url = `${server.url}${BENCH_PATH}`;
    await cannon(url, headers, { connections: CONNECTIONS, duration: WARMUP });
    const cpuBefore = cpuSeconds(server.child.pid);
    const page = await cannon(url, headers, { connections: CONNECTIONS, duration: DURATION });
    const cpuAfter = cpuSeconds(server.child.pid);
    const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1000) / Math.max(1, page.requests.total);
    const health = await cannon(`${server.url}/healthz`, {}, { connections: CONNECTIONS, duration: DURATION });
    const rate = await cannon(url, headers, { connections: 20, duration: DURATION, overallRate: RATE });
    // Evenly spaced requests, latency from when each was due (see ./open-loop.ts).
    const open = await openLoop(url, headers, RATE, DURATION);
    const problems = checkClean("page", page) + checkClean("healthz", health) + checkClean("fixed rate", rate) + open.failed;
    return { page, health, rate, open, cpuMs, problems, bytes: html.length };
  } finally {
    await server.stop();
  }
}

// ---- the run -------------------------------------------------------------------------------
async function main() {
  const database = await prepareDatabase();
  const filled = await fill(database.target);
  console.error("measuring the query directly...");
  const q = await measureQueries(database.target);
  console.error(`query p50 ${ms(q.bench.p50)}, p99 ${ms(q.bench.p99)}; measuring GET ${BENCH_PATH}...`);
  const h = await measureHttp(database.env);

  const cpus = os.cpus();
  const date = new Date().toISOString().slice(0, 10);
  const rps = h.page.requests.average;
  const lines = [
    `### ${date}, ${dbKind === "pglite" ? "embedded database (PGlite)" : "PostgreSQL"}`,
    "",
    `Machine: ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ` +
      `${os.type()} ${os.release()}, Node ${process.version}, load average before the HTTP runs ${os.loadavg()[0]!.toFixed(2)}. ` +
      `Database: ${database.describe}${dbKind === "postgresql" ? ", VACUUM ANALYZE after the fill" : (opts["no-analyze"] ? ", no ANALYZE (--no-analyze)" : opts["analyze-only"] ? ", ANALYZE of the portal's tables after the fill, as the portal runs at start-up (--analyze-only)" : ", VACUUM ANALYZE of the portal's tables after the fill, as the portal's hourly maintenance runs it")}. ` +
      `Data: ${filled.channels.toLocaleString("en")} channels (${filled.published.toLocaleString("en")} published) in ${filled.countries} countries, ` +
      `${filled.periods.toLocaleString("en")} periods, 2,000 organisations. Server: one process (\`node build/server/index.js\`, LOG_LEVEL=warn), ` +
      `autocannon in this process on the same machine, browser-like headers (session cookie, Accept-Encoding gzip/br). ` +
      `Page: GET ${BENCH_PATH} (${q.rows} rows and a next-page link, ${Math.round(h.bytes / 1024)} KiB of HTML).`,
    "",
    "| measurement | result | goal | |",
    "|---|---|---|---|",
    `| directory query, run directly through the domain (zod-checked rows straight from the driver, unprepared: ADR 0015), ${QUERIES} times | p50 ${ms(q.bench.p50)}, **p99 ${ms(q.bench.p99)}**, max ${ms(q.bench.max)} | p99 < ${GOALS.queryP99} ms | ${ok(q.bench.p99 < GOALS.queryP99)} |`,
    `| the same SQL through Prisma ($queryRawUnsafe), for comparison, 200 times | p50 ${ms(q.raw.p50)}, p99 ${ms(q.raw.p99)} | | |`,
    `| its second page (keyset cursor), 200 times | p50 ${ms(q.nextPage.p50)}, p99 ${ms(q.nextPage.p99)} | | |`,
    `| sequential scan on "Channel" in the plan | ${q.seqScan ? "**yes**" : "no"} | no | ${ok(!q.seqScan)} |`,
    `| throughput, GET ${BENCH_PATH}, ${CONNECTIONS} connections, ${DURATION} s after ${WARMUP} s warm-up | **${Math.round(rps)} req/s**, latency p50 ${ms(h.page.latency.p50)}, p99 ${ms(h.page.latency.p99)}${h.cpuMs === undefined ? "" : `; server CPU ${h.cpuMs.toFixed(2)} ms/request`} | ≥ ${GOALS.throughput} req/s | ${ok(rps >= GOALS.throughput)} |`,
    `| baseline, GET /healthz (one \`SELECT 1\`), same run | ${Math.round(h.health.requests.average)} req/s, p50 ${ms(h.health.latency.p50)}, p99 ${ms(h.health.latency.p99)} | | |`,
    `| latency, same page at a fixed ${RATE} req/s offered, open loop (evenly spaced), ${DURATION} s | p50 ${ms(h.open.p50)}, p90 ${ms(h.open.p90)}, **p99 ${ms(h.open.p99)}**, max ${ms(h.open.max)} (${Math.round(h.open.served)} req/s served) | p99 < ${GOALS.p99AtRate} ms | ${ok(h.open.p99 < GOALS.p99AtRate)} |`,
    `| latency, same, autocannon \`overallRate: ${RATE}\` (20 connections; bursts each second) | p50 ${ms(h.rate.latency.p50)}, p90 ${ms(h.rate.latency.p90)}, p99 ${ms(h.rate.latency.p99)}, max ${ms(h.rate.latency.max)} (${Math.round(h.rate.requests.average)} req/s served) | | |`,
    "",
    h.problems ? `Warning: ${h.problems} requests failed (errors, timeouts or non-2xx); see the log above.` : "All requests answered 2xx.",
    "",
    "Other query shapes, through the domain (for the record; no goal):",
    "",
    "| query | rows | p50 | p99 |",
    "|---|---|---|---|",
    ...q.others.map((o) => `| ${o.label} | ${o.rows} | ${ms(o.p50)} | ${ms(o.p99)} |`),
    `| map and chart figures (overview: every published channel, this month's periods), computed | | ${ms(q.overview.p50)} | ${ms(q.overview.p99)} |`,
    `| the same, reused within 30 s (from 10,000 published channels on) | | ${ms(q.overviewReused.p50)} | ${ms(q.overviewReused.p99)} |`,
    `| a country's summary (KZ) | | ${ms(q.country.p50)} | ${ms(q.country.p99)} |`,
    "",
    "Plan of the benchmark query (EXPLAIN (ANALYZE, BUFFERS), after the runs above):",
    "",
    "```",
    q.plan,
    "```",
    "",
    ...q.otherPlans.flatMap((p) => [
      `Plan of "${p.label}" (sequential scan on "Channel": ${p.seqScan ? "**yes**" : "no"}):`,
      "",
      "```",
      p.plan,
      "```",
      "",
    ]),
  ];
  const report = lines.join("\n");
  console.log(report);
  if (!opts["no-save"]) {
    const dir = path.resolve("tests/load/results");
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${date}-channels-${dbKind}${dbKind === "pglite" && opts["no-analyze"] ? "-no-analyze" : dbKind === "pglite" && opts["analyze-only"] ? "-analyze-only" : ""}.md`);
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
