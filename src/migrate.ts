// Migrations without Prisma's native schema engine (it cannot be downloaded on our machines):
// Prisma's own WebAssembly build of the same engine, driven through the pg driver adapter. It
// writes the standard `_prisma_migrations` table, so `prisma migrate deploy` on a machine with the
// native engine sees exactly the same state.
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const migrationsDir = join(root, "prisma", "migrations");
export const schemaPath = join(root, "prisma", "schema.prisma");

type Engine = import("@prisma/schema-engine-wasm").SchemaEngine;
type MigrationList = import("@prisma/schema-engine-wasm").MigrationList;

let wasmReady: Promise<typeof import("@prisma/schema-engine-wasm/schema_engine_bg")> | undefined;

/** Node 20 cannot import .wasm modules without a flag, so instantiate the engine by hand. */
function loadEngineModule() {
  wasmReady ??= (async () => {
    const bindings = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    // createRequire rather than import.meta.resolve, which Vite's module runner (vitest global
    // setup) does not support.
    const wasmPath = createRequire(import.meta.url)
      .resolve("@prisma/schema-engine-wasm/schema_engine_bg")
      .replace(/\.js$/, ".wasm");
    // lib "dom" would declare WebAssembly for the type checker, but also a browser global scope.
    const { WebAssembly } = globalThis as unknown as {
      WebAssembly: { instantiate(bytes: Buffer, imports: object): Promise<{ instance: { exports: object } }> };
    };
    // The engine arms a 10 s timer that would keep a finished CLI (or test run) alive: unref it.
    const imports: Record<string, unknown> = { ...bindings };
    for (const name of Object.keys(imports)) {
      if (name.startsWith("__wbg_setTimeout_")) {
        imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
      }
    }
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      "./schema_engine_bg.js": imports,
    });
    const exports = instance.exports as Record<string, unknown> & { __wbindgen_start?: () => void };
    bindings.__wbg_set_wasm(exports);
    exports.__wbindgen_start?.();
    return bindings;
  })();
  return wasmReady;
}

/**
 * pg pool settings as discrete fields: adapter-pg derives the shadow database by overriding
 * `database`, which a `connectionString` would silently win over.
 */
export function poolConfigFromUrl(url: string) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || u.searchParams.get("host") || "localhost",
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || undefined,
  };
}

/**
 * adapter-pg drops its shadow database while that database's own pool is still open, which
 * PostgreSQL refuses ("being accessed by other users"). Close the pool first, then drop.
 */
class ShadowSafePrismaPg extends PrismaPg {
  /**
   * Connections handed to the engine. Freeing the engine does not close them, and one still
   * holds Prisma's migration advisory lock, which would stall the next migration by 10 s.
   */
  readonly opened: { dispose(): Promise<void> }[] = [];

  override async connect() {
    const adapter = await super.connect();
    this.opened.push(adapter);
    // adapter-pg runs a script by splitting it on every ";", which breaks a migration with a
    // semicolon in a comment, a string or a function body. Send the script whole instead, as one
    // simple-protocol query: PostgreSQL runs it in one implicit transaction, as Prisma's native
    // engine does.
    const internals = adapter as unknown as { client: { query(sql: string): Promise<unknown> }; onError(e: unknown): never };
    adapter.executeScript = async (script: string) => {
      try {
        await internals.client.query(script);
      } catch (error) {
        internals.onError(error);
      }
    };
    return adapter;
  }

  async disposeAll() {
    await Promise.allSettled(this.opened.splice(0).map((a) => a.dispose()));
  }

  override async connectToShadowDb() {
    const shadow = await super.connectToShadowDb();
    const internals = shadow as unknown as {
      client: { end(): Promise<void>; options: { database: string } };
      release?: () => Promise<void>;
    };
    internals.release = async () => {
      await internals.client.end();
      const admin = await super.connect();
      try {
        await admin.executeScript(`DROP DATABASE IF EXISTS "${internals.client.options.database}" WITH (FORCE)`);
      } finally {
        await admin.dispose();
      }
    };
    return shadow;
  }
}

async function withEngine<T>(databaseUrl: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const datamodel = await readFile(schemaPath, "utf8");
  const factory = new ShadowSafePrismaPg(poolConfigFromUrl(databaseUrl));
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const log = (line: string) => {
    if (process.env.DEBUG_MIGRATE) process.stderr.write(`${line}\n`);
  };
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, datamodel]] }, log, adapter);
  try {
    return await fn(engine);
  } finally {
    engine.free();
    await factory.disposeAll();
  }
}

