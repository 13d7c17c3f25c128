// Assembles one portal process: database, migrations, services, HTTP and Socket.IO on one server.
// server/index.ts runs it from the command line; tests start it on an ephemeral port.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/index.js";
import { createHttpApp, defaultDirs } from "./http/app.js";
import type { Logger } from "./logger.js";
import { createRealtime, type Realtime } from "./realtime/index.js";
import { openRedis, type RedisClient } from "./redis.js";
import { createServices, type Services } from "./services.js";

export interface Portal {
  url: string;
  services: Services;
  realtime: Realtime;
  httpServer: Server;
  /** True when this start created the database (no migration had run before). */
  freshDatabase: boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  remixBuild: ServerBuild;
  /** Use this database instead of opening the configured one (tests). It is closed on stop. */
  db?: Database;
  clientDir?: string;
  publicDir?: string;
}

const ANALYZE_INTERVAL_MS = 60 * 60_000;

export async function startPortal(options: StartOptions): Promise<Portal> {
  const { config, logger } = options;
  const db = options.db ?? (await openDatabase(config.database));
  let redis: RedisClient | undefined;
  let analyzeTimer: NodeJS.Timeout | undefined;
  try {
    const migrations = await db.migrate();
    if (migrations.applied.length) logger.info({ applied: migrations.applied }, "migrations applied");
    // Statistics for the embedded database's planner: at every start (tens of milliseconds for the
    // demo alliance), and hourly, with VACUUM, for data that changes while the process runs.
    await db.analyze();
    analyzeTimer = setInterval(() => {
      db.analyze({ vacuum: true }).catch((error: unknown) => logger.warn({ err: error }, "ANALYZE failed"));
    }, ANALYZE_INTERVAL_MS);
    analyzeTimer.unref();
    if (config.redisUrl) {
      redis = await openRedis(config.redisUrl, (error) => logger.warn({ err: error }, "redis error"));
    }
    const services = createServices({ config, db, logger, redis });
    const app = createHttpApp({
      services,
      logger,
      remixBuild: options.remixBuild,
      clientDir: options.clientDir ?? defaultDirs.clientDir,
      publicDir: options.publicDir ?? defaultDirs.publicDir,
    });
    const httpServer = createServer(app);
    httpServer.keepAliveTimeout = 65_000;
    httpServer.headersTimeout = 66_000;
    const realtime = createRealtime(httpServer, services, logger, redis);
    services.hooks.sessionsEnded = (ids) => realtime.endSessions(ids);
    services.hooks.organizationSuspended = (id) => realtime.endOrganization(id);

    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    const url = `http://${config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host}:${port}`;

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        // Stop accepting, let requests in flight finish, then close sockets, Redis and the database.
        clearInterval(analyzeTimer);
        const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        const force = setTimeout(() => httpServer.closeAllConnections(), config.shutdownTimeoutMs);
        force.unref();
        await realtime.close();
        await closed;
        clearTimeout(force);
        await redis?.quit().catch(() => {});
        await db.close();
      })());

    return { url, services, realtime, httpServer, freshDatabase: migrations.wasEmpty, stop };
  } catch (error) {
    clearInterval(analyzeTimer);
    await redis?.quit().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
}
