// The evidence bounds (startEarliest, startLatest, confirmedUntil, endLatest, presumedUntil) of
// every tenure and membership in a few set-based statements, for the generator. The database keeps
// them with summitry_refresh_bounds() per office or membership scope (migration certainty), which
// scans the table once per scope: 38 s at SF1 and more than 13 minutes, unfinished, at SF10. This
// is the same rule over all scopes at once, through indexed temporary tables;
// test/evidence-bounds.test.ts checks that it computes exactly what the triggers keep.
import type pg from "pg";

interface Fact {
  table: "Tenure" | "Membership";
  citeColumn: "tenureId" | "membershipId";
  /** The scope a fact's bounds depend on (one office; one organisation and country), null-safe. */
  scope: string;
  /** Which facts have a scope at all (the functions return early for the others). */
  where: string;
  /** Whether one fact of a scope ends where the next begins (an office with one holder). */
  single: string;
  /** Nothing starts before this day (a membership before its organisation's founding). */
  floor: string;
}

const FACTS: Fact[] = [
  {
    table: "Tenure",
    citeColumn: "tenureId",
    scope: `f.portfolio::text || ':' || coalesce(f."countryId"::text, '-') || ':' || coalesce(f."organisationId"::text, '-')`,
    where: "f.portfolio IS NOT NULL",
    single: "f.portfolio NOT IN ('DEPUTY_DEFENCE', 'MILITARY_COMMAND')",
    floor: "NULL::date",
  },
  {
    table: "Membership",
    citeColumn: "membershipId",
    scope: `f."organisationId"::text || ':' || f."countryId"::text`,
    where: `f."organisationId" IS NOT NULL AND f."countryId" IS NOT NULL`,
    single: "true",
    floor: `(SELECT o."foundedDate" FROM "Organisation" o WHERE o.id = f."organisationId")`,
  },
];

/** Statements that leave the computed bounds of `fact` in the temporary table bounds_<table>. */
function boundsStatements(fact: Fact): string[] {
  const t = fact.table.toLowerCase();
  return [
    `DROP TABLE IF EXISTS own_${t}, att_${t}, ev_${t}, bounds_${t}`,
    `CREATE TEMP TABLE own_${t} AS
       SELECT f.id, ${fact.scope} AS scope, ${fact.single} AS single, ${fact.floor} AS floor_day,
              f."fromDate" AS from_first, summitry_date_last(f."fromDate", f."fromPrecision") AS from_last,
              f."toDate" AS to_first, summitry_date_last(f."toDate", f."toPrecision") AS to_last,
              f."attestedDate" AS att_first, summitry_date_last(f."attestedDate", f."attestedPrecision") AS att_last,
              f."retractedAt" IS NULL AS live
       FROM "${fact.table}" f WHERE ${fact.where}`,
    `CREATE TEMP TABLE att_${t} AS
       SELECT id, att_first AS first, att_last AS last FROM own_${t} WHERE att_first IS NOT NULL
       UNION ALL
       SELECT c."${fact.citeColumn}", coalesce(c."attestsDate", s."publishedDate"),
              CASE WHEN c."attestsDate" IS NOT NULL THEN summitry_date_last(c."attestsDate", c."attestsPrecision")
                   ELSE summitry_date_last(s."publishedDate", s."publishedPrecision") END
       FROM "Citation" c JOIN "Source" s ON s.id = c."sourceId"
       WHERE c."${fact.citeColumn}" IS NOT NULL AND coalesce(c."attestsDate", s."publishedDate") IS NOT NULL`,
    `CREATE INDEX ON att_${t} (id)`,
    `ANALYZE att_${t}`,
    `CREATE TEMP TABLE ev_${t} AS
       SELECT own.*,
              CASE WHEN from_first IS NOT NULL THEN from_last
                   ELSE (SELECT min(a.last) FROM att_${t} a WHERE a.id = own.id) END AS start_latest,
              CASE WHEN to_first IS NOT NULL THEN to_first
                   ELSE greatest(from_last, (SELECT max(a.first) FROM att_${t} a
                                             WHERE a.id = own.id AND (from_first IS NULL OR a.first >= from_first))) END AS confirmed
       FROM own_${t} own`,
    `CREATE INDEX ON ev_${t} (scope)`,
    `ANALYZE ev_${t}`,
    `CREATE TEMP TABLE bounds_${t} AS
       SELECT e.id,
              greatest(e.from_first, e.floor_day,
                       CASE WHEN e.single THEN (SELECT max(p.confirmed) + 1 FROM ev_${t} p
                                                WHERE p.scope = e.scope AND p.live AND p.id <> e.id AND p.confirmed < e.start_latest) END) AS start_earliest,
              e.start_latest,
              e.confirmed,
              CASE WHEN e.to_first IS NOT NULL THEN e.to_last
                   WHEN e.single THEN (SELECT min(n.start_latest) - 1 FROM ev_${t} n
                                       WHERE n.scope = e.scope AND n.live AND n.id <> e.id AND n.start_latest > e.confirmed) END AS end_latest,
              CASE WHEN e.to_first IS NOT NULL THEN e.confirmed
                   WHEN e.single THEN (SELECT min(greatest(n.from_first, e.confirmed + 1)) - 1 FROM ev_${t} n
                                       WHERE n.scope = e.scope AND n.live AND n.id <> e.id AND n.start_latest > e.confirmed) END AS presumed_until
       FROM ev_${t} e`,
  ];
}

/** The rows of `table` whose stored bounds differ from the computed ones (after computeBounds). */
export function differencesSql(table: Fact["table"]): string {
  const t = table.toLowerCase();
  return `SELECT f.id FROM "${table}" f JOIN bounds_${t} b ON b.id = f.id
          WHERE (f."startEarliest", f."startLatest", f."confirmedUntil", f."endLatest", f."presumedUntil")
                IS DISTINCT FROM (b.start_earliest, b.start_latest, b.confirmed, b.end_latest, b.presumed_until)`;
}

/** Compute every tenure's and membership's bounds into temporary tables bounds_tenure, bounds_membership. */
export async function computeBounds(client: pg.Client | pg.PoolClient): Promise<void> {
  for (const fact of FACTS) for (const sql of boundsStatements(fact)) await client.query(sql);
}

/** Compute and store them (the generator, with triggers off). Returns the rows updated. */
export async function storeBounds(client: pg.Client): Promise<number> {
  await computeBounds(client);
  let updated = 0;
  for (const fact of FACTS) {
    const t = fact.table.toLowerCase();
    const result = await client.query(
      `UPDATE "${fact.table}" f
          SET "startEarliest" = b.start_earliest, "startLatest" = b.start_latest, "confirmedUntil" = b.confirmed,
              "endLatest" = b.end_latest, "presumedUntil" = b.presumed_until
         FROM bounds_${t} b
        WHERE f.id = b.id
          AND (f."startEarliest", f."startLatest", f."confirmedUntil", f."endLatest", f."presumedUntil")
              IS DISTINCT FROM (b.start_earliest, b.start_latest, b.confirmed, b.end_latest, b.presumed_until)`,
    );
    updated += result.rowCount ?? 0;
  }
  return updated;
}
