// Search pages cost their size (migration page_paths): each table's part of a tier comes from a
// walk of its newest rows, or, when the walk ends with too few, from its GIN index. Whichever
// way a page was found, it must be exactly the page of the documented ranking. Here a brute-force
// statement ranks every match of the rule (src/domain/search.ts) with no limits, and every page
// summitry_search gives is compared with it, over data built so that both ways run: 1 500 newer
// meetings that match nothing, old matches beyond any walk, and 1 100 dense ones (over the cap).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../src/db.ts";
import { SEARCH_COUNT_CAP, searchPage } from "../src/domain/search.ts";

afterAll(() => disconnectDb());

beforeAll(async () => {
  const engagements = (rows: string) => db().$executeRawUnsafe(`
    INSERT INTO "Engagement" (slug, title, kind, formality, status, date, "datePrecision", summary, "updatedAt")
    SELECT 'test-' || g.kind || '-' || i, g.title, 'BILATERAL_MEETING', 'FORMAL', 'HELD', g.date, 'DAY', g.summary, now()
    FROM (${rows}) g (kind, i, title, date, summary)`);
  // Newest of all and matching nothing searched below: a walk from the newest row finds none of
  // the old matches, so it must end and hand over to the index.
  await engagements(`SELECT 'filler', i, 'Routine liaison ' || i, DATE '2026-01-01' + (i % 300), NULL FROM generate_series(1, 1500) i`);
  // Old and sparse: every word in the title, in 1999.
  await engagements(`SELECT 'kestrel', i, 'Kestrel accord talks round ' || i, DATE '1999-01-01' + i, NULL FROM generate_series(1, 30) i`);
  // The words only in a summary (the TEXT tier), and one meeting named exactly as a query.
  await engagements(`SELECT 'kestrel-text', i, 'Liaison meeting ' || i, DATE '2003-05-01' + i, 'Both sides reaffirmed the Kestrel accord of 1998.' FROM generate_series(1, 25) i`);
  await engagements(`SELECT 'kestrel-named', i, 'Kestrel accord talks', DATE '2001-02-03', NULL FROM generate_series(1, 2) i`);
  // Dense and recent, more than the count's cap.
  await engagements(`SELECT 'osprey', i, 'Osprey consultations ' || i, DATE '2025-01-01' + (i % 365), NULL FROM generate_series(1, 1100) i`);
});

/**
 * The ranking rule, brute force: every named thing and every document match, ranked, no limits.
 * Names: equal (1), a prefix of a non-meeting name (0.9), or every word in an office title or an
 * alternate name (0.5 + 0.3 x coverage), times the field's weight, then 0.75 x that + 0.25. Then
 * every word in the name, title or place (0.25), then elsewhere in the document (0.1). Equal ranks: undated
 * first, newest first, kind, newest record.
 */
