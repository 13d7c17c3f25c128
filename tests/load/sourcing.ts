// The supply-matching benchmark (issue 4), measured at the domain call the request page makes:
//   forward   10,000 supplier capability profiles (with certificates); rank the candidates for one
//             sourcing request (sourcing.candidates: hard filters in SQL, scoring in JS), goal p99 < 50 ms
//   reverse   50,000 open sourcing requests; rank the open requests for one supplier
//             (sourcing.matchingRequests), goal p99 < 100 ms
// Each is run --runs times (default 300) after 20 warm-up calls, on random requests / suppliers.
//
//   node --enable-source-maps --import tsx tests/load/sourcing.ts [--db=postgresql|pglite]
//     [--profiles=10000] [--requests=50000] [--runs=300] [--pg-url=postgresql://postgres@127.0.0.1:5432/postgres] [--no-save]
// PostgreSQL: a fresh database is created on --pg-url and dropped afterwards. Writes the report to
// tests/load/results/<date>-sourcing-<db>.md.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { CurrentUser } from "../../server/auth/index";
import { openDatabase, type Database } from "../../server/db/index";
import { loadCandidateProfiles, loadOpenRequestsFor, loadProfile, rankCandidates, rankRequests } from "../../server/domain/matching";
import { sourcingDomain } from "../../server/domain/sourcing";
import { createLogger } from "../../server/logger";
import { quietHooks, type DomainContext } from "../../server/services";
import { createScratchDatabase } from "./scratch-database";

const { values: opts } = parseArgs({
  options: {
    db: { type: "string", default: "pglite" },
    "pg-url": { type: "string", default: process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
    profiles: { type: "string", default: "10000" },
    requests: { type: "string", default: "50000" },
    runs: { type: "string", default: "300" },
    "no-save": { type: "boolean", default: false },
    /** PostgreSQL: keep the filled database (its name is printed) for EXPLAIN by hand. */
    keep: { type: "boolean", default: false },
    /** ANALYZE the embedded database too (it has no autovacuum): what it gives with statistics. */
    analyze: { type: "boolean", default: false },
  },
});
const dbKind = opts.db === "postgresql" || opts.db === "postgres" ? "postgresql" : "pglite";
const PROFILES = Number(opts.profiles);
const REQUESTS = Number(opts.requests);
const RUNS = Number(opts.runs);
const GOALS = { forwardP99: 50, reverseP99: 100 };

const cleanups: (() => Promise<unknown>)[] = [];

async function open(): Promise<{ db: Database; describe: string }> {
  if (dbKind === "pglite") {
    const dir = await mkdtemp(path.join(os.tmpdir(), "eap-bench-sourcing-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const db = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") });
    return { db, describe: `PGlite 0.5 (PostgreSQL in WebAssembly, in process, file-backed), ${opts.analyze ? "ANALYZE after the fill (--analyze)" : "no ANALYZE"}` };
  }
  const base = opts["pg-url"]!;
  const scratch = await createScratchDatabase(base, "eap_bench_sourcing");
  if (opts.keep) console.error(`keeping database ${scratch.name}`);
  else cleanups.push(scratch.drop);
  const { url, version } = scratch;
  const db = await openDatabase({ kind: "postgresql", url });
  return { db, describe: `PostgreSQL ${version} (local, 127.0.0.1), VACUUM ANALYZE after the fill` };
}

/**
 * Bulk fill in SQL (generate_series), deterministic from the row number: suppliers with 1-3
 * categories, markets with years, capacity; IATF 16949 for 4 in 5 (expiries spread over 5 years),
 * ISO 9001 / 14001 for some; OEMs posting open OEM_SEEKS_SUPPLIER requests in every category.
 */
