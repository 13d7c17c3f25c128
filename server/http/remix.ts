// The Remix request handler for Express: @remix-run/express's, except that a document rendered by
// app/entry.server.tsx is written to the socket as the one buffer it already is.
//
// The entry renders the whole page and compresses it into one Buffer, but a Response body is a web
// ReadableStream: sending it through @remix-run/express meant a reader, a promise per chunk and a
// copy into the Node stream, for a body whose bytes were all in memory (about 3 % of the directory
// page's server CPU in the profile). The entry leaves the buffer next to its Response in the load
// context; when the Response Remix returns is that one (a HEAD request, a redirect or an error
// response is another object), the buffer is sent and the stream is never read. Anything else is
// sent as before.
// The compression middleware is applied here rather than to every request: the entry's document
// is already compressed, and wrapping its response's methods for nothing was part of every page.
// The package's index exports only createRequestHandler; its own request and response helpers are
// public in its server module (typed there), and this handler differs from it only in the send.
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import { createRequestHandler as createRemixHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";

export function createRemixRequestHandler({
  build,
  mode,
  getLoadContext,
  compress,
}: {
  build: ServerBuild;
  mode: "production" | "development";
  /** The compression middleware, for every response but a document the entry has compressed. */
  compress: (req: Request, res: Response, next: NextFunction) => void;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}) {
  const handle = createRemixHandler(build, mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const request = createRemixRequest(req, res);
      const context = getLoadContext(req, res);
      const response = await handle(request, context);
      const document = context.renderedDocument;
      if (document && document.response === response) {
        const send = () => {
          res.statusMessage = response.statusText;
          res.status(response.status);
          for (const [name, value] of response.headers) res.append(name, value);
          res.end(document.body);
        };
        // Left uncompressed by the entry: too small, or a client accepting neither br nor gzip,
        // which the middleware may still serve (deflate).
        if (response.headers.has("Content-Encoding")) send();
        else compress(req, res, send);
      } else {
        await new Promise<void>((resolve, reject) => compress(req, res, () => sendRemixResponse(res, response).then(resolve, reject)));
      }
    } catch (error) {
      next(error);
    }
  };
}
