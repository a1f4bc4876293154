// `npm start` as a new user runs it: no DATABASE_URL, so the process starts its own embedded
// PostgreSQL, migrates, seeds and serves; SIGTERM to npm stops everything. As root (CI here) the
// data folder sits under a 0700 directory, as a checkout under root's home or a mkdtemp folder
// does, so the cluster must move where the postgres user can reach it.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { lstat, mkdir, mkdtemp, readlink, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exampleQuery } from "../src/yoga.ts";

const isRoot = process.getuid?.() === 0;

/** Every process below `pid` (children, grandchildren...). */
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

function alive(pids: number[]): number[] {
  return pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}

function npmStart(env: NodeJS.ProcessEnv) {
  const proc = spawn("npm", ["start"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const out = { stdout: "", stderr: "" };
  proc.stdout!.on("data", (d) => (out.stdout += d));
  proc.stderr!.on("data", (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return { proc, out, exited };
}

function baseEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", ...extra };
  delete env.DATABASE_URL;
  return env;
}

describe("npm start without DATABASE_URL", () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    // A failed test leaves the server and its postmaster behind npm: end them too.
    for (const child of children) {
      for (const pid of alive(descendants(child.pid!))) process.kill(pid, "SIGTERM");
      child.kill("SIGKILL");
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("starts an embedded PostgreSQL from a 0700 folder, migrates, seeds, answers the traversal, and SIGTERM to npm leaves no process", async () => {
    const home = await mkdtemp(join(tmpdir(), "summitry-start-")); // mode 0700, like root's home
    dirs.push(home);
    const systemDir = await mkdtemp(join(tmpdir(), "summitry-system-"));
    dirs.push(systemDir);
    execFileSync("chmod", ["755", systemDir]);
    const dataDir = join(home, "checkout", ".data", "postgres");
    const { proc, out, exited } = npmStart(baseEnv({ SUMMITRY_DATA_DIR: dataDir, SUMMITRY_SYSTEM_DIR: systemDir }));
    children.push(proc);
    const url = await new Promise<string>((resolve, reject) => {
      proc.stdout!.on("data", () => {
        const m = /GraphQL ready at (\S+)/.exec(out.stdout);
        if (m) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`exited ${code}:\n${out.stdout}\n${out.stderr}`)));
    });
    expect(out.stdout).toContain("applied migrations:");
    expect(out.stdout).toMatch(/seeded 6 engagements, 9 summits, 24 sources/);

    if (isRoot) {
      // The data folder is a link to a cluster owned by postgres in the system directory, and the
      // server runs the binaries copied there.
      expect((await lstat(dataDir)).isSymbolicLink()).toBe(true);
      const cluster = await readlink(dataDir);
      expect(cluster.startsWith(join(systemDir, "clusters") + "/")).toBe(true);
      const postgresUid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
      expect((await stat(cluster)).uid).toBe(postgresUid);
      const postmaster = execFileSync("pgrep", ["-a", "-f", `postgres -D ${cluster}`], { encoding: "utf8" });
      expect(postmaster).toContain(join(systemDir, "pg-"));
    } else {
      expect((await lstat(dataDir)).isDirectory()).toBe(true);
    }

    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: exampleQuery }),
    });
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    const members = body.data.organisation.memberships.edges.map((e: any) => e.node.country.code);
    expect(members).toEqual(["CN", "KZ", "KG", "RU", "TJ", "UZ", "IN", "PK", "IR", "BY"]);
    const pakistan = body.data.organisation.memberships.edges[7].node.country;
    expect(pakistan.engagements.edges.map((e: any) => [e.node.title, e.node.status])).toEqual([
      ["Dong Jun and Khawaja Asif bilateral meeting", "HELD"],
      ["Possible India-Pakistan encounter at Qingdao", "SPECULATED"],
      ["Peace Mission 2018 joint military exercise", "HELD"],
    ]);

    // GraphiQL opens on the example traversal.
    const page = await (await fetch(url, { headers: { accept: "text/html" } })).text();
    expect(page).toContain("GraphiQL");
    expect(page).toContain("query ScoTraversal");

    // npm, node (the server itself, not a loader's child) and the postmaster with its workers.
    const tree = descendants(proc.pid!);
    expect(tree.length).toBeGreaterThan(2);
    proc.kill("SIGTERM"); // to npm, as a supervisor or `kill` would send it
    expect(await exited).toBe(0);
    expect(out.stdout).toContain("SIGTERM: stopping");
    expect(out.stdout).toContain("stopped");
    const refused = await fetch(url).then(
      () => "answered",
      (err: Error & { cause?: { code?: string } }) => err.cause?.code,
    );
    expect(refused).toBe("ECONNREFUSED");
    expect(alive(tree)).toEqual([]);
  }, 300_000);

  it("stops its PostgreSQL when SIGTERM comes while it is still starting", async () => {
    // An initialised cluster, so that the postmaster is up early and the service still loading.
    const home = await mkdtemp(join(tmpdir(), "summitry-start-early-"));
    dirs.push(home);
    execFileSync("chmod", ["755", home]);
    const dataDir = join(home, "pg");
    const first = npmStart(baseEnv({ SUMMITRY_DATA_DIR: dataDir }));
    children.push(first.proc);
    await new Promise<void>((resolve, reject) => {
      first.proc.stdout!.on("data", () => first.out.stdout.includes("GraphQL ready") && resolve());
      void first.exited.then((code) => reject(new Error(`exited ${code}:\n${first.out.stdout}\n${first.out.stderr}`)));
    });
    first.proc.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const { proc, out, exited } = npmStart(baseEnv({ SUMMITRY_DATA_DIR: dataDir }));
    children.push(proc);
    const postmaster = (pids: number[]) =>
      pids.some((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes("-D");
        } catch {
          return false;
        }
      });
    let tree: number[] = [];
    for (let i = 0; i < 2000 && !postmaster((tree = descendants(proc.pid!))); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(postmaster(tree)).toBe(true);
    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out.stdout).toContain("SIGTERM: stopping");
    expect(out.stdout).toContain("stopped");
    expect(out.stdout).not.toContain("GraphQL ready"); // it was stopped while starting
    expect(out.stderr).not.toContain("summitry:"); // and said nothing failed
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive(tree)).toEqual([]);
  }, 300_000);

  it("says in one line what to do when the data folder is not a cluster, and exits 1", async () => {
    const dir = await mkdtemp(join(tmpdir(), "summitry-start-bad-"));
    dirs.push(dir);
    execFileSync("chmod", ["755", dir]); // reachable: the folder's content is what is wrong
    await mkdir(join(dir, "pg"));
    await writeFile(join(dir, "pg", "notes.txt"), "not a database\n");
    const { proc, out, exited } = npmStart(baseEnv({ SUMMITRY_DATA_DIR: join(dir, "pg") }));
    children.push(proc);
    expect(await exited).toBe(1);
    const lines = out.stderr.trim().split("\n");
    expect(lines).toEqual([
      `summitry: ${join(dir, "pg")} is neither empty nor a PostgreSQL cluster (no PG_VERSION): move it away or set SUMMITRY_DATA_DIR to another folder`,
    ]);
    expect(out.stdout).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace anywhere
  }, 60_000);

  it("says in one line that the port is taken, and exits 1", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { proc, out, exited } = npmStart({ ...process.env, PORT: String(port) });
      children.push(proc);
      expect(await exited).toBe(1);
      expect(out.stderr.trim().split("\n")).toEqual([
        `summitry: port 127.0.0.1:${port} is already in use: stop the other server or set PORT to a free port`,
      ]);
    } finally {
      blocker.close();
    }
  }, 60_000);
});
