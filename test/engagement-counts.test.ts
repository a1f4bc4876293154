// The engagement-count rollup and the participants' copied dates (migration perf_layout) are kept
// by triggers: they must equal a recount from the facts after any sequence of writes, including
// two writers at once, and every count the API answers from them must equal the count from the
// facts.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../src/db.ts";
import { engagementStats, type StatsDimension } from "../src/domain/analysis.ts";
import { countEngagements, countKeyOf } from "../src/domain/engagement-counts.ts";
import { engagementWhere, resolveEngagementFilter, type ResolvedEngagementFilter } from "../src/domain/engagement-filter.ts";
import { parsePartialDate } from "../src/domain/dates.ts";
import { createServer } from "../src/yoga.ts";
import { execute } from "./helpers/graphql.ts";

const url = process.env.DATABASE_URL!;
const yoga = createServer();
const client = new pg.Client({ connectionString: url });
beforeAll(() => client.connect());
afterAll(async () => {
  await client.end();
  await disconnectDb();
});

const q = (sql: string, values: unknown[] = []) => client.query(sql, values);

/** The rollup's non-zero rows, in a stable order. */
async function rollup(c: pg.Client = client) {
  const { rows } = await c.query(
    `SELECT "countryA", "countryB", year, status::text, kind::text, formality::text, n FROM "EngagementCount" WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6`,
  );
  return rows;
}

/** What the rollup would be if recounted from the facts now (in a rolled-back transaction). */
async function recounted() {
  await q("BEGIN");
  try {
    await q("SELECT summitry_rebuild_engagement_counts()");
    return await rollup();
  } finally {
    await q("ROLLBACK");
  }
}

async function countryId(code: string): Promise<number> {
  const { rows } = await q(`SELECT id FROM "Country" WHERE code = $1`, [code]);
  return rows[0].id;
}

async function codes(...list: string[]): Promise<number[] & [number, number, number, number]> {
  return (await Promise.all(list.map(countryId))) as number[] & [number, number, number, number];
}

let nextSlug = 0;
async function newEngagement(date = "2024-03-05", status = "HELD", kind = "BILATERAL_MEETING"): Promise<number> {
  const { rows } = await q(
    `INSERT INTO "Engagement" (slug, title, kind, formality, status, date, "datePrecision", "updatedAt")
     VALUES ($1, 'rollup test', $2, 'FORMAL', $3, $4, 'DAY', now()) RETURNING id`,
    [`rollup-test-${++nextSlug}`, kind, status, date],
  );
  return rows[0].id;
}

async function addParticipant(engagement: number, country: number, person: number | null = null, c: pg.Client = client) {
  const { rows } = await c.query(
    `INSERT INTO "EngagementParticipant" ("engagementId", "countryId", "personId", role) VALUES ($1, $2, $3, 'GUEST') RETURNING id`,
    [engagement, country, person],
  );
  return rows[0].id as number;
}

