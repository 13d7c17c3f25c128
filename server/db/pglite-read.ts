// The hot read statements (server/db/read.ts) on PGlite, as named prepared statements.
//
// `pglite.query` sends each statement as an unnamed one: six separate round trips into the
// WebAssembly backend (Parse, Describe, Bind, Describe, Execute, Sync), each decoded by PGlite's
// JavaScript protocol parser, and PostgreSQL parses, analyses and plans the text every time;
// planning alone looks up the size of every table and index involved, which PGlite's Node file
// system answers with an fstat system call each. Here a statement is parsed and described once
// (per text), and each later run is one Bind + Execute + Sync message: one round trip, and after
// PostgreSQL's first five runs one cached generic plan (measured in docs/benchmarks.md).
import { protocol, type messages, type PGlite, type ParserOptions } from "@electric-sql/pglite";
import type { ReadOptions, RowReader } from "./read.js";

type BackendMessage = messages.BackendMessage;

interface Prepared {
  name: string;
  /** The parameter types PostgreSQL inferred, to serialise values as `pglite.query` would. */
  parameterTypes: number[];
  /** Result columns; rows arrive in text format, in this order. */
  fields: { name: string; oid: number }[];
}

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

const messageNamed = <M extends BackendMessage>(messages: BackendMessage[], name: string) =>
  messages.find((m) => m.name === name) as M | undefined;

/**
 * A RowReader for `pglite`. `parsers` override PGlite's own per type OID (timestamps in UTC).
 * Statements with `prepare: false` go through `pglite.query`, planned for their values each time.
 */
export function createPgliteReader(pglite: PGlite, parsers: ParserOptions): RowReader {
  const statements = new Map<string, Prepared>();

  // As `pglite.query` does: wait for any open transaction to finish (a read never lands inside
  // someone else's transaction) and for any statement in flight.
  const exclusive = <T>(fn: () => Promise<T>) => pglite._runExclusiveTransaction(() => pglite._runExclusiveQuery(fn));
  // syncToFs: false, as `pglite.query` does between its messages: a read writes nothing to flush.
  const send = async (parts: Uint8Array[]) => (await pglite.execProtocol(concat(parts), { syncToFs: false })).messages;

  async function prepare(text: string): Promise<Prepared> {
    const name = `eap_read_${++counter}`;
    const messages = await send([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]);
    const parameters = messageNamed<messages.ParameterDescriptionMessage>(messages, "parameterDescription");
    const row = messageNamed<messages.RowDescriptionMessage>(messages, "rowDescription");
    if (!row) {
      // Not a statement that returns rows: do not keep it (readRows is for reads only).
      await send([serialize.close({ type: "S", name }), serialize.sync()]);
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

  async function execute(text: string, values: unknown[]) {
    const statement = statements.get(text) ?? (await prepare(text));
    const bind = serialize.bind({ statement: statement.name, values: values.map((v, i) => toText(v, statement.parameterTypes[i] ?? 0)) });
    let messages: BackendMessage[];
    try {
      messages = await send([bind, serialize.execute({}), serialize.sync()]);
    } catch (error) {
      // A schema change can invalidate what we cached (the result columns): prepare afresh next time.
      statements.delete(text);
      await send([serialize.close({ type: "S", name: statement.name }), serialize.sync()]).catch(() => {});
      throw error;
    }
    const { fields } = statement;
    const field: (((x: string, typeId?: number) => unknown) | undefined)[] = fields.map((f) => parsers[f.oid] ?? pglite.parsers[f.oid]);
    const rows: Record<string, unknown>[] = [];
    for (const message of messages) {
      if (message.name !== "dataRow") continue;
      const cells = (message as messages.DataRowMessage).fields;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) {
        const cell = cells[i];
        const parse = field[i];
        row[fields[i].name] = cell === null || cell === undefined ? null : parse ? parse(cell, fields[i].oid) : cell;
      }
      rows.push(row);
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
