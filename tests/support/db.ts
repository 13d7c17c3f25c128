// A fresh database per test file: in-memory PGlite by default, or a new PostgreSQL database
// (created from TEST_DATABASE_URL, dropped afterwards) when TEST_DATABASE_URL is set.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../server/db/index";

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

export async function createTestDatabase(): Promise<Database> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    await db.migrate();
    return db;
  }
  const name = `eap_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: "postgresql", url: url.toString() });
  await db.migrate();
  const close = db.close;
  db.close = async () => {
    await close();
    const dropper = new pg.Client({ connectionString: base });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await dropper.end();
  };
  return db;
}

/**
 * One new PostgreSQL database (TEST_DATABASE_URL required) opened `count` times, as separate portal
 * instances would open it: each handle has its own pool. Closing the last handle drops the database.
 */
export async function createSharedTestDatabase(count: number): Promise<Database[]> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("createSharedTestDatabase needs TEST_DATABASE_URL");
  const name = `eap_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handles: Database[] = [];
  let open = count;
  for (let i = 0; i < count; i++) {
    const db = await openDatabase({ kind: "postgresql", url: url.toString() });
    const close = db.close;
    db.close = async () => {
      await close();
      if (--open > 0) return;
      const dropper = new pg.Client({ connectionString: base });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    };
    handles.push(db);
  }
  return handles;
}
