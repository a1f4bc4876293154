// SIGTERM on the real process (src/server.ts): it stops accepting connections, lets a request
// already in flight finish with its full answer, closes the pool and exits 0. The request is held
// in flight by a lock this test takes on the Country table, released only after the signal.
import { type ChildProcess, spawn } from "node:child_process";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

let child: ChildProcess | undefined;
const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
const probe = new pg.Client({ connectionString: process.env.DATABASE_URL });

afterAll(async () => {
  child?.kill("SIGKILL");
  await locker.end().catch(() => {});
  await probe.end().catch(() => {});
});

function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, tries = 400): Promise<T> {
  return (async () => {
    for (let i = 0; i < tries; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`gave up waiting for ${what}`);
  })();
}

describe("graceful shutdown", () => {
  it("finishes a request in flight when SIGTERM arrives, refuses new connections, and exits 0", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", SHUTDOWN_TIMEOUT_MS: "20000", LOG_LEVEL: "info" };
    // The request waits on our lock; statement_timeout must not end it first on a slow machine.
    env.DATABASE_STATEMENT_TIMEOUT_MS = "60000";
    const proc = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    let output = "";
    proc.stdout!.on("data", (d) => (output += d));
    proc.stderr!.on("data", (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
    // Up to 60 s: tsx compiles the server on start, which takes over 10 s on a loaded 2-core machine.
    const url = await waitFor(() => /GraphQL ready at (\S+)/.exec(output)?.[1], `the server to start:\n${output}`, 2400);

    await locker.connect();
    await probe.connect();
    await locker.query("BEGIN");
    await locker.query(`LOCK TABLE "Country" IN ACCESS EXCLUSIVE MODE`);

    const inFlight = fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ countries(first: 3) { edges { node { code name } } } }` }),
    });
    // The server's query is now waiting for our lock.
    // (Asked on another connection: inside a transaction pg_stat_activity is a frozen snapshot.)
    await waitFor(async () => {
      const { rows } = await probe.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      return rows.length ? true : undefined;
    }, "the request to block on the lock").catch(async (err) => {
      console.log(output);
      throw err;
    });

    proc.kill("SIGTERM");
    await waitFor(() => (output.includes("SIGTERM: stopping") ? true : undefined), "the server to see SIGTERM");
    // No new connections once stopping.
    const refused = await fetch(url.replace("/graphql", "/health")).then(
      () => "answered",
      (err: Error & { cause?: { code?: string } }) => err.cause?.code,
    );
    expect(refused).toBe("ECONNREFUSED");

    await locker.query("COMMIT");
    const response = await inFlight;
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 200,
      body: {
        data: {
          countries: {
            edges: [
              { node: { code: "AF", name: "Afghanistan" } },
              { node: { code: "AM", name: "Armenia" } },
              { node: { code: "AZ", name: "Azerbaijan" } },
            ],
          },
        },
      },
    });

    expect(await exited).toBe(0);
    child = undefined;
    const messages = output
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string });
    const lines = messages.map((m) => m.msg);
    // After the signal: the in-flight request's access log line and the close, nothing else. The
    // access line is written once the response has gone out, which on a loaded machine can come
    // after the server's close callback: both must be there before the process exits.
    const after = lines.slice(lines.indexOf("SIGTERM: stopping"));
    expect(after[0]).toBe("SIGTERM: stopping");
    expect(after.slice(1).sort()).toEqual(["request", "stopped"]);
  }, 120_000);
});
