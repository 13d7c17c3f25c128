// The one database client of the process: PGlite (embedded, file-backed) by default, PostgreSQL
// when DATABASE_URL is set. Everything else gets `db.prisma`; nothing else opens a connection.
import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import lockfile from "proper-lockfile";
import type { Config } from "../config.js";
import { PrismaClient } from "./generated/client.js";
import { createPgliteReader } from "./pglite-read.js";
import { applyMigrations, readMigrations, type MigrationDriver, type MigrationResult } from "./migrate.js";
import { DATE_OID, parseUtcDate, parseUtcTimestamp, registerRowReader, TIMESTAMP_OID } from "./read.js";

export type { PrismaClient } from "./generated/client.js";
export type DatabaseKind = "pglite" | "postgresql";

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  migrate(): Promise<MigrationResult>;
  /**
   * Refreshes the planner's statistics where nothing else does: PGlite has no autovacuum, and
   * without statistics it guesses a handful of rows per table and picks poor plans (a sort of every
   * organisation instead of the directory's index; a btree filter instead of the trigram index).
   * With `vacuum`, also VACUUM (it sets the visibility map, so counts can be index-only scans, and
   * clears the trigram index's pending list); that takes longer, so it is not for start-up.
   * A no-op on PostgreSQL, whose autovacuum does both as tables change.
   */
  analyze(options?: { vacuum?: boolean }): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class DatabaseLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `The embedded database at ${dataDir} is already open in another process. ` +
        `Stop the other portal process first, or point PGLITE_DIR at another directory.`,
    );
    this.name = "DatabaseLockedError";
  }
}

export async function openDatabase(database: Config["database"] | { kind: "pglite"; dataDir: "memory://" }) {
  return database.kind === "postgresql" ? openPostgres(database.url) : openPglite(database.dataDir);
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir === "memory://";
  let release: (() => Promise<void>) | undefined;
  if (!inMemory) {
    await mkdir(dataDir, { recursive: true });
    try {
      // A lock directory beside the data; refreshed while we run, so a crashed process's lock goes
      // stale after `stale` ms and the next start can take it over.
      release = await lockfile.lock(path.resolve(dataDir), {
        lockfilePath: `${path.resolve(dataDir)}.lock`,
        stale: 10_000,
        update: 2_000,
        realpath: false,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ELOCKED") throw new DatabaseLockedError(dataDir);
      throw error;
    }
  }
  let pglite: PGlite;
  try {
    // pg_trgm and btree_gin: the channel directory's GIN index over (kind, region, searchText)
    // (migrations channel_search and channel_search_kind_region) needs both loaded.
    pglite = await PGlite.create(inMemory ? undefined : dataDir, { extensions: { pg_trgm, btree_gin } });
  } catch (error) {
    await release?.();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  // PGlite runs one statement at a time and holds a transaction's statements together, so a read
  // from here never lands inside someone else's transaction (server/db/pglite-read.ts).
  registerRowReader(prisma, createPgliteReader(pglite, { [TIMESTAMP_OID]: parseUtcTimestamp, [DATE_OID]: parseUtcDate }));
  const driver: MigrationDriver = {
    exclusive: (fn) =>
      pglite.transaction((tx) =>
        fn({
          exec: async (sql) => void (await tx.exec(sql)),
          query: async <R,>(sql: string, params?: unknown[]) => (await tx.query<R>(sql, params)).rows,
        }),
      ),
  };
  return {
    kind: "pglite",
    prisma,
    migrate: async () => applyMigrations(driver, await readMigrations()),
    analyze: async (options) => {
      // Our tables only: a bare ANALYZE also samples every system catalogue (~10x the time).
      const { rows } = await pglite.query<{ name: string }>(
        `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = 'public'`,
      );
      if (!rows.length) return;
      await pglite.exec(`${options?.vacuum ? "VACUUM ANALYZE" : "ANALYZE"} ${rows.map((r) => r.name).join(", ")}`);
    },
    ping: async () => void (await pglite.query("SELECT 1")),
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
      await release?.();
    },
  };
}

/** Connections for priority reads, besides the main pool's ten; their statements are coalesced (server/db/batch.ts), so few suffice. */
const PRIORITY_CONNECTIONS = 3;

/** Arbitrary fixed key for pg_advisory_xact_lock: one migrating instance at a time. */
const MIGRATION_LOCK_KEY = 7_280_415_903;

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 30_000 });
  // The priority reads' own connections (ReadOptions.priority in server/db/read.ts).
  const priorityPool = new pg.Pool({ connectionString: url, max: PRIORITY_CONNECTIONS, idleTimeoutMillis: 30_000 });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  priorityPool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const types = {
    getTypeParser: ((oid: number, format?: "text" | "binary") =>
      oid === TIMESTAMP_OID ? parseUtcTimestamp : oid === DATE_OID ? parseUtcDate : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  // Named (prepared) statements: each connection parses and plans a statement once, instead of
  // PostgreSQL parsing and planning it again for every page. The texts are the few fixed shapes
  // of the hot statements (server/db/read.ts), so the names stay few.
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (name === undefined) {
      name = `eap_read_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
      if (names.size < 1_000) names.set(text, name);
    }
    return name;
  };
  registerRowReader(
    prisma,
    async (text, values, { prepare = true, priority = false }) =>
      (await (priority ? priorityPool : pool).query<Record<string, unknown>>({ name: prepare ? nameOf(text) : undefined, text, values, types })).rows,
  );
  const driver: MigrationDriver = {
    exclusive: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
        const result = await fn({
          exec: async (sql) => void (await client.query(sql)),
          query: async <R,>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
  return {
    kind: "postgresql",
    prisma,
    migrate: async () => applyMigrations(driver, await readMigrations()),
    analyze: async () => {},
    ping: async () => void (await pool.query("SELECT 1")),
    close: async () => {
      await prisma.$disconnect();
      await Promise.all([pool.end(), priorityPool.end()]);
    },
  };
}
