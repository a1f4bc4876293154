// Configuration from the environment, read once at start-up. README "Configuration" lists these.
export interface Config {
  port: number;
  host: string;
  /** Unset: npm start runs its own embedded PostgreSQL in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Apply pending migrations on start (always true with the embedded database). */
  migrateOnStart: boolean;
  /** Seed when the database holds no data yet (always true with the embedded database). */
  seedOnStart: boolean;
  shutdownTimeoutMs: number;
  /** Production hardening: limits, caching, observability. README "Production" explains each. */
  hardening: HardeningConfig;
}

export interface HardeningConfig {
  logLevel: string;
  /** Allowed CORS origins; ["*"] allows any. */
  corsOrigins: string[];
  /** Request headers a browser may send cross-origin, beyond the defaults (src/plugins/index.ts). */
  corsAllowHeaders: string[];
  introspection: boolean;
  /** `only`: accept nothing but the operations in client/generated/persisted-documents.json. */
  persistedOperations: "off" | "only";
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  /** Estimated objects a query may ask for: page sizes multiplied down the selection. */
  maxCost: number;
  maxBatch: number;
  /** `__schema` / `__type` selections in one request (aliases and batches counted). */
  maxIntrospection: number;
  /** The JSON answer of one request (a batch's together); 0: no bound. */
  maxResponseBytes: number;
  maxBodyBytes: number;
  /** Points per client per minute (see src/plugins/rate-limit.ts); 0 turns rate limiting off. */
  rateLimit: number;
  /** Take the client's address from X-Forwarded-For (behind a proxy that sets it). */
  trustProxy: boolean;
  /** Open subscription streams on one instance, in all and per client. */
  maxSubscriptions: number;
  maxSubscriptionsPerClient: number;
  /** Set: /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** 0 turns the response cache off. */
  responseCacheTtlMs: number;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  /** Compiled reads as named prepared statements (off behind a pooler that cannot keep them). */
  namedStatements: boolean;
  replicaUrls: string[];
  /** Answer the query operations src/schema/compiled-reads.ts covers with one SQL statement. */
  compiledReads: boolean;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

function list(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/**
 * Under NODE_ENV=test (vitest) the response cache and rate limits are off and logs are quiet unless
 * asked for, so tests see their own writes, are not throttled, and their output stays readable;
 * hardening tests turn them on.
 */
export function loadHardeningConfig(env: NodeJS.ProcessEnv = process.env): HardeningConfig {
  const testing = env.NODE_ENV === "test";
  const persisted = env.PERSISTED_OPERATIONS || "off";
  if (persisted !== "off" && persisted !== "only") {
    throw new Error(`PERSISTED_OPERATIONS must be "off" or "only", got "${persisted}"`);
  }
  return {
    logLevel: env.LOG_LEVEL || (testing ? "silent" : "info"),
    corsOrigins: env.CORS_ORIGINS ? list(env.CORS_ORIGINS) : ["*"],
    corsAllowHeaders: list(env.CORS_ALLOW_HEADERS).map((h) => h.toLowerCase()),
    introspection: flag(env.INTROSPECTION, true),
    persistedOperations: persisted,
    maxDepth: int(env, "MAX_QUERY_DEPTH", 20),
    maxAliases: int(env, "MAX_QUERY_ALIASES", 30),
    maxTokens: int(env, "MAX_QUERY_TOKENS", 3000),
    maxDirectives: int(env, "MAX_QUERY_DIRECTIVES", 20),
    maxCost: int(env, "MAX_QUERY_COST", 500_000),
    maxBatch: int(env, "MAX_BATCH_OPERATIONS", 10),
    maxIntrospection: int(env, "MAX_INTROSPECTION_FIELDS", 2),
    maxResponseBytes: int(env, "MAX_RESPONSE_BYTES", 5_000_000),
    maxBodyBytes: int(env, "MAX_BODY_BYTES", 100_000),
    responseCacheTtlMs: int(env, "RESPONSE_CACHE_TTL_MS", testing ? 0 : 30_000),
    rateLimit: int(env, "RATE_LIMIT", testing ? 0 : 1200),
    trustProxy: flag(env.TRUST_PROXY, false),
    maxSubscriptions: int(env, "MAX_SUBSCRIPTIONS", 1000),
    maxSubscriptionsPerClient: int(env, "MAX_SUBSCRIPTIONS_PER_CLIENT", 20),
    metricsToken: env.METRICS_TOKEN || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisKeyPrefix: env.REDIS_CACHE_PREFIX ?? "summitry:cache:",
    statementTimeoutMs: int(env, "DATABASE_STATEMENT_TIMEOUT_MS", 10_000),
    connectTimeoutMs: int(env, "DATABASE_CONNECT_TIMEOUT_MS", 3_000),
    namedStatements: flag(env.DATABASE_NAMED_STATEMENTS, true),
    replicaUrls: list(env.DATABASE_REPLICA_URLS),
    compiledReads: flag(env.COMPILED_READS, true),
  };
}

function flag(value: string | undefined, fallback: boolean) {
  if (value === undefined || value === "") return fallback;
  return ["1", "true", "yes", "on"].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const embedded = !env.DATABASE_URL;
  return {
    port,
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.SUMMITRY_DATA_DIR ?? ".data/postgres",
    migrateOnStart: embedded || flag(env.MIGRATE_ON_START, false),
    seedOnStart: embedded || flag(env.SEED_ON_START, false),
    shutdownTimeoutMs: Number(env.SHUTDOWN_TIMEOUT_MS ?? 10_000),
    hardening: loadHardeningConfig(env),
  };
}
