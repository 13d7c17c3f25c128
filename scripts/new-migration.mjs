// `npm run migration:new -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the database from the schema the committed migrations represent to the current
// prisma/schema.prisma.
//
// Why not `prisma migrate dev`: it needs a shadow database and a URL, which the CLI cannot have when it
// connects through driver adapters (docs/decisions/0002-prisma-without-downloads.md). Instead we diff
// two datamodels. The "before" datamodel is prisma/migrations/schema.snapshot.prisma, a copy of the
// schema as of the newest migration, refreshed by this script; `npm run check:migrations` proves that
// the migrations, the snapshot and schema.prisma agree.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const SCHEMA = "prisma/schema.prisma";
const MIGRATIONS = "prisma/migrations";
const SNAPSHOT = path.join(MIGRATIONS, "schema.snapshot.prisma");

const rawName = process.argv.slice(2).join("_");
const name = rawName
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_+|_+$/g, "");
if (!name) {
  console.error("Usage: npm run migration:new -- <name>   (for example: npm run migration:new -- add_channels)");
  process.exit(64);
}

const migrations = existsSync(MIGRATIONS)
  ? readdirSync(MIGRATIONS, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
  : [];
if (migrations.length > 0 && !existsSync(SNAPSHOT)) {
  console.error(
    `${SNAPSHOT} is missing: it must hold the schema as of the newest migration (${migrations.at(-1)}).\n` +
      `Restore it from git (git log -- ${SNAPSHOT}) before creating a new migration.`,
  );
  process.exit(1);
}

const from = migrations.length > 0 ? ["--from-schema-datamodel", SNAPSHOT] : ["--from-empty"];
// The CLI needs no database for a datamodel diff; keep it on its in-memory PGlite (prisma.config.ts).
const env = { ...process.env, DATABASE_URL: "" };
let sql;
try {
  sql = execFileSync(
    path.join("node_modules", ".bin", "prisma"),
    ["migrate", "diff", ...from, "--to-schema-datamodel", SCHEMA, "--script"],
    { encoding: "utf8", env, stdio: ["ignore", "pipe", "inherit"] },
  );
} catch (error) {
  console.error("prisma migrate diff failed; is prisma/schema.prisma valid? (npx prisma validate)");
  process.exit(typeof error.status === "number" ? error.status : 1);
}

const statements = sql
  .split("\n")
  .filter((line) => line.trim() && !line.trim().startsWith("--"))
  .join("\n");
if (!statements.trim()) {
  console.error(`No schema change: ${SCHEMA} already matches the newest migration. Nothing written.`);
  process.exit(1);
}

// Prisma's folder format; keep names sortable and strictly after the newest existing migration,
// because the runner applies them in name order.
const stamp = new Date()
  .toISOString()
  .replace(/[-:T]/g, "")
  .slice(0, 14);
const last = migrations.at(-1)?.slice(0, 14);
if (last && stamp <= last) {
  console.error(`The newest migration (${migrations.at(-1)}) is dated after now (${stamp}); check the clock.`);
  process.exit(1);
}
const dir = path.join(MIGRATIONS, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
copyFileSync(SCHEMA, SNAPSHOT);
console.log(`Wrote ${path.join(dir, "migration.sql")} and refreshed ${SNAPSHOT}.`);
console.log("Review the SQL, then commit both (and run npm run check:migrations).");
