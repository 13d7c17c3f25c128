// Capacity bookkeeping for channel periods: the only code that changes ChannelPeriod.approvedUnits
// or ChannelPeriod.capacity. Invariant: 0 <= approvedUnits <= capacity, under any concurrency.
//
// How: every change is ONE conditional UPDATE whose WHERE clause states the invariant
// ("approvedUnits" + n <= capacity). PostgreSQL takes the row lock and re-checks the condition on
// the newest row version (READ COMMITTED), so two approvals can never both see the same free units:
// no SELECT-then-UPDATE window, no SERIALIZABLE retries. A transaction touches rows in one order:
// the request row first, then the period row, then waitlisted requests of that period; and the
// request guards (WHERE status = ...) never wait on a row another transaction is moving out of that
// status, so there is no lock cycle. A retry for deadlock / serialization errors is still there,
// because a database may report one for reasons outside our control (e.g. foreign-key checks).
import type { Prisma } from "../db/generated/client.js";
import type { ChannelKind } from "../db/generated/enums.js";
import type { DomainContext } from "../services.js";
import { isMonthly } from "./units.js";

type Tx = Prisma.TransactionClient;

const DAY_MS = 24 * 60 * 60 * 1000;

// freeUnits (= capacity - approvedUnits, for the directory's index) is set in the same UPDATE as
// the figure that changes, from the same row version, so it can never disagree with them. New
// periods get theirs from newPeriod below.

/** The columns of a new period: nothing approved yet, so all of its capacity is free. */
export function newPeriod(channel: { id: string; kind: ChannelKind }, startsOn: Date, capacity: number) {
  return { channelId: channel.id, kind: channel.kind, startsOn, month: monthStart(startsOn), capacity, approvedUnits: 0, freeUnits: capacity };
}

/** Adds `units` to the approved units if they fit; false (nothing changed) if they do not. */
export async function reserveUnits(tx: Tx, periodId: string, units: number, now: Date): Promise<boolean> {
  const rows = await tx.$executeRaw`
    UPDATE "ChannelPeriod"
       SET "approvedUnits" = "approvedUnits" + ${units}::int, "freeUnits" = "capacity" - ("approvedUnits" + ${units}::int),
           "updatedAt" = ${now}
     WHERE "id" = ${periodId}::uuid AND "approvedUnits" + ${units}::int <= "capacity"`;
  return rows === 1;
}

/**
 * Takes the period's row lock for the rest of the transaction and returns its figures. Used before
 * putting a request on the waitlist: a release that commits later then sees the waitlisted request
 * and offers it, and one that committed earlier is visible here, so no free unit is left unoffered.
 * FOR NO KEY UPDATE, like the UPDATEs above: it does not conflict with the key-share locks that
 * inserting a request (its foreign key) takes.
 */
export async function lockPeriod(tx: Tx, periodId: string): Promise<{ capacity: number; approvedUnits: number }> {
  const rows = await tx.$queryRaw<{ capacity: number; approvedUnits: number }[]>`
    SELECT "capacity", "approvedUnits" FROM "ChannelPeriod" WHERE "id" = ${periodId}::uuid FOR NO KEY UPDATE`;
  const row = rows[0];
  if (!row) throw new Error(`lockPeriod: no period ${periodId}`);
  return row;
}

/**
 * Gives approved units back (a withdrawal or cancellation of an approved request); returns the
 * period's free units afterwards, read under the row lock the UPDATE took.
 */
export async function releaseUnits(tx: Tx, periodId: string, units: number, now: Date): Promise<number> {
  const rows = await tx.$queryRaw<{ freeUnits: number }[]>`
    UPDATE "ChannelPeriod"
       SET "approvedUnits" = "approvedUnits" - ${units}::int, "freeUnits" = "capacity" - ("approvedUnits" - ${units}::int),
           "updatedAt" = ${now}
     WHERE "id" = ${periodId}::uuid AND "approvedUnits" >= ${units}::int
 RETURNING "freeUnits"`;
  // Cannot happen while every change goes through this module; fail loudly rather than drift.
  if (rows.length !== 1) throw new Error(`releaseUnits: period ${periodId} holds fewer than ${units} approved units`);
  return rows[0]!.freeUnits;
}

/**
 * Sets a period's capacity unless that would put it below what is already approved; returns the
 * free units afterwards, or null (nothing changed) when it would.
 */
