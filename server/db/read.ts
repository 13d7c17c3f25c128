// Hot read statements straight on the driver that Prisma uses, without Prisma's client.
//
// Every Prisma call, $queryRaw included, goes through the client's WebAssembly query compiler and
// its request pipeline: about 0.15 ms of CPU for a raw statement and 0.3-0.5 ms for a model query,
// on top of the driver's own work (docs/benchmarks.md). For the few statements that every page
// runs (the session check, the header's badge counts, the member directory), `readRows` sends the
// same parameterised SQL to the same pool (PostgreSQL) or the same PGlite instance, and validates
// every row with a zod schema, so a column that changes type fails loudly instead of flowing on.
//
// Only single read-only statements belong here. Inside a transaction, pass the transaction client:
// it is not registered, so the statement goes through Prisma and runs in the transaction.
import type { z } from "zod";
import type { Prisma, PrismaClient } from "./generated/client.js";

export interface ReadOptions {
  /**
   * Prepare the statement once per connection (the default; on PGlite, server/db/pglite-read.ts). Turn it off for a statement
   * whose best plan depends on its values (a text search whose word may be rare or in a third of the
   * rows): after five runs PostgreSQL may switch a prepared statement to one generic plan for all
   * values. Unprepared, it is planned for the values every time.
   */
  prepare?: boolean;
  /**
   * A read that a reconnecting client waits on (the session check, `sync`, presence contacts). On
   * PostgreSQL it runs on its own few connections (a bulkhead), so it never queues behind a burst of
   * writes on the main pool: after a restart, hundreds of retried sends took all ten connections
   * and every handshake's session check waited behind them (docs/benchmarks-messaging.md).
   */
  priority?: boolean;
}

/** Runs one statement with $1-style placeholders and returns its rows as objects. */
export type RowReader = (text: string, values: unknown[], options: ReadOptions) => Promise<Record<string, unknown>[]>;

const readers = new WeakMap<object, RowReader>();

/** Called by openDatabase: statements for this client may skip Prisma and use `reader`. */
export function registerRowReader(prisma: PrismaClient, reader: RowReader) {
  readers.set(prisma, reader);
}

/**
 * `timestamp without time zone` (OID 1114) holds UTC in this schema (Prisma's convention). The
 * drivers' default parsers read it as local time, which is only right when the process runs in UTC.
 */
export const TIMESTAMP_OID = 1114;
export const parseUtcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);

/** `date` (OID 1082): midnight UTC of that day, as Prisma reads a `@db.Date` column. */
export const DATE_OID = 1082;
export const parseUtcDate = (value: string) => new Date(`${value}T00:00:00Z`);

/**
 * Parameters as Prisma would send them: a Date as its UTC instant (the drivers would otherwise
 * write local time, which a `timestamp` column takes at face value).
 */
export const toParameter = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

/**
 * Runs `query` (a `Prisma.sql` template: values are always parameters, never spliced into the
 * text) and parses each row with `row`. Use int (not bigint) casts for counts and `::text` for
 * enums: the drivers disagree on bigint, Prisma returns BigInt.
 */
export async function readRows<S extends z.ZodType>(
  prisma: PrismaClient | Prisma.TransactionClient,
  row: S,
  query: Prisma.Sql,
  options: ReadOptions = {},
): Promise<z.output<S>[]> {
  const reader = readers.get(prisma);
  const rows = reader ? await reader(query.text, query.values.map(toParameter), options) : await prisma.$queryRaw<unknown[]>(query);
  return rows.map((r) => row.parse(r));
}

/**
 * One self-contained statement that writes and commits on its own (autocommit), on the same path
 * as readRows: prepared once per connection, no Prisma compile. Safe on PGlite for the same reason
 * as a read: PGlite runs one statement at a time and keeps a transaction's statements together, so
 * this never lands inside another caller's transaction. A statement that must be part of a
 * transaction takes the transaction client, which is not registered and so goes through Prisma.
 * Errors are the driver's (a unique violation has `code` "23505"), not Prisma's.
 */
export const writeRows = readRows;
