// DATABASE_REPLICA_URLS: reads go to a replica (@prisma/extension-read-replicas), writes and
// primary() reads to the primary. Shown with a "replica" that is a second database holding
// different rows, so where each statement ran is visible in its answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../../src/db.ts";
import { createTestDatabase, dropTestDatabase, withClient } from "../helpers/db.ts";

let replicaUrl = "";
let client: Db;

beforeAll(async () => {
  replicaUrl = await createTestDatabase();
  // The "replica" lags: it has not seen the newest country.
  await withClient(replicaUrl, (c) => c.query(`UPDATE "Country" SET name = 'Stale name' WHERE code = 'PK'`));
  client = createPrismaClient(process.env.DATABASE_URL!, { replicaUrls: [replicaUrl] });
});

afterAll(async () => {
  await client.$disconnect();
  await dropTestDatabase(replicaUrl);
});

describe("read replicas", () => {
  it("sends reads to the replica and writes to the primary; $primary() reads the primary", async () => {
    const read = () => client.country.findUniqueOrThrow({ where: { code: "PK" }, select: { name: true } });
    expect(await read()).toEqual({ name: "Stale name" });
    await client.country.update({ where: { code: "PK" }, data: { name: "Islamic Republic of Pakistan" } });
    // The write went to the primary: the replica still answers its own row ...
    expect(await read()).toEqual({ name: "Stale name" });
    // ... and the primary has it.
    const primary = (client as unknown as { $primary(): Db }).$primary();
    expect(await primary.country.findUniqueOrThrow({ where: { code: "PK" }, select: { name: true } })).toEqual({
      name: "Islamic Republic of Pakistan",
    });
  });
});
