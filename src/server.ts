// Process entry: `npm start` (scripts/start.mjs runs the compiled dist/server.js). Without
// DATABASE_URL it runs its own PostgreSQL (embedded, data in .data/postgres), migrates it and
// seeds it on first run; with DATABASE_URL it serves that database. A start that fails prints one
// line on stderr saying what to do, and exits 1.
//
// Only what starting PostgreSQL needs is imported up front. The rest (graphql, Yoga, Pothos's
// schema, Prisma's client: most of the start's CPU) is imported once the postgres process is
// spawned, so the two start side by side; in the bundle (dist/server.js) those modules are
// evaluated by that import, not when the process starts.

// First: V8 settings that must be in place before the rest allocates (see the module).
import "./v8-settings.ts";
import { createServer as createHttpServer } from "node:http";
import { resolve } from "node:path";
import { loadConfig } from "./config.ts";
import { type EmbeddedPostgresServer, startEmbeddedPostgres } from "./embedded-postgres.ts";
import { createLogger } from "./observability/logger.ts";
import { describeStartFailure } from "./start-failure.ts";

// When each step of the start finished, in ms since the process started (performance.now()); the
// ready line carries them, so a slow start says where its time went (bench/start.ts reads them).
// scripts/start.mjs marks the end of its staleness checks.
const startup: Record<string, number> = {};
const mark = (step: string) => void (startup[step] = Math.round(performance.now()));
{
  const checked = performance.getEntriesByName("summitry:checked")[0];
  if (checked) startup.checked = Math.round(checked.startTime);
}
mark("loaded");

// JSON lines on stdout (pino); request lines carry their request id.
// The process entry logs at info even under NODE_ENV=test (tests spawn it and read its lines).
const logger = createLogger({ level: process.env.LOG_LEVEL || "info" });
const log = (line: string) => logger.info(line);

/** Prisma's deploy does not compare checksums, so an edited migration would otherwise go unnoticed. */
function warnModified(modified: string[]) {
  if (modified.length) {
    logger.warn(`WARNING: migration(s) changed after they were applied (checksum differs from _prisma_migrations): ${modified.join(", ")}`);
  }
}

// The embedded PostgreSQL's start, not awaited where it begins: its outcome is kept (a rejection
// must not go unhandled while the service loads). Undefined with DATABASE_URL.
let embedded: Promise<{ server: EmbeddedPostgresServer; readyAt: number } | { error: unknown }> | undefined;
let disconnectDb: (() => Promise<void>) | undefined;

/** Stops the embedded PostgreSQL if it was started, once its start has settled. */
async function stopEmbedded() {
  const started = await embedded;
  if (started && "server" in started) await started.server.stop();
}

// A signal from here on stops whatever has started and exits 0, during the start too: PostgreSQL
// runs from early on (the service loads beside it), and must not outlive a Ctrl-C at any moment.
let stopping = false;
let stopServing: (() => Promise<void>) | undefined;
let shutdownTimeoutMs = 10_000; // the default until the configuration is read
// Awaited by the start once a signal has come, so it goes no further: the shutdown exits.
const halted = new Promise<never>(() => {});
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  const timer = setTimeout(() => {
    logger.error(`shutdown took longer than ${shutdownTimeoutMs} ms, exiting`);
    process.exit(1);
  }, shutdownTimeoutMs);
  timer.unref();
  await stopServing?.();
  await disconnectDb?.();
  await stopEmbedded();
  log("stopped");
  logger.flush();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGHUP", () => void shutdown("SIGHUP"));

async function failStart(err: unknown, ctx: Parameters<typeof describeStartFailure>[1] = {}): Promise<never> {
  // A start cut short by a signal fails in its own way (the database stopping under a migration,
  // say): that is the shutdown's, not an error to report.
  if (stopping) return halted;
  // The stack is for whoever debugs the service itself, not for the newcomer's terminal.
  logger.debug({ err }, "start-up failed");
  process.stderr.write(`summitry: ${describeStartFailure(err, ctx)}\n`);
  await disconnectDb?.().catch(() => {});
  await stopEmbedded().catch(() => {});
  logger.flush();
  process.exit(1);
}

const config = await Promise.resolve()
  .then(() => loadConfig())
  .catch((err: unknown) => failStart(err, { config: true }));
shutdownTimeoutMs = config.shutdownTimeoutMs;

const startedAt = Date.now();
if (!config.databaseUrl) {
  let spawned!: () => void;
  const postmasterSpawned = new Promise<void>((done) => (spawned = done));
  embedded = startEmbeddedPostgres({ dataDir: resolve(config.dataDir), callerHandlesSignals: true, onSpawn: spawned }).then(
    (server) => ({ server, readyAt: Date.now() }),
    (error: unknown) => ({ error }),
  );
  // Before postgres is spawned this process still has steps to take for it (looking up the
  // postgres user, preparing the folder): loading the service now would hold them up.
  const early = await Promise.race([postmasterSpawned.then(() => undefined), embedded]);
  if (early && "error" in early) await failStart(early.error);
}

