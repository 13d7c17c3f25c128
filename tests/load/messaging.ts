// `npm run bench:messaging`: messaging over Socket.IO against a separate server process, with
// socket.io-client connections spread over --generators processes (each with its own event loop, all
// reading the machine's clock; docs/benchmarks-messaging.md).
//   load     --clients authenticated WebSocket clients in groups of --group-size, --rate messages/s
//            in total for --duration s, open loop (each message leaves at its due time); latency from
//            the due time to each other member's `message:new`, ack latency, errors, missing deliveries
//   search   the same at rising rates (--steps, --step-duration s each) until p99 reaches --p99-limit
//            ms or anything fails; reports the highest rate that passed
//   fanout   one conversation of --fanout-members: --fanout-messages messages a second apart
//   memory   server RSS per idle connected client at --memory-clients (fresh server)
// Options: --generators=N (processes holding the clients of load/search/fan-out; 1 = one event loop
// for all, as before this option), --db=postgresql|pglite, --pg-url, --redis-url (the server uses Redis), --skip=search,...
// Prints a summary and writes tests/load/results/<time>-messaging-<db>.json.
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance as nodePerformance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { ClientPool, clock, sleep, type PhaseSummary } from "./messaging/clients";
import { GeneratorPool } from "./messaging/generators";
import { cleanup, collectedHeap, cpuSeconds, dbKindOf, guardRun, machine, num, pgActivity, prepareDatabase, printProfile, rssBytes, saveResult, serverLine, startPortal } from "./messaging/harness";
import { seedMessaging, type MessagingSeed } from "./messaging/seed";
import { freePort } from "./server";

