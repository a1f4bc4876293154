// Totals that count rows stop at COUNT_CAP and say so (src/domain/counting.ts); totals from the
// engagement-count rollup stay exact at any size. And the timeline, whose page is cut per kind in
// each table's own order before the kinds are merged, pages exactly as one sort of every item
// would, cursors included.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../src/db.ts";
import { COUNT_CAP } from "../src/domain/counting.ts";
import { createServer } from "../src/yoga.ts";
import { execute } from "./helpers/graphql.ts";

const yoga = createServer();
afterAll(() => disconnectDb());

async function data(query: string, variables?: Record<string, unknown>) {
  const result = await execute(yoga, query, variables);
  expect(result.errors).toBeUndefined();
  return result.data as any;
}

beforeAll(async () => {
  // One more statement for Pakistan than the cap, 2017 to 2026, three or four a day. Straight
  // through pg, as below: through every trigger this took over the service's 10 s statement
  // timeout on a loaded CI machine (Node 22 pass, PostgreSQL in a container).
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(`
      INSERT INTO "Statement" (slug, "countryId", date, "datePrecision", summary, topics, "updatedAt")
      SELECT 'totals-test-' || i, (SELECT id FROM "Country" WHERE code = 'PK'), DATE '2017-01-01' + (i % 3300), 'DAY',
             'A routine statement ' || i, ARRAY['routine'], now()
      FROM generate_series(1, ${COUNT_CAP + 1}) i`);
  } finally {
    await client.end();
  }
}, 120_000);

describe("totals counted from rows", () => {
  it("are exact up to the cap and say when a list is longer", async () => {
    const all = await data(`{ statements { totalCount totalCountIsExact } }`);
    expect(all.statements).toEqual({ totalCount: COUNT_CAP, totalCountIsExact: false });
    const few = await data(`{ statements(filter: { countries: ["CN"] }) { totalCount totalCountIsExact } }`);
    const listed = await data(`{ statements(filter: { countries: ["CN"] }, first: 100) { edges { node { id } } } }`);
    expect(few.statements).toEqual({ totalCount: listed.statements.edges.length, totalCountIsExact: true });
    expect(few.statements.totalCount).toBeGreaterThan(0);
    const timeline = await data(`{ timeline(countries: ["PK"]) { totalCount totalCountIsExact } }`);
    expect(timeline.timeline).toEqual({ totalCount: COUNT_CAP, totalCountIsExact: false });
    const short = await data(`{ timeline(countries: ["PK"], from: "2026-12-01") { totalCount totalCountIsExact } }`);
    expect(short.timeline.totalCountIsExact).toBe(true);
  });

  it("stay exact at any size when the rollup answers, and are capped when the facts must be counted", { timeout: 120_000 }, async () => {
    // Straight through pg: ten thousand rows through every trigger outlast the service's statement timeout.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(`
        INSERT INTO "Engagement" (slug, title, kind, formality, status, date, "datePrecision", "updatedAt")
        SELECT 'totals-test-' || i, 'Planned consultations ' || i, 'BILATERAL_MEETING', 'FORMAL', 'SCHEDULED', DATE '2030-01-01' + (i % 500), 'DAY', now()
        FROM generate_series(1, ${COUNT_CAP + 1}) i`);
    } finally {
      await client.end();
    }
    // A date: only the facts can say, so they are counted, up to the cap.
    expect((await data(`{ engagements(filter: { from: "2030" }) { totalCount totalCountIsExact } }`)).engagements).toEqual({
      totalCount: COUNT_CAP,
      totalCountIsExact: false,
    });
    // A status: the rollup says, exactly, however many.
    const [scheduled] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Engagement" WHERE status = 'SCHEDULED' AND "retractedAt" IS NULL`;
    expect(scheduled!.n).toBeGreaterThan(COUNT_CAP);
    expect((await data(`{ engagements(filter: { status: [SCHEDULED] }) { totalCount totalCountIsExact } }`)).engagements).toEqual({
      totalCount: scheduled!.n,
      totalCountIsExact: true,
    });
    // Short lists either way are exact and equal what is listed.
    const rollup = await data(`{ engagements(filter: { countries: ["IN", "PK"] }) { totalCount totalCountIsExact } }`);
    const facts = await data(`{ engagements(filter: { anyCountries: ["IN", "PK"], from: "2020" }) { totalCount totalCountIsExact } }`);
    const listedRollup = await data(`{ engagements(filter: { countries: ["IN", "PK"] }, first: 100) { edges { node { id } } } }`);
    const listedFacts = await data(`{ engagements(filter: { anyCountries: ["IN", "PK"], from: "2020" }, first: 100) { edges { node { id } } } }`);
    expect(rollup.engagements).toEqual({ totalCount: listedRollup.engagements.edges.length, totalCountIsExact: true });
    expect(facts.engagements).toEqual({ totalCount: listedFacts.engagements.edges.length, totalCountIsExact: true });
  });
});

