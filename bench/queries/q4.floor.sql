-- params:
-- Q4: ranked full-text search (websearch_to_tsquery over the generated `search` columns; Person's
-- column is built with the 'simple' configuration), the 20 best and how many matched.
WITH en AS (SELECT websearch_to_tsquery('english', 'defence ministers meeting') AS q),
     si AS (SELECT websearch_to_tsquery('simple', 'defence ministers meeting') AS q),
     hits AS (
       SELECT 'Engagement' AS t, x.id, 'title' AS k, x.title AS label, ts_rank(x.search, en.q) AS rank FROM "Engagement" x, en WHERE x.search @@ en.q
       UNION ALL SELECT 'Summit', x.id, 'name', x.name, ts_rank(x.search, en.q) FROM "Summit" x, en WHERE x.search @@ en.q
       UNION ALL SELECT 'Statement', x.id, 'summary', x.summary, ts_rank(x.search, en.q) FROM "Statement" x, en WHERE x.search @@ en.q
       UNION ALL SELECT 'Person', x.id, 'name', x.name, ts_rank(x.search, si.q) FROM "Person" x, si WHERE x.search @@ si.q
       UNION ALL SELECT 'Country', x.id, 'name', x.name, ts_rank(x.search, en.q) FROM "Country" x, en WHERE x.search @@ en.q
       UNION ALL SELECT 'Organisation', x.id, 'name', x.name, ts_rank(x.search, en.q) FROM "Organisation" x, en WHERE x.search @@ en.q
       UNION ALL SELECT 'Incident', x.id, 'name', x.name, ts_rank(x.search, en.q) FROM "Incident" x, en WHERE x.search @@ en.q)
SELECT json_build_object('data', json_build_object('search', json_build_object(
  'totalCount', (SELECT count(*) FROM hits),
  'edges', coalesce((
    SELECT json_agg(json_build_object('rank', h.rank, 'node', json_build_object('__typename', h.t, h.k, h.label)) ORDER BY h.rank DESC, h.t, h.id)
      FROM (SELECT * FROM hits ORDER BY rank DESC, t, id LIMIT 20) h), '[]'::json))))
