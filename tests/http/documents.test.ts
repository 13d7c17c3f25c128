// How a server-rendered page goes out (app/entry.server.tsx, server/http/remix.ts): rendered whole,
// compressed once in the encoding the client accepts, sent with its length, and hydratable (the
// doctype, and the loader data's stream written out to its closing script). Raw HTTP here,
// because fetch would undo the compression and hide the headers being checked.
import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemberOrg, createOrganization } from "../support/fixtures";
import { startTestPortal, type TestPortal } from "../support/server";

let portal: TestPortal;
let cookie: string;
const tag = `Httpdoc${Date.now().toString(36)}`;

beforeAll(async () => {
  portal = await startTestPortal();
  const { memberUser } = await createMemberOrg(portal.prisma, { nameEn: `${tag} Viewer Automobile`, kind: "OEM" });
  for (let i = 0; i < 3; i++) {
    await createOrganization(portal.prisma, { nameEn: `${tag} Axle Works ${i}`, nameZh: `${tag}车桥${i}`, kind: "SUPPLIER", homeCity: "Bishan" });
  }
  cookie = (await portal.signedIn(memberUser.email)).cookieHeader();
});
afterAll(async () => {
  await portal?.stop();
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function raw(method: string, pathname: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(pathname, portal.url), { method, headers: { cookie, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const directory = `/directory?q=${tag}`;

/** The page as the browser would hydrate it. */
function expectWholeDocument(html: string) {
  expect(html.startsWith("<!DOCTYPE html><html lang=\"en\"")).toBe(true);
  expect(html).toContain("</body></html>");
  // The loader data's turbo-stream, written out to its end (after the body, where React puts it).
  expect(html).toContain("window.__remixContext.streamController.enqueue(");
  expect(html.endsWith("window.__remixContext.streamController.close();</script><!--/$--><!--/$-->")).toBe(true);
  for (let i = 0; i < 3; i++) expect(html).toContain(`${tag} Axle Works ${i}`);
}

describe("a server-rendered page", () => {
  it("is compressed with brotli when the client accepts it, with the compressed length", async () => {
    const res = await raw("GET", directory, { "accept-encoding": "gzip, deflate, br" });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.headers["vary"]).toMatch(/accept-encoding/i);
    expect(res.headers["transfer-encoding"]).toBeUndefined();
    expect(Number(res.headers["content-length"])).toBe(res.body.length);
    expectWholeDocument(brotliDecompressSync(res.body).toString("utf8"));
  });

  it("is gzipped for a client that refuses brotli, and plain for one that asks for nothing", async () => {
    const gzipped = await raw("GET", directory, { "accept-encoding": "br;q=0, gzip" });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(Number(gzipped.headers["content-length"])).toBe(gzipped.body.length);
    expectWholeDocument(gunzipSync(gzipped.body).toString("utf8"));

    const plain = await raw("GET", directory, { "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(Number(plain.headers["content-length"])).toBe(plain.body.length);
    expectWholeDocument(plain.body.toString("utf8"));
  });

  it("answers HEAD with the headers and no body", async () => {
    const res = await raw("HEAD", directory, { "accept-encoding": "br" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.body.length).toBe(0);
  });

  it("sends an error page (404) whole, with its status", async () => {
    const res = await raw("GET", "/directory/00000000-0000-4000-8000-000000000000", { "accept-encoding": "br" });
    expect(res.status).toBe(404);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(Number(res.headers["content-length"])).toBe(res.body.length);
    const html = brotliDecompressSync(res.body).toString("utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("window.__remixContext.streamController.close();");
  });

  it("keeps the session cookie and security headers set before Remix", async () => {
    const res = await raw("GET", directory, { "accept-encoding": "br" });
    expect(res.headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(res.headers["x-request-id"]).toBeTruthy();
  });
});

// The compression middleware runs only for responses the entry has not compressed
// (server/http/app.ts, server/http/remix.ts).
describe("responses other than a compressed document", () => {
  it("still compress: a browser build file, the loader data of a client navigation, and a page for a deflate-only client", async () => {
    const page = brotliDecompressSync((await raw("GET", directory, { "accept-encoding": "br" })).body).toString("utf8");
    const script = /"(\/build\/manifest-[^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeTruthy();
    const asset = await raw("GET", script!, { "accept-encoding": "gzip" });
    expect(asset.status).toBe(200);
    expect(asset.headers["content-encoding"]).toBe("gzip");
    expect(asset.headers["vary"]).toMatch(/accept-encoding/i);
    expect(gunzipSync(asset.body).length).toBeGreaterThan(0);

    const data = await raw("GET", `/directory.data?q=${tag}`, { "accept-encoding": "gzip" });
    expect(data.status).toBe(200);
    expect(data.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(data.body).toString("utf8")).toContain(`${tag} Axle Works 0`);

    const deflated = await raw("GET", directory, { "accept-encoding": "deflate" });
    expect(deflated.headers["content-encoding"]).toBe("deflate");
    expect(deflated.headers["x-request-id"]).toBeTruthy();
  });

  it("does not compress a document twice, nor send a missing build file compressed twice", async () => {
    const missing = await raw("GET", "/build/no-such-file.js", { "accept-encoding": "gzip" });
    expect(missing.status).toBe(404);
    if (missing.headers["content-encoding"] === "gzip") expect(gunzipSync(missing.body).toString("utf8")).toMatch(/<!DOCTYPE html>/);
    else expect(missing.body.toString("utf8")).toMatch(/<!DOCTYPE html>/);
    const healthz = await raw("GET", "/healthz", { "accept-encoding": "gzip" });
    expect(JSON.parse(healthz.body.toString("utf8"))).toMatchObject({ status: "ok" });
    expect(healthz.headers["vary"]).toMatch(/accept-encoding/i);
  });
});
