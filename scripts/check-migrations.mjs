// `npm run check:migrations`: proves that the committed migrations reproduce prisma/schema.prisma.
//
// Database A is built by the portal's own migration runner (server/db/migrate.ts) from
// prisma/migrations; database B from `prisma migrate diff --from-empty --to-schema-datamodel
// prisma/schema.prisma`. Their schema dumps (tables, columns, indexes, constraints, enums, extensions)
// must be equal.
// Done on an in-memory PGlite always, and on fresh PostgreSQL databases as well when
// TEST_DATABASE_URL (or DATABASE_URL) is set; the given database itself is never changed.
// It also checks that prisma/migrations/schema.snapshot.prisma (the "before" schema that
// `npm run migration:new` diffs against) matches schema.prisma.
//
// Run with `node --import tsx` so that the TypeScript runner is used as is.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import { applyMigrations, readMigrations } from "../server/db/migrate.ts";

const SCHEMA = "prisma/schema.prisma";
const SNAPSHOT = "prisma/migrations/schema.snapshot.prisma";
const run = promisify(execFile);

/** Runs the Prisma CLI on its in-memory PGlite (a datamodel diff needs no database). */
async function prisma(args) {
  try {
    const { stdout } = await run(path.join("node_modules", ".bin", "prisma"), args, {
      env: { ...process.env, DATABASE_URL: "" },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout };
  } catch (error) {
    if (typeof error.code === "number") return { code: error.code, stdout: error.stdout ?? "", stderr: error.stderr ?? "" };
    throw error;
  }
}

// Order of columns and of enum labels is left out on purpose: a column added by a later migration
// comes last while a from-empty build puts it where the model declares it, and neither changes what
// the application can store.
const DUMP_QUERIES = {
  columns: `
    SELECT table_name || '.' || column_name || ' ' || data_type || '(' || udt_name || ')'
      || coalesce(' len=' || character_maximum_length, '')
      || coalesce(' precision=' || numeric_precision || ',' || numeric_scale, '')
      || coalesce(' datetime_precision=' || datetime_precision, '')
      || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE ' NULL' END
      || coalesce(' DEFAULT ' || column_default, '') AS line
    FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
  indexes: `
    SELECT indexdef AS line FROM pg_indexes
    WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  constraints: `
    SELECT c.conrelid::regclass::text || ' ' || c.conname || ' [' || c.contype::text || '] '
      || pg_get_constraintdef(c.oid) AS line
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE n.nspname = 'public' AND c.conrelid <> 0::oid
      AND c.conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')`,
  enums: `
    SELECT t.typname || ' = ' || e.enumlabel AS line
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public'`,
  extensions: `SELECT extname AS line FROM pg_extension`,
  tables: `
    SELECT table_name || ' ' || table_type AS line FROM information_schema.tables
    WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
};

async function dump(query) {
  const out = {};
  for (const [section, sql] of Object.entries(DUMP_QUERIES)) {
    out[section] = (await query(sql)).map((row) => row.line).sort();
  }
  return out;
}

function compare(label, fromMigrations, fromSchema) {
  const problems = [];
  for (const section of Object.keys(DUMP_QUERIES)) {
    const a = new Set(fromMigrations[section]);
    const b = new Set(fromSchema[section]);
    const onlyA = [...a].filter((x) => !b.has(x));
    const onlyB = [...b].filter((x) => !a.has(x));
    if (onlyA.length || onlyB.length) {
      problems.push(`  ${section}:`);
      for (const line of onlyA) problems.push(`    - ${line}`);
      for (const line of onlyB) problems.push(`    + ${line}`);
    }
  }
  const count = Object.values(fromMigrations).reduce((n, lines) => n + lines.length, 0);
  if (problems.length === 0) {
    console.log(`ok   ${label}: migrations reproduce schema.prisma (${count} schema facts compared)`);
    return true;
  }
  console.log(`FAIL ${label}: the migrations do not reproduce schema.prisma`);
  console.log("     (- only in the database built from prisma/migrations, + only in the one built from schema.prisma)");
  console.log(problems.join("\n"));
  return false;
}

function pgliteDriver(db) {
  return {
    exclusive: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: async (sql) => void (await tx.exec(sql)),
          query: async (sql, params) => (await tx.query(sql, params)).rows,
        }),
      ),
  };
}

function pgDriver(client) {
  return {
    exclusive: async (fn) => {
      await client.query("BEGIN");
      try {
        const result = await fn({
          exec: async (sql) => void (await client.query(sql)),
          query: async (sql, params) => (await client.query(sql, params)).rows,
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    },
  };
}

async function checkPglite(migrations, fromEmptySql) {
  // The migrations create extensions (pg_trgm, btree_gin) that PGlite must have loaded.
  const a = await PGlite.create({ extensions: { pg_trgm, btree_gin } });
  const b = await PGlite.create({ extensions: { pg_trgm, btree_gin } });
  try {
    await applyMigrations(pgliteDriver(a), migrations);
    await b.exec(fromEmptySql);
    return compare(
      "PGlite",
      await dump(async (sql) => (await a.query(sql)).rows),
      await dump(async (sql) => (await b.query(sql)).rows),
    );
  } finally {
    await a.close();
    await b.close();
  }
}

async function checkPostgres(baseUrl, migrations, fromEmptySql) {
  const tag = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const names = { a: `eap_check_${tag}_migrations`, b: `eap_check_${tag}_schema` };
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const open = async (name) => {
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    return client;
  };
  let a, b;
  try {
    await admin.query(`CREATE DATABASE "${names.a}"`);
    await admin.query(`CREATE DATABASE "${names.b}"`);
    a = await open(names.a);
    b = await open(names.b);
    await applyMigrations(pgDriver(a), migrations);
    await b.query(fromEmptySql);
    const version = (await a.query("SHOW server_version")).rows[0].server_version;
    return compare(
      `PostgreSQL ${version}`,
      await dump(async (sql) => (await a.query(sql)).rows),
      await dump(async (sql) => (await b.query(sql)).rows),
    );
  } finally {
    await a?.end().catch(() => {});
    await b?.end().catch(() => {});
    for (const name of Object.values(names)) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function main() {
  const started = Date.now();
  const migrations = await readMigrations();
  console.log(`${migrations.length} migration(s): ${migrations.map((m) => m.name).join(", ")}`);

  const [fromEmpty, snapshot] = await Promise.all([
    prisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", SCHEMA, "--script"]),
    prisma(["migrate", "diff", "--from-schema-datamodel", SNAPSHOT, "--to-schema-datamodel", SCHEMA, "--script", "--exit-code"]),
  ]);
  if (fromEmpty.code !== 0) {
    console.error(`prisma migrate diff --from-empty failed:\n${fromEmpty.stderr}`);
    process.exit(1);
  }

  let ok = true;
  if (snapshot.code === 0) {
    console.log(`ok   ${SNAPSHOT} matches ${SCHEMA}`);
  } else {
    ok = false;
    console.log(`FAIL ${SNAPSHOT} differs from ${SCHEMA}.`);
    if (snapshot.code === 2) {
      console.log("     Changing it from the snapshot to schema.prisma would take:");
      console.log(snapshot.stdout.replace(/^/gm, "       "));
      console.log("     If schema.prisma changed, run `npm run migration:new -- <name>`; if a migration was written");
      console.log(`     by hand, copy ${SCHEMA} to ${SNAPSHOT} in the same commit.`);
    } else {
      console.log(snapshot.stderr);
    }
  }

  ok = (await checkPglite(migrations, fromEmpty.stdout)) && ok;
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (url) ok = (await checkPostgres(url, migrations, fromEmpty.stdout)) && ok;
  else console.log("skip PostgreSQL (set TEST_DATABASE_URL=postgresql://... to check it too)");

  console.log(`${ok ? "migrations check passed" : "migrations check FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
