// `npm run bench:capacity`: capacity decisions on one channel under contention (issue 3).
//   approvals   one period with --capacity units and --requests pending one-unit requests from
//               50 member organisations; --approvers owner admins approve them all at once (each
//               takes the next request from a shared queue), through the domain as the HTTP
//               action calls it. Reports decisions per second (an approval or a waitlisting) and
//               the latency of each decision.
//   mixed       a fresh period, half its capacity already approved; the remaining requests are
//               approved while requesters withdraw approved ones (each withdrawal releases a unit
//               and offers the waitlist), all at once.
//   check       after each run: approved units on the period = the sum over approved requests
//               <= capacity; every request accounted for; nothing waitlisted while units are free;
//               no error reached a caller.
//
//   node --enable-source-maps --import tsx tests/load/capacity.ts [--db=pglite|postgresql]
//     [--requests=2000] [--capacity=1000] [--approvers=20] [--pg-url=postgresql://...] [--no-save]
// PostgreSQL: a fresh database on --pg-url, dropped afterwards; the domain's pool has 10
// connections, as the server's. PGlite: a temporary file-backed database (one connection, so the
// transactions run one at a time by design).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { CurrentUser } from "../../server/auth/index";
import { openDatabase, type Database } from "../../server/db/index";
import { channelsDomain as channels } from "../../server/domain/channels";
import { createLogger } from "../../server/logger";
import { quietHooks, type DomainContext } from "../../server/services";
import { createMemberOrg } from "../support/fixtures";
import { createScratchDatabase } from "./scratch-database";

const { values: opts } = parseArgs({
  options: {
    db: { type: "string", default: "pglite" },
    "pg-url": { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
    requests: { type: "string", default: "2000" },
    capacity: { type: "string", default: "1000" },
    approvers: { type: "string", default: "20" },
    "no-save": { type: "boolean", default: false },
  },
});
const dbKind = opts.db === "postgresql" || opts.db === "postgres" ? "postgresql" : "pglite";
const REQUESTS = Number(opts.requests);
const CAPACITY = Number(opts.capacity);
const APPROVERS = Number(opts.approvers);
if (![REQUESTS, CAPACITY, APPROVERS].every((n) => Number.isInteger(n) && n > 0)) throw new Error("--requests, --capacity and --approvers must be positive integers");
const REQUESTER_ORGS = 50;

const cleanups: (() => Promise<void>)[] = [];
async function runCleanups() {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((e) => console.error("clean-up failed:", e));
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void runCleanups().finally(() => process.exit(130)));

async function open(): Promise<{ db: Database; describe: string }> {
  if (dbKind === "pglite") {
    const dir = await mkdtemp(path.join(os.tmpdir(), "eap-bench-capacity-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const db = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") });
    cleanups.push(() => db.close());
    return { db, describe: "PGlite 0.5 (in process, file-backed)" };
  }
  const base = opts["pg-url"]!;
  const scratch = await createScratchDatabase(base, "eap_bench_capacity");
  cleanups.push(scratch.drop);
  const { url, version } = scratch;
  const db = await openDatabase({ kind: "postgresql", url });
  cleanups.push(() => db.close());
  return { db, describe: `PostgreSQL ${version} (local), pool of 10 connections` };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A published SERVICE channel in Almaty with `capacity` per month; returns its first open period. */
async function channelWithPeriod(ctx: DomainContext, owner: CurrentUser, capacity: number) {
  const { id } = await channels.createChannel(ctx, owner, {
    kind: "SERVICE",
    name: "Almaty after-sales network (benchmark)",
    country: "KZ",
    city: "Almaty",
    localPartner: "Steppe Motors Service LLP",
    segments: ["ICE_PASSENGER", "NEV_PASSENGER"],
    capacityPerPeriod: String(capacity),
    validFrom: day(new Date()),
    validTo: day(new Date(Date.now() + 180 * 86_400_000)),
    terms: "Warranty repairs at the network's standard labour rate.",
    contactName: "Zhou Min",
    contactEmail: "service-kz@changjiang-auto.example",
    publish: true,
  });
  const page = await channels.getChannel(ctx, owner, { channelId: id });
  const period = page.periods[0];
  if (!period) throw new Error("the benchmark channel has no open period");
  return { channelId: id, periodId: period.id };
}

/** `count` pending one-unit requests, made through the domain, 8 at a time. */
async function pendingRequests(ctx: DomainContext, requesters: CurrentUser[], channelId: string, periodId: string, count: number) {
  const ids: string[] = new Array<string>(count);
  const byId = new Map<string, CurrentUser>();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < count; i = next++) {
        const actor = requesters[i % requesters.length]!;
        const r = await channels.requestCapacity(ctx, actor, { channelId, periodId, units: 1, message: "Benchmark request" });
        ids[i] = r.id;
        byId.set(r.id, actor);
      }
    }),
  );
  return { ids, requesterOf: byId };
}

