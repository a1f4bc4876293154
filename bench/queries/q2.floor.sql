-- params: first
-- Q2: HELD engagements in which both IN and PK took part, newest $1, with their summit, and how many.
-- The page walks the (status, date DESC, id DESC) index and stops after $1; the total is the
-- engagement-count rollup's (IN, PK, HELD) rows, as ours counts it (src/domain/engagement-counts.ts).
WITH a AS (SELECT id FROM "Country" WHERE code = 'IN'),
     b AS (SELECT id FROM "Country" WHERE code = 'PK')
SELECT json_build_object('data', json_build_object('engagements', json_build_object(
  'totalCount', (SELECT coalesce(sum(n.n), 0) FROM "EngagementCount" n
                  WHERE n."countryA" = least((SELECT id FROM a), (SELECT id FROM b)) AND n."countryB" = greatest((SELECT id FROM a), (SELECT id FROM b))
                    AND n.status = 'HELD'),
  'edges', coalesce((
    SELECT json_agg(json_build_object('node', json_build_object(
      'title', e.title,
      'date', CASE e."datePrecision" WHEN 'YEAR' THEN to_char(e.date, 'YYYY') WHEN 'MONTH' THEN to_char(e.date, 'YYYY-MM') ELSE to_char(e.date, 'YYYY-MM-DD') END,
      'kind', e.kind,
      'summit', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('name', s.name) END)) ORDER BY e.date DESC, e.id DESC)
      FROM (SELECT e.* FROM "Engagement" e
             WHERE e.status = 'HELD' AND e."retractedAt" IS NULL
               -- OFFSET 0 keeps each test a per-row probe: the planner cannot see through the codes
               -- that IN and PK are in a fifth of all meetings, and would otherwise hash every
               -- participation of both before it sorts.
               AND EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = (SELECT id FROM a) OFFSET 0)
               AND EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = (SELECT id FROM b) OFFSET 0)
             ORDER BY e.date DESC, e.id DESC LIMIT $1::int) e
      LEFT JOIN "Summit" s ON s.id = e."summitId"), '[]'::json))))
