// Process entry: `npm start` (scripts/start.mjs runs the compiled dist/server.js). Without
// DATABASE_URL it runs its own PostgreSQL (embedded, data in .data/postgres), migrates it and
// seeds it on first run; with DATABASE_URL it serves that database. A start that fails prints one
// line on stderr saying what to do, and exits 1.
import { createServer as createHttpServer } from "node:http";
import { resolve } from "node:path";
import { loadConfig } from "./config.ts";
import { db, disconnectDb } from "./db.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";
import { lifecycle } from "./http/routes.ts";
import { attachGraphQLWebSocket } from "./http/websocket.ts";
import { migrateOnStart, migrationState } from "./migrate.ts";
import { createLogger } from "./observability/logger.ts";
import { createChangePubSub } from "./pubsub.ts";
import { seed } from "./seed.ts";
import { describeStartFailure } from "./start-failure.ts";
import { createServer } from "./yoga.ts";

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

let stopDatabase: (() => Promise<void>) | undefined;
async function failStart(err: unknown, ctx: Parameters<typeof describeStartFailure>[1] = {}): Promise<never> {
  // The stack is for whoever debugs the service itself, not for the newcomer's terminal.
  logger.debug({ err }, "start-up failed");
  process.stderr.write(`summitry: ${describeStartFailure(err, ctx)}\n`);
  await disconnectDb().catch(() => {});
  await stopDatabase?.().catch(() => {});
  logger.flush();
  process.exit(1);
}

const config = await Promise.resolve().then(() => loadConfig()).catch((err: unknown) => failStart(err, { config: true }));
let databaseUrl = config.databaseUrl;
if (!databaseUrl) {
  const started = Date.now();
  const embedded = await startEmbeddedPostgres({ dataDir: resolve(config.dataDir), callerHandlesSignals: true }).catch(
    (err: unknown) => failStart(err),
  );
  stopDatabase = embedded.stop;
  databaseUrl = embedded.url;
  process.env.DATABASE_URL = databaseUrl;
  const where = embedded.clusterDir === resolve(config.dataDir) ? config.dataDir : `${config.dataDir} -> ${embedded.clusterDir}`;
  log(`embedded PostgreSQL on port ${embedded.port} (data in ${where}), up in ${Date.now() - started} ms`);
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
  if (config.seedOnStart && (await db().country.count()) === 0) {
    const report = await seed(db());
    log(`seeded ${report.engagements.created} engagements, ${report.summits.created} summits, ${report.sources.created} sources`);
  }
  mark("seed");
} catch (e) {
  await failStart(e, { databaseUrl: config.databaseUrl });
}

// Change events for subscriptions: across instances through Redis when REDIS_URL is set.
const pubsub = createChangePubSub({ redisUrl: config.hardening.redisUrl, logger });
const yoga = createServer({ logger, pubsub });
const server = createHttpServer(yoga);
// graphql-ws subscriptions (and operations) on the same port and path.
const webSocket = attachGraphQLWebSocket(server, yoga, { config: config.hardening });
// Behind a load balancer, keep-alive must outlast the balancer's idle timeout (often 60 s).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.once("error", (err) => void failStart(err));
mark("server");
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

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  lifecycle.stopping = true; // /ready answers 503 from now on
  const timer = setTimeout(() => {
    logger.error(`shutdown took longer than ${config.shutdownTimeoutMs} ms, exiting`);
    process.exit(1);
  }, config.shutdownTimeoutMs);
  timer.unref();
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
  await disconnectDb();
  await stopDatabase?.();
  log("stopped");
  logger.flush();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGHUP", () => void shutdown("SIGHUP"));
