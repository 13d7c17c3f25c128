import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config";

// Some type packages declare NODE_ENV as always present in ProcessEnv; these tests pass exactly
// the variables they mean.
const load = (env: Record<string, string>) => loadConfig(env as NodeJS.ProcessEnv);

function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("needs no variables at all on the embedded default", () => {
    const config = load({});
    expect(config.production).toBe(false);
    // Local use runs the production builds of React and Remix without demanding secrets.
    expect(config.productionBuilds).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: "pglite", dataDir: "data/pglite" });
    expect(config.origins).toEqual([]);
    expect(config.redisUrl).toBeUndefined();
    expect(config.seedDemo).toBe("auto");
  });

  it("runs development builds only when NODE_ENV asks for them", () => {
    expect(load({ NODE_ENV: "development" }).productionBuilds).toBe(false);
    expect(load({ NODE_ENV: "test" }).productionBuilds).toBe(false);
    expect(load({ NODE_ENV: "development" }).production).toBe(false);
  });

  it("selects PostgreSQL from DATABASE_URL", () => {
    const config = load({ DATABASE_URL: "postgresql://alliance@db.internal:5432/alliance" });
    expect(config.database).toEqual({ kind: "postgresql", url: "postgresql://alliance@db.internal:5432/alliance" });
  });

  it("treats empty strings as unset", () => {
    expect(load({ PORT: "", DATABASE_URL: "", SESSION_SECRET: "" }).port).toBe(3000);
  });

  it("names a bad PORT", () => {
    expect(problemsOf({ PORT: "eighty" })).toEqual([expect.stringMatching(/^PORT: /)]);
    expect(problemsOf({ PORT: "70000" })).toEqual([expect.stringMatching(/^PORT: /)]);
  });

  it("names a DATABASE_URL that is not PostgreSQL", () => {
    expect(problemsOf({ DATABASE_URL: "mysql://localhost/alliance" })).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
  });

  it("refuses production without SESSION_SECRET, naming it", () => {
    const problems = problemsOf({ NODE_ENV: "production", ORIGIN: "https://portal.alliance.example" });
    expect(problems).toEqual([expect.stringMatching(/^SESSION_SECRET: .*required/)]);
  });

  it("refuses production with a non-https ORIGIN, naming it", () => {
    const problems = problemsOf({
      NODE_ENV: "production",
      SESSION_SECRET: "x".repeat(40),
      ORIGIN: "https://portal.alliance.example,http://portal.alliance.example",
    });
    expect(problems).toEqual([expect.stringMatching(/^ORIGIN: .*https/)]);
  });

  it("refuses production without ORIGIN", () => {
    expect(problemsOf({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) })).toEqual([expect.stringMatching(/^ORIGIN: /)]);
  });

  it("lists every problem at once", () => {
    const problems = problemsOf({ NODE_ENV: "production", PORT: "-1", REDIS_URL: "localhost:6379" });
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(["ORIGIN", "PORT", "REDIS_URL", "SESSION_SECRET"]);
    const error = new ConfigError(problems);
    expect(error.message).toContain("Invalid configuration");
  });

  it("accepts a complete production configuration", () => {
    const config = load({
      NODE_ENV: "production",
      SESSION_SECRET: "s".repeat(32),
      ORIGIN: "https://portal.alliance.example/, https://www.alliance.example",
      REDIS_URL: "redis://127.0.0.1:6379",
    });
    expect(config.production).toBe(true);
    expect(config.origins).toEqual(["https://portal.alliance.example", "https://www.alliance.example"]);
    expect(config.sessionSecret).toBe("s".repeat(32));
  });
});