describe("the timeline's pages", () => {
  it("are the pages of one sort of every item, forwards and backwards, with cursors between kinds", async () => {
    // The reference: every item of Pakistan's timeline from 2024 on, sorted once.
    const everything = await db().$queryRaw<{ kind: string; id: number }[]>`
      SELECT kind, id FROM (
        SELECT 'Statement' AS kind, st.id, st.date FROM "Statement" st
         WHERE st."retractedAt" IS NULL AND st."countryId" = (SELECT id FROM "Country" WHERE code = 'PK')
           AND summitry_date_last(st.date, st."datePrecision") >= DATE '2024-01-01'
        UNION ALL SELECT 'Engagement', e.id, e.date FROM "Engagement" e
         WHERE e."retractedAt" IS NULL AND summitry_date_last(e.date, e."datePrecision") >= DATE '2024-01-01'
           AND EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = (SELECT id FROM "Country" WHERE code = 'PK'))
        UNION ALL SELECT 'Summit', s.id, s."startDate" FROM "Summit" s
         WHERE s."retractedAt" IS NULL
           AND summitry_date_last(COALESCE(s."endDate", s."startDate"), COALESCE(s."endPrecision", s."startPrecision")) >= DATE '2024-01-01'
           AND (s."hostCountryId" = (SELECT id FROM "Country" WHERE code = 'PK') OR EXISTS (SELECT 1 FROM "Attendance" a
                 WHERE a."summitId" = s.id AND a."countryId" = (SELECT id FROM "Country" WHERE code = 'PK') AND a."retractedAt" IS NULL AND a.mode <> 'ABSENT'))
        UNION ALL SELECT 'Incident', i.id, i."startDate" FROM "Incident" i
         WHERE i."retractedAt" IS NULL
           AND summitry_date_last(COALESCE(i."endDate", i."startDate"), COALESCE(i."endPrecision", i."startPrecision")) >= DATE '2024-01-01'
           AND EXISTS (SELECT 1 FROM "IncidentParty" ip WHERE ip."incidentId" = i.id AND ip."countryId" = (SELECT id FROM "Country" WHERE code = 'PK'))
      ) t ORDER BY date DESC, kind DESC, id DESC`;
    expect(everything.length).toBeGreaterThan(700);
    expect(new Set(everything.map((x) => x.kind)).size).toBeGreaterThan(2);
    const idOf = (node: { __typename: string; id: string }) => `${node.__typename}:${Buffer.from(node.id, "base64").toString().split(":")[1]}`;
    const page = `query($first: Int, $after: String, $last: Int, $before: String) {
      timeline(countries: ["PK"], from: "2024", first: $first, after: $after, last: $last, before: $before) {
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { node { __typename ... on Node { id } } } } }`;
    // Forwards in pages of 37 from the newest.
    const forwards: string[] = [];
    let after: string | null = null;
    for (;;) {
      const t: any = (await data(page, { first: 37, after })).timeline;
      forwards.push(...t.edges.map((e: any) => idOf(e.node)));
      if (!t.pageInfo.hasNextPage) break;
      after = t.pageInfo.endCursor;
    }
    expect(forwards).toEqual(everything.map((x) => `${x.kind}:${x.id}`));
    // Backwards in pages of 41 from the oldest.
    const backwards: string[] = [];
    let before: string | null = null;
    for (;;) {
      const t: any = (await data(page, { last: 41, before })).timeline;
      backwards.unshift(...t.edges.map((e: any) => idOf(e.node)));
      if (!t.pageInfo.hasPreviousPage) break;
      before = t.pageInfo.startCursor;
    }
    expect(backwards).toEqual(forwards);
  });
});