describe("the engagement-count rollup", () => {
  it("equals a recount from the facts after the seed", async () => {
    const now = await rollup();
    expect(now.length).toBeGreaterThan(0);
    expect(now).toEqual(await recounted());
  });

  it("follows every kind of write: new engagements and participants, moves, status, date, retraction, deletion", async () => {
    const [IN, PK, CN, RU] = await codes("IN", "PK", "CN", "RU");
    const { rows: people } = await q(`SELECT id FROM "Person" ORDER BY id LIMIT 2`);
    const a = await newEngagement();
    await addParticipant(a, IN, people[0].id);
    await addParticipant(a, IN, people[1].id); // a second person of the same country: no new pair
    await addParticipant(a, PK);
    expect(await rollup()).toEqual(await recounted());

    const b = await newEngagement("2023-11-30", "SCHEDULED", "COURTESY_CALL");
    const moved = await addParticipant(b, CN);
    await addParticipant(b, RU);
    await q(`UPDATE "EngagementParticipant" SET "countryId" = $1 WHERE id = $2`, [IN, moved]);
    expect(await rollup()).toEqual(await recounted());

    await q(`UPDATE "Engagement" SET status = 'HELD', date = '2025-01-02' WHERE id = $1`, [b]);
    await q(`UPDATE "Engagement" SET kind = 'INFORMAL_ENCOUNTER', formality = 'INFORMAL' WHERE id = $1`, [a]);
    expect(await rollup()).toEqual(await recounted());

    await q(`DELETE FROM "EngagementParticipant" WHERE "engagementId" = $1 AND "personId" = $2`, [a, people[0].id]);
    expect(await rollup()).toEqual(await recounted()); // IN still there through the second person
    await q(`DELETE FROM "EngagementParticipant" WHERE "engagementId" = $1 AND "countryId" = $2`, [a, IN]);
    expect(await rollup()).toEqual(await recounted());

    await q(`UPDATE "Engagement" SET "retractedAt" = now() WHERE id = $1`, [b]);
    await addParticipant(b, CN); // a retracted engagement counts nowhere, whatever is added to it
    expect(await rollup()).toEqual(await recounted());
    await q(`UPDATE "Engagement" SET "retractedAt" = NULL WHERE id = $1`, [b]);
    expect(await rollup()).toEqual(await recounted());

    await q(`DELETE FROM "Engagement" WHERE id = ANY($1)`, [[a, b]]);
    expect(await rollup()).toEqual(await recounted());
  });

  it("stays exact when two writers add participants of different countries to one engagement at once", async () => {
    const [IN, PK, CN] = await codes("IN", "PK", "CN");
    const e = await newEngagement("2022-07-07");
    await addParticipant(e, CN);
    const w1 = new pg.Client({ connectionString: url });
    const w2 = new pg.Client({ connectionString: url });
    await Promise.all([w1.connect(), w2.connect()]);
    try {
      await w1.query("BEGIN");
      await w2.query("BEGIN");
      await addParticipant(e, IN, null, w1);
      // w2 waits on the engagement's row lock until w1 commits, then sees IN in the set.
      const second = addParticipant(e, PK, null, w2);
      await new Promise((r) => setTimeout(r, 100));
      await w1.query("COMMIT");
      await second;
      await w2.query("COMMIT");
    } finally {
      await Promise.all([w1.end(), w2.end()]);
    }
    expect(await rollup()).toEqual(await recounted());
    const { rows } = await q(`SELECT n FROM "EngagementCount" WHERE "countryA" = $1 AND "countryB" = $2 AND year = 2022`, [
      Math.min(IN, PK),
      Math.max(IN, PK),
    ]);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it("keeps each participant's date equal to its engagement's", async () => {
    const IN = await countryId("IN");
    const e = await newEngagement("2021-02-03");
    const p = await addParticipant(e, IN);
    await q(`UPDATE "Engagement" SET date = '2021-09-10' WHERE id = $1`, [e]);
    await q(`UPDATE "EngagementParticipant" SET date = '1999-01-01' WHERE id = $1`, [p]); // cannot drift
    const { rows } = await q(
      `SELECT count(*)::int AS n FROM "EngagementParticipant" p JOIN "Engagement" e ON e.id = p."engagementId" WHERE p.date IS DISTINCT FROM e.date`,
    );
    expect(rows).toEqual([{ n: 0 }]);
    const { rows: mine } = await q(`SELECT to_char(date, 'YYYY-MM-DD') AS d FROM "EngagementParticipant" WHERE id = $1`, [p]);
    expect(mine).toEqual([{ d: "2021-09-10" }]);
  });
});

describe("counts answered from the rollup", () => {
  const filters: Parameters<typeof resolveEngagementFilter>[0][] = [
    {},
    { countries: ["IN"] },
    { countries: ["IN", "PK"] },
    { countries: ["PK", "IN"], status: ["HELD"] },
    { countries: ["CN", "IN"], kind: ["BILATERAL_MEETING", "COURTESY_CALL"] },
    { countries: ["CN", "IN", "RU"] }, // three countries: counted from the facts
    { status: ["SPECULATED"] },
    { formality: ["INFORMAL"] },
    { anyCountries: ["IN", "PK"] },
    { from: { date: new Date("2025-01-01"), precision: "YEAR" } as never },
    { organisation: "SCO" },
  ];
  const groupings: StatsDimension[][] = [[], ["YEAR"], ["COUNTRY"], ["KIND", "STATUS"], ["YEAR", "COUNTRY"]];

  it("equal the counts from the facts for every filter and grouping", async () => {
    // Writes first, so the rollup is not merely the migration's rebuild.
    const [IN, PK] = await codes("IN", "PK");
    const e = await newEngagement("2025-06-26", "HELD", "BILATERAL_MEETING");
    await addParticipant(e, IN);
    await addParticipant(e, PK);
    let fromRollup = 0;
    for (const input of filters) {
      const f = await resolveEngagementFilter(input);
      if (countKeyOf(f)) fromRollup++;
      expect(await countEngagements(f), JSON.stringify(input)).toBe(await countEngagements(f, { fromCounts: false }));
      for (const dims of groupings) {
        const label = `${JSON.stringify(input)} by ${dims.join(",")}`;
        expect(await engagementStats(f, dims), label).toEqual(await engagementStats(f, dims, { fromCounts: false }));
      }
    }
    expect(fromRollup).toBe(7); // the rollup really answered most of them
  });

  it("counts from the facts what the list lists, partial dates on both sides of a `from`", async () => {
    // The count's SQL bounds `from` by the first of January of its year (a range on the date
    // index) before the exact test; the list asks Prisma. Meetings known to the year, the month
    // and the day, just before and after each bound, must be counted exactly when listed.
    for (const [date, precision] of [["2024-01-01", "YEAR"], ["2024-12-01", "MONTH"], ["2024-12-31", "DAY"], ["2025-01-01", "YEAR"], ["2025-03-01", "MONTH"], ["2025-03-15", "DAY"]] as const) {
      const id = await newEngagement(date, "HELD", "BILATERAL_MEETING");
      await db().$executeRaw`UPDATE "Engagement" SET "datePrecision" = ${precision}::"DatePrecision" WHERE id = ${id}`;
    }
    for (const from of ["2024-12-31", "2025-01-01", "2025-02-28", "2025-03-15", "2025-03-16", "2024"]) {
      const f = await resolveEngagementFilter({ from: parsePartialDate(from) });
      const listed = await db().engagement.count({ where: engagementWhere(f) });
      expect(await countEngagements(f, { fromCounts: false }), from).toBe(listed);
    }
  });

  it("never answers a filter field it does not know", async () => {
    const f = await resolveEngagementFilter({ countries: ["IN"] });
    expect(countKeyOf(f)).not.toBeNull();
    expect(countKeyOf({ ...f, people: [1] } as ResolvedEngagementFilter)).toBeNull();
    expect(countKeyOf({ ...f, people: null } as ResolvedEngagementFilter)).not.toBeNull();
    expect(countKeyOf({ ...f, people: [] } as ResolvedEngagementFilter)).not.toBeNull();
  });

  it("gives the API's totalCount and stats the same numbers as the facts", async () => {
    const result = await execute(
      yoga,
      `{ both: engagements(filter: { countries: ["IN", "PK"] }) { totalCount }
         held: engagements(filter: { status: [HELD] }) { totalCount }
         india: country(code: "IN") { engagements(first: 1) { totalCount } }
         stats: engagementStats(groupBy: [YEAR]) { total groups { year count } } }`,
    );
    expect(result.errors).toBeUndefined();
    const count = async (where: string) => (await q(`SELECT count(*)::int AS n FROM "Engagement" e WHERE e."retractedAt" IS NULL AND ${where}`)).rows[0].n;
    const took = (code: string) => `EXISTS (SELECT 1 FROM "EngagementParticipant" p JOIN "Country" c ON c.id = p."countryId" WHERE p."engagementId" = e.id AND c.code = '${code}')`;
    const { rows: years } = await q(
      `SELECT extract(year FROM date)::int AS year, count(*)::int AS count FROM "Engagement" WHERE "retractedAt" IS NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(result.data).toEqual({
      both: { totalCount: await count(`${took("IN")} AND ${took("PK")}`) },
      held: { totalCount: await count(`e.status = 'HELD'`) },
      india: { engagements: { totalCount: await count(took("IN")) } },
      stats: { total: await count("TRUE"), groups: years },
    });
  });
});
