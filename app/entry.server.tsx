// Server rendering with a CSP nonce for Remix's inline scripts (see server/http/app.ts).
//
// The document is rendered completely, compressed here and sent as one body with its length, not
// streamed: no route defers data, so streaming gains nothing, while every streamed chunk went
// through its own write and its own compression flush (docs/benchmarks.md: socket writes and zlib
// were 10-15 % of a page's CPU). The compression middleware leaves a body that already has a
// Content-Encoding alone. Should a route start using defer/<Await>, stream again for that route.
import { Writable } from "node:stream";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./lib/i18n";

const ABORT_DELAY = 5_000;
/** Smaller documents are not worth compressing (the compression middleware's default, too). */
const COMPRESS_FROM_BYTES = 1024;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The encodings the client accepts with a non-zero weight ("br;q=0" refuses br). */
function accepted(header: string | null): Set<string> {
  const names = new Set<string>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (name && !(q && Number(q.slice(2)) === 0)) names.add(name);
  }
  return names;
}

/** Compresses the document when the client accepts it (brotli at quality 4, as the middleware did). */
async function encode(html: Buffer, acceptEncoding: string | null, headers: Headers): Promise<Buffer> {
  headers.append("Vary", "Accept-Encoding");
  const encodings = accepted(acceptEncoding);
  let body = html;
  if (html.length >= COMPRESS_FROM_BYTES && encodings.has("br")) {
    body = await brotli(html, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4, [zlib.BROTLI_PARAM_SIZE_HINT]: html.length } });
    headers.set("Content-Encoding", "br");
  } else if (html.length >= COMPRESS_FROM_BYTES && (encodings.has("gzip") || encodings.has("*"))) {
    body = await gzipAsync(html);
    headers.set("Content-Encoding", "gzip");
  }
  headers.set("Content-Length", String(body.length));
  return body;
}
export const streamTimeout = ABORT_DELAY;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    body.once("finish", () => {
      clearTimeout(timer);
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      encode(Buffer.concat(chunks), request.headers.get("accept-encoding"), responseHeaders).then(
        (encoded) => resolve(new Response(new Uint8Array(encoded), { headers: responseHeaders, status: responseStatusCode })),
        reject,
      );
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY + 1_000);
  });
}
