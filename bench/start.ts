// `npm run bench:start`: how long `npm start` takes on an existing data folder, measured as a user
// runs it (the `npm start` command, no DATABASE_URL, the embedded PostgreSQL), from spawning npm
// to the "GraphQL ready" line and to the first answered query. Issue 13's target is <= 1.5 s to
// the first answer on an existing data folder.
//
// One cold start first (an empty data folder: initdb, every migration, the seed), for information
// and to initialise the folder; then --runs restarts on it (default 10). dist/ and web/dist are
// built before the first start, so every start measured finds them fresh, as a user's second
// `npm start` does. Each start is stopped with SIGTERM to npm, as a supervisor or Ctrl-C would,
// and must leave no process behind.
//
// Reported per start: spawn -> ready line, spawn -> first answer, the server's own steps (the
// ready line's `startup` marks: ms since its process started), npm's share (spawn -> the server
// process's start), the server process's CPU time at the first answer (utime + stime, 10 ms
// ticks: less noisy than wall time on a busy machine), and the load average around the run.
// Figures go to bench/results/start-<time>.json and a section for RESULTS.md to
// bench/results/start-<time>.md.
//
//   npm run bench:start [-- --runs 10] [--keep] [--query '{ ... }']
//   --keep   reuse the data folder of an earlier run (no cold start)
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { loadavg } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const repo = join(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : fallback);
const runs = Number(option("--runs", process.env.BENCH_START_RUNS ?? "10"));
const keep = argv.includes("--keep");
// Through the resolvers and Prisma (not only Yoga): the first answer includes the Prisma client's
// first query.
const query = option("--query", '{ organisation(acronym: "SCO") { name memberships(first: 3) { edges { node { status country { code name } } } } } }');
const dataDir = join(repo, "bench", ".work", "start", "postgres");
const TIMEOUT_MS = 120_000;

interface Start {
  kind: "cold" | "restart";
  /** spawn -> "GraphQL ready" line on stdout */
  readyMs: number;
  /** spawn -> first answer with data to `query` */
  answerMs: number;
  /** spawn -> the server process's own start (npm's start-up and its shell) */
  npmMs: number;
  /** The ready line's marks, ms since the server process started. */
  startup: Record<string, number>;
  /** Server process CPU (user + system) at the first answer. */
  cpuMs: number;
  /** SIGTERM to npm -> npm exited. */
  stopMs: number;
  load: number[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

function cpuMs(pid: number): number {
  // utime + stime, in clock ticks (100 per second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Every process below `pid`. */
function descendants(pid: number): number[] {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of rows) if (ppid === parent) (out.push(child), visit(child));
  };
  visit(pid);
  return out;
}

const alive = (pids: number[]) =>
  pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });

async function oneStart(kind: Start["kind"]): Promise<Start> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), SUMMITRY_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  const load = loadavg()[0]!;
  const spawnedAt = performance.timeOrigin + performance.now();
  const t0 = performance.now();
  const npm: ChildProcess = spawn("npm", ["start"], { cwd: repo, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let readyMs: number | undefined;
  let readyLine: { startup?: Record<string, number>; processStartedAt?: string } | undefined;
  npm.stdout!.on("data", (d) => {
    stdout += d;
    if (readyMs === undefined) {
      const line = stdout.split("\n").find((l) => l.includes("GraphQL ready at"));
      if (line) {
        readyMs = performance.now() - t0;
        readyLine = JSON.parse(line);
      }
    }
  });
  npm.stderr!.on("data", (d) => (stderr += d));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => npm.on("exit", (code) => ((exitCode = code), resolve())));
  const fail = (why: string) => new Error(`${kind} start: ${why}\n${stdout}\n${stderr}`);

  // Poll the port (a connect attempt is cheap), then ask; the first answer with data counts.
  let answerMs: number | undefined;
  while (answerMs === undefined) {
    if (exitCode !== undefined) throw fail(`npm exited ${exitCode} before answering`);
    if (performance.now() - t0 > TIMEOUT_MS) throw fail("no answer in time");
    if (!(await canConnect(port))) {
      await sleep(5);
      continue;
    }
    const body = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    }).then((r) => r.json() as Promise<{ data?: unknown; errors?: unknown }>, () => undefined);
    if (body?.data && !body.errors) answerMs = performance.now() - t0;
    else if (body) throw fail(`query answered with errors: ${JSON.stringify(body)}`);
  }
  const server = descendants(npm.pid!).find((pid) => /\bnode\b/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8")));
  const cpu = server ? cpuMs(server) : NaN;
  while (readyMs === undefined && exitCode === undefined) await sleep(5);
  if (!readyLine?.startup) throw fail("no ready line with startup marks");

  const tree = descendants(npm.pid!);
  const stopAt = performance.now();
  npm.kill("SIGTERM");
  await exited;
  const stopMs = performance.now() - stopAt;
  if (exitCode !== 0) throw fail(`npm exited ${exitCode} after SIGTERM`);
  await sleep(50);
  const left = alive(tree);
  if (left.length) throw fail(`processes left after SIGTERM: ${left.join(", ")}`);

  const processStart = readyLine.processStartedAt ? Date.parse(readyLine.processStartedAt) : NaN;
  const tenth = (x: number) => Math.round(x * 10) / 10;
  return {
    kind,
    readyMs: tenth(readyMs!),
    answerMs: tenth(answerMs),
    npmMs: tenth(processStart - spawnedAt),
    startup: readyLine.startup,
    cpuMs: cpu,
    stopMs: tenth(stopMs),
    load: [load, loadavg()[0]!],
  };
}

