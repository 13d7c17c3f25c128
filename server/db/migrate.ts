// Applies pending migrations from prisma/migrations at start-up, in-process.
//
// Why not `prisma migrate deploy`: the CLI would open the embedded database from a second process
// (PGlite is single-process; that corrupts it) and costs seconds of start-up. This runner keeps
// Prisma's own `_prisma_migrations` bookkeeping (same table, same SHA-256 checksums), so the CLI
// still reads the history correctly. See docs/decisions/0003-migrations-at-start-up.md.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** The minimum a driver must offer to run migration scripts (multi-statement SQL). */
export interface MigrationDriver {
  /** Runs `fn` in one transaction; concurrent start-ups of other instances wait for it. */
  exclusive<T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T>;
}
export interface SqlRunner {
  exec(sql: string): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export const MIGRATIONS_DIR = path.resolve("prisma/migrations");

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const BOOKKEEPING = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationResult {
  applied: string[];
  /** True when the database had no migrations before this run (a brand-new database). */
  wasEmpty: boolean;
}

export async function applyMigrations(driver: MigrationDriver, migrations: Migration[]): Promise<MigrationResult> {
  return driver.exclusive(async (db) => {
    await db.exec(BOOKKEEPING);
    const done = await db.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const doneByName = new Map(done.map((row) => [row.migration_name, row.checksum]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const previous = doneByName.get(migration.name);
      if (previous !== undefined) {
        if (previous !== migration.checksum) {
          throw new Error(
            `Migration ${migration.name} was changed after it was applied. Committed migrations are ` +
              `immutable: restore it and add a new migration (npm run migration:new).`,
          );
        }
        continue;
      }
      await db.exec(migration.sql);
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
         VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      applied.push(migration.name);
    }
    return { applied, wasEmpty: done.length === 0 };
  });
}