/** Runs `ops` with `workers` concurrent callers; latency of each call in ms. */
async function runConcurrently(ops: (() => Promise<unknown>)[], workers: number) {
  const latencies: number[] = [];
  const errors: unknown[] = [];
  let next = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let i = next++; i < ops.length; i = next++) {
        const t = performance.now();
        try {
          await ops[i]!();
        } catch (error) {
          errors.push(error);
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    seconds,
    perSecond: ops.length / seconds,
    p50: q(50),
    p90: q(90),
    p99: q(99),
    max: latencies[latencies.length - 1] ?? 0,
    errors,
    cpuMsPerOp: (cpu.user + cpu.system) / 1000 / ops.length,
  };
}

async function ledger(db: Database, periodId: string) {
  const period = await db.prisma.channelPeriod.findUniqueOrThrow({ where: { id: periodId }, select: { capacity: true, approvedUnits: true } });
  const approved = await db.prisma.capacityRequest.aggregate({ where: { periodId, status: "APPROVED" }, _sum: { approvedUnits: true } });
  const byStatus = await db.prisma.capacityRequest.groupBy({ by: ["status"], where: { periodId }, _count: { _all: true } });
  return {
    capacity: period.capacity,
    approvedUnits: period.approvedUnits,
    sumApproved: approved._sum.approvedUnits ?? 0,
    statuses: Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])) as Record<string, number>,
  };
}

/** The invariants; returns the problems found (none is a pass). */
function check(state: Awaited<ReturnType<typeof ledger>>, total: number, expectWithdrawn = 0): string[] {
  const problems: string[] = [];
  const s = (k: string) => state.statuses[k] ?? 0;
  if (state.approvedUnits !== state.sumApproved) problems.push(`period says ${state.approvedUnits} approved units, requests sum to ${state.sumApproved}`);
  if (state.approvedUnits > state.capacity) problems.push(`overbooked: ${state.approvedUnits} approved of ${state.capacity}`);
  const counted = Object.values(state.statuses).reduce((a, b) => a + b, 0);
  if (counted !== total) problems.push(`${counted} requests found, ${total} made`);
  if (s("WITHDRAWN") !== expectWithdrawn) problems.push(`${s("WITHDRAWN")} withdrawn, expected ${expectWithdrawn}`);
  if (state.approvedUnits < state.capacity && s("WAITLISTED") > 0) problems.push(`${s("WAITLISTED")} waitlisted while ${state.capacity - state.approvedUnits} units are free`);
  return problems;
}

const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;