const [{ createServer }, { db, disconnectDb: closeDb, queryText }, { lifecycle }, { attachGraphQLWebSocket }, { migrateOnStart, migrationState }, { createChangePubSub }] =
  await Promise.all([
    import("./yoga.ts"),
    import("./db.ts"),
    import("./http/routes.ts"),
    import("./http/websocket.ts"),
    import("./migrate.ts"),
    import("./pubsub.ts"),
  ]).catch((err: unknown) => failStart(err));
disconnectDb = closeDb;
if (stopping) await halted;
mark("service");

// Change events for subscriptions: across instances through Redis when REDIS_URL is set.
const pubsub = createChangePubSub({ redisUrl: config.hardening.redisUrl, logger });
const yoga = createServer({ logger, pubsub });
const server = createHttpServer(yoga);
// graphql-ws subscriptions (and operations) on the same port and path.
const webSocket = attachGraphQLWebSocket(server, yoga, { config: config.hardening });
// Behind a load balancer, keep-alive must outlast the balancer's idle timeout (often 60 s).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
stopServing = async () => {
  lifecycle.stopping = true; // /ready answers 503 from now on
  // Stop accepting, let in-flight requests finish, then close idle keep-alive sockets. Requests
  // still running at 80% of the bound (long-lived subscription streams) are cut, so the pool and
  // the process still close cleanly within it.
  const closed = new Promise<void>((done) => server.close(() => done()));
  // A keep-alive connection whose request finishes after close() turns idle and would hold the
  // server open: close idle ones as they appear.
  server.closeIdleConnections();
  // Subscription streams would otherwise stay open until the drain deadline: end them now (their
  // clients see the stream complete and reconnect elsewhere).
  pubsub.endStreams();
  const socketsClosed = webSocket.close();
  const sweeper = setInterval(() => server.closeIdleConnections(), 100);
  const drainDeadline = setTimeout(() => {
    logger.warn("requests still open at the drain deadline; closing their connections");
    server.closeAllConnections();
  }, config.shutdownTimeoutMs * 0.8);
  drainDeadline.unref();
  await Promise.all([closed, socketsClosed]);
  clearInterval(sweeper);
  clearTimeout(drainDeadline);
  await yoga.dispose();
  await pubsub.close();
};
mark("server");

let databaseUrl = config.databaseUrl!;
if (embedded) {
  const started = await embedded;
  if (stopping) await halted;
  if ("error" in started) await failStart(started.error);
  const { server: postgres, readyAt } = started as { server: EmbeddedPostgresServer; readyAt: number };
  databaseUrl = postgres.url;
  process.env.DATABASE_URL = databaseUrl;
  const where = postgres.clusterDir === resolve(config.dataDir) ? config.dataDir : `${config.dataDir} -> ${postgres.clusterDir}`;
  log(`embedded PostgreSQL on port ${postgres.port} (data in ${where}), up in ${readyAt - startedAt} ms`);
  mark("postgres");
}

try {
  if (config.migrateOnStart) {
    const { applied, modified } = await migrateOnStart(databaseUrl);
    if (applied.length) log(`applied migrations: ${applied.join(", ")}`);
    warnModified(modified);
  } else {
    const { pending, modified } = await migrationState(databaseUrl);
    if (pending.length) log(`WARNING: ${pending.length} migration(s) not applied; run npm run db:migrate`);
    warnModified(modified);
  }
  mark("migrations");
  // On the pool, not as a Prisma model query: Prisma's first query sets up its query compiler
  // (WebAssembly), 200-250 ms of a restart's 1.3-1.5 s on a 2-core machine, which a start serving
  // whole-operation reads (and every start with data) need not wait for.
  const empty = config.seedOnStart && (await queryText({ text: `SELECT (NOT EXISTS (SELECT 1 FROM "Country"))::text`, values: [] })) === "true";
  if (empty) {
    // The seed's modules (the YAML parser, the dataset loader) only for an empty database.
    const { seed } = await import("./seed.ts");
    const report = await seed(db());
    log(`seeded ${report.engagements.created} engagements, ${report.summits.created} summits, ${report.sources.created} sources`);
  }
  mark("seed");
} catch (e) {
  await failStart(e, { databaseUrl: config.databaseUrl });
}
if (stopping) await halted;

server.once("error", (err) => void failStart(err));
server.listen(config.port, config.host, () => {
  mark("listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  logger.info(
    { startup, processStartedAt: new Date(performance.timeOrigin).toISOString() },
    `GraphQL ready at http://${host}:${port}/graphql (WebSocket ws://${host}:${port}/graphql, health /health, readiness /ready, metrics /metrics)`,
  );
});