const { values: opts } = parseArgs({
  options: {
    db: { type: "string", default: "postgresql" },
    "pg-url": { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
    "redis-url": { type: "string" },
    clients: { type: "string", default: "2000" },
    "group-size": { type: "string", default: "10" },
    rate: { type: "string", default: "500" },
    duration: { type: "string", default: "60" },
    warmup: { type: "string", default: "5" },
    steps: { type: "string", default: "750,1000,1250,1500,1750,2000,2500,3000" },
    "step-duration": { type: "string", default: "15" },
    "p99-limit": { type: "string", default: "100" },
    "fanout-members": { type: "string", default: "1000" },
    "fanout-messages": { type: "string", default: "20" },
    "memory-clients": { type: "string", default: "5000" },
    "ack-timeout": { type: "string", default: "10000" },
    generators: { type: "string", default: "4" },
    skip: { type: "string", default: "" },
    /** Extra server settings for A/B runs, e.g. --server-env=SOCKET_SEND_MAX_IN_FLIGHT=400. */
    "server-env": { type: "string", multiple: true, default: [] },
    "no-save": { type: "boolean", default: false },
    /** Profile the server of the load/search/fan-out part and print where its CPU time went. */
    "cpu-prof": { type: "boolean", default: false },
  },
});
const db = dbKindOf(opts.db);
const CLIENTS = num(opts.clients, "clients");
const GROUP = num(opts["group-size"], "group-size");
const RATE = num(opts.rate, "rate");
const DURATION = num(opts.duration, "duration");
const WARMUP = num(opts.warmup, "warmup");
const STEPS = opts.steps!.split(",").map((s) => num(s, "steps")).filter((s) => s > RATE);
const STEP_DURATION = num(opts["step-duration"], "step-duration");
const P99_LIMIT = num(opts["p99-limit"], "p99-limit");
const skip = new Set(opts.skip!.split(",").filter(Boolean));
const FANOUT = skip.has("fanout") ? 0 : Math.min(num(opts["fanout-members"], "fanout-members"), CLIENTS);
const FANOUT_MESSAGES = num(opts["fanout-messages"], "fanout-messages");
const MEMORY_CLIENTS = skip.has("memory") ? 0 : num(opts["memory-clients"], "memory-clients");
const ACK_TIMEOUT = num(opts["ack-timeout"], "ack-timeout");
const GENERATORS = Math.max(1, num(opts.generators, "generators"));
const GOALS = { p50: 10, p99: 30, searchP99: P99_LIMIT, searchRate: 1_500, fanoutP99: 100, bytesPerClient: 30 * 1024 };

guardRun(40 * 60_000);
const log = (...args: unknown[]) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

async function main() {
  const startedMachine = machine();
  log(`machine: ${startedMachine.cpu}, load average ${startedMachine.loadAverageAtStart.join(" / ")}`);
  // The memory test uses the last users, outside the large conversation: idle clients whose
  // connections do not set off its presence fan-out.
  const users = Math.max(CLIENTS, FANOUT + MEMORY_CLIENTS);
  let seed!: MessagingSeed;
  const database = await prepareDatabase(db, opts["pg-url"]!, async (d) => {
    seed = await seedMessaging(d.prisma, { users, groupSize: GROUP, largeMembers: FANOUT });
  });
  log(`seeded ${seed.users.length} users, ${seed.groups.length} groups of ${GROUP}${seed.large ? `, one conversation of ${seed.large.members.length}` : ""} in ${Math.round(seed.ms)} ms on ${database.describe}`);
  const serverEnv: Record<string, string> = opts["redis-url"] ? { REDIS_URL: opts["redis-url"], REDIS_KEY_PREFIX: `msgbench${Date.now().toString(36)}:` } : {};
  for (const setting of opts["server-env"]!) {
    const [key, ...value] = setting.split("=");
    if (!key || !value.length) throw new Error(`--server-env must be KEY=value, not ${setting}`);
    serverEnv[key] = value.join("=");
  }

  const result: Record<string, unknown> = {
    benchmark: "messaging",
    at: new Date().toISOString(),
    database: database.describe,
    redis: Boolean(opts["redis-url"]),
    machine: startedMachine,
    options: { serverEnv: opts["server-env"], generators: GENERATORS, clients: CLIENTS, groupSize: GROUP, rate: RATE, duration: DURATION, steps: STEPS, stepDuration: STEP_DURATION, p99Limit: P99_LIMIT, fanoutMembers: FANOUT, fanoutMessages: FANOUT_MESSAGES, memoryClients: MEMORY_CLIENTS },
    goals: GOALS,
  };

  // ---- load, search, fan-out: one server, CLIENTS connections ---------------------------------
  if (!(skip.has("load") && skip.has("search") && skip.has("fanout"))) {
    const profileDir = opts["cpu-prof"] ? await mkdtemp(path.join(os.tmpdir(), "eap-msgprof-")) : undefined;
    const server = await startPortal(database, serverEnv, undefined, profileDir);
    const pid = server.child.pid;
    log(`server up in ${Math.round(server.startupMs)} ms at ${server.url} (pid ${pid}), RSS ${mb(rssBytes(pid))}`);
    const loadGroups = seed.groups.filter((g) => seed.users.indexOf(g.members[0]) < CLIENTS);
    const pool = new GeneratorPool(GENERATORS, { url: server.url, ackTimeoutMs: ACK_TIMEOUT, retry: false }, seed.users.slice(0, CLIENTS), loadGroups, seed.large ? [seed.large] : []);
    const rssIdle = rssBytes(pid);
    const pg0 = await pgActivity(database);
    const cpuConnect0 = cpuSeconds(pid);
    const connected = await pool.connectAll();
    // 2,000 connections at once are a storm to the server (server/realtime/admission.ts): it refuses
    // new sends until 3 s after the last wave and then announces everyone's presence in batches. The
    // measured phase starts once that is over; the announcements count in the cost of connecting.
    await sleep(5_000);
    const pg1 = await pgActivity(database);
    const cpuConnect1 = cpuSeconds(pid);
    const perConnect = {
      serverCpuMs: cpuConnect0 !== undefined && cpuConnect1 !== undefined ? Math.round(((cpuConnect1 - cpuConnect0) * 1000 * 10) / CLIENTS) / 10 : null,
      databaseTransactions: pg0 && pg1 ? Math.round(((pg1.transactions - pg0.transactions) / CLIENTS) * 10) / 10 : null,
      databaseRowsRead: pg0 && pg1 ? Math.round((pg1.rowsRead - pg0.rowsRead) / CLIENTS) : null,
    };
    log(`per connection: server CPU ${perConnect.serverCpuMs} ms, ${perConnect.databaseTransactions} database statements, ${perConnect.databaseRowsRead} rows read`);
    log(`connected ${CLIENTS - connected.failed} of ${CLIENTS} clients over ${pool.count} generator processes in ${Math.round(connected.ms)} ms (${connected.failed} failed); server RSS ${mb(rssBytes(pid))}`);
    result.connect = { clients: CLIENTS, failed: connected.failed, ms: Math.round(connected.ms), serverRssBeforeMiB: mib(rssIdle), serverRssAfterMiB: mib(rssBytes(pid)), perConnect };
    if (connected.failed > 0) throw new Error(`${connected.failed} clients could not connect`);

    const conversations = loadGroups.map((g) => ({ id: g.id, senders: g.members }));
    const run = async (name: string, rate: number, seconds: number) => {
      await pool.phase(name);
      const pgBefore = await pgActivity(database);
      const cpu0 = cpuSeconds(pid);
      const own0 = process.cpuUsage();
      const generators0 = pool.cpuSeconds();
      const elu0 = nodePerformance.eventLoopUtilization();
      let rssMax = 0;
      const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, safeRss(pid))), 250);
      const linesBefore = server.lines.length;
      const t0 = clock();
      await pool.openLoop(name, conversations, rate, seconds, ACK_TIMEOUT + 5_000);
      clearInterval(rssTimer);
      await pool.drain(name, ACK_TIMEOUT + 5_000);
      const cpu1 = cpuSeconds(pid);
      const own = process.cpuUsage(own0);
      const generatorsCpu = pool.cpuSeconds() - generators0;
      await sleep(1_100);
      const pgAfter = await pgActivity(database);
      const elu = nodePerformance.eventLoopUtilization(elu0);
      const summary = await pool.summarize(name);
      const sent = Math.max(1, summary.sent);
      const wall = (clock() - t0) / 1000;
      // Why the server refused (admission.ts logs its counts with each refusal burst) or failed.
      const serverWarnings = server.lines.slice(linesBefore).map(serverLine);
      for (const line of serverWarnings) log(`  server: ${line}`);
      return {
        ...summary,
        serverWarnings,
        rate,
        seconds,
        serverCpuPercent: cpu0 !== undefined && cpu1 !== undefined ? Math.round(((cpu1 - cpu0) / wall) * 100) : null,
        serverRssMaxMiB: mib(rssMax),
        // When a generator's event loop is busy, its latencies include its own queueing: see
        // generatorLoopDelayMs (each thread's event-loop delay) beside the latencies.
        // All generator processes together, this one (the conductor) included.
        generatorCpuPercent: Math.round(((generatorsCpu + (own.user + own.system) / 1e6) / wall) * 100),
        conductorEventLoopUtilization: Math.round(elu.utilization * 100) / 100,
        serverCpuMsPerMessage: cpu0 !== undefined && cpu1 !== undefined ? Math.round(((cpu1 - cpu0) * 1000 * 100) / sent) / 100 : null,
        databaseStatementsPerMessage: pgBefore && pgAfter ? Math.round(((pgAfter.transactions - pgBefore.transactions) / sent) * 10) / 10 : null,
        databaseRowsReadPerMessage: pgBefore && pgAfter ? Math.round((pgAfter.rowsRead - pgBefore.rowsRead) / sent) : null,
      };
    };

    if (!skip.has("load")) {
      if (WARMUP > 0) {
        const w = await run("warmup", RATE, WARMUP);
        log(`warm-up ${RATE}/s for ${WARMUP} s: p50 ${w.latency.p50} ms, p99 ${w.latency.p99} ms`);
      }
      log(`load: ${RATE} messages/s for ${DURATION} s to ${conversations.length} conversations`);
      const load = await run("load", RATE, DURATION);
      result.load = load;
      log(describe(load));
    }

    if (!skip.has("search")) {
      const steps: (PhaseSummary & { passed: boolean })[] = [];
      let best: number | null = null;
      for (const rate of STEPS) {
        const s = await run(`step${rate}`, rate, STEP_DURATION);
        const passed = s.latency.p99 < P99_LIMIT && s.errorCount === 0 && s.missingDeliveries === 0;
        steps.push({ ...s, passed });
        log(`step ${rate}/s: ${describe(s)} -> ${passed ? "pass" : "FAIL"}`);
        if (!passed) break;
        best = rate;
        await sleep(2_000);
      }
      result.search = { p99Limit: P99_LIMIT, highestPassingRate: best, steps };
    }

    if (seed.large && !skip.has("fanout")) {
      await sleep(2_000);
      await pool.phase("fanout");
      const senders = seed.large.members.slice(0, FANOUT_MESSAGES);
      const start = clock() + 50;
      for (let i = 0; i < FANOUT_MESSAGES; i++) {
        const due = start + i * 1000;
        await sleep(Math.max(0, due - clock()));
        await pool.send("fanout", seed.large.id, senders[i % senders.length], due);
      }
      await pool.drain("fanout", ACK_TIMEOUT + 5_000);
      const fanout = { ...(await pool.summarize("fanout")), members: seed.large.members.length, messages: FANOUT_MESSAGES };
      result.fanout = fanout;
      log(`fan-out to ${fanout.members}: ${describe(fanout)}`);
    }

    result.clientIntegrity = await pool.integrity();
    await pool.close();
    await sleep(500);
    await server.stop();
    if (profileDir) await printProfile(profileDir);
  }

  // ---- memory: a fresh server, MEMORY_CLIENTS idle connections ---------------------------------
  if (MEMORY_CLIENTS > 0) {
    const inspectPort = await freePort();
    const server = await startPortal(database, serverEnv, undefined, undefined, inspectPort);
    const pid = server.child.pid;
    const pool = new ClientPool({ url: server.url, ackTimeoutMs: ACK_TIMEOUT, retry: false });
    for (const u of seed.users.slice(-MEMORY_CLIENTS)) pool.add(u);
    // Warm up the code paths (and the database pool) with a few hundred connections first, so the
    // baseline is a server that has already handled sockets.
    const warm = pool.members.slice(0, Math.min(200, MEMORY_CLIENTS));
    await pool.connectAll(warm);
    for (const m of warm) m.socket.disconnect();
    await sleep(5_000);
    const before = await steadyRss(pid);
    const heapBefore = await collectedHeap(inspectPort);
    const beforeCollected = await steadyRss(pid);
    const fresh = new ClientPool({ url: server.url, ackTimeoutMs: ACK_TIMEOUT, retry: false });
    for (const u of seed.users.slice(-MEMORY_CLIENTS)) fresh.add(u);
    const connected = await fresh.connectAll();
    await sleep(5_000);
    const after = await steadyRss(pid);
    const heapAfter = await collectedHeap(inspectPort);
    const afterCollected = await steadyRss(pid);
    const n = MEMORY_CLIENTS - connected.failed;
    const perClient = (after - before) / n;
    result.memory = {
      clients: MEMORY_CLIENTS,
      failed: connected.failed,
      connectMs: Math.round(connected.ms),
      serverRssBeforeMiB: mib(before),
      serverRssAfterMiB: mib(after),
      bytesPerClient: Math.round(perClient),
      kibPerClient: Math.round((perClient / 1024) * 10) / 10,
      // After full garbage collections (through the inspector): what the connections really hold.
      serverRssAfterCollectionMiB: mib(afterCollected),
      serverRssBeforeCollectedMiB: mib(beforeCollected),
      rssKibPerClientAfterCollection: Math.round(((afterCollected - beforeCollected) / n / 1024) * 10) / 10,
      heapKibPerClient: Math.round(((heapAfter.heapUsed - heapBefore.heapUsed) / n / 1024) * 10) / 10,
      externalKibPerClient: Math.round(((heapAfter.external - heapBefore.external) / n / 1024) * 10) / 10,
    };
    log(`memory: ${MEMORY_CLIENTS} idle clients (${connected.failed} failed): RSS ${mb(before)} -> ${mb(after)}, ${(perClient / 1024).toFixed(1)} KiB per client; after full collections RSS ${mb(beforeCollected)} -> ${mb(afterCollected)} (${((afterCollected - beforeCollected) / n / 1024).toFixed(1)} KiB per client), JS heap ${((heapAfter.heapUsed - heapBefore.heapUsed) / n / 1024).toFixed(1)} KiB and external ${((heapAfter.external - heapBefore.external) / n / 1024).toFixed(1)} KiB per client`);
    fresh.close();
    pool.close();
    await sleep(500);
    await server.stop();
  }

  result.machineLoadAverageAtEnd = machine().loadAverageAtStart;
  printSummary(result);
  if (!opts["no-save"]) log(`results: ${await saveResult(`messaging-${db}`, result)}`);
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const mb = (bytes: number) => `${mib(bytes)} MiB`;
const safeRss = (pid: number | undefined) => {
  try {
    return rssBytes(pid);
  } catch {
    return 0;
  }
};
/** The median of five readings a second apart: RSS moves with the garbage collector. */
async function steadyRss(pid: number | undefined) {
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(rssBytes(pid));
    await sleep(1_000);
  }
  return readings.sort((a, b) => a - b)[2];
}