async function fill(db: Database) {
  const x = (sql: string) => db.prisma.$executeRawUnsafe(sql);
  // Stable ids from the row number, shaped as version-4 UUIDs (the domain's id check wants one).
  await x(`CREATE FUNCTION bench_uuid(t text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
    SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12))::uuid
      FROM md5(t) AS h $$`);
  const cats = `(ARRAY['POWERTRAIN','BATTERY_EDRIVE','CHASSIS','BODY_EXTERIOR','INTERIOR','ELECTRICAL_ELECTRONICS','ADAS_CONNECTIVITY','THERMAL_MANAGEMENT','TYRES_WHEELS','AFTERMARKET_ACCESSORIES','SPECIAL_MODIFICATION','LOGISTICS_PACKAGING'])`;
  const mkts = `(ARRAY['TH','BR','MX','KZ','UZ','SA','AE','EG','ZA','DE','HU','TR','AU','MY','ID','VN','RU','CL','NG','MA'])`;
  await x(`
    INSERT INTO "Organization" ("id","nameZh","nameEn","kind","status","homeCity","homeCountry","description","markets","updatedAt")
    SELECT bench_uuid('sup' || g), '基准供应商' || g, 'Benchmark Supplier ' || lpad(g::text, 5, '0'), 'SUPPLIER', 'ACTIVE', 'Chongqing', 'CN', 'Fictional benchmark supplier', '{}', now()
      FROM generate_series(1, ${PROFILES}) g`);
  await x(`
    INSERT INTO "Organization" ("id","nameZh","nameEn","kind","status","homeCity","homeCountry","description","markets","updatedAt")
    SELECT bench_uuid('oem' || g), '基准主机厂' || g, 'Benchmark OEM ' || g, 'OEM', 'ACTIVE', 'Chongqing', 'CN', 'Fictional benchmark OEM', '{}', now()
      FROM generate_series(1, 200) g`);
  // Certificates before profiles: a profile's insert trigger then reads them into bestCertificates
  // once, instead of the certificate trigger refreshing the profile once per certificate.
  await x(`
    INSERT INTO "Certification" ("id","organizationId","type","scope","issuer","validFrom","validTo")
    SELECT gen_random_uuid(), bench_uuid('sup' || g), 'IATF_16949', 'Benchmark scope', 'Fictional body', DATE '2024-01-01', CURRENT_DATE + ((g * 37) % 1800)
      FROM generate_series(1, ${PROFILES}) g WHERE g % 5 <> 0`);
  await x(`
    INSERT INTO "Certification" ("id","organizationId","type","scope","issuer","validFrom","validTo")
    SELECT gen_random_uuid(), bench_uuid('sup' || g), CASE g % 2 WHEN 0 THEN 'ISO_9001' ELSE 'ISO_14001' END::"CertificationType", 'Benchmark scope', 'Fictional body', DATE '2024-01-01', CURRENT_DATE + ((g * 53) % 1500)
      FROM generate_series(1, ${PROFILES}) g WHERE g % 3 = 0`);
  await x(`
    INSERT INTO "SupplierCapability" ("organizationId","categories","businessTypes","segments","marketExperience","markets","annualCapacity","updatedAt")
    SELECT bench_uuid('sup' || g),
           (SELECT array_agg(DISTINCT ${cats}[1 + ((g * k * 7 + k) % 12)])::"PartCategory"[] FROM generate_series(1, 1 + g % 3) k),
           CASE g % 3 WHEN 0 THEN '{OE_SUPPLY}' WHEN 1 THEN '{OE_SUPPLY,AFTERMARKET}' ELSE '{AFTERMARKET,MODIFICATION}' END::"BusinessType"[],
           CASE g % 4 WHEN 0 THEN '{NEV_PASSENGER}' WHEN 1 THEN '{ICE_PASSENGER,NEV_PASSENGER}' WHEN 2 THEN '{COMMERCIAL,NEV_COMMERCIAL}' ELSE '{ICE_PASSENGER}' END::"VehicleSegment"[],
           (SELECT jsonb_object_agg(${mkts}[1 + ((g * 13 + k * 5) % 20)], 1 + (g + k) % 12) FROM generate_series(1, 2 + g % 5) k),
           (SELECT array_agg(DISTINCT ${mkts}[1 + ((g * 13 + k * 5) % 20)]) FROM generate_series(1, 2 + g % 5) k),
           1000 + (g * 7919) % 200000, now()
      FROM generate_series(1, ${PROFILES}) g`);
  await x(`
    INSERT INTO "SourcingRequest" ("id","posterOrganizationId","postedById","direction","category","businessType","title","targetMarkets","segments","annualVolume",
                                   "requiredCertifications","startOfProduction","responseDeadline","description","confidential","status","searchText","openedAt","createdAt","updatedAt")
    SELECT bench_uuid('req' || g), bench_uuid('oem' || (1 + g % 200)), bench_uuid('oem' || (1 + g % 200)), 'OEM_SEEKS_SUPPLIER',
           ${cats}[1 + g % 12]::"PartCategory", CASE g % 4 WHEN 0 THEN 'AFTERMARKET' ELSE 'OE_SUPPLY' END::"BusinessType",
           'Benchmark request ' || g,
           (SELECT array_agg(DISTINCT ${mkts}[1 + ((g * 11 + k * 3) % 20)]) FROM generate_series(1, 1 + g % 4) k),
           CASE g % 3 WHEN 0 THEN '{NEV_PASSENGER}' WHEN 1 THEN '{ICE_PASSENGER}' ELSE '{COMMERCIAL}' END::"VehicleSegment"[],
           500 + ((g::bigint * 104729) % 100000)::int,
           CASE WHEN g % 3 = 0 THEN '{IATF_16949}' WHEN g % 5 = 0 THEN '{IATF_16949,ISO_14001}' ELSE '{}' END::"CertificationType"[],
           CURRENT_DATE + 200 + g % 400, CURRENT_DATE + 10 + g % 60, 'Benchmark', g % 10 = 0, 'OPEN', 'benchmark request ' || g, now(),
           now() - (g || ' seconds')::interval, now()
      FROM generate_series(1, ${REQUESTS}) g`);
  if (db.kind === "postgresql") await x("VACUUM ANALYZE");
  else if (opts.analyze) await x("ANALYZE");
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1)!, mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

