// Manual check (not part of `vitest run`): `npx tsx test/manual/embedded-postgres-check.ts`
// Starts the embedded server twice on one data directory and checks that stop() leaves no
// postgres process of that directory behind and that the second start reuses the cluster.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../src/embedded-postgres.ts";

const dataDir = await mkdtemp(join(tmpdir(), "summitry-pg-check-"));

/** The postmaster of our data directory and its children (checkpointer, walwriter, backends...). */
function postgresProcesses(): string[] {
  const out = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" });
  const rows = out.split("\n").filter(Boolean).map((l) => {
    const [pid = "", ppid = "", ...args] = l.trim().split(/\s+/);
    return { pid, ppid, line: l.trim(), args: args.join(" ") };
  });
  const postmasters = new Set(rows.filter((r) => /postgres/.test(r.args) && r.args.includes(dataDir)).map((r) => r.pid));
  return rows.filter((r) => postmasters.has(r.pid) || postmasters.has(r.ppid)).map((r) => r.line);
}

async function startAndQuery(label: string) {
  let t = performance.now();
  const server = await startEmbeddedPostgres({ dataDir });
  const startMs = performance.now() - t;
  const client = new pg.Client(server.url);
  await client.connect();
  const { rows } = await client.query("SELECT current_database() AS db, version() AS v");
  await client.end();
  const running = postgresProcesses().length;
  t = performance.now();
  await server.stop();
  const stopMs = performance.now() - t;
  const left = postgresProcesses();
  console.log(
    `${label}: start ${startMs.toFixed(0)} ms, stop ${stopMs.toFixed(0)} ms, db=${rows[0].db}, ` +
      `${running} postgres processes while running, ${left.length} after stop`,
  );
  if (left.length > 0) throw new Error(`postgres left behind:\n${left.join("\n")}`);
  return server.url;
}

try {
  const first = await startAndQuery("first start (initdb)");
  const second = await startAndQuery("second start (reuse)");
  if (new URL(first).password !== new URL(second).password) throw new Error("password changed between starts");

  // A postmaster.pid from a killed run, naming a PID that is alive but is not postgres (our own).
  await writeFile(join(dataDir, "postmaster.pid"), `${process.pid}\n${dataDir}\n`);
  await startAndQuery("start over a stale postmaster.pid");
  // How a process that uses the server ends: (a) stop(), then the event loop drains with a failing
  // exit code, which must survive; (b) process.exit() without stop(): no server left behind.
  const script = (body: string) => `
    import { startEmbeddedPostgres } from ${JSON.stringify(new URL("../../src/embedded-postgres.ts", import.meta.url).pathname)};
    const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
    ${body}
  `;
  for (const [label, body] of [
    ["stop(), exitCode = 3, loop drains", "await server.stop(); process.exitCode = 3;"],
    ["process.exit(3) without stop()", "process.exit(3);"],
  ] as const) {
    const t = performance.now();
    let code = 0;
    try {
      execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script(body)], {
        stdio: "inherit",
        timeout: 20_000,
      });
    } catch (err) {
      code = (err as { status: number }).status;
    }
    const ms = performance.now() - t;
    await new Promise((r) => setTimeout(r, 300)); // after process.exit postgres shuts down on its own
    const left = postgresProcesses();
    console.log(`child, ${label}: exit code ${code} in ${ms.toFixed(0)} ms, ${left.length} postgres processes 0.3 s later`);
    if (code !== 3 || left.length > 0) throw new Error("unexpected");
  }
  console.log("ok");
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
