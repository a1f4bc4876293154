// Engagement totals and per-group counts from the EngagementCount rollup (kept by triggers, see
// migration 20261202013000_perf_layout), so a total costs the number of groups rather than the
// number of engagements. A filter the rollup cannot express is counted from the facts instead:
// the answer is exact either way, only its cost differs.
import { db } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { StatsDimension, StatsGroup } from "./analysis.ts";
import { engagementWhereSql, type ResolvedEngagementFilter } from "./engagement-filter.ts";
import { cappedCountSql, totalOf, type Total } from "./counting.ts";
import type { Id } from "./lookups.ts";

/** The rollup's own filters: a country pair (0 = any), and lists of statuses, kinds, formalities. */
export interface CountKey<I extends Id = number> {
  countryA: I;
  countryB: I;
  status: string[] | null;
  kind: string[] | null;
  formality: string[] | null;
}

// Every field of ResolvedEngagementFilter the rollup can answer for, with the value that means "no
// filter". A field that is not listed here (one added to the filter later, say) makes the filter
// go to the facts whenever it is set, so a new filter can never be silently ignored.
const NEUTRAL: Record<string, (v: unknown) => boolean> = {
  allCountryIds: () => true,
  anyCountryIds: (v) => v === null,
  kind: () => true,
  status: () => true,
  formality: () => true,
  fromDay: (v) => v === null,
  toDay: (v) => v === null,
  summitId: (v) => v === null,
  organisationId: (v) => v === null,
};

/** The rollup key answering this filter, or null when only the facts can. */
export function countKeyOf(f: ResolvedEngagementFilter): CountKey | null;
export function countKeyOf(f: ResolvedEngagementFilter<Id>): CountKey<Id> | null;
export function countKeyOf(f: ResolvedEngagementFilter<Id>): CountKey<Id> | null {
  for (const [field, value] of Object.entries(f)) {
    const neutral = NEUTRAL[field];
    const unset = value === null || value === undefined || (Array.isArray(value) && value.length === 0);
    if (!neutral ? !unset : !neutral(value)) return null;
  }
  const countries = [...new Set(f.allCountryIds)];
  if (countries.length > 2) return null;
  const rest = { status: f.status, kind: f.kind, formality: f.formality };
  if (countries.length === 2 && countries.some((id) => typeof id !== "number")) {
    // Ids looked up in the statement (distinct codes, so distinct ids): the pair's order there.
    const [a, b] = countries as [Id, Id];
    return { countryA: Prisma.sql`LEAST(${a}, ${b})`, countryB: Prisma.sql`GREATEST(${a}, ${b})`, ...rest };
  }
  const [a = 0, b = a] = (countries as number[]).sort((x, y) => x - y);
  return { countryA: a, countryB: b, ...rest };
}

function keyWhere(k: CountKey<Id>): Prisma.Sql {
  const parts = [Prisma.sql`c."countryA" = ${k.countryA}`, Prisma.sql`c."countryB" = ${k.countryB}`];
  if (k.status) parts.push(Prisma.sql`c.status::text = ANY(${k.status}::text[])`);
  if (k.kind) parts.push(Prisma.sql`c.kind::text = ANY(${k.kind}::text[])`);
  if (k.formality) parts.push(Prisma.sql`c.formality::text = ANY(${k.formality}::text[])`);
  return Prisma.join(parts, " AND ");
}

/**
 * The engagements list's totalCount: from the rollup, exact at any size, when it can say; else
 * counted from the facts up to COUNT_CAP (src/domain/counting.ts).
 */
export async function engagementTotal(f: ResolvedEngagementFilter): Promise<Total> {
  if (countKeyOf(f)) return { n: await countEngagements(f), exact: true };
  const [row] = await db().$queryRaw<{ n: number }[]>(cappedCountSql(Prisma.sql`SELECT 1 FROM "Engagement" e WHERE ${engagementWhereSql(f)}`));
  return totalOf(row?.n ?? 0);
}

/** How many engagements match the filter: from the rollup when it can say, else counted. */
export async function countEngagements(f: ResolvedEngagementFilter, options: { fromCounts?: boolean } = {}): Promise<number> {
  const key = options.fromCounts === false ? null : countKeyOf(f);
  const [row] = key
    ? await db().$queryRaw<{ n: number }[]>`SELECT coalesce(sum(c.n), 0)::int AS n FROM "EngagementCount" c WHERE ${keyWhere(key)}`
    : await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Engagement" e WHERE ${engagementWhereSql(f)}`;
  return row?.n ?? 0;
}