export async function setCapacity(tx: Tx, periodId: string, capacity: number, now: Date): Promise<number | null> {
  const rows = await tx.$queryRaw<{ freeUnits: number }[]>`
    UPDATE "ChannelPeriod"
       SET "capacity" = ${capacity}::int, "freeUnits" = ${capacity}::int - "approvedUnits", "updatedAt" = ${now}
     WHERE "id" = ${periodId}::uuid AND "approvedUnits" <= ${capacity}::int
 RETURNING "freeUnits"`;
  return rows[0]?.freeUnits ?? null;
}

export interface OfferedRequest {
  id: string;
  units: number;
  requestingOrganizationId: string;
  requestedById: string;
}

/**
 * Released capacity goes to the waitlist in the order requests were made: each waitlisted request
 * that fits in the free units becomes PENDING again (the owner still decides), until one does not
 * fit. Call it in the transaction that released the units, right after the period row was updated,
 * with the free units that UPDATE returned: the row lock is held, so they cannot change underneath.
 */
export async function offerWaitlisted(tx: Tx, periodId: string, freeUnits: number, now: Date): Promise<OfferedRequest[]> {
  let free = freeUnits;
  if (free <= 0) return [];
  const waitlist = await tx.capacityRequest.findMany({
    where: { periodId, status: "WAITLISTED" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, units: true, requestingOrganizationId: true, requestedById: true },
    take: 200,
  });
  const offered: OfferedRequest[] = [];
  for (const request of waitlist) {
    if (request.units > free) break;
    const moved = await tx.capacityRequest.updateMany({
      where: { id: request.id, status: "WAITLISTED" },
      data: { status: "PENDING", offeredAt: now },
    });
    if (moved.count === 1) {
      offered.push(request);
      free -= request.units;
    }
  }
  return offered;
}

/**
 * A savepoint in a capacity transaction, so that a decision can write the records of its likely
 * outcome before it touches the period, and take them back if the period says otherwise. One name:
 * a later savepoint of the same name replaces the earlier one for ROLLBACK TO.
 */
export async function savepoint(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`SAVEPOINT capacity_decision`);
}

export async function rollbackToSavepoint(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT capacity_decision`);
}

function isRetryable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { code?: unknown; meta?: { code?: unknown }; message?: unknown; cause?: unknown };
  if (e.code === "P2034") return true;
  const codes = [e.code, e.meta?.code, (e.cause as { code?: unknown } | undefined)?.code];
  if (codes.some((c) => c === "40P01" || c === "40001")) return true;
  return typeof e.message === "string" && /deadlock detected|could not serialize access/i.test(e.message);
}

/**
 * A transaction for capacity decisions. Generous waits: under contention (hundreds of approvals on
 * one period) transactions queue for a pool connection, and on PGlite they run one at a time; a
 * caller should wait its turn rather than get a "could not start a transaction" error.
 */
export async function capacityTransaction<T>(ctx: DomainContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.prisma.$transaction(fn, { maxWait: 60_000, timeout: 60_000 });
    } catch (error) {
      if (attempt >= 5 || !isRetryable(error)) throw error;
      ctx.logger.warn({ attempt }, "capacity transaction retried after a deadlock or serialization failure");
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Period dates. Dates are calendar days stored as UTC midnight (@db.Date).

export function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function monthStart(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

function nextMonth(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** The first day of every month that overlaps [from, to]. */
export function monthsBetween(from: Date, to: Date): Date[] {
  const months: Date[] = [];
  for (let m = monthStart(from); m.getTime() <= to.getTime(); m = nextMonth(m)) months.push(m);
  return months;
}

/** The last day a period covers: the month's last day for monthly kinds, the day itself otherwise. */
export function periodEndsOn(kind: ChannelKind, startsOn: Date): Date {
  return isMonthly(kind) ? new Date(nextMonth(startsOn).getTime() - DAY_MS) : startsOn;
}

/** Does the period overlap the channel's validity window? */
export function periodWithinValidity(kind: ChannelKind, startsOn: Date, validFrom: Date, validTo: Date): boolean {
  return periodEndsOn(kind, startsOn).getTime() >= validFrom.getTime() && startsOn.getTime() <= validTo.getTime();
}

/** A period still open for requests: it has not ended before today. */
export function periodIsOpen(kind: ChannelKind, startsOn: Date, now: Date): boolean {
  return periodEndsOn(kind, startsOn).getTime() >= utcDay(now).getTime();
}
