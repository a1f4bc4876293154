// The README's two commands as a newcomer runs them, on a fresh clone in a 0700 folder (root's home
// and every mkdtemp folder are 0700): `npm ci` must print no warning, `npm start` (no DATABASE_URL:
// embedded PostgreSQL, migrate, seed) must answer the SCO traversal, and SIGTERM to npm must leave
// no process behind. Run by .ci/run; `node scripts/check-fresh-start.mjs [REPO]` by hand.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
const home = mkdtempSync(join(tmpdir(), "summitry-fresh-"));
const checkout = join(home, "summitry");
const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const fail = (message) => {
  console.error(`check-fresh-start: FAILED: ${message}`);
  process.exitCode = 1;
};

let cluster;
try {
  execFileSync("git", ["clone", "-q", repo, checkout], { stdio: "inherit" });
  console.log(`cloned ${repo} into ${checkout} (parent mode ${execFileSync("stat", ["-c", "%a", home], { encoding: "utf8" }).trim()})`);

  const env = { ...process.env, PORT: "0" };
  for (const name of ["DATABASE_URL", "SUMMITRY_DATA_DIR", "NODE_ENV", "npm_config_loglevel"]) delete env[name];
  // npm writes its warnings to stderr: keep both streams.
  const ci = execFileSync("bash", ["-c", "npm ci --no-audit --no-fund 2>&1"], { cwd: checkout, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  console.log(`npm ci done (${elapsed()})`);
  // What a newcomer sees: nothing to worry about. On Node 20 some dependencies (Prisma, GraphQL
  // Tools) declare Node >= 22 and npm says so (EBADENGINE); they run on 20 (CI runs the suite
  // there), so those alone are tolerated below 22 and reported.
  const warnings = `${ci}`.split("\n").filter((l) => /^npm (warn|WARN)/.test(l));
  const major = Number(process.versions.node.split(".")[0]);
  const engine = warnings.filter((l) => l.includes("EBADENGINE"));
  const other = major >= 22 ? warnings : warnings.filter((l) => !l.includes("EBADENGINE"));
  if (other.length) throw new Error(`npm ci printed warnings:\n${other.join("\n")}`);
  if (engine.length) console.log(`npm ci on Node ${process.versions.node}: ${engine.filter((l) => l.includes("package:")).length} EBADENGINE notices (dependencies that declare Node >= 22)`);
  await startAndQuery(checkout, env);
  try {
    cluster = readlinkSync(join(checkout, ".data", "postgres"));
  } catch {
    // not a link: the cluster is inside the checkout
  }
} catch (err) {
  fail(err.stderr ? `${err.message}\n${err.stderr}` : err.stack ?? String(err));
} finally {
  rmSync(home, { recursive: true, force: true });
  if (cluster) {
    rmSync(cluster, { recursive: true, force: true });
    rmSync(`${cluster}.path`, { force: true });
  }
}
if (!process.exitCode) console.log(`check-fresh-start: OK (${elapsed()})`);

async function startAndQuery(cwd, env) {
  const proc = spawn("npm", ["start"], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  proc.stdout.on("data", (d) => (output += d));
  proc.stderr.on("data", (d) => (output += d));
  const exited = new Promise((res) => proc.on("exit", (code, signal) => res(code ?? signal)));
  const url = await Promise.race([
    new Promise((res) => {
      const timer = setInterval(() => {
        const m = /GraphQL ready at (\S+)/.exec(output);
        if (m) {
          clearInterval(timer);
          res(m[1]);
        }
      }, 100);
      void exited.then(() => clearInterval(timer));
    }),
    exited.then((code) => Promise.reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`))),
    new Promise((_, rej) => setTimeout(() => rej(new Error(`npm start not ready after 180 s:\n${output}`)), 180_000).unref()),
  ]);
  console.log(`npm start ready at ${url} (${elapsed()})`);
  const tree = descendants(proc.pid);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `{ organisation(acronym: "SCO") { memberships(first: 20, status: [MEMBER]) { edges { node { country { code
          engagements(first: 5) { edges { node { title status } } } } } } } } }`,
      }),
    });
    const body = await response.json();
    const members = body.data?.organisation?.memberships?.edges?.map((e) => e.node.country.code);
    const expected = ["CN", "KZ", "KG", "RU", "TJ", "UZ", "IN", "PK", "IR", "BY"];
    if (JSON.stringify(members) !== JSON.stringify(expected)) throw new Error(`traversal answered ${JSON.stringify(body).slice(0, 500)}`);
    const pakistan = body.data.organisation.memberships.edges[7].node.country.engagements.edges.map((e) => e.node.title);
    if (!pakistan.includes("Dong Jun and Khawaja Asif bilateral meeting")) throw new Error(`Pakistan's engagements: ${pakistan}`);
    console.log(`traversal answered: ${members.length} member states, Pakistan's engagements ${JSON.stringify(pakistan)}`);
  } finally {
    proc.kill("SIGTERM");
  }
  const code = await exited;
  if (code !== 0) throw new Error(`npm start exited ${code} after SIGTERM:\n${output}`);
  const left = tree.filter(isAlive);
  if (left.length) throw new Error(`processes left after SIGTERM: ${execFileSync("ps", ["-o", "pid,args", "-p", left.join(",")], { encoding: "utf8" })}`);
  console.log(`SIGTERM: exit 0, none of ${tree.length} processes left (${elapsed()})`);
}

function descendants(pid) {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number));
  const out = [];
  const visit = (parent) => {
    for (const [child, ppid] of rows) if (ppid === parent) (out.push(child), visit(child));
  };
  visit(pid);
  return out;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
