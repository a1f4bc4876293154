// One page of engagements for each of many parents (countries or people) in one statement: rank
// each parent's participations newest first with a window function and keep the page's rows.
// Only those rows are then loaded with their nested selection. Prisma's relation joins would put
// the LIMIT after building the nested JSON of every participation, which at scale costs far more
// than the page (bench/RESULTS.md, "Optimisation").
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
  total: number;
}

export async function engagementPages(
  parentColumn: "countryId" | "personId",
  parentIds: number[],
  filter: PageFilter,
  offset: number,
  take: number,
): Promise<PageRow[]> {
  const column = Prisma.raw(`p."${parentColumn}"`);
  const conditions = [
    Prisma.sql`${column} = ANY(${parentIds}::int[])`,
    Prisma.sql`e."retractedAt" IS NULL`,
    filter.summitId ? Prisma.sql`e."summitId" = ${filter.summitId}` : Prisma.sql`TRUE`,
    filter.status ? Prisma.sql`e.status::text = ANY(${filter.status}::text[])` : Prisma.sql`TRUE`,
    filter.kind ? Prisma.sql`e.kind::text = ANY(${filter.kind}::text[])` : Prisma.sql`TRUE`,
  ];
  return db().$queryRaw<PageRow[]>`
    SELECT x.parent, x.id AS "participationId", x."engagementId", x.role, x.total::int AS total
    FROM (
      SELECT ${column} AS parent, p.id, p."engagementId", p.role::text AS role,
             row_number() OVER (PARTITION BY ${column} ORDER BY e.date DESC, e.id DESC) AS rn,
             count(*) OVER (PARTITION BY ${column}) AS total
      FROM "EngagementParticipant" p JOIN "Engagement" e ON e.id = p."engagementId"
      WHERE ${Prisma.join(conditions, " AND ")}
    ) x
    WHERE x.rn > ${offset} AND x.rn <= ${offset + take}
    ORDER BY x.parent, x.rn`;
}
