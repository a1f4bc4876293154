// The one PrismaClient of the process, over node-postgres through Prisma's driver adapter.
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { readReplicas } from "@prisma/extension-read-replicas";
import pg from "pg";
import { loadHardeningConfig } from "./config.ts";
import { PrismaClient } from "./generated/prisma/client.ts";

/**
 * Every SQL statement the client runs, for the tests that count them. Prisma's query events cost
 * an object and a params string per statement, so they are on only under test (or
 * SUMMITRY_COUNT_SQL=1), not on the production hot path.
 */
export const sqlStatements = { count: 0, log: [] as string[], keepLog: false };
const countSql = process.env.NODE_ENV === "test" || process.env.SUMMITRY_COUNT_SQL === "1";

export interface ClientOptions {
  poolSize?: number;
  /** PostgreSQL's statement_timeout for every statement on the pool's connections; 0: none. */
  statementTimeoutMs?: number;
  /** How long to wait for a new connection before failing (fail fast while the database is down). */
  connectTimeoutMs?: number;
  /** Read replicas: reads go to one of them, writes and transactions to the primary. */
  replicaUrls?: string[];
  /** Compiled reads as named prepared statements (queryText); default on. */
  namedStatements?: boolean;
}

/** The pools behind clients made here, by client, for the pool gauges on /metrics. */
const pools = new WeakMap<object, pg.Pool>();
/**
 * The pool every read of a client goes to (only for a client without read replicas), and the
 * names of the statements prepared on its connections (none when it may not name them).
 */
const readPools = new WeakMap<object, { pool: pg.Pool; names: Map<string, string> | undefined }>();

/**
 * For each client made here, a client over the same primary pool whose table names are the
 * `recorded` schema's views of the history (see src/domain/recorded.ts); made on first use, so a
 * process that never reads the past never builds it.
 */
const recordedClients = new WeakMap<object, PrismaClient>();

/**
 * A recorded read runs on the primary, where the writers' lock it waits for lives, so the
 * recorded client shares the primary's pool (replicas are not used for it).
 */
function recordedClientFor(c: Db): PrismaClient {
  let recorded = recordedClients.get(c);
  if (!recorded) {
    const pool = pools.get(c)!;
    recorded = new PrismaClient({ adapter: new PrismaPg(pool, { schema: "recorded" }), log: countSql ? [{ emit: "event", level: "query" }] : [] });
    if (countSql) {
      (recorded as PrismaClient<"query">).$on("query", (e) => {
        sqlStatements.count++;
        if (sqlStatements.keepLog) sqlStatements.log.push(e.query);
      });
    }
    recordedClients.set(c, recorded);
  }
  return recorded;
}

/**
 * The transaction an operation under @asRecorded runs in. While it is set, db() and primary()
 * answer with it, so every read (Pothos, the domain's raw SQL) sees the recorded instant.
 */
export const recordedTransaction = new AsyncLocalStorage<Db>();

export function createPrismaClient(databaseUrl: string, options: ClientOptions = {}) {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
    // A startup parameter, so it holds for every statement without a round trip (PgBouncer in
    // transaction mode needs ignore_startup_parameters = statement_timeout; see README).
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(options.connectTimeoutMs ? { connectionTimeoutMillis: options.connectTimeoutMs } : {}),
    // JIT off for this service's sessions: its statements read pages and run in milliseconds, but
    // a generic plan's estimate for a page walked with per-row probes passes jit_above_cost, and
    // compiling it took 30 ms of a 3 ms read (bench Q2 at SF10). An `options` parameter in
    // DATABASE_URL replaces this one (node-postgres lets the URL win).
    options: "-c jit=off",
  });
  // An idle connection the server ends (a restart, a dropped database, the network) leaves the
  // pool by itself, but the pool re-emits the error, and an 'error' event nobody listens to ends
  // the process. Prisma listens only once it has connected, and compiled reads (queryText) use
  // this pool without Prisma, so the pool must not depend on that.
  pool.on("error", () => {});
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({ adapter, log: countSql ? [{ emit: "event", level: "query" }] : [] });
  if (countSql) {
    (client as PrismaClient<"query">).$on("query", (e) => {
      sqlStatements.count++;
      if (sqlStatements.keepLog) sqlStatements.log.push(e.query);
    });
  }
  pools.set(client, pool);
  const replicaUrls = options.replicaUrls ?? [];
  if (replicaUrls.length === 0) {
    readPools.set(client, { pool, names: (options.namedStatements ?? true) ? new Map() : undefined });
    return client;
  }
  const { replicaUrls: _, ...replicaOptions } = options;
  const replicas = replicaUrls.map((url) => createPrismaClient(url, replicaOptions));
  // Typed as the plain client so Pothos and the domain code see one type; `primary()` below
  // reaches the primary for reads that must see a write just made.
  const extended = client.$extends(readReplicas({ replicas })) as unknown as PrismaClient;
  pools.set(extended, pool);
  return extended;
}

