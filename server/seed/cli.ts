// `npm run seed`: loads the demo alliance into the configured database (PostgreSQL is seeded only
// this way; a new embedded database is seeded at first start).
import { loadConfig } from "../config.js";
import { openDatabase } from "../db/index.js";
import { createLogger } from "../logger.js";
import { quietHooks } from "../services.js";
import { seedDemo } from "./index.js";

const config = loadConfig();
const logger = createLogger(config.logLevel);
const db = await openDatabase(config.database);
try {
  await db.migrate();
  const summary = await seedDemo({ prisma: db.prisma, logger, now: () => new Date(), hooks: quietHooks() });
  console.log(summary.alliance.seeded || summary.channels.seeded || summary.messaging.seeded || summary.sourcing.seeded ? `Seeded the demo alliance: ${JSON.stringify(summary)}` : "The demo alliance is already there; nothing to do.");
} finally {
  await db.close();
}