async function main() {
  const loadBefore = os.loadavg()[0]!;
  const { db, describe } = await open();
  await db.migrate();
  const ctx: DomainContext = { prisma: db.prisma, logger: createLogger("silent"), now: () => new Date(), hooks: quietHooks() };
  const owner = (await createMemberOrg(db.prisma, { kind: "OEM", nameEn: "Changjiang Auto (benchmark owner)" })).admin;
  const requesters: CurrentUser[] = [];
  for (let i = 0; i < REQUESTER_ORGS; i++) requesters.push((await createMemberOrg(db.prisma, { kind: "SUPPLIER" })).member);

  // 1. Approvals: every pending request approved at once by APPROVERS callers.
  const first = await channelWithPeriod(ctx, owner, CAPACITY);
  const made = await pendingRequests(ctx, requesters, first.channelId, first.periodId, REQUESTS);
  await db.analyze();
  const shuffled = [...made.ids].sort(() => Math.random() - 0.5);
  const approvals = await runConcurrently(
    shuffled.map((requestId) => () => channels.approveRequest(ctx, owner, { requestId })),
    APPROVERS,
  );
  const state1 = await ledger(db, first.periodId);
  const problems1 = check(state1, REQUESTS);
  if (state1.approvedUnits !== Math.min(CAPACITY, REQUESTS)) problems1.push(`${state1.approvedUnits} approved, expected ${Math.min(CAPACITY, REQUESTS)}`);
  if (approvals.errors.length) problems1.push(`${approvals.errors.length} calls failed: ${String(approvals.errors[0])}`);

  // 2. Mixed: half the capacity approved beforehand; the rest approved while a fifth of the early
  //    approvals are withdrawn, interleaved.
  const second = await channelWithPeriod(ctx, owner, CAPACITY);
  const made2 = await pendingRequests(ctx, requesters, second.channelId, second.periodId, REQUESTS);
  const early = made2.ids.slice(0, Math.floor(CAPACITY / 2));
  for (const requestId of early) await channels.approveRequest(ctx, owner, { requestId });
  await db.analyze();
  const withdrawals = early.slice(0, Math.floor(early.length / 5));
  const mixedOps: (() => Promise<unknown>)[] = [];
  const later = made2.ids.slice(early.length);
  const every = Math.max(1, Math.floor(later.length / Math.max(1, withdrawals.length)));
  later.forEach((requestId, i) => {
    mixedOps.push(() => channels.approveRequest(ctx, owner, { requestId }));
    const w = withdrawals[i / every];
    if (i % every === 0 && w !== undefined) mixedOps.push(() => channels.withdrawRequest(ctx, made2.requesterOf.get(w)!, { requestId: w }));
  });
  const mixed = await runConcurrently(mixedOps, APPROVERS);
  const state2 = await ledger(db, second.periodId);
  const problems2 = check(state2, REQUESTS, withdrawals.length);
  if (mixed.errors.length) problems2.push(`${mixed.errors.length} calls failed: ${String(mixed.errors[0])}`);

  const cpus = os.cpus();
  const date = new Date().toISOString().slice(0, 10);
  const row = (label: string, r: typeof approvals, problems: string[], state: Awaited<ReturnType<typeof ledger>>) =>
    `| ${label} | **${Math.round(r.perSecond)} /s** (${r.seconds.toFixed(1)} s) | ${ms(r.p50)} | ${ms(r.p90)} | **${ms(r.p99)}** | ${ms(r.max)} | ${r.cpuMsPerOp.toFixed(2)} ms | ` +
    `${state.approvedUnits}/${state.capacity} approved; ${Object.entries(state.statuses).sort().map(([k, v]) => `${k} ${v}`).join(", ")} | ${problems.length ? `**FAILED**: ${problems.join("; ")}` : "consistent"} |`;
  const lines = [
    `### ${date}, capacity decisions, ${dbKind === "pglite" ? "embedded database (PGlite)" : "PostgreSQL"}`,
    "",
    `Machine: ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores (shared), Node ${process.version}, load average ${loadBefore.toFixed(1)} before the run. ` +
      `Database: ${describe}. One period with capacity ${CAPACITY}, ${REQUESTS} pending one-unit requests from ${REQUESTER_ORGS} organisations, ` +
      `${APPROVERS} concurrent callers, through the domain (channels.approveRequest / withdrawRequest: transaction, audit record, notifications).`,
    "",
    "| run | decisions per second | p50 | p90 | p99 | max | CPU per decision (this process) | outcome | check |",
    "|---|---|---|---|---|---|---|---|---|",
    row(`approve ${REQUESTS} requests at once`, approvals, problems1, state1),
    row(`approve ${later.length} while ${withdrawals.length} approved ones are withdrawn`, mixed, problems2, state2),
    "",
  ];
  const report = lines.join("\n");
  console.log(report);
  if (!opts["no-save"]) {
    const dir = path.resolve("tests/load/results");
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${date}-capacity-${dbKind}.md`);
    await writeFile(file, report);
    console.error(`written to ${path.relative(process.cwd(), file)}`);
  }
  if (problems1.length || problems2.length) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await runCleanups();
}
