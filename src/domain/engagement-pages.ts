// One page of engagements for each of many parents (countries or people) in one statement. Each
// parent's page is a LATERAL subquery walking its participations newest first off the
// (parent, date DESC, engagementId DESC) index, which stops after offset + take rows: a page
// costs its size, not the parent's whole history (bench/RESULTS.md). Totals are a separate,
// optional statement, since most pages do not ask for them.
import { db } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";

export interface PageFilter {
  summitId: number | null;
  status: string[] | null;
  kind: string[] | null;
}

export interface PageRow {
  parent: number;
  participationId: number;
  engagementId: number;
  role: string;
}

function conditions(filter: PageFilter): Prisma.Sql {
  return Prisma.join(
    [
      Prisma.sql`e."retractedAt" IS NULL`,
      filter.summitId ? Prisma.sql`e."summitId" = ${filter.summitId}` : Prisma.sql`TRUE`,
      filter.status ? Prisma.sql`e.status::text = ANY(${filter.status}::text[])` : Prisma.sql`TRUE`,
      filter.kind ? Prisma.sql`e.kind::text = ANY(${filter.kind}::text[])` : Prisma.sql`TRUE`,
    ],
    " AND ",
  );
}

/**
 * The page of one parent's participations (id, engagementId, role, date), newest first: the
 * statement's LATERAL body for the resolvers below, and a subquery of a whole-operation read
 * (src/schema/compiled-reads.ts), so both paths cut pages the same way. `parent` is an SQL
 * expression for the parent's id. `fromEnd` counts from the oldest instead (the same walk
 * backwards off the same index, for `last` without `before`, where each parent's list ends at a
 * different offset).
 */
export function participationPageSql(
  parentColumn: "countryId" | "personId",
  parent: Prisma.Sql,
  filter: PageFilter,
  offset: number,
  take: number,
  fromEnd = false,
): Prisma.Sql {
  const column = Prisma.raw(`p."${parentColumn}"`);
  // A country can take part in one engagement through several people: it lists the engagement
  // once, with the role of its first participant row (lowest id, whichever way the walk goes).
  const byCountry = parentColumn === "countryId";
  const distinct = byCountry ? Prisma.sql`DISTINCT ON (p.date, p."engagementId")` : Prisma.empty;
  const order = fromEnd
    ? Prisma.raw(`p.date ASC, p."engagementId" ASC, p.id ${byCountry ? "ASC" : "DESC"}`)
    : Prisma.raw(`p.date DESC, p."engagementId" DESC, p.id`);
  return Prisma.sql`
      SELECT ${distinct} p.id, p."engagementId", p.role::text AS role, p.date
      FROM "EngagementParticipant" p JOIN "Engagement" e ON e.id = p."engagementId"
      WHERE ${column} = ${parent} AND ${conditions(filter)}
      ORDER BY ${order}
      OFFSET ${offset} LIMIT ${take}`;
}

export async function engagementPages(
  parentColumn: "countryId" | "personId",
  parentIds: number[],
  filter: PageFilter,
  offset: number,
  take: number,
  fromEnd = false,
): Promise<PageRow[]> {
  // The rows still come newest first, whichever end the page was cut from.
  return db().$queryRaw<PageRow[]>`
    SELECT parent.id AS parent, x.id AS "participationId", x."engagementId", x.role
    FROM unnest(${parentIds}::int[]) WITH ORDINALITY AS parent(id, n)
    CROSS JOIN LATERAL (${participationPageSql(parentColumn, Prisma.sql`parent.id`, filter, offset, take, fromEnd)}) x
    ORDER BY parent.n, x.date DESC, x."engagementId" DESC, x.id`;
}

/**
 * How many engagements one parent took part in under the filter (retracted ones excluded), as a
 * scalar SQL expression; `parent` is an SQL expression for the parent's id.
 */
export function participationTotalSql(parentColumn: "countryId" | "personId", parent: Prisma.Sql, filter: PageFilter): Prisma.Sql {
  const column = Prisma.raw(`p."${parentColumn}"`);
  return parentColumn === "countryId" && filter.summitId === null
    ? // The rollup's (c, c) rows count each engagement of country c once.
      Prisma.sql`(SELECT coalesce(sum(c.n), 0)::int FROM "EngagementCount" c
          WHERE c."countryA" = ${parent} AND c."countryB" = c."countryA"
            AND ${filter.status ? Prisma.sql`c.status::text = ANY(${filter.status}::text[])` : Prisma.sql`TRUE`}
            AND ${filter.kind ? Prisma.sql`c.kind::text = ANY(${filter.kind}::text[])` : Prisma.sql`TRUE`})`
    : Prisma.sql`(SELECT count(DISTINCT p."engagementId")::int
          FROM "EngagementParticipant" p JOIN "Engagement" e ON e.id = p."engagementId"
          WHERE ${column} = ${parent} AND ${conditions(filter)})`;
}

/** How many engagements each parent took part in under the filter (retracted ones excluded). */
export async function engagementTotals(
  parentColumn: "countryId" | "personId",
  parentIds: number[],
  filter: PageFilter,
): Promise<Map<number, number>> {
  const rows = await db().$queryRaw<{ parent: number; n: number }[]>`
    SELECT parent.id AS parent, ${participationTotalSql(parentColumn, Prisma.sql`parent.id`, filter)} AS n
    FROM unnest(${parentIds}::int[]) AS parent(id)`;
  const totals = new Map(parentIds.map((id) => [id, 0]));
  for (const row of rows) totals.set(row.parent, row.n);
  return totals;
}