function describe(
  s: PhaseSummary & {
    generatorLoopDelayMs?: { p50: number; p99: number; max: number };
    serverCpuPercent?: number | null;
    generatorCpuPercent?: number;
    generatorProcessEventLoopUtilization?: number[];
    serverCpuMsPerMessage?: number | null;
    databaseStatementsPerMessage?: number | null;
    databaseRowsReadPerMessage?: number | null;
  },
) {
  const errors = s.errorCount ? ` errors ${JSON.stringify(s.errors)}` : " no errors";
  return (
    `sent ${s.sent}, acked ${s.acked}, deliveries ${s.deliveries}/${s.expectedDeliveries};` +
    ` latency p50 ${s.latency.p50} ms, p99 ${s.latency.p99} ms, max ${s.latency.max} ms; ack p50 ${s.ack.p50} ms, p99 ${s.ack.p99} ms;${errors}` +
    (s.generatorLoopDelayMs ? `; generator event-loop delay p99 ${s.generatorLoopDelayMs.p99} ms, max ${s.generatorLoopDelayMs.max} ms (worst thread)` : "") +
    ("serverCpuPercent" in s ? `; CPU server ${String(s.serverCpuPercent)}%, generator ${String(s.generatorCpuPercent)}% (event loop utilisation ${JSON.stringify(s.generatorProcessEventLoopUtilization)}); per message: server CPU ${String(s.serverCpuMsPerMessage)} ms, ${String(s.databaseStatementsPerMessage)} statements, ${String(s.databaseRowsReadPerMessage)} rows read` : "")
  );
}

