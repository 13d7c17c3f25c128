// The audit trail: who did what to which record, and when. Written in the same transaction as the
// change it describes, so the trail never disagrees with the data.
import type { Prisma } from "../db/generated/client.js";
import type { PrismaClient } from "../db/index.js";

type Tx = Pick<PrismaClient, "auditEvent">;

export interface AuditEntry {
  actorUserId: string | null;
  /** The organisation whose history this belongs to (shown to it and to the secretariat). */
  organizationId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  data?: Prisma.InputJsonValue;
}

export async function recordAudit(tx: Tx, entry: AuditEntry) {
  await tx.auditEvent.create({ data: { ...entry, data: entry.data ?? {} } });
}