const sorted = (xs: number[]) => [...xs].filter(Number.isFinite).sort((a, b) => a - b);
const median = (xs: number[]) => {
  const s = sorted(xs);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const p90 = (xs: number[]) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)] ?? NaN;
};
const worst = (xs: number[]) => sorted(xs).at(-1) ?? NaN;
const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)}` : "-");

/** The server's steps as durations: each mark minus the one before it (marks are in start order). */
function steps(start: Start): Record<string, number> {
  const out: Record<string, number> = { npm: start.npmMs };
  let previous = 0;
  for (const [name, at] of Object.entries(start.startup).sort((a, b) => a[1] - b[1])) {
    out[name] = at - previous;
    previous = at;
  }
  out["listening -> answer"] = start.answerMs - start.npmMs - (start.startup.listening ?? NaN);
  return out;
}

// ---------------------------------------------------------------------------------------------

console.log(`bench:start: ${keep ? "" : "1 cold start + "}${runs} restarts of \`npm start\` (data in ${dataDir})`);
console.log(`node ${process.version}, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
// As a user's second `npm start` finds them: dist/ and web/dist fresh.
execFileSync("node", ["scripts/build.mjs"], { cwd: repo, stdio: "inherit" });
execFileSync("node", ["scripts/build-web.mjs"], { cwd: repo, stdio: "inherit" });

const loadBefore = loadavg();
let cold: Start | undefined;
if (!keep || !existsSync(join(dataDir, "PG_VERSION"))) {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(join(dataDir, ".."), { recursive: true });
  cold = await oneStart("cold");
  console.log(`cold start: ready ${ms(cold.readyMs)} ms, first answer ${ms(cold.answerMs)} ms (load ${cold.load[0]!.toFixed(2)})`);
}
const restarts: Start[] = [];
for (let i = 0; i < runs; i++) {
  await sleep(300);
  const start = await oneStart("restart");
  restarts.push(start);
  console.log(
    `restart ${i + 1}: ready ${ms(start.readyMs)} ms, first answer ${ms(start.answerMs)} ms, npm ${ms(start.npmMs)} ms, ` +
      `server CPU ${ms(start.cpuMs)} ms, stop ${ms(start.stopMs)} ms (load ${start.load[0]!.toFixed(2)})`,
  );
}
const loadAfter = loadavg();

const stepNames = [...new Set(restarts.flatMap((s) => Object.keys(steps(s))))];
const summary = {
  readyMs: { median: median(restarts.map((s) => s.readyMs)), p90: p90(restarts.map((s) => s.readyMs)), worst: worst(restarts.map((s) => s.readyMs)) },
  answerMs: { median: median(restarts.map((s) => s.answerMs)), p90: p90(restarts.map((s) => s.answerMs)), worst: worst(restarts.map((s) => s.answerMs)) },
  cpuMs: { median: median(restarts.map((s) => s.cpuMs)), p90: p90(restarts.map((s) => s.cpuMs)), worst: worst(restarts.map((s) => s.cpuMs)) },
  stepsMs: Object.fromEntries(stepNames.map((name) => [name, median(restarts.map((s) => steps(s)[name] ?? NaN))])),
};
const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
const when = new Date().toISOString();
const result = {
  when,
  commit,
  node: process.version,
  cpus: (await import("node:os")).cpus().length,
  loadBefore,
  loadAfter,
  query,
  cold,
  restarts,
  summary,
};

const stepsLine = stepNames.map((name) => `${name} ${ms(summary.stepsMs[name]!)}`).join(", ");
const loads = restarts.flatMap((s) => s.load);
const TARGET_MS = 1500;
const verdict = (x: number) => (x <= TARGET_MS ? "within" : "over");
const md = [
  `### Start time (\`npm run bench:start\`, ${when.slice(0, 16).replace("T", " ")} UTC, commit ${commit})`,
  "",
  `\`npm start\` on an existing data folder, ${restarts.length} restarts, from spawning npm (Node ${process.version}, ` +
    `${result.cpus} cores, 1-minute load average ${Math.min(...loads).toFixed(2)}-${Math.max(...loads).toFixed(2)} during the restarts):`,
  "",
  "| | median | p90 | worst |",
  "|---|---|---|---|",
  `| ready line | ${ms(summary.readyMs.median)} ms | ${ms(summary.readyMs.p90)} ms | ${ms(summary.readyMs.worst)} ms |`,
  `| first answer | ${ms(summary.answerMs.median)} ms | ${ms(summary.answerMs.p90)} ms | ${ms(summary.answerMs.worst)} ms |`,
  `| server CPU to first answer | ${ms(summary.cpuMs.median)} ms | ${ms(summary.cpuMs.p90)} ms | ${ms(summary.cpuMs.worst)} ms |`,
  "",
  `Issue 13's target, <= ${TARGET_MS / 1000} s to the first answer: the median is ${verdict(summary.answerMs.median)} it, the p90 ${verdict(summary.answerMs.p90)}.`,
  "",
  `Steps (medians, ms; the server's steps from its ready line, each since the one before): ${stepsLine}.`,
  ...(cold
    ? ["", `Cold start (empty data folder: initdb, all migrations, the seed): ready ${ms(cold.readyMs)} ms, first answer ${ms(cold.answerMs)} ms (load ${cold.load[0]!.toFixed(2)}).`]
    : []),
  "",
].join("\n");

const stamp = when.replace(/[:.]/g, "-");
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(join(repo, "bench", "results", `start-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(repo, "bench", "results", `start-${stamp}.md`), md);
console.log(`\n${md}`);
console.log(`written: bench/results/start-${stamp}.json, bench/results/start-${stamp}.md`);