function printSummary(r: Record<string, unknown>) {
  const mark = (ok: boolean) => (ok ? "ok  " : "MISS");
  const lines = [`\n## Messaging benchmark — ${r.database}${r.redis ? " + Redis" : ""}`, `machine: ${(r.machine as { cpu: string }).cpu}; load average at start ${(r.machine as { loadAverageAtStart: number[] }).loadAverageAtStart.join(" / ")}, at end ${(r.machineLoadAverageAtEnd as number[]).join(" / ")}`];
  const load = r.load as
    | (PhaseSummary & { rate: number; seconds: number; serverCpuPercent: number | null; generatorCpuPercent: number; serverCpuMsPerMessage: number | null; generatorLoopDelayMs: { p99: number; max: number } })
    | undefined;
  if (load) {
    lines.push(
      `${mark(load.latency.p50 < GOALS.p50 && load.latency.p99 < GOALS.p99 && load.errorCount === 0 && load.missingDeliveries === 0)} load ${CLIENTS} clients, ${load.rate} msg/s for ${load.seconds} s: ` +
        `send→receive p50 ${load.latency.p50} ms (goal < ${GOALS.p50}), p99 ${load.latency.p99} ms (goal < ${GOALS.p99}), max ${load.latency.max} ms; ` +
        `ack p50 ${load.ack.p50} / p99 ${load.ack.p99} ms; ${load.errorCount} errors, ${load.missingDeliveries} missing of ${load.expectedDeliveries} deliveries; CPU: server ${load.serverCpuPercent}% (${load.serverCpuMsPerMessage} ms per message), generator ${load.generatorCpuPercent}% of a core; generator event-loop delay p99 ${load.generatorLoopDelayMs.p99} ms, max ${load.generatorLoopDelayMs.max} ms`,
    );
  }
  const search = r.search as { highestPassingRate: number | null; steps: { rate: number; latency: { p99: number }; generatorLoopDelayMs: { p99: number } }[] } | undefined;
  if (search) {
    lines.push(
      `${mark((search.highestPassingRate ?? 0) >= GOALS.searchRate)} highest rate with p99 < ${P99_LIMIT} ms: ${search.highestPassingRate ?? "none of the steps"} msg/s (goal ≥ ${GOALS.searchRate}); steps: ` +
        search.steps.map((s) => `${s.rate}/s p99 ${s.latency.p99} ms (generator delay p99 ${s.generatorLoopDelayMs.p99} ms)`).join(", "),
    );
  }
  const fanout = r.fanout as (PhaseSummary & { members: number; messages: number }) | undefined;
  if (fanout) {
    lines.push(
      `${mark(fanout.latency.p99 < GOALS.fanoutP99 && fanout.missingDeliveries === 0 && fanout.errorCount === 0)} fan-out ${fanout.messages} messages to ${fanout.members} members: p50 ${fanout.latency.p50} ms, p99 ${fanout.latency.p99} ms (goal < ${GOALS.fanoutP99}), max ${fanout.latency.max} ms; ${fanout.deliveries}/${fanout.expectedDeliveries} delivered`,
    );
  }
  const memory = r.memory as
    | { clients: number; bytesPerClient: number; kibPerClient: number; serverRssBeforeMiB: number; serverRssAfterMiB: number; rssKibPerClientAfterCollection: number; heapKibPerClient: number }
    | undefined;
  if (memory) {
    lines.push(`${mark(memory.bytesPerClient < GOALS.bytesPerClient)} memory at ${memory.clients} idle clients: ${memory.kibPerClient} KiB per client (goal < 30 KB); server RSS ${memory.serverRssBeforeMiB} -> ${memory.serverRssAfterMiB} MiB; after a full collection ${memory.rssKibPerClientAfterCollection} KiB RSS, of which JS heap ${memory.heapKibPerClient} KiB, per client`);
  }
  console.log(lines.join("\n"));
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => void cleanup().then(() => process.exit()));

/** A server log line (pino JSON) shortened to its message and the fields that explain it. */
