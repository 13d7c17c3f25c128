// Request ids and the one log line per request, in place of pino-http.
//
// pino-http did its work for every request whether or not the line would be written: a child
// logger whose `req` binding went through two serializers and JSON.stringify, three response
// listeners, and on completion the log object and message, only for pino to drop them at
// LOG_LEVEL=warn. Here a request costs an id, a response header and one listener; the child
// logger (`req.log`) is made the first time something logs for that request, and the completion
// line is built only when its level is enabled. The lines are pino-http's (same keys and messages),
// so anything reading the logs sees no difference.
import { randomUUID } from "node:crypto";
import type { Express, NextFunction, Request, RequestHandler, Response } from "express";
import type { Logger } from "../logger.js";

declare module "http" {
  interface IncomingMessage {
    /** The request id: the client's X-Request-Id when well formed, otherwise a new UUID. */
    id: string;
    /** A logger whose lines carry this request (`req: { id, method, url, ip }`). */
    log: Logger;
  }
}

/** What a client may send as its own request id (a proxy's, say); anything else is replaced. */
const CLIENT_REQUEST_ID = /^[\w-]{1,64}$/;
const started = Symbol("requestStarted");
const childLog = Symbol("requestLog");

type LoggedResponse = Response & { [started]?: number };
type LoggedRequest = Request & { [childLog]?: Logger };

/**
 * Gives every request an id (echoed as X-Request-Id) and a lazily made `req.log`, and logs each
 * response's completion: info for success, warn for 4xx, error for 5xx, unless `ignore` says the
 * request is not worth a line (static files, health probes).
 */
export function requestLogging(app: Express, logger: Logger, ignore: (req: Request) => boolean): RequestHandler {
  // On the app's request prototype, so a request that logs nothing costs nothing here.
  Object.defineProperty(app.request, "log", {
    configurable: true,
    get(this: LoggedRequest): Logger {
      return (this[childLog] ??= logger.child({
        req: { id: this.id, method: this.method, url: this.originalUrl || this.url, ip: this.socket.remoteAddress },
      }));
    },
  });

  // 'close' follows 'finish' on a completed response and comes alone on an aborted one.
  function logCompletion(this: LoggedResponse) {
    const status = this.statusCode;
    const level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
    if (!logger.isLevelEnabled(level)) return;
    const req = this.req;
    const fields = { res: { status }, responseTime: Date.now() - (this[started] ?? Date.now()) };
    if (status >= 500) {
      req.log[level]({ ...fields, err: new Error(`failed with status code ${status}`) }, "request errored");
    } else {
      req.log[level](fields, !req.readableAborted && this.writableEnded ? "request completed" : "request aborted");
    }
  }

  return (req: Request, res: LoggedResponse, next: NextFunction) => {
    const incoming = req.headers["x-request-id"];
    const id = typeof incoming === "string" && CLIENT_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader("X-Request-Id", id);
    if (!ignore(req)) {
      res[started] = Date.now();
      res.once("close", logCompletion);
    }
    next();
  };
}
