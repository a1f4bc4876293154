// Ranked search over every kind of fact, in one SQL statement (the page and the total together).
//
// Both sides of every comparison pass through summitry_search_text (migration search_names):
// accents dropped, lower case, American spellings folded to British ones. Then, per thing:
//   - its names ("SearchName": names, acronyms, ISO codes, alternate names, an incident's name as
//     each side uses it, a summit's city, a person's office titles): the whole query equal to a
//     name scores 1, a name starting with it 0.9; a title or alternate name holding every word
//     0.5 to 0.8 by how much of it the query covers. Fields weigh less the less they name the
//     thing (CITY 0.95, CODE 0.9, TITLE 0.8).
//   - its full-text document (the weighted `search` column: names A, places B, summaries C):
//     ts_rank_cd, normalised to 0..1.
//   rank = 0.75 * best name score + 0.25 * document score, so the thing a query names comes
//   before the things that only mention it. Ranks are rounded to two places (eight meetings of
//   one series that differ by a word in a note are a tie); among equals, things without a date
//   (an organisation, a country, a person) come before events, and events go newest first.
// Only when nothing matches so (a typo), names are matched by trigram similarity instead:
// similarity >= pg_trgm.similarity_threshold (0.3) or word similarity >=
// pg_trgm.word_similarity_threshold (0.6), scored 0.25 * word similarity + 0.25 * similarity.
// Web-search syntax ("a phrase", OR, -word) asks for exact words, so it turns prefixes and typo
// tolerance off; an exclusion applies to each document and each title or alternate name.
import { db } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";

export type SearchKind = "Organisation" | "Country" | "Person" | "Summit" | "Engagement" | "Incident" | "Statement";
export interface SearchHit {
  kind: SearchKind;
  id: number;
  rank: number;
}

/** Quotes, OR, or a word starting with "-": websearch_to_tsquery's operators. */
export function usesSearchOperators(text: string): boolean {
  return /"|(^|\s)-\S|(^|\s)or(\s|$)/i.test(text);
}

const FIELD_WEIGHT = Prisma.sql`CASE n.field WHEN 'TITLE' THEN 0.8 WHEN 'CODE' THEN 0.9 WHEN 'CITY' THEN 0.95 ELSE 1.0 END`;

function documents() {
  const doc = (kind: SearchKind, date: string | null, ts: "ts" | "ts_simple", retractable: boolean) =>
    Prisma.sql`SELECT ${kind}::text AS kind, x.id, ${date ? Prisma.raw(`x."${date}"`) : Prisma.sql`NULL::date`} AS date,
                      ts_rank_cd(x.search, ${Prisma.raw(`q.${ts}`)}, 32)::float8 AS score
               FROM ${Prisma.raw(`"${kind}"`)} x, q WHERE x.search @@ ${Prisma.raw(`q.${ts}`)}
               ${retractable ? Prisma.sql`AND x."retractedAt" IS NULL` : Prisma.empty}`;
  return Prisma.join(
    [
      doc("Organisation", null, "ts", false),
      doc("Country", null, "ts", false),
      // People's names are not English words: their document uses the 'simple' configuration.
      doc("Person", null, "ts_simple", false),
      doc("Summit", "startDate", "ts", true),
      doc("Engagement", "date", "ts", true),
      doc("Incident", "startDate", "ts", true),
      doc("Statement", "date", "ts", true),
    ],
    " UNION ALL ",
  );
}

function searchSql(text: string, offset: number, take: number) {
  const loose = !usesSearchOperators(text);
  // The normal form and the queries once (MATERIALIZED): folded into each branch as constants,
  // the spelling rules ran once per branch at planning time.
  return Prisma.sql`
    WITH q AS MATERIALIZED (
      SELECT n AS norm, replace(replace(replace(n, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' AS prefix,
             websearch_to_tsquery('english', n) AS ts, websearch_to_tsquery('simple', n) AS ts_simple
      FROM summitry_search_text(${text}) n
    ),
    names AS (
      SELECT n.kind, n."entityId" AS id, max(n.date) AS date,
        max(CASE
          WHEN n.norm = q.norm THEN 1.0
          WHEN n.norm LIKE q.prefix THEN 0.9
          ELSE 0.5 + 0.3 * least(1.0, length(q.norm)::float8 / greatest(length(n.norm), 1)) END * ${FIELD_WEIGHT})::float8 AS score
      FROM "SearchName" n, q
      WHERE ${loose ? Prisma.sql`n.norm = q.norm OR (length(q.norm) >= 3 AND n.norm LIKE q.prefix) OR` : Prisma.empty}
            (n.field IN ('TITLE', 'ALTERNATE_NAME') AND n.words @@ q.ts)
      GROUP BY 1, 2
    ),
    documents AS (${documents()}),
    precise AS (
      SELECT kind, id, max(date) AS date, (0.75 * max(name_score) + 0.25 * max(doc_score))::float8 AS rank FROM (
        SELECT kind, id, date, score AS name_score, 0::float8 AS doc_score FROM names
        UNION ALL SELECT kind, id, date, 0::float8, score FROM documents) h
      GROUP BY kind, id
    ),
    fuzzy AS (
      SELECT n.kind, n."entityId" AS id, max(n.date) AS date,
        (0.75 * max((0.25 * word_similarity(q.norm, n.norm) + 0.25 * similarity(q.norm, n.norm)) * ${FIELD_WEIGHT}))::float8 AS rank
      FROM "SearchName" n, q
      WHERE ${loose ? Prisma.sql`TRUE` : Prisma.sql`FALSE`} AND NOT EXISTS (SELECT 1 FROM precise)
        AND (n.norm % q.norm OR n.norm %> q.norm)
      GROUP BY 1, 2
    ),
    ranked AS (SELECT * FROM precise UNION ALL SELECT * FROM fuzzy)
    SELECT r.kind, r.id, r.rank, t.total
    FROM (SELECT count(*)::int AS total FROM ranked) t
    LEFT JOIN LATERAL (
      SELECT kind, id, round(rank::numeric, 2)::float8 AS rank FROM ranked
      ORDER BY round(rank::numeric, 2) DESC, date DESC NULLS FIRST, kind, id OFFSET ${offset} LIMIT ${take}
    ) r ON TRUE`;
}

/** One page of hits, best first, and how many there are in all. */
export async function searchPage(text: string, offset: number, take: number): Promise<{ hits: SearchHit[]; total: number }> {
  const rows = await db().$queryRaw<{ kind: SearchKind | null; id: number | null; rank: number | null; total: number }[]>(
    searchSql(text, offset, take),
  );
  return {
    total: rows[0]?.total ?? 0,
    hits: rows.filter((r) => r.kind !== null).map((r) => ({ kind: r.kind!, id: r.id!, rank: r.rank! })),
  };
}
