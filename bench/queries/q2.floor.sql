-- params: first
-- Q2: HELD engagements in which both IN and PK took part, newest $1, with their summit, and how many.
WITH both_sides AS (
  SELECT ep."engagementId" AS id FROM "EngagementParticipant" ep JOIN "Country" c ON c.id = ep."countryId" WHERE c.code = 'IN'
  INTERSECT
  SELECT ep."engagementId" FROM "EngagementParticipant" ep JOIN "Country" c ON c.id = ep."countryId" WHERE c.code = 'PK'
), hits AS (
  SELECT e.* FROM "Engagement" e JOIN both_sides b ON b.id = e.id WHERE e.status = 'HELD'
)
SELECT json_build_object('data', json_build_object('engagements', json_build_object(
  'totalCount', (SELECT count(*) FROM hits),
  'edges', coalesce((
    SELECT json_agg(json_build_object('node', json_build_object(
      'title', e.title,
      'date', CASE e."datePrecision" WHEN 'YEAR' THEN to_char(e.date, 'YYYY') WHEN 'MONTH' THEN to_char(e.date, 'YYYY-MM') ELSE to_char(e.date, 'YYYY-MM-DD') END,
      'kind', e.kind,
      'summit', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('name', s.name) END)) ORDER BY e.date DESC, e.id DESC)
      FROM (SELECT * FROM hits ORDER BY date DESC, id DESC LIMIT $1::int) e LEFT JOIN "Summit" s ON s.id = e."summitId"), '[]'::json))))
