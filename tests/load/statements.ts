// `npm run bench:statements`: what the signed-in directory's database statements cost on PGlite,
// one by one, without HTTP or Remix. A file-backed database filled like `npm run bench` (2,000
// organisations); the page's statements are captured by running the real code once (session check,
// header badges, directory), then each is replayed in a loop:
//   readRows   the domain call as the page makes it (driver + row parsing)
//   query      pglite.query(text, values) alone: PGlite's extended-protocol round trips
//   plan/exec  EXPLAIN (ANALYZE) inside PGlite: the server's own planning and execution time
// plus the fstat calls PGlite's Node file system makes per statement.
// Options: --iterations=2000, --orgs=2000, --keep (reuse the filled database in $TMPDIR).
import fs, { existsSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { loadConfig } from "../../server/config";
import { openDatabase } from "../../server/db/index";
import { createPgliteReader } from "../../server/db/pglite-read";
import { DATE_OID, parseUtcDate, parseUtcTimestamp, registerRowReader, TIMESTAMP_OID } from "../../server/db/read";
import { createLogger } from "../../server/logger";
import { createServices } from "../../server/services";
import { BENCH_EMAIL, fillAlliance } from "./fill";

const { values: opts } = parseArgs({
  options: {
    iterations: { type: "string", default: "2000" },
    orgs: { type: "string", default: "2000" },
    keep: { type: "boolean", default: false },
    /** VACUUM as well as ANALYZE before measuring (the server only ANALYZEs at start; VACUUM hourly). */
    vacuum: { type: "boolean", default: false },
  },
});
const ITERATIONS = Number(opts.iterations);

// The filled database is kept between runs with --keep (filling takes a while); each run works on
// a copy, so one run's writes never reach the next.
const template = path.join(os.tmpdir(), `eap-statements-${opts.orgs}`);
if (!opts.keep || !existsSync(template)) {
  await rm(template, { recursive: true, force: true });
  const db = await openDatabase({ kind: "pglite", dataDir: template });
  await db.migrate();
  await fillAlliance(db.prisma, Number(opts.orgs));
  await db.close();
}
const work = await mkdtemp(path.join(os.tmpdir(), "eap-statements-run-"));
const dataDir = path.join(work, "pglite");
await cp(template, dataDir, { recursive: true });

// Catch the PGlite instance (openDatabase does not hand it out): the ANALYZE below queries through it.
let pglite: PGlite | undefined;
const query = PGlite.prototype.query;
PGlite.prototype.query = function (this: PGlite, ...args: Parameters<PGlite["query"]>) {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- the instance is what we are here to catch
  pglite ??= this;
  return query.apply(this, args);
} as PGlite["query"];

const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", PGLITE_DIR: dataDir });
const db = await openDatabase({ kind: "pglite", dataDir });
await db.migrate();
await db.analyze({ vacuum: opts.vacuum });
if (!pglite) throw new Error("no PGlite query was seen");
const pg = pglite;
// Every statement the page sends through readRows, recorded on its way to the driver.
const captured: { text: string; values: unknown[] }[] = [];
let capturing = false;
const reader = createPgliteReader(pg, { [TIMESTAMP_OID]: parseUtcTimestamp, [DATE_OID]: parseUtcDate });
registerRowReader(db.prisma, (text, values, options) => {
  if (capturing) captured.push({ text, values });
  return reader(text, values, options);
});
const services = createServices({ config, db, logger: createLogger("silent") });
const user = await db.prisma.user.findUniqueOrThrow({ where: { email: BENCH_EMAIL } });
const { cookie } = await services.auth.startSession(user.id, {});

const page = async () => {
  const { user: current } = await services.auth.validate(cookie);
  if (!current) throw new Error("the bench session is not valid");
  await services.badges.headerBadges(current);
  await services.members.directory(current, {});
  return current;
};
await page();
capturing = true;
const current = await page();
capturing = false;

let fstats = 0;
const fstatSync = fs.fstatSync;
fs.fstatSync = ((...args: Parameters<typeof fs.fstatSync>) => {
  fstats++;
  return fstatSync(...args);
}) as typeof fs.fstatSync;

async function time(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(200, ITERATIONS); i++) await fn();
  fstats = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) await fn();
  const wall = (performance.now() - started) / ITERATIONS;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / ITERATIONS;
  return { label, wall, cpuMs, fstat: fstats / ITERATIONS };
}

const names = ["session check", "header badges", "directory"];
const rows: Awaited<ReturnType<typeof time>>[] = [];
rows.push(await time("whole page: validate + badges + directory", page));
rows.push(await time("  validate (readRows)", () => services.auth.validate(cookie)));
rows.push(await time("  badges (readRows)", () => services.badges.headerBadges(current)));
rows.push(await time("  directory (readRows)", () => services.members.directory(current, {})));
for (const [i, s] of captured.entries()) {
  const name = names[i] ?? `statement ${i + 1}`;
  rows.push(await time(`  ${name}: pglite.query`, () => pg.query(s.text, s.values)));
  rows.push(await time(`  ${name}: prepared`, () => reader(s.text, s.values, {})));
}
rows.push(await time("  SELECT 1: pglite.query", () => pg.query("SELECT 1")));
rows.push(await time("  SELECT 1: prepared", () => reader("SELECT 1", [], {})));
const { rows: plans } = await pg.query<{ statement: string; generic_plans: number; custom_plans: number }>(
  `SELECT left(regexp_replace(statement, '\\s+', ' ', 'g'), 60) AS statement, generic_plans::int, custom_plans::int FROM pg_prepared_statements`,
);

const explained: string[] = [];
for (const [i, s] of captured.entries()) {
  const plans: { planning: number; execution: number }[] = [];
  let plan = "";
  for (let n = 0; n < 200; n++) {
    const { rows: out } = await pg.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${s.text}`, s.values);
    plan = out.map((r) => r["QUERY PLAN"]).join("\n");
    const number = (name: string) => Number(new RegExp(`${name} Time: ([0-9.]+) ms`).exec(plan)?.[1]);
    plans.push({ planning: number("Planning"), execution: number("Execution") });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  explained.push(
    `${names[i] ?? `statement ${i + 1}`}: planning ${median(plans.map((p) => p.planning)).toFixed(3)} ms, execution ${median(plans.map((p) => p.execution)).toFixed(3)} ms (medians of 200 EXPLAIN ANALYZE)\n${plan}`,
  );
}

console.log(`| step | wall ms | CPU ms | fstat calls |\n|---|---|---|---|`);
for (const r of rows) console.log(`| ${r.label} | ${r.wall.toFixed(3)} | ${r.cpuMs.toFixed(3)} | ${r.fstat.toFixed(1)} |`);
console.log(`\nprepared statements: ${JSON.stringify(plans)}`);
console.log(`\nload average: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
for (const e of explained) console.log(`${e}\n`);

await db.close();
await rm(work, { recursive: true, force: true });