export type Db = ReturnType<typeof createPrismaClient>;

let client: Db | undefined;

/**
 * The process-wide client, created on first use from DATABASE_URL (npm start sets it after
 * starting its embedded PostgreSQL, so it must not be read at import time).
 */
export function db(): Db {
  const recorded = recordedTransaction.getStore();
  if (recorded) return recorded;
  if (!client) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const config = loadHardeningConfig();
    client = createPrismaClient(url, {
      statementTimeoutMs: config.statementTimeoutMs,
      connectTimeoutMs: config.connectTimeoutMs,
      replicaUrls: config.replicaUrls,
      namedStatements: config.namedStatements,
    });
  }
  return client;
}

/**
 * The primary database, for reads right after a write (a mutation's payload): with
 * DATABASE_REPLICA_URLS set, plain reads go to a replica, which may lag.
 */
export function primary(): Db {
  const recorded = recordedTransaction.getStore();
  if (recorded) return recorded;
  const c = db() as Db & { $primary?: () => Db };
  return c.$primary ? c.$primary() : c;
}

// Named prepared statements per distinct text, so PostgreSQL parses and plans a repeated read once
// per connection instead of on every request (for bench Q1, 0.7 ms of PostgreSQL's CPU per
// request). Each name stays prepared on every connection of the pool that ran it, so their number
// is bounded per pool: texts past it run unnamed.
const MAX_NAMED_STATEMENTS = 100;
function statementName(names: Map<string, string>, text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED_STATEMENTS) names.set(text, (name = `summitry_read_${names.size + 1}`));
  return name;
}
/** Values node-postgres sends as Prisma's adapter would (it formats dates and bytes its own way). */
const plainValue = (v: unknown): boolean =>
  v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean" || (Array.isArray(v) && v.every(plainValue));

/** A statement as its text and values: built once and run many times (a compiled read). */
export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * A read whose answer is one text value (the first column of its first row): a compiled read's
 * JSON. Inside a recorded read it runs in that read's transaction, like every other read; with
 * read replicas, through the client that routes to them; otherwise straight on the client's pool
 * as a named prepared statement, without Prisma's per-statement work (a text in and a text out,
 * nothing for Prisma to map).
 */
export async function queryText({ text, values }: Statement, c: Db = db()): Promise<string | null> {
  const read = recordedTransaction.getStore() ? undefined : readPools.get(c);
  if (!read || !values.every(plainValue)) {
    const rows = await c.$queryRawUnsafe<Record<string, string | null>[]>(text, ...values);
    return rows.length ? (Object.values(rows[0]!)[0] ?? null) : null;
  }
  if (countSql) {
    sqlStatements.count++;
    if (sqlStatements.keepLog) sqlStatements.log.push(text);
  }
  const name = read.names && statementName(read.names, text);
  const result = await read.pool.query<unknown[]>({ name, text, values, rowMode: "array" });
  return result.rows.length ? ((result.rows[0]![0] as string | null) ?? null) : null;
}

/** The process-wide client's reader of the `recorded` views (outside any recorded transaction). */
export function recordedClient(): PrismaClient {
  if (recordedTransaction.getStore()) throw new Error("already in a recorded transaction");
  return recordedClientFor(db());
}

/** Connections of the process-wide client's pool; undefined before the first query. */
export function poolStats(): { total: number; idle: number; waiting: number; max: number } | undefined {
  const pool = client && pools.get(client);
  if (!pool) return undefined;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 };
}

export async function disconnectDb() {
  const c = client;
  client = undefined;
  const recorded = c && recordedClients.get(c);
  await recorded?.$disconnect();
  await c?.$disconnect();
}
