// The portal process: load config, open the database, migrate, seed a new embedded database with
// the demo alliance, serve HTTP and Socket.IO, and shut down cleanly on SIGINT/SIGTERM.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { ConfigError, loadConfig } from "./config.js";
import { DatabaseLockedError } from "./db/index.js";
import { createLogger } from "./logger.js";
import { startPortal } from "./portal.js";
import { seedDemo } from "./seed/index.js";

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // React and Remix pick their production or development build from process.env.NODE_ENV when
  // first loaded (the Remix build below). The security mode was read above from what the operator
  // set; unset means local use, which still deserves the production builds (2-3 ms per page).
  if (config.productionBuilds) process.env.NODE_ENV = "production";
  const logger = createLogger(config.logLevel);
  const remixBuild = (await import(pathToFileURL(path.resolve("build/remix/index.js")).href)) as ServerBuild;

  let portal;
  try {
    portal = await startPortal({ config, logger, remixBuild });
  } catch (error) {
    if (error instanceof DatabaseLockedError) {
      logger.fatal(error.message);
      console.error(error.message);
      process.exit(75); // EX_TEMPFAIL
    }
    throw error;
  }

  if (portal.freshDatabase && config.database.kind === "pglite" && config.seedDemo === "auto") {
    const summary = await seedDemo(portal.services.ctx);
    await portal.services.db.analyze({ vacuum: true });
    logger.info(summary, "new embedded database: demo alliance seeded");
  }
  logger.info({ url: portal.url, db: portal.services.db.kind }, "Export Alliance Portal is listening");

  const shutdown = (signal: string) => {
    logger.info({ signal }, "shutting down");
    portal.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
