// The Express app: security headers, compression, Origin check, body limits, static files,
// /healthz, the session check, and the Remix handler whose load context carries the services.
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compressionMiddleware from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import type { Logger } from "../logger.js";
import type { Services } from "../services.js";
import { isAllowedOrigin, isSafeMethod } from "./origin.js";
import { resolveLocale } from "./locale.js";
import { createRemixRequestHandler } from "./remix.js";

/** Form posts and JSON bodies larger than this are refused with 413 before anyone reads them. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpAppOptions {
  services: Services;
  logger: Logger;
  remixBuild: ServerBuild;
  /** Directory holding the browser build (Remix's assetsBuildDirectory) and public/ files. */
  clientDir: string;
  publicDir: string;
}

export function createHttpApp({ services, logger, remixBuild, clientDir, publicDir }: HttpAppOptions) {
  const { config } = services;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers["x-request-id"];
        const id = typeof incoming === "string" && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      // Static assets and health probes would drown the log.
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url?.startsWith("/build/") === true },
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          ip: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
    }),
  );

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          "connect-src": ["'self'", "ws:", "wss:"],
          "img-src": ["'self'", "data:"],
          "style-src": ["'self'", "'unsafe-inline'"],
          "upgrade-insecure-requests": config.production ? [] : null,
        },
      },
      strictTransportSecurity: config.production,
      crossOriginEmbedderPolicy: false,
    }),
  );
  // Not for every request: a page document comes from app/entry.server.tsx already compressed, and
  // passing it through the middleware only wrapped the response's methods to leave it alone. Static
  // files, the health probe and Remix's other responses (data, resource routes, redirects) get it.
  // Once per response: a /build path with no file falls through to Remix's 404, which compresses too.
  const compression = compressionMiddleware();
  const compressing = new WeakSet<Response>();
  const compress = (req: Request, res: Response, next: NextFunction) => {
    if (compressing.has(res)) return next();
    compressing.add(res);
    compression(req, res, next);
  };

  app.get("/healthz", compress, async (_req, res) => {
    try {
      await withTimeout(services.db.ping(), 2_000);
      res.status(200).json({ status: "ok", db: services.db.kind });
    } catch {
      res.status(503).json({ status: "unavailable", db: services.db.kind });
    }
  });

  // Fingerprinted build output can be cached forever; public/ files for an hour.
  app.use("/build", compress, express.static(clientDir, { immutable: true, maxAge: "1y", index: false }));
  // Only the files public/ holds at start-up: asking the file system about every page's path
  // (a stat per request, and a miss for almost all of them) costs more than the lookup.
  const publicFiles = listFiles(publicDir);
  const servePublic = express.static(publicDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (publicFiles.has(req.path) ? compress(req, res, () => servePublic(req, res, next)) : next()));

  app.use(rejectForeignOrigins(config.origins, config.production));
  app.use(limitBodySize(MAX_BODY_BYTES));

  app.use(async (req, res, next) => {
    try {
      const { user, session, setCookie } = await services.auth.validate(req.headers.cookie);
      if (setCookie) res.append("Set-Cookie", setCookie);
      res.locals.user = user;
      res.locals.sessionId = session?.id ?? null;
      next();
    } catch (error) {
      next(error);
    }
  });

  // app.use, not app.all("*"): a route would capture and decode the whole path as a parameter
  // nobody reads, and add a dispatch of its own.
  app.use(
    createRemixRequestHandler({
      build: remixBuild,
      mode: config.productionBuilds ? "production" : "development",
      compress,
      getLoadContext: (req, res) => ({
        services,
        user: res.locals.user ?? null,
        sessionId: res.locals.sessionId ?? null,
        locale: resolveLocale(req.headers.cookie, req.headers["accept-language"]),
        cspNonce: res.locals.cspNonce as string,
        requestId: String(req.id),
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        userAgent: req.headers["user-agent"] ?? "",
      }),
    }),
  );

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    req.log.error({ err: error }, "unhandled error");
    if (!res.headersSent) res.status(500).type("text/plain").send("Internal Server Error");
  });

  return app;
}

function rejectForeignOrigins(allowed: string[], production: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isSafeMethod(req.method) || isAllowedOrigin(req.headers, allowed, production)) return next();
    req.log.warn({ origin: req.headers.origin ?? null }, "refused cross-origin request");
    res.status(403).type("text/plain").send("Forbidden: cross-origin request");
  };
}

function limitBodySize(maxBytes: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isSafeMethod(req.method)) return next();
    const length = req.headers["content-length"];
    if (length === undefined) {
      // Chunked bodies have no declared size to check; browsers always declare one for forms.
      if (req.headers["transfer-encoding"]) return void res.status(411).type("text/plain").send("Length Required");
      return next();
    }
    if (Number(length) > maxBytes) return void res.status(413).type("text/plain").send("Payload Too Large");
    next();
  };
}

/** URL paths ("/favicon.svg") of the files under `dir`, or none when it does not exist. */
function listFiles(dir: string): Set<string> {
  if (!existsSync(dir)) return new Set();
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return new Set(
    entries
      .filter((e) => e.isFile())
      .map((e) => "/" + path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/")),
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

export const defaultDirs = {
  clientDir: path.resolve("build/client"),
  publicDir: path.resolve("public"),
};
