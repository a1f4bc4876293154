-- params:
-- Q5: engagements per year (of the date's first day), and in all.
SELECT json_build_object('data', json_build_object('engagementStats', json_build_object(
  'groups', (SELECT coalesce(json_agg(json_build_object('year', g.year, 'count', g.n) ORDER BY g.year), '[]'::json)
               FROM (SELECT extract(year FROM e.date)::int AS year, count(*) AS n FROM "Engagement" e GROUP BY 1) g),
  'total', (SELECT count(*) FROM "Engagement"))))
