// The process's configuration: one zod schema over the environment, read once at start-up.
// A bad value stops the process with the list of everything that is wrong, naming each variable.
import { z } from "zod";

const EnvSchema = z
  .object({
    /**
     * The security mode. "production" demands SESSION_SECRET and an https ORIGIN and makes cookies
     * Secure. Unset is local use (`npm start`): no secrets needed, yet React and Remix still run
     * their production builds; only "development" and "test" load their development builds
     * (docs/decisions/0009-production-builds-without-production-secrets.md).
     */
    NODE_ENV: z.enum(["development", "production", "test"]).optional(),
    HOST: z.string().min(1).default("0.0.0.0"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** postgresql://... selects PostgreSQL; unset selects the embedded PGlite database. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL (leave unset for the embedded database)")
      .optional(),
    /** Data directory of the embedded database. */
    PGLITE_DIR: z.string().min(1).default("data/pglite"),
    /** Public origin(s) of the portal, comma-separated; Origin headers are checked against them. */
    ORIGIN: z.string().optional(),
    /** Signs the portal's own cookies (flash messages). Required in production. */
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// URL").optional(),
    /** Namespace for every Redis key, so several deployments (or test runs) can share one Redis. */
    REDIS_KEY_PREFIX: z.string().regex(/^[\w:.-]{1,40}$/, "letters, digits and : . _ - only").default("eap:"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Express "trust proxy" hops: set to 1 behind one reverse proxy so client IPs are right. */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /** auto: seed the demo alliance into a new embedded database; never: do not. */
    SEED_DEMO: z.enum(["auto", "never"]).default("auto"),
    /** Failed sign-ins allowed per account and per IP address in the window below. */
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
    LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    /** Applications to join accepted from one client IP address per hour (spam and argon2 cost). */
    APPLY_MAX_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(10),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    /** Socket events each user may send per second, and the burst allowed on top (docs/realtime.md). */
    SOCKET_RATE_PER_SECOND: z.coerce.number().int().min(1).default(10),
    SOCKET_RATE_BURST: z.coerce.number().int().min(1).default(30),
    /**
     * Admission control for `message:send` (docs/realtime.md, `unavailable`): sends waiting for the
     * database on one instance before new ones are refused (0 refuses every send: for tests), the
     * event-loop delay in ms at which new sends are refused (0: not checked), and the handshakes and
     * syncs in flight above which sends wait their turn (catch-up first).
     */
    SOCKET_SEND_MAX_IN_FLIGHT: z.coerce.number().int().min(0).default(400),
    SOCKET_MAX_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(200),
    SOCKET_CATCHUP_PRIORITY: z.coerce.number().int().min(0).default(20),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    if (!env.SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required in production" });
    }
    if (!env.ORIGIN) {
      ctx.addIssue({ code: "custom", path: ["ORIGIN"], message: "is required in production (https://...)" });
    } else if (env.ORIGIN.split(",").some((o) => !o.trim().startsWith("https://"))) {
      ctx.addIssue({ code: "custom", path: ["ORIGIN"], message: "must use https:// in production" });
    }
  });

export type Config = ReturnType<typeof toConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function toConfig(env: z.infer<typeof EnvSchema>) {
  const origins = (env.ORIGIN ?? "")
    .split(",")
    .map((o) => o.trim().replace(/\/$/, ""))
    .filter(Boolean);
  return {
    env: env.NODE_ENV ?? "development",
    /** Security mode: secrets required, https origins, Secure cookies, HSTS. */
    production: env.NODE_ENV === "production",
    /** React's and Remix's production builds: everywhere but an explicit development or test. */
    productionBuilds: env.NODE_ENV === undefined || env.NODE_ENV === "production",
    host: env.HOST,
    port: env.PORT,
    database: env.DATABASE_URL
      ? ({ kind: "postgresql", url: env.DATABASE_URL } as const)
      : ({ kind: "pglite", dataDir: env.PGLITE_DIR } as const),
    /** Empty means "same origin as the request's Host", which suits local use and tests. */
    origins,
    sessionSecret: env.SESSION_SECRET ?? "development-only-secret-not-for-production-use",
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    seedDemo: env.SEED_DEMO,
    login: {
      maxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
    },
    applyMaxPerIpPerHour: env.APPLY_MAX_PER_IP_PER_HOUR,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    socketRate: { perSecond: env.SOCKET_RATE_PER_SECOND, burst: env.SOCKET_RATE_BURST },
    socketAdmission: {
      maxSendsInFlight: env.SOCKET_SEND_MAX_IN_FLIGHT,
      maxLoopDelayMs: env.SOCKET_MAX_LOOP_DELAY_MS,
      catchUpPriority: env.SOCKET_CATCHUP_PRIORITY,
    },
  };
}

/** Parses the environment; throws ConfigError listing every bad variable by name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, so `FOO= npm start` behaves like not setting FOO.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  return toConfig(parsed.data);
}
