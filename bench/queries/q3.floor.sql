-- params:
-- Q3: the last contact between IN and PK before 2025-06-25 within the SCO and the DEFENCE portfolio:
-- the newest HELD engagement with both (at an SCO summit or under the SCO's framework; at a summit of
-- a DEFENCE series, or with a participant then holding a DEFENCE office), or the newest SCO DEFENCE
-- summit both attended IN_PERSON; the later of the two (the engagement on a tie).
WITH a AS (SELECT id FROM "Country" WHERE code = 'IN'),
     b AS (SELECT id FROM "Country" WHERE code = 'PK'),
     org AS (SELECT id FROM "Organisation" WHERE acronym = 'SCO'),
     cand AS (
       (SELECT e.kind::text AS kind, e.date, e."datePrecision" AS precision, e.place, e.title AS engagement_title, s.name AS summit_name, e.id AS engagement_id, NULL::int AS summit_id, 0 AS pref
          FROM "Engagement" e LEFT JOIN "Summit" s ON s.id = e."summitId" LEFT JOIN "EventSeries" es ON es.id = s."seriesId"
         WHERE e.status = 'HELD' AND e.date < DATE '2025-06-25'
           AND EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = (SELECT id FROM a))
           AND EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = (SELECT id FROM b))
           AND (e."organisationId" = (SELECT id FROM org) OR s."organisationId" = (SELECT id FROM org))
           AND (es.portfolio = 'DEFENCE' OR EXISTS (
                 SELECT 1 FROM "EngagementParticipant" p JOIN "Tenure" t ON t."personId" = p."personId"
                  WHERE p."engagementId" = e.id AND t.portfolio = 'DEFENCE' AND t."countryId" = p."countryId"
                    AND (t."fromDate" IS NULL OR t."fromDate" <= e.date)
                    AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= e.date)))
         ORDER BY e.date DESC, e.id DESC LIMIT 1)
       UNION ALL
       (SELECT 'SAME_SUMMIT', s."startDate", s."startPrecision", s.city, NULL, s.name, NULL, s.id, 1
          FROM "Summit" s JOIN "EventSeries" es ON es.id = s."seriesId"
         WHERE s."startDate" < DATE '2025-06-25' AND s."organisationId" = (SELECT id FROM org) AND es.portfolio = 'DEFENCE'
           AND EXISTS (SELECT 1 FROM "Attendance" x WHERE x."summitId" = s.id AND x."countryId" = (SELECT id FROM a) AND x.mode = 'IN_PERSON')
           AND EXISTS (SELECT 1 FROM "Attendance" x WHERE x."summitId" = s.id AND x."countryId" = (SELECT id FROM b) AND x.mode = 'IN_PERSON')
         ORDER BY s."startDate" DESC, s.id DESC LIMIT 1)),
     best AS (SELECT * FROM cand ORDER BY date DESC, pref LIMIT 1)
SELECT json_build_object('data', json_build_object('lastContact', (
  SELECT json_build_object(
    'kind', c.kind,
    'date', CASE c.precision WHEN 'YEAR' THEN to_char(c.date, 'YYYY') WHEN 'MONTH' THEN to_char(c.date, 'YYYY-MM') ELSE to_char(c.date, 'YYYY-MM-DD') END,
    'place', c.place,
    'engagement', CASE WHEN c.engagement_id IS NULL THEN NULL ELSE json_build_object('title', c.engagement_title) END,
    'summit', CASE WHEN c.summit_name IS NULL THEN NULL ELSE json_build_object('name', c.summit_name) END,
    'sources', coalesce((SELECT json_agg(json_build_object('url', src.url) ORDER BY src.id)
                           FROM "Citation" ci JOIN "Source" src ON src.id = ci."sourceId"
                          WHERE ci."engagementId" = c.engagement_id OR ci."summitId" = c.summit_id), '[]'::json))
    FROM best c)))
