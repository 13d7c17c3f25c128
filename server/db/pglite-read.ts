// The hot read statements (server/db/read.ts) on PGlite, as named prepared statements.
//
// `pglite.query` sends each statement as an unnamed one: six separate round trips into the
// WebAssembly backend (Parse, Describe, Bind, Describe, Execute, Sync), and PostgreSQL parses,
// analyses and plans the text every time; planning alone looks up the size of every table and
// index involved, which PGlite's Node file system answers with an fstat system call each. Here a
// statement is parsed and described once (per text), and each later run is one Bind + Execute +
// Sync message: one round trip, and after PostgreSQL's first five runs one cached generic plan.
//
// The answer is decoded here rather than by PGlite's protocol parser, which copies every field
// into a fresh ArrayBuffer before decoding it: for the directory's 26 rows that copying was half
// of the statement's CPU time. Measured in docs/benchmarks.md (`npm run bench:statements`).
import { messages, protocol, type PGlite, type ParserOptions } from "@electric-sql/pglite";
import type { ReadOptions, RowReader } from "./read.js";

interface Prepared {
  name: string;
  /** The parameter types PostgreSQL inferred, to serialise values as `pglite.query` would. */
  parameterTypes: number[];
  /** Result columns; rows arrive in text format, in this order. */
  fields: { name: string; oid: number }[];
}

type Parse = (text: string, oid: number) => unknown;

/**
 * The statement texts are the few fixed shapes of the hot statements (the directory's filters make
 * a few dozen), but a text built from values by mistake must not grow the backend's memory without
 * end: past this many, statements run unprepared.
 */
const MAX_PREPARED = 500;

const { serialize } = protocol;

/** Statement names, unique in the process (so two readers on one PGlite never collide). */
let counter = 0;

function concat(parts: Uint8Array[]) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// Backend message types (PostgreSQL protocol 3).
const DATA_ROW = 0x44; // 'D'
const ERROR_RESPONSE = 0x45; // 'E'

/** An ErrorResponse as PGlite's own parser would give it: its DatabaseError, with the fields set. */
function databaseError(buf: Buffer, start: number, end: number) {
  const fields: Record<string, string> = {};
  let at = start;
  while (at < end && buf[at] !== 0) {
    const type = String.fromCharCode(buf[at]);
    const stop = buf.indexOf(0, at + 1);
    fields[type] = buf.toString("utf8", at + 1, stop);
    at = stop + 1;
  }
  const error = new messages.DatabaseError(fields.M ?? "database error", end - start + 4, "error");
  Object.assign(error, {
    severity: fields.S,
    code: fields.C,
    detail: fields.D,
    hint: fields.H,
    position: fields.P,
    where: fields.W,
    schema: fields.s,
    table: fields.t,
    column: fields.c,
    dataType: fields.d,
    constraint: fields.n,
    routine: fields.R,
  });
  return error;
}

/**
 * A RowReader for `pglite`. `parsers` override PGlite's own per type OID (timestamps in UTC).
 * Statements with `prepare: false` go through `pglite.query`, planned for their values each time.
 */
export function createPgliteReader(pglite: PGlite, parsers: ParserOptions): RowReader {
  const statements = new Map<string, Prepared>();

  // As `pglite.query` does: wait for any open transaction to finish (a read never lands inside
  // someone else's transaction) and for any statement in flight.
  const exclusive = <T>(fn: () => Promise<T>) => pglite._runExclusiveTransaction(() => pglite._runExclusiveQuery(fn));

  async function prepare(text: string): Promise<Prepared> {
    const name = `eap_read_${++counter}`;
    const message = concat([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]);
    // Once per statement, so PGlite's own parser is fine here; syncToFs: false, as `pglite.query`
    // does between its messages (a read has nothing to flush).
    const answer = (await pglite.execProtocol(message, { syncToFs: false })).messages;
    const parameters = answer.find((m): m is messages.ParameterDescriptionMessage => m.name === "parameterDescription");
    const row = answer.find((m): m is messages.RowDescriptionMessage => m.name === "rowDescription");
    if (!row) {
      await pglite.execProtocol(concat([serialize.close({ type: "S", name }), serialize.sync()]), { syncToFs: false });
      throw new Error("readRows: the statement returns no rows");
    }
    const prepared: Prepared = {
      name,
      parameterTypes: parameters?.dataTypeIDs ?? [],
      fields: row.fields.map((f) => ({ name: f.name, oid: f.dataTypeID })),
    };
    statements.set(text, prepared);
    return prepared;
  }

  const toText = (value: unknown, oid: number): string | null => {
    if (value === null || value === undefined) return null;
    const serializer = pglite.serializers[oid];
    return serializer ? serializer(value) : String(value);
  };

  /** Sends `message` and returns the backend's whole answer as one buffer. */
  async function exchange(message: Uint8Array) {
    const chunks: Buffer[] = [];
    // The chunks are views of WebAssembly memory, valid only during the callback: copy them.
    await pglite.execProtocolRawStream(message, { syncToFs: false, onRawData: (bytes) => void chunks.push(Buffer.from(bytes)) });
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }

  async function execute(text: string, values: unknown[]) {
    const statement = statements.get(text) ?? (await prepare(text));
    const bind = serialize.bind({ statement: statement.name, values: values.map((v, i) => toText(v, statement.parameterTypes[i] ?? 0)) });
    const buf = await exchange(concat([bind, serialize.execute({}), serialize.sync()]));

    const { fields } = statement;
    const parse: (Parse | undefined)[] = fields.map((f) => (parsers[f.oid] as Parse | undefined) ?? pglite.parsers[f.oid]);
    const rows: Record<string, unknown>[] = [];
    let error: Error | undefined;
    // BindComplete, DataRows, CommandComplete, ReadyForQuery; or an ErrorResponse. (Nothing here
    // LISTENs on PGlite; a NotificationResponse only follows the commit of a NOTIFY, which a read
    // never is, so nothing is lost by skipping other messages.)
    for (let at = 0; at + 5 <= buf.length; ) {
      const type = buf[at];
      const end = at + 1 + buf.readInt32BE(at + 1);
      if (type === DATA_ROW) {
        const count = buf.readInt16BE(at + 5);
        let p = at + 7;
        const row: Record<string, unknown> = {};
        for (let i = 0; i < count; i++) {
          const length = buf.readInt32BE(p);
          p += 4;
          if (length < 0) {
            row[fields[i].name] = null;
            continue;
          }
          const cell = buf.toString("utf8", p, p + length);
          p += length;
          const parser = parse[i];
          row[fields[i].name] = parser ? parser(cell, fields[i].oid) : cell;
        }
        rows.push(row);
      } else if (type === ERROR_RESPONSE && !error) {
        error = databaseError(buf, at + 5, end);
      }
      at = end;
    }
    if (error) {
      // A schema change can invalidate what we cached (the result columns): prepare afresh next time.
      statements.delete(text);
      await exchange(concat([serialize.close({ type: "S", name: statement.name }), serialize.sync()]));
      throw error;
    }
    return rows;
  }

  return async (text: string, values: unknown[], { prepare = true }: ReadOptions) => {
    if (!prepare || (statements.size >= MAX_PREPARED && !statements.has(text))) {
      return (await pglite.query<Record<string, unknown>>(text, values, { parsers })).rows;
    }
    return exclusive(() => execute(text, values));
  };
}
