// Process entry: `npm start`. Without DATABASE_URL it runs its own PostgreSQL (embedded, data in
// .data/postgres), migrates it and seeds it on first run; with DATABASE_URL it serves that database.
import { createServer as createHttpServer } from "node:http";
import { resolve } from "node:path";
import { loadConfig } from "./config.ts";
import { db, disconnectDb } from "./db.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";
import { migrateDeploy, pendingMigrations } from "./migrate.ts";
import { seed } from "./seed.ts";
import { createServer } from "./yoga.ts";

const config = loadConfig();
const log = (line: string) => console.log(`[summitry] ${line}`);

let stopDatabase: (() => Promise<void>) | undefined;
let databaseUrl = config.databaseUrl;
if (!databaseUrl) {
  const started = Date.now();
  const embedded = await startEmbeddedPostgres({ dataDir: resolve(config.dataDir), callerHandlesSignals: true });
  stopDatabase = embedded.stop;
  databaseUrl = embedded.url;
  process.env.DATABASE_URL = databaseUrl;
  log(`embedded PostgreSQL on port ${embedded.port} (data in ${config.dataDir}), up in ${Date.now() - started} ms`);
}

try {
  if (config.migrateOnStart) {
    const applied = await migrateDeploy(databaseUrl);
    if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
  } else {
    const pending = await pendingMigrations(databaseUrl);
    if (pending.length) log(`WARNING: ${pending.length} migration(s) not applied; run npm run db:migrate`);
  }
  if (config.seedOnStart && (await db().country.count()) === 0) {
    const report = await seed(db());
    log(`seeded ${report.engagements.created} engagements, ${report.summits.created} summits, ${report.sources.created} sources`);
  }
} catch (e) {
  console.error(e);
  await disconnectDb();
  await stopDatabase?.();
  process.exit(1);
}

const yoga = createServer();
const server = createHttpServer(yoga);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  log(`GraphQL ready at http://${host}:${port}/graphql`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  const timer = setTimeout(() => {
    console.error(`[summitry] shutdown took longer than ${config.shutdownTimeoutMs} ms, exiting`);
    process.exit(1);
  }, config.shutdownTimeoutMs);
  timer.unref();
  // Stop accepting, let in-flight requests finish, then close idle keep-alive sockets.
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeIdleConnections();
  await closed;
  await disconnectDb();
  await stopDatabase?.();
  log("stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGHUP", () => void shutdown("SIGHUP"));
