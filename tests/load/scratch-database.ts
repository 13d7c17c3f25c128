// A fresh PostgreSQL database for one benchmark run, so a run never depends on (or leaves behind)
// another run's data. The caller registers `drop` with its clean-up.
import pg from "pg";

export interface ScratchDatabase {
  name: string;
  /** The server's URL with this database's name. */
  url: string;
  /** The server's version, for the report. */
  version: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  let version: string;
  try {
    version = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    try {
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await dropper.end();
    }
  };
  return { name, url: url.toString(), version, drop };
}
