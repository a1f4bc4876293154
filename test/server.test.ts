// `npm start` as a new user runs it: no DATABASE_URL, so the process starts its own embedded
// PostgreSQL, migrates, seeds and serves; SIGTERM stops everything.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exampleQuery } from "../src/yoga.ts";

function postgresProcessesUsing(dir: string) {
  try {
    return execFileSync("pgrep", ["-f", `postgres.*${dir}`], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe("npm start without DATABASE_URL", () => {
  let child: ChildProcess | undefined;
  let dataDir = "";
  afterAll(async () => {
    child?.kill("SIGKILL");
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("starts an embedded PostgreSQL, migrates, seeds, answers the traversal, and stops cleanly on SIGTERM", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "summitry-start-"));
    await chmod(dataDir, 0o755); // as root, initdb runs as the postgres user, which must enter it
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", SUMMITRY_DATA_DIR: join(dataDir, "pg") };
    delete env.DATABASE_URL;
    const proc = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    let output = "";
    proc.stderr!.on("data", (d) => (output += d));
    const url = await new Promise<string>((resolve, reject) => {
      proc.stdout!.on("data", (d) => {
        output += d;
        const m = /GraphQL ready at (\S+)/.exec(output);
        if (m) resolve(m[1]!);
      });
      proc.on("exit", (code) => reject(new Error(`exited ${code}:\n${output}`)));
    });
    expect(output).toContain("applied migrations:");
    expect(output).toMatch(/seeded 6 engagements, 9 summits, 24 sources/);

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

    expect(postgresProcessesUsing(dataDir).length).toBeGreaterThan(0);
    const exitCode = await new Promise<number | null>((resolve) => {
      proc.removeAllListeners("exit");
      proc.on("exit", (code) => resolve(code));
      proc.kill("SIGTERM");
    });
    child = undefined;
    expect(exitCode).toBe(0);
    expect(output).toContain("stopped");
    expect(postgresProcessesUsing(dataDir)).toEqual([]);
  }, 60_000);
});
