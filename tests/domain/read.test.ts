// readRows (server/db/read.ts): hot statements straight on the driver must return what Prisma
// would (same instants, same rows), validate every row, and leave transactions to Prisma.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z, ZodError } from "zod";
import type { Database } from "../../server/db/index";
import { Prisma } from "../../server/db/generated/client";
import { readRows } from "../../server/db/read";
import { createTestDatabase, usingPostgres } from "../support/db";
import { createOrganization, createUser } from "../support/fixtures";

let db: Database;
const zone = process.env.TZ;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});
afterAll(async () => {
  await db?.close();
});

const SessionTimes = z.object({ id: z.string(), expiresAt: z.date(), createdAt: z.date() });

describe("readRows", () => {
  it("reads timestamps as the instants Prisma stored, whatever the process's time zone", async () => {
    const org = await createOrganization(db.prisma);
    const user = await createUser(db.prisma, org.id);
    const expiresAt = new Date("2031-03-04T05:06:07.089Z");
    const session = await db.prisma.session.create({ data: { id: `read-test-${Date.now()}`, userId: user.id, expiresAt } });
    // Chongqing's zone: eight hours from UTC, so a timestamp read as local time would be off by 8 h.
    process.env.TZ = "Asia/Shanghai";
    const [row] = await readRows(
      db.prisma,
      SessionTimes,
      Prisma.sql`SELECT id, "expiresAt", "createdAt" FROM "Session" WHERE id = ${session.id} AND "expiresAt" = ${expiresAt}`,
    );
    expect(row?.expiresAt.toISOString()).toBe("2031-03-04T05:06:07.089Z");
    const viaPrisma = await db.prisma.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row?.createdAt.getTime()).toBe(viaPrisma.createdAt.getTime());
  });

  it("reads dates as midnight UTC of the day, as Prisma does, whatever the process's time zone", async () => {
    process.env.TZ = "Asia/Shanghai";
    const Day = z.object({ day: z.date() });
    const query = Prisma.sql`SELECT ${new Date("2026-12-01T00:00:00Z")}::date AS day`;
    const [direct] = await readRows(db.prisma, Day, query);
    const [unprepared] = await readRows(db.prisma, Day, query, { prepare: false });
    const [viaPrisma] = await db.prisma.$queryRaw<{ day: Date }[]>(query);
    expect(direct?.day.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(unprepared?.day.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(viaPrisma?.day.toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("validates every row and fails loudly on a column of the wrong type", async () => {
    const org = await createOrganization(db.prisma, { nameEn: "Jialing Seating Systems" });
    const query = Prisma.sql`SELECT id, "nameEn", markets FROM "Organization" WHERE id = ${org.id}::uuid`;
    const good = await readRows(db.prisma, z.object({ id: z.string(), nameEn: z.string(), markets: z.array(z.string()) }), query);
    expect(good).toEqual([{ id: org.id, nameEn: "Jialing Seating Systems", markets: org.markets }]);
    await expect(readRows(db.prisma, z.object({ id: z.string(), nameEn: z.number() }), query)).rejects.toBeInstanceOf(ZodError);
  });

  it("runs in the caller's transaction when given the transaction client", async () => {
    const org = await createOrganization(db.prisma);
    const Row = z.object({ n: z.number().int() });
    const count = (client: Prisma.TransactionClient) =>
      readRows(client, Row, Prisma.sql`SELECT count(*)::int AS n FROM "User" WHERE "organizationId" = ${org.id}::uuid`);
    const inside = await db.prisma.$transaction(async (tx) => {
      await createUser(tx as typeof db.prisma, org.id);
      return (await count(tx))[0]?.n;
    });
    expect(inside).toBe(1);
    expect((await count(db.prisma))[0]?.n).toBe(1);
  });

  // The hot statements are prepared once and run many times (PGlite: server/db/pglite-read.ts;
  // PostgreSQL: named statements per connection): a prepared statement must still see every change.
  it("sees a change made after the statement was prepared: a signed-out session stops at once", async () => {
    const org = await createOrganization(db.prisma);
    const user = await createUser(db.prisma, org.id);
    const ids = [`read-prep-a-${Date.now()}`, `read-prep-b-${Date.now()}`];
    for (const id of ids) await db.prisma.session.create({ data: { id, userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) } });
    const Row = z.object({ id: z.string(), userAgent: z.string().nullable() });
    const find = (id: string) => readRows(db.prisma, Row, Prisma.sql`SELECT id, "userAgent" FROM "Session" WHERE id = ${id}`);
    // More than five runs, so PostgreSQL has switched to its cached generic plan.
    for (let i = 0; i < 8; i++) expect(await find(ids[i % 2]!)).toEqual([{ id: ids[i % 2], userAgent: null }]);
    await db.prisma.session.delete({ where: { id: ids[0] } });
    expect(await find(ids[0]!)).toEqual([]);
    expect(await find(ids[1]!)).toEqual([{ id: ids[1], userAgent: null }]);
  });

  it("rejects a bad value with the database's error and runs the same statement again afterwards", async () => {
    const org = await createOrganization(db.prisma, { nameEn: "Yubei Harbour Wheels" });
    const Row = z.object({ nameEn: z.string() });
    const find = (id: string) => readRows(db.prisma, Row, Prisma.sql`SELECT "nameEn" FROM "Organization" WHERE id = ${id}::uuid`);
    expect(await find(org.id)).toEqual([{ nameEn: "Yubei Harbour Wheels" }]);
    await expect(find("not-a-uuid")).rejects.toMatchObject({ code: "22P02" });
    expect(await find(org.id)).toEqual([{ nameEn: "Yubei Harbour Wheels" }]);
  });

  it("never runs inside another caller's open transaction (a rolled-back row is never seen)", async () => {
    const org = await createOrganization(db.prisma);
    const Row = z.object({ n: z.number().int() });
    const count = () => readRows(db.prisma, Row, Prisma.sql`SELECT count(*)::int AS n FROM "User" WHERE "organizationId" = ${org.id}::uuid`);
    await count();
    let during: Promise<{ n: number }[]> | undefined;
    await expect(
      db.prisma.$transaction(async (tx) => {
        await createUser(tx as typeof db.prisma, org.id);
        // Not awaited here: on PGlite it waits for this transaction to end.
        during = count();
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await during).toEqual([{ n: 0 }]);
  });

  it.skipIf(usingPostgres)("PGlite: prepares afresh when a schema change alters a statement's columns", async () => {
    await db.prisma.$executeRawUnsafe(`CREATE TABLE read_test_shape (id int)`);
    await db.prisma.$executeRawUnsafe(`INSERT INTO read_test_shape VALUES (1)`);
    const query = Prisma.sql`SELECT * FROM read_test_shape`;
    const loose = z.record(z.string(), z.unknown());
    expect(await readRows(db.prisma, loose, query)).toEqual([{ id: 1 }]);
    await db.prisma.$executeRawUnsafe(`ALTER TABLE read_test_shape ADD COLUMN label text DEFAULT 'x'`);
    // PostgreSQL refuses to run the old statement with a new result shape; the next read prepares it again.
    await readRows(db.prisma, loose, query).catch(() => {});
    expect(await readRows(db.prisma, loose, query)).toEqual([{ id: 1, label: "x" }]);
  });

  it.runIf(usingPostgres)("runs a priority read on its own connections while every main-pool connection is busy", async () => {
    // Ten slow statements hold the main pool's ten connections (and an eleventh waits for one).
    const Slept = z.object({ slept: z.string() });
    const busy = Array.from({ length: 11 }, () => readRows(db.prisma, Slept, Prisma.sql`SELECT pg_sleep(1.5)::text AS slept`));
    await new Promise((r) => setTimeout(r, 200));
    const One = z.object({ one: z.number() });
    const started = Date.now();
    expect(await readRows(db.prisma, One, Prisma.sql`SELECT 1::int AS one`, { priority: true })).toEqual([{ one: 1 }]);
    const priorityMs = Date.now() - started;
    await readRows(db.prisma, One, Prisma.sql`SELECT 1::int AS one`);
    const queuedMs = Date.now() - started;
    await Promise.all(busy);
    expect(priorityMs).toBeLessThan(1_000);
    expect(queuedMs).toBeGreaterThan(1_000);
  });
});

