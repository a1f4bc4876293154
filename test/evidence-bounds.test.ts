// The bench generator computes the evidence bounds of every tenure and membership set-based
// (bench/evidence-bounds.ts) instead of through the per-scope functions the triggers call. On the
// seeded data, whose bounds the triggers keep, both must agree on every row: a difference in either
// rule (an office's successor, a source dated before the start, a founding floor) fails here.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeBounds, differencesSql } from "../bench/evidence-bounds.ts";

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
beforeAll(async () => {
  await client.connect();
  await client.query("BEGIN");
});
afterAll(async () => {
  await client.query("ROLLBACK");
  await client.end();
});

describe("set-based evidence bounds", () => {
  it.each(["Tenure", "Membership"] as const)("equal what the triggers keep, for every %s", async (table) => {
    await computeBounds(client);
    const computed = await client.query(`SELECT count(*)::int AS n, count(confirmed)::int AS confirmed FROM bounds_${table.toLowerCase()}`);
    const stored = await client.query(`SELECT count(*)::int AS n FROM "${table}"`);
    expect(computed.rows[0].n).toBe(stored.rows[0].n);
    expect(computed.rows[0].confirmed).toBeGreaterThan(0);
    expect((await client.query(differencesSql(table))).rows).toEqual([]);
  });

  it("would see a difference: a tenure's stored bound moved by a day is reported", async () => {
    await computeBounds(client);
    await client.query(`UPDATE "Tenure" SET "confirmedUntil" = "confirmedUntil" + 1
      WHERE id = (SELECT min(id) FROM "Tenure" WHERE "confirmedUntil" IS NOT NULL)`);
    const moved = await client.query(`SELECT min(id) AS id FROM "Tenure" WHERE "confirmedUntil" IS NOT NULL`);
    const differences = (await client.query(differencesSql("Tenure"))).rows.map((r) => r.id);
    expect(differences).toContain(moved.rows[0].id);
  });
});
