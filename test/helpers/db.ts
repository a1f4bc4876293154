// Per-test-file databases, cloned from the templates that test/global-setup.ts migrated (and
// seeded) once per run. Cloning a small database takes milliseconds; migrating takes ~0.5 s.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the test server's `postgres` database, for CREATE/DROP DATABASE. */
    pgAdminUrl: string;
    /** Migrated, empty template database. */
    templateDb: string;
    /** The migrated template plus src/seed.ts's data. */
    seededTemplateDb: string;
  }
}

/** `adminUrl` with its database replaced. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Template names look like summitry_tpl_<run>; each test database of that run is
 * summitry_test_<run>_<random>, so the run's teardown can find any a crashed worker left behind.
 */
export function testDatabasePrefix(templateDb: string): string {
  return templateDb.replace(/^summitry_tpl_/, "summitry_test_").replace(/_seeded$/, "");
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const OBJECT_IN_USE = "55006"; // "source database ... is being accessed by other users"

/**
 * A new database cloned from the migrated template (seeded by default); returns its URL. The clone
 * fails while anyone is connected to the template, which only a stray connection could be: retry
 * for a few seconds, then report.
 */
export async function createTestDatabase({ seeded = true }: { seeded?: boolean } = {}): Promise<string> {
  const adminUrl = inject("pgAdminUrl");
  const template = seeded ? inject("seededTemplateDb") : inject("templateDb");
  const name = `${testDatabasePrefix(template)}_${randomBytes(4).toString("hex")}`;
  await withClient(adminUrl, async (admin) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== OBJECT_IN_USE || attempt >= 50) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  return databaseUrl(adminUrl, name);
}

/** Drops the database even while the app's connection pool still holds connections to it. */
export async function dropTestDatabase(url: string): Promise<void> {
  await withClient(inject("pgAdminUrl"), (admin) =>
    admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(databaseName(url))} WITH (FORCE)`),
  );
}
