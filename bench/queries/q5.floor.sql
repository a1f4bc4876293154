-- params:
-- Q5: engagements per year (of the date's first day), and in all, from the engagement-count rollup
-- (its countryA = countryB = 0 rows count every live engagement), as ours answers it.
SELECT json_build_object('data', json_build_object('engagementStats', json_build_object(
  'groups', (SELECT coalesce(json_agg(json_build_object('year', g.year, 'count', g.n) ORDER BY g.year), '[]'::json)
               FROM (SELECT c.year, sum(c.n)::int AS n FROM "EngagementCount" c WHERE c."countryA" = 0 AND c."countryB" = 0
                     GROUP BY c.year HAVING sum(c.n) > 0) g),
  'total', (SELECT coalesce(sum(c.n), 0)::int FROM "EngagementCount" c WHERE c."countryA" = 0 AND c."countryB" = 0))))
