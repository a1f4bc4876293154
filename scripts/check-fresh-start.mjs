// The README's two commands as a newcomer runs them, on a fresh clone in a 0700 folder (root's home
// and every mkdtemp folder are 0700): `npm ci` must print no warning, `npm start` (no DATABASE_URL:
// embedded PostgreSQL, migrate, seed) must answer the SCO traversal, and SIGTERM to npm must leave
// no process behind. With `--as-user NAME` (run as root) the same again as that normal user, from
// a clone in its own home (the user is created when missing): a newcomer who is not root.
// Run by .ci/run; `node scripts/check-fresh-start.mjs [--as-user NAME] [REPO]` by hand.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const asUserAt = args.indexOf("--as-user");
const userName = asUserAt >= 0 ? args.splice(asUserAt, 2)[1] : undefined;
const repo = resolve(args[0] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
const user = userName ? normalUser(userName) : undefined;
// A normal user's checkout goes where a newcomer would put it, in its home; root's in a mkdtemp folder.
const home = mkdtempSync(join(user ? user.home : tmpdir(), "summitry-fresh-"));
const checkout = join(home, "summitry");
const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const fail = (message) => {
  console.error(`check-fresh-start${user ? ` (as ${user.name})` : ""}: FAILED: ${message}`);
  process.exitCode = 1;
};

let cluster;
try {
  // Cloned by root (the repository may sit in a folder the user cannot read, as CI's clone does),
  // then handed over whole: from here on everything runs as the user, with its own HOME and npm cache.
  execFileSync("git", ["clone", "-q", repo, checkout], { stdio: "inherit" });
  if (user) execFileSync("chown", ["-R", `${user.uid}:${user.gid}`, home]);
  console.log(
    `cloned ${repo} into ${checkout} (parent mode ${execFileSync("stat", ["-c", "%a", home], { encoding: "utf8" }).trim()}, ` +
      `running as ${user ? `${user.name} (uid ${user.uid})` : `uid ${process.getuid()}`})`,
  );

  const env = { ...process.env, PORT: "0" };
  for (const name of ["DATABASE_URL", "SUMMITRY_DATA_DIR", "NODE_ENV", "npm_config_loglevel", "npm_config_cache"]) delete env[name];
  if (user) Object.assign(env, { HOME: user.home, USER: user.name, LOGNAME: user.name });
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  // npm writes its warnings to stderr: keep both streams.
  const ci = execFileSync("bash", ["-c", "npm ci --no-audit --no-fund 2>&1"], { cwd: checkout, env, ...as, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
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
  await startAndQuery(checkout, env, as);
  try {
    cluster = readlinkSync(join(checkout, ".data", "postgres"));
  } catch {
    // not a link: the cluster is inside the checkout
  }
  // A normal user keeps everything in its checkout: nothing may have gone to root's system folder.
  if (user && cluster) throw new Error(`as ${user.name} the data folder became a link to ${cluster}`);
} catch (err) {
  fail(err.stderr ? `${err.message}\n${err.stderr}` : err.stack ?? String(err));
} finally {
  rmSync(home, { recursive: true, force: true });
  if (cluster) {
    rmSync(cluster, { recursive: true, force: true });
    rmSync(`${cluster}.path`, { force: true });
  }
}
if (!process.exitCode) console.log(`check-fresh-start${user ? ` (as ${user.name})` : ""}: OK (${elapsed()})`);

/** The named user, created (with a home) when missing; only root can run as someone else. */
function normalUser(name) {
  if (process.getuid() !== 0) throw new Error("--as-user needs root");
  const lookup = () => execFileSync("getent", ["passwd", name], { encoding: "utf8" }).trim().split(":");
  let entry;
  try {
    entry = lookup();
  } catch {
    execFileSync("useradd", ["--create-home", "--shell", "/bin/bash", name]);
    entry = lookup();
  }
  const [, , uid, gid, , dir] = entry;
  if (Number(uid) === 0) throw new Error(`${name} is root`);
  return { name, uid: Number(uid), gid: Number(gid), home: dir };
}

async function startAndQuery(cwd, env, as) {
  const proc = spawn("npm", ["start"], { cwd, env, ...as, stdio: ["ignore", "pipe", "pipe"] });
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
