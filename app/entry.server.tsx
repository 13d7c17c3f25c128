// Server rendering with a CSP nonce for Remix's inline scripts (see server/http/app.ts).
//
// The document is rendered completely, compressed here and sent as one body with its length, not
// streamed: no route defers data, so streaming gains nothing, while every streamed chunk went
// through its own write and its own compression flush (docs/benchmarks.md: socket writes and zlib
// were 10-15 % of a page's CPU). The compression middleware leaves a body that already has a
// Content-Encoding alone. Should a route start using defer/<Await>, stream again for that route
// (readHandoff below would wait for the deferred data before the first byte).
//
// The finished body is also left in the load context, so server/http/remix.ts writes it straight
// to the socket instead of reading it back through the Response's web stream.
import { promisify } from "node:util";
import { brotliCompress, brotliCompressSync, constants as zlib, gzip, gzipSync } from "node:zlib";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
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

/**
 * Brotli quality 2 (gzip level 3 for clients without brotli): for a page rendered per request the
 * compressor's CPU time counts more than the last bytes. On the 23 KB member directory, quality 2
 * takes 0.09 ms for 6.3 KB where quality 4 (the compression middleware's default) took 0.23 ms for
 * 5.9 KB (docs/benchmarks.md).
 */
const BROTLI_QUALITY = 2;
const GZIP_LEVEL = 3;
/**
 * Up to this size the document is compressed on the event loop (well under 1 ms): handing it to
 * the thread pool costs more than compressing it. Larger documents go to the pool.
 */
const COMPRESS_SYNC_UP_TO_BYTES = 128 * 1024;

/** Compresses the document when the client accepts it. */
async function encode(html: Buffer, acceptEncoding: string | null, headers: Headers): Promise<Buffer> {
  headers.append("Vary", "Accept-Encoding");
  const encodings = accepted(acceptEncoding);
  const sync = html.length <= COMPRESS_SYNC_UP_TO_BYTES;
  let body = html;
  if (html.length >= COMPRESS_FROM_BYTES && encodings.has("br")) {
    const options = { params: { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: html.length } };
    body = sync ? brotliCompressSync(html, options) : await brotli(html, options);
    headers.set("Content-Encoding", "br");
  } else if (html.length >= COMPRESS_FROM_BYTES && (encodings.has("gzip") || encodings.has("*"))) {
    body = sync ? gzipSync(html, { level: GZIP_LEVEL }) : await gzipAsync(html, { level: GZIP_LEVEL });
    headers.set("Content-Encoding", "gzip");
  }
  headers.set("Content-Length", String(body.length));
  return body;
}
export const streamTimeout = ABORT_DELAY;

type StreamCache = NonNullable<NonNullable<EntryContext["renderMeta"]>["streamCache"]>;

/**
 * Reads the loader data's single-fetch stream (turbo-stream) to its end and leaves each chunk where
 * Remix's <StreamTransfer> looks before it reads the stream itself (`renderMeta.streamCache`, one
 * settled entry per chunk, as it would have filled it). The render then never suspends, so it can
 * be the synchronous renderToString instead of a stream. The data is complete before the first
 * byte is sent either way, since the document is sent whole.
 */
async function readHandoff(context: EntryContext): Promise<void> {
  const stream = context.serverHandoffStream;
  if (!stream || !context.renderMeta) return;
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const cache: StreamCache = {};
  const timer = setTimeout(() => void reader.cancel(new Error("loader data stream timed out")), ABORT_DELAY + 1_000);
  try {
    for (let identifier = 0; ; identifier++) {
      const { done, value } = await reader.read();
      cache[identifier] = Object.assign(Promise.resolve(), { result: { done, value: decoder.decode(value, { stream: true }) } });
      if (done) break;
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
  context.renderMeta.streamCache = cache;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  await readHandoff(remixContext);
  // renderToString, not renderToPipeableStream: nothing suspends (above), and the streaming
  // renderer encodes its output piece by piece into 2 KB buffers (TextEncoder.encodeInto per
  // string: about 6 % of the directory page's server CPU), where this one joins strings. Unlike
  // the streaming renderer it does not write the doctype itself.
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  const encoded = await encode(Buffer.from(`<!DOCTYPE html>${html}`), request.headers.get("accept-encoding"), responseHeaders);
  const response = new Response(new Uint8Array(encoded), { headers: responseHeaders, status: responseStatusCode });
  loadContext.renderedDocument = { response, body: encoded };
  return response;
}
