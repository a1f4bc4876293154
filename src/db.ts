// The one PrismaClient of the process, over node-postgres through Prisma's driver adapter.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

/** Every SQL statement the client runs, for tests and benchmarks that count them. */
export const sqlStatements = { count: 0, log: [] as string[], keepLog: false };

export function createPrismaClient(databaseUrl: string) {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
  const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  client.$on("query", (e) => {
    sqlStatements.count++;
    if (sqlStatements.keepLog) sqlStatements.log.push(e.query);
  });
  return client;
}

export type Db = ReturnType<typeof createPrismaClient>;

let client: Db | undefined;

/**
 * The process-wide client, created on first use from DATABASE_URL (npm start sets it after
 * starting its embedded PostgreSQL, so it must not be read at import time).
 */
export function db(): Db {
  if (!client) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    client = createPrismaClient(url);
  }
  return client;
}

export async function disconnectDb() {
  const c = client;
  client = undefined;
  await c?.$disconnect();
}
