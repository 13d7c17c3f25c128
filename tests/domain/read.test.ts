// readRows (server/db/read.ts): hot statements straight on the driver must return what Prisma
// would (same instants, same rows), validate every row, and leave transactions to Prisma.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z, ZodError } from "zod";
import type { Database } from "../../server/db/index";
import { Prisma } from "../../server/db/generated/client";
import { readRows } from "../../server/db/read";
import { createTestDatabase } from "../support/db";
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
});
