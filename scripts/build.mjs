// Builds everything `npm start` runs: the Remix app (browser + server build) and the Express
// process bundle. With --if-stale it does nothing when no source is newer than the last build,
// so `npm start` on an installed checkout starts in about a second.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";
import lockfile from "proper-lockfile";

const MARKER = "build/.built";
const SOURCES = ["app", "server", "prisma/schema.prisma", "remix.config.js", "package.json", "tsconfig.json", "scripts/build.mjs"];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(p)) {
    if (entry === "node_modules" || entry === "generated") continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

function upToDate() {
  return existsSync(MARKER) && Math.max(...SOURCES.map(newestMtime)) <= statSync(MARKER).mtimeMs;
}

const ifStale = process.argv.includes("--if-stale");
if (ifStale && upToDate()) process.exit(0);

// Two builds at once (say `npm test` in two terminals) would write over each other's output.
mkdirSync("build", { recursive: true });
const release = await lockfile.lock("build", {
  lockfilePath: "build.lock",
  stale: 120_000,
  retries: { retries: 600, minTimeout: 200, maxTimeout: 500 },
});
if (ifStale && upToDate()) {
  await release();
  process.exit(0);
}

const started = Date.now();
if (!existsSync("server/db/generated/client.ts")) {
  execFileSync("npx", ["prisma", "generate"], { stdio: "inherit" });
}
execFileSync("npx", ["remix", "build"], { stdio: "inherit" });
await esbuild.build({
  entryPoints: { index: "server/index.ts", seed: "server/seed/cli.ts" },
  outdir: "build/server",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  packages: "external",
  logLevel: "warning",
});
writeFileSync(MARKER, new Date().toISOString());
// Stamp the build with its start time: a source saved while building counts as newer next time.
utimesSync(MARKER, started / 1000, started / 1000);
await release();
console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
