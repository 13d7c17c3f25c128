// Outgoing mail. There is no mail server: every mail is written to the outbox table in the same
// transaction as the change that causes it, and a mail sender (a later release) drains the table.
import type { PrismaClient } from "../db/index.js";

type Tx = Pick<PrismaClient, "outboxEmail">;

export interface OutgoingEmail {
  to: string;
  subject: string;
  bodyText: string;
  /** What caused it, e.g. "invitation", "application_approved"; lets a sender pick a template. */
  kind: string;
}

export async function queueEmail(tx: Tx, email: OutgoingEmail) {
  await tx.outboxEmail.create({ data: email });
}