export async function listMigrations(dir = migrationsDir): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const lockPath = "migration_lock.toml";
  const lockContent = await readFile(join(dir, lockPath), "utf8").catch(() => null);
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return {
    baseDir: dir,
    lockfile: { path: lockPath, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      dirs.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(join(dir, name, "migration.sql"), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (err: Error) => ({ tag: "error" as const, value: err.message }),
          ),
        },
      })),
    ),
  };
}

const noFilter = { externalTables: [], externalEnums: [] };

/** `prisma migrate deploy`: apply every migration not yet recorded in `_prisma_migrations`. */
export async function migrateDeploy(databaseUrl: string, dir = migrationsDir): Promise<string[]> {
  const migrationsList = await listMigrations(dir);
  return withEngine(databaseUrl, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: noFilter });
    return out.appliedMigrationNames;
  });
}

export interface MigrationState {
  /** In the folder and not applied (unfinished ones included). */
  pending: string[];
  /** Started and neither finished nor rolled back: failed, or being applied right now. */
  unfinished: string[];
  /** Applied, but the file's checksum is no longer the one recorded: edited after it ran. */
  modified: string[];
}

/**
 * The folder's migrations against `_prisma_migrations`, read directly (no engine): cheap enough for
 * every start and for a readiness probe. Prisma records the sha256 of each migration.sql it
 * applied, so an edit after the fact shows too.
 */
export async function migrationState(databaseUrl: string, dir = migrationsDir): Promise<MigrationState> {
  const { migrationDirectories } = await listMigrations(dir);
  const client = new pg.Client(poolConfigFromUrl(databaseUrl));
  await client.connect();
  let rows: { migration_name: string; checksum: string; finished: boolean }[] = [];
  try {
    const table = await client.query(`SELECT to_regclass('public._prisma_migrations') AS t`);
    if (table.rows[0]?.t) {
      ({ rows } = await client.query(
        `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished
           FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      ));
    }
  } finally {
    await client.end();
  }
  const state: MigrationState = { pending: [], unfinished: rows.filter((r) => !r.finished).map((r) => r.migration_name), modified: [] };
  for (const { path: name, migrationFile } of migrationDirectories) {
    const applied = rows.filter((r) => r.migration_name === name && r.finished);
    if (applied.length === 0) {
      state.pending.push(name);
    } else {
      const content = migrationFile.content.tag === "ok" ? migrationFile.content.value : null;
      const checksum = content === null ? null : createHash("sha256").update(content).digest("hex");
      if (!applied.some((r) => r.checksum === checksum)) state.modified.push(name);
    }
  }
  return state;
}

/**
 * What the service runs on start with MIGRATE_ON_START: the cheap check first, and the engine only
 * when a migration is pending or unfinished (loading its WebAssembly and parsing the schema took
 * 150-350 ms of every start, to learn that nothing was to be done). The engine then applies them,
 * or fails on an unfinished one, exactly as `prisma migrate deploy` does. A modified migration is
 * returned for the caller to warn about: deploy itself does not look at checksums.
 */
export async function migrateOnStart(databaseUrl: string, dir = migrationsDir): Promise<{ applied: string[]; modified: string[] }> {
  const state = await migrationState(databaseUrl, dir);
  const applied = state.pending.length || state.unfinished.length ? await migrateDeploy(databaseUrl, dir) : [];
  return { applied, modified: state.modified };
}

/** Names of migrations in prisma/migrations that the database has not applied. */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  return (await migrationState(databaseUrl)).pending;
}

/**
 * SQL that takes the database from the `previous` datamodel (null: an empty database) to
 * prisma/schema.prisma, empty when they agree. Compares two datamodels rather than replaying the
 * migrations into a shadow database: the WebAssembly engine cannot yet read PostgreSQL's catalog
 * through the pg adapter ("Column type 'char' could not be deserialized").
 */
export async function diffSchemas(databaseUrl: string, previous: string | null): Promise<string> {
  const datamodel = await readFile(schemaPath, "utf8");
  return withEngine(databaseUrl, async (engine) => {
    const out = await engine.diff({
      from: previous === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: schemaPath, content: previous }] },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: datamodel }] },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    const sql = out.stdout ?? "";
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? "" : sql;
  });
}