/**
 * engagementStats from the rollup, or null when it cannot answer (the caller counts the facts).
 * Grouped by COUNTRY an engagement counts once for each participant country: with no country in
 * the filter those are the (c, c) rows; with one country X, the pairs that include X.
 */
export async function statsFromCounts(
  f: ResolvedEngagementFilter,
  dims: StatsDimension[],
): Promise<{ groups: StatsGroup[]; total: number } | null> {
  const key = countKeyOf(f);
  const sql = key && rollupStatsSql(key, dims);
  if (!sql) return null;
  const [groups, [total]] = await Promise.all([db().$queryRaw<StatsGroup[]>(sql.groups), db().$queryRaw<{ n: number }[]>(sql.total)]);
  return { groups, total: total?.n ?? 0 };
}

/**
 * The two statements of statsFromCounts (also a whole-operation read's, src/schema/compiled-reads.ts):
 * the groups (year, countryId, kind, status, count, in the dimensions' order) and the total (n);
 * null when the rollup cannot group so (by COUNTRY with a pair of countries in the filter).
 */
export function rollupStatsSql(key: CountKey<Id>, dims: StatsDimension[]): { groups: Prisma.Sql; total: Prisma.Sql } | null {
  const byCountry = dims.includes("COUNTRY");
  if (byCountry && key.countryA !== key.countryB) return null;
  const expr: Record<StatsDimension, Prisma.Sql> = {
    YEAR: Prisma.sql`c.year`,
    KIND: Prisma.sql`c.kind::text`,
    STATUS: Prisma.sql`c.status::text`,
    COUNTRY:
      key.countryA === 0
        ? Prisma.sql`c."countryA"`
        : Prisma.sql`(CASE WHEN c."countryA" = ${key.countryA} THEN c."countryB" ELSE c."countryA" END)`,
  };
  const column = (d: StatsDimension) => (dims.includes(d) ? expr[d] : Prisma.sql`NULL::int`);
  const textColumn = (d: StatsDimension) => (dims.includes(d) ? expr[d] : Prisma.sql`NULL::text`);
  // Grouped by country the pair is the group, so only the statuses, kinds and formalities filter.
  const groupWhere = byCountry
    ? Prisma.join(
        [
          ...(key.status ? [Prisma.sql`c.status::text = ANY(${key.status}::text[])`] : []),
          ...(key.kind ? [Prisma.sql`c.kind::text = ANY(${key.kind}::text[])`] : []),
          ...(key.formality ? [Prisma.sql`c.formality::text = ANY(${key.formality}::text[])`] : []),
          key.countryA === 0
            ? Prisma.sql`c."countryA" = c."countryB" AND c."countryA" <> 0`
            : Prisma.sql`c."countryA" <> 0 AND (c."countryA" = ${key.countryA} OR c."countryB" = ${key.countryA})`,
        ],
        " AND ",
      )
    : keyWhere(key);
  // By output position: the same expression written twice would carry different parameters, and
  // PostgreSQL would not see the GROUP BY's as the SELECT's.
  const position: Record<StatsDimension, number> = { YEAR: 1, COUNTRY: 2, KIND: 3, STATUS: 4 };
  const positions = Prisma.raw(dims.map((d) => position[d]).join(", "));
  const groupClause = dims.length ? Prisma.sql`GROUP BY ${positions}` : Prisma.empty;
  const orderClause = dims.length ? Prisma.sql`ORDER BY ${positions}` : Prisma.empty;
  return {
    groups: Prisma.sql`
      SELECT ${column("YEAR")} AS year, ${column("COUNTRY")} AS "countryId", ${textColumn("KIND")} AS kind,
             ${textColumn("STATUS")} AS status, coalesce(sum(c.n), 0)::int AS count
      FROM "EngagementCount" c
      WHERE ${groupWhere}
      ${groupClause}
      ${dims.length ? Prisma.sql`HAVING sum(c.n) > 0` : Prisma.empty}
      ${orderClause}`,
    total: Prisma.sql`SELECT coalesce(sum(c.n), 0)::int AS n FROM "EngagementCount" c WHERE ${keyWhere(key)}`,
  };
}
