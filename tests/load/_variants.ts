import { cp, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { createPgliteReader } from "/work/wt/pglite/server/db/pglite-read";
const work = await mkdtemp(path.join(os.tmpdir(), "eap-var-"));
await cp(path.join(os.tmpdir(), "eap-statements-2000"), work + "/db", { recursive: true });
const pg = await PGlite.create(work + "/db", { extensions: { pg_trgm } });
const vacuum = process.argv[2] === "vacuum";
await pg.exec(vacuum ? `VACUUM ANALYZE "Organization"` : `ANALYZE "Organization"`);
const reader = createPgliteReader(pg, {});
const page = `SELECT o.id, o."nameZh", o."nameEn", o.kind::text AS kind, o."homeCity", o."homeCountry", o.markets FROM "Organization" o WHERE o.status = 'ACTIVE' ORDER BY o."nameEn", o.id LIMIT 26`;
const variants: Record<string, string> = {
  current: `SELECT t.total, p.* FROM (SELECT count(*)::int AS total FROM "Organization" o WHERE o.status = 'ACTIVE') t LEFT JOIN LATERAL (SELECT o.id, o."nameZh", o."nameEn", o.kind::text AS kind, o."homeCity", o."homeCountry", o.markets FROM "Organization" o WHERE o.status = 'ACTIVE' ORDER BY o."nameEn", o.id LIMIT 26) p ON true ORDER BY p."nameEn", p.id`,
  page,
  pageNoMarkets: page.replace(", o.markets", ""),
  count: `SELECT count(*)::int AS total FROM "Organization" o WHERE o.status = 'ACTIVE'`,
  one: `SELECT 1`,
};
for (const [name, sql] of Object.entries(variants)) {
  for (let i = 0; i < 300; i++) await reader(sql, [], {});
  const n = 2000;
  const c = process.cpuUsage();
  for (let i = 0; i < n; i++) await reader(sql, [], {});
  const u = process.cpuUsage(c);
  const { rows } = await pg.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, TIMING OFF) ${sql}`);
  console.log(name.padEnd(14), ((u.user + u.system) / 1000 / n).toFixed(3), "ms CPU;", rows.at(-1)?.["QUERY PLAN"]);
}
console.log(os.loadavg());
