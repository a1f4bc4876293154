import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, inject, test } from "vitest";
import { migrateDeploy, migrateOnStart, migrationState, migrationsDir, pendingMigrations } from "../src/migrate.ts";
import {
  createTestDatabase,
  databaseName,
  databaseUrl,
  dropTestDatabase,
  quoteIdent,
  testDatabasePrefix,
  withClient,
} from "./helpers/db.ts";

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

async function appliedMigrations(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL
      ORDER BY migration_name`,
  );
  return rows.map((r) => r.migration_name);
}

async function tableCount(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
  );
  return rows[0]?.n ?? 0;
}

describe("test databases", () => {
  test("each test file gets its own database cloned from the migrated template", async () => {
    const url = process.env.DATABASE_URL;
    expect(url).toBeDefined();
    const name = databaseName(url!);
    expect(name).not.toBe(inject("templateDb"));
    expect(name).not.toBe(inject("seededTemplateDb"));
    expect(name.startsWith(`${testDatabasePrefix(inject("templateDb"))}_`)).toBe(true);

    await withClient(url!, async (client) => {
      expect(await appliedMigrations(client)).toEqual(await migrationNames());
      expect(await tableCount(client)).toBeGreaterThan(0);
      const { rows } = await client.query<{ db: string }>("SELECT current_database() AS db");
      expect(rows[0]?.db).toBe(name);
    });
  });

  test("a test file can take a private unseeded database and drop it", async () => {
    const url = await createTestDatabase({ seeded: false });
    try {
      expect(url).not.toBe(process.env.DATABASE_URL);
      await withClient(url, async (client) => {
        expect(await appliedMigrations(client)).toEqual(await migrationNames());
      });
    } finally {
      await dropTestDatabase(url);
    }
    await withClient(inject("pgAdminUrl"), async (admin) => {
      const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName(url)]);
      expect(rowCount).toBe(0);
    });
  });

  test("migrations apply to an empty database", async () => {
    const adminUrl = inject("pgAdminUrl");
    const name = `${testDatabasePrefix(inject("templateDb"))}_empty_${randomBytes(3).toString("hex")}`;
    await withClient(adminUrl, (admin) => admin.query(`CREATE DATABASE ${quoteIdent(name)}`));
    const url = databaseUrl(adminUrl, name);
    try {
      expect(await migrateDeploy(url)).toEqual(await migrationNames());
      expect(await migrateDeploy(url)).toEqual([]);
      expect(await pendingMigrations(url)).toEqual([]);
      await withClient(url, async (client) => {
        expect(await tableCount(client)).toBeGreaterThan(0);
      });
    } finally {
      await dropTestDatabase(url); // FORCE: the migration engine's pool is still open
    }
  });
});

// npm start checks _prisma_migrations itself and loads Prisma's engine only when something is to be
// done: these are the cases where the check must not wrongly find nothing to do.
describe("migrations on start", () => {
  async function emptyDatabase(): Promise<string> {
    const name = `${testDatabasePrefix(inject("templateDb"))}_start_${randomBytes(3).toString("hex")}`;
    await withClient(inject("pgAdminUrl"), (admin) => admin.query(`CREATE DATABASE ${quoteIdent(name)}`));
    return databaseUrl(inject("pgAdminUrl"), name);
  }

  test("a database one migration behind gets that migration on start", async () => {
    const names = await migrationNames();
    const last = names.at(-1)!;
    // The migrations folder as it was one migration ago.
    const before = await mkdtemp(join(tmpdir(), "summitry-migrations-"));
    const url = await emptyDatabase();
    try {
      await cp(migrationsDir, before, { recursive: true });
      await rm(join(before, last), { recursive: true });
      expect(await migrateDeploy(url, before)).toEqual(names.slice(0, -1));
      expect(await migrationState(url)).toEqual({ pending: [last], unfinished: [], modified: [] });

      expect(await migrateOnStart(url)).toEqual({ applied: [last], modified: [] });
      await withClient(url, async (client) => expect(await appliedMigrations(client)).toEqual(names));
      expect(await migrateOnStart(url)).toEqual({ applied: [], modified: [] });
    } finally {
      await rm(before, { recursive: true, force: true });
      await dropTestDatabase(url);
    }
  });

  test("an empty database gets every migration on start", async () => {
    const url = await emptyDatabase();
    try {
      expect(await migrateOnStart(url)).toEqual({ applied: await migrationNames(), modified: [] });
    } finally {
      await dropTestDatabase(url);
    }
  });

  test("a migration edited after it was applied is reported, and nothing is applied", async () => {
    const url = await createTestDatabase({ seeded: false });
    try {
      const first = (await migrationNames())[0]!;
      await withClient(url, (client) =>
        client.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = $1`, [first]),
      );
      expect(await migrateOnStart(url)).toEqual({ applied: [], modified: [first] });
      expect((await migrationState(url)).pending).toEqual([]);
    } finally {
      await dropTestDatabase(url);
    }
  });

  test("a failed migration fails the start with Prisma's own message", async () => {
    const url = await createTestDatabase({ seeded: false });
    try {
      const last = (await migrationNames()).at(-1)!;
      await withClient(url, (client) =>
        client.query(`UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = $1`, [last]),
      );
      expect(await migrationState(url)).toEqual({ pending: [last], unfinished: [last], modified: [] });
      await expect(migrateOnStart(url)).rejects.toThrow(/migrate found failed migrations in the target database/);
    } finally {
      await dropTestDatabase(url);
    }
  });
});