async function reference(text: string) {
  return db().$queryRawUnsafe<{ kind: string; id: number; rank: number }[]>(
    `WITH q AS (
       SELECT n AS norm, summitry_search_loose($1) AS loose, websearch_to_tsquery('english', n) AS ts, websearch_to_tsquery('simple', n) AS ts_simple,
              summitry_tsquery_in_names(websearch_to_tsquery('english', n)) AS ts_named
       FROM summitry_search_text($1) n),
     named AS (
       SELECT n.kind, n."entityId" AS id, max(n.date) AS date,
         round((0.75 * max(CASE WHEN q.loose AND n.norm = q.norm THEN 1.0
                                 WHEN q.loose AND length(q.norm) >= 3 AND n.kind <> 'Engagement' AND left(n.norm, length(q.norm)) = q.norm THEN 0.9
                                 ELSE 0.5 + 0.3 * least(1.0, length(q.norm)::float8 / greatest(length(n.norm), 1)) END
               * CASE n.field WHEN 'TITLE' THEN 0.8 WHEN 'CODE' THEN 0.9 WHEN 'CITY' THEN 0.95 ELSE 1.0 END) + 0.25)::numeric, 2)::float8 AS rank
       FROM "SearchName" n, q
       WHERE (q.loose AND (n.norm = q.norm OR (length(q.norm) >= 3 AND n.kind <> 'Engagement' AND left(n.norm, length(q.norm)) = q.norm)))
          OR (n.field IN ('TITLE', 'ALTERNATE_NAME') AND n.words @@ q.ts)
       GROUP BY 1, 2),
     docs AS (
       SELECT 'Engagement' AS kind, x.id, x.date, x.search @@ q.ts_named AS named FROM "Engagement" x, q WHERE x."retractedAt" IS NULL AND x.search @@ q.ts
       UNION ALL SELECT 'Summit', x.id, x."startDate", x.search @@ q.ts_named FROM "Summit" x, q WHERE x."retractedAt" IS NULL AND x.search @@ q.ts
       UNION ALL SELECT 'Incident', x.id, x."startDate", x.search @@ q.ts_named FROM "Incident" x, q WHERE x."retractedAt" IS NULL AND x.search @@ q.ts
       UNION ALL SELECT 'Statement', x.id, x.date, x.search @@ q.ts_named FROM "Statement" x, q WHERE x."retractedAt" IS NULL AND x.search @@ q.ts
       UNION ALL SELECT 'Person', x.id, NULL, true FROM "Person" x, q WHERE x.search @@ q.ts_simple
       UNION ALL SELECT 'Country', x.id, NULL, x.search @@ q.ts_named FROM "Country" x, q WHERE x.search @@ q.ts
       UNION ALL SELECT 'Organisation', x.id, NULL, x.search @@ q.ts_named FROM "Organisation" x, q WHERE x.search @@ q.ts),
     ranked AS (
       SELECT kind, id, date, rank FROM named
       UNION ALL
       SELECT d.kind, d.id, d.date, CASE WHEN d.named THEN 0.25 ELSE 0.1 END FROM docs d
       WHERE NOT EXISTS (SELECT 1 FROM named n WHERE n.kind = d.kind AND n.id = d.id))
     SELECT kind, id, rank FROM ranked ORDER BY rank DESC, date DESC NULLS FIRST, kind, id DESC`,
    text,
  );
}

describe("a search page is the ranking's page, however it was found", () => {
  it.each([
    "kestrel accord", // NAMED tier only from the index (old), then the TEXT tier
    "Kestrel accord talks", // two meetings named exactly so, then the titles, then the text
    "osprey consultations", // dense and recent: off the walk, and more than the cap
    "liaison", // 1 525 matches in two tiers
    '"kestrel accord" -talks', // web syntax: the summaries only
    "defence ministers meeting",
    "Qingdao",
    "SCO",
    "secretary general",
  ])("%s", async (text) => {
    const all = await reference(text);
    for (const [offset, take] of [[0, 20], [20, 20], [45, 30], [1090, 20]] as const) {
      const { hits, total, exact } = await searchPage(text, offset, take);
      expect(hits.map((h) => `${h.kind}:${h.id}:${h.rank}`), `${text} at ${offset}`).toEqual(
        all.slice(offset, offset + take).map((h) => `${h.kind}:${h.id}:${h.rank}`),
      );
      expect({ total, exact }).toEqual(
        all.length > SEARCH_COUNT_CAP ? { total: SEARCH_COUNT_CAP, exact: false } : { total: all.length, exact: true },
      );
    }
  });

  it("counts exactly up to the cap and says when more match", async () => {
    const dense = await searchPage("osprey consultations", 0, 5);
    expect({ total: dense.total, exact: dense.exact }).toEqual({ total: 1000, exact: false });
    const sparse = await searchPage("kestrel accord", 0, 5);
    expect({ total: sparse.total, exact: sparse.exact }).toEqual({ total: 57, exact: true });
  });
});
