// Prisma CLI configuration. `engine: "js"` plus an adapter makes the CLI use its bundled WASM schema
// engine, so no command downloads a native engine (docs/decisions/0002-prisma-without-downloads.md).
// The CLI is only used for `generate` and `migrate diff`; the app applies migrations itself at
// start-up (server/db/migrate.ts), so the CLI never opens the embedded data directory: it gets an
// in-memory PGlite unless DATABASE_URL points at a PostgreSQL server.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { PrismaPGlite } from "pglite-prisma-adapter";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (url && /^postgres(ql)?:\/\//.test(url)) return new PrismaPg({ connectionString: url });
    return new PrismaPGlite(await PGlite.create({ extensions: { pg_trgm } }));
  },
});
