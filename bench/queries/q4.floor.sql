-- params:
-- Q4: the ranked search (summitry_search, migration page_paths: the same function ours calls), the
-- 20 best with their labels, and how many match (exact up to 1 000).
WITH hits AS (SELECT * FROM summitry_search('defence ministers meeting', 0, 20) WITH ORDINALITY AS h(kind, id, rank, total, exact, n))
SELECT json_build_object('data', json_build_object('search', json_build_object(
  'totalCount', (SELECT max(h.total) FROM hits h),
  'edges', coalesce((
    SELECT json_agg(json_build_object('rank', h.rank, 'node', json_build_object('__typename', h.kind, 'label', CASE h.kind
        WHEN 'Engagement' THEN (SELECT x.title FROM "Engagement" x WHERE x.id = h.id)
        WHEN 'Summit' THEN (SELECT x.name FROM "Summit" x WHERE x.id = h.id)
        WHEN 'Statement' THEN (SELECT x.summary FROM "Statement" x WHERE x.id = h.id)
        WHEN 'Person' THEN (SELECT x.name FROM "Person" x WHERE x.id = h.id)
        WHEN 'Country' THEN (SELECT x.name FROM "Country" x WHERE x.id = h.id)
        WHEN 'Organisation' THEN (SELECT x.name FROM "Organisation" x WHERE x.id = h.id)
        WHEN 'Incident' THEN (SELECT x.name FROM "Incident" x WHERE x.id = h.id) END)) ORDER BY h.n)
      FROM hits h WHERE h.kind IS NOT NULL), '[]'::json))))
