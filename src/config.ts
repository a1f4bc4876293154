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
  };
}