/**
 * Wall time and this process's CPU time per call. On the embedded database the query runs in this
 * process, so its CPU time is the work done, whatever else the machine is busy with; on PostgreSQL
 * it is the client's share only (the server's backend is another process).
 */
async function time<T>(samples: number[], cpu: number[], fn: () => Promise<T>) {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = await fn();
  samples.push(performance.now() - start);
  const used = process.cpuUsage(cpuStart);
  cpu.push((used.user + used.system) / 1000);
  return result;
}

async function main() {
  const loadAtStart = os.loadavg()[0]!;
  const { db, describe } = await open();
  cleanups.unshift(() => db.close());
  await db.migrate();
  const fillStart = performance.now();
  await fill(db);
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const ctx: DomainContext = {
    prisma: db.prisma,
    logger: createLogger("silent"),
    now: () => new Date(),
    hooks: quietHooks(),
  };
  const secretariat: CurrentUser = {
    id: "00000000-0000-4000-8000-000000000001",
    email: "bench@loadtest.example",
    name: "Bench",
    role: "ORG_ADMIN",
    secretariat: true,
    locale: null,
    organization: { id: "00000000-0000-4000-8000-000000000002", nameEn: "Bench Secretariat", nameZh: "基准秘书处", kind: "SERVICE", status: "ACTIVE" },
  };
  const requestIds = (await db.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT "id"::text AS id FROM "SourcingRequest" ORDER BY random() LIMIT ${RUNS + 20}`)).map((r) => r.id);
  const supplierIds = (await db.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT "organizationId"::text AS id FROM "SupplierCapability" ORDER BY random() LIMIT ${RUNS + 20}`)).map((r) => r.id);
  const supplierActor = (id: string): CurrentUser => ({
    ...secretariat,
    secretariat: false,
    organization: { id, nameEn: "Bench supplier", nameZh: "基准供应商", kind: "SUPPLIER", status: "ACTIVE" },
  });

  // The SQL pre-ranking must agree with the exact scoring: compare full orders on a sample.
  let disagreements = 0;
  for (const id of requestIds.slice(0, 10)) {
    const r = await db.prisma.sourcingRequest.findUniqueOrThrow({ where: { id } });
    const { profiles } = await loadCandidateProfiles(db.prisma, r, r.posterOrganizationId, 100_000);
    const exact = rankCandidates(r, profiles).map((c) => c.profile.organizationId);
    if (JSON.stringify(exact) !== JSON.stringify(profiles.map((p) => p.organizationId))) disagreements++;
  }
  const today = new Date(new Date().toISOString().slice(0, 10));
  for (const id of supplierIds.slice(0, 10)) {
    const profile = (await loadProfile(db.prisma, id))!;
    const rows = await loadOpenRequestsFor(db.prisma, profile, today, 100_000);
    if (JSON.stringify(rows.map((r) => r.id)) !== JSON.stringify(rankRequests(profile, rows).map((r) => r.request.id))) disagreements++;
  }
  console.error(`SQL pre-ranking vs exact scoring: ${disagreements} of 20 samples disagree`);

  const forward: number[] = [];
  const reverse: number[] = [];
  const forwardCpu: number[] = [];
  const reverseCpu: number[] = [];
  let candidates = 0;
  let matches = 0;
  for (let i = 0; i < requestIds.length; i++) {
    const r = await time(i < 20 ? [] : forward, i < 20 ? [] : forwardCpu, () => sourcingDomain.candidates(ctx, secretariat, { requestId: requestIds[i] }));
    if (i >= 20) candidates += r.total;
  }
  for (let i = 0; i < supplierIds.length; i++) {
    const r = await time(i < 20 ? [] : reverse, i < 20 ? [] : reverseCpu, () => sourcingDomain.matchingRequests(ctx, supplierActor(supplierIds[i]!)));
    if (i >= 20) matches += r.items.length;
  }
  const f = stats(forward);
  const rv = stats(reverse);
  const fc = stats(forwardCpu);
  const rc = stats(reverseCpu);
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const cpus = os.cpus();
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    `### ${date}, ${dbKind === "pglite" ? "embedded database (PGlite)" : "PostgreSQL"}`,
    "",
    `Machine: ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, ` +
      `Node ${process.version}, load average at the start ${loadAtStart.toFixed(2)}. Database: ${describe}. ` +
      `Data: ${PROFILES.toLocaleString("en")} supplier profiles, ${REQUESTS.toLocaleString("en")} open requests (filled in ${fillSeconds.toFixed(1)} s). ` +
      `${RUNS} calls each after 20 warm-up calls, one at a time, in this process (no HTTP). ` +
      `SQL pre-ranking agreed with the exact scoring on ${20 - disagreements} of 20 full orders.`,
    "",
    "| view | mean results | p50 | p95 | p99 | max | goal (p99) |",
    "|---|---|---|---|---|---|---|",
    `| forward: candidates for one request (\`sourcing.candidates\`) | ${(candidates / RUNS).toFixed(0)} ranked | ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.p99)} | ${ms(f.max)} | < ${GOALS.forwardP99} ms ${f.p99 < GOALS.forwardP99 ? "✔" : "✘"} |`,
    `| reverse: open requests for one supplier (\`sourcing.matchingRequests\`) | ${(matches / RUNS).toFixed(0)} shown (top 50) | ${ms(rv.p50)} | ${ms(rv.p95)} | ${ms(rv.p99)} | ${ms(rv.max)} | < ${GOALS.reverseP99} ms ${rv.p99 < GOALS.reverseP99 ? "✔" : "✘"} |`,
    "",
    `CPU time of this process per call (${dbKind === "pglite" ? "the embedded database runs in it, so this is the work done whatever the load" : "client side only; the server's work is in its own process"}), ` +
      `forward p50 ${ms(fc.p50)} / p95 ${ms(fc.p95)} / p99 ${ms(fc.p99)}; reverse p50 ${ms(rc.p50)} / p95 ${ms(rc.p95)} / p99 ${ms(rc.p99)}. ` +
      `Load average at the end ${os.loadavg()[0]!.toFixed(2)}.`,
    "",
  ];
  const report = lines.join("\n");
  console.log(report);
  if (!opts["no-save"]) {
    const dir = path.resolve("tests/load/results");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${date}-sourcing-${dbKind}.md`), report + "\n");
  }
}

try {
  await main();
} finally {
  for (const c of cleanups) await c().catch(() => {});
}
