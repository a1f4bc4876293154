-- params:
-- Q3: the last contact between IN and PK before 2025-06-25 within the SCO and the DEFENCE portfolio,
-- by ours' rule (src/domain/analysis.ts lastContact): the newest HELD engagement, not a phone call,
-- with both as participants at that level (a DEFENCE meeting series, a joint exercise, or the
-- participant then holding a DEFENCE office of their country), at an SCO summit or under the SCO's
-- framework; or the newest SCO summit both attended in person at that level. The later wins, the
-- meeting on a tie. Its sources: the meeting's, or those of both sides' attendance at the summit.
-- Each side's test is a per-row probe (OFFSET 0), as in ours and in PostGraphile's function: as a
-- semi join PostgreSQL hashed every participation of both countries first (659 ms at SF100).
WITH a AS (SELECT id FROM "Country" WHERE code = 'IN'),
     b AS (SELECT id FROM "Country" WHERE code = 'PK'),
     org AS (SELECT id FROM "Organisation" WHERE acronym = 'SCO'),
     cand AS (
       (SELECT 'ENGAGEMENT' AS source, e.id, e.kind::text AS kind, e.date, e."datePrecision" AS precision, e.place, e."summitId"
          FROM "Engagement" e
         WHERE e.status = 'HELD' AND e.kind <> 'PHONE_CALL' AND e."retractedAt" IS NULL AND e.date < DATE '2025-06-25'
           AND (e."organisationId" = (SELECT id FROM org) OR EXISTS (SELECT 1 FROM "Summit" es WHERE es.id = e."summitId" AND es."organisationId" = (SELECT id FROM org)))
           AND EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = (SELECT id FROM a)
                         AND (EXISTS (SELECT 1 FROM "Summit" ss JOIN "EventSeries" es ON es.id = ss."seriesId" WHERE ss.id = e."summitId" AND es.portfolio = 'DEFENCE')
                              OR e.kind = 'JOINT_EXERCISE'
                              OR EXISTS (SELECT 1 FROM "Tenure" t WHERE t."personId" = p."personId" AND t."countryId" = p."countryId" AND t.portfolio = 'DEFENCE'
                                           AND (t."fromDate" IS NULL OR t."fromDate" <= e.date)
                                           AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= e.date))) OFFSET 0)
           AND EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = (SELECT id FROM b)
                         AND (EXISTS (SELECT 1 FROM "Summit" ss JOIN "EventSeries" es ON es.id = ss."seriesId" WHERE ss.id = e."summitId" AND es.portfolio = 'DEFENCE')
                              OR e.kind = 'JOINT_EXERCISE'
                              OR EXISTS (SELECT 1 FROM "Tenure" t WHERE t."personId" = p."personId" AND t."countryId" = p."countryId" AND t.portfolio = 'DEFENCE'
                                           AND (t."fromDate" IS NULL OR t."fromDate" <= e.date)
                                           AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= e.date))) OFFSET 0)
         ORDER BY e.date DESC, e.id DESC LIMIT 1)
       UNION ALL
       (SELECT 'SUMMIT', s.id, 'SAME_SUMMIT', s."startDate", s."startPrecision", s.city, s.id
          FROM "Summit" s
         WHERE s."retractedAt" IS NULL AND s."organisationId" = (SELECT id FROM org) AND s."startDate" < DATE '2025-06-25'
           AND EXISTS (SELECT 1 FROM "Attendance" x WHERE x."summitId" = s.id AND x."countryId" = (SELECT id FROM a) AND x.mode = 'IN_PERSON' AND x."retractedAt" IS NULL
                         AND (EXISTS (SELECT 1 FROM "EventSeries" es WHERE es.id = s."seriesId" AND es.portfolio = 'DEFENCE')
                              OR EXISTS (SELECT 1 FROM "Tenure" t WHERE t."personId" = x."personId" AND t."countryId" = x."countryId" AND t.portfolio = 'DEFENCE'
                                           AND (t."fromDate" IS NULL OR t."fromDate" <= s."startDate")
                                           AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= s."startDate"))) OFFSET 0)
           AND EXISTS (SELECT 1 FROM "Attendance" x WHERE x."summitId" = s.id AND x."countryId" = (SELECT id FROM b) AND x.mode = 'IN_PERSON' AND x."retractedAt" IS NULL
                         AND (EXISTS (SELECT 1 FROM "EventSeries" es WHERE es.id = s."seriesId" AND es.portfolio = 'DEFENCE')
                              OR EXISTS (SELECT 1 FROM "Tenure" t WHERE t."personId" = x."personId" AND t."countryId" = x."countryId" AND t.portfolio = 'DEFENCE'
                                           AND (t."fromDate" IS NULL OR t."fromDate" <= s."startDate")
                                           AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= s."startDate"))) OFFSET 0)
         ORDER BY s."startDate" DESC, s.id DESC LIMIT 1)),
     best AS (SELECT * FROM cand ORDER BY date DESC, source ASC, id DESC LIMIT 1)
SELECT json_build_object('data', json_build_object('lastContact', (
  SELECT json_build_object(
    'kind', c.kind,
    'date', CASE c.precision WHEN 'YEAR' THEN to_char(c.date, 'YYYY') WHEN 'MONTH' THEN to_char(c.date, 'YYYY-MM') ELSE to_char(c.date, 'YYYY-MM-DD') END,
    'place', c.place,
    'engagement', CASE WHEN c.source = 'ENGAGEMENT' THEN (SELECT json_build_object('title', e.title) FROM "Engagement" e WHERE e.id = c.id) END,
    'summit', (SELECT json_build_object('name', s.name) FROM "Summit" s WHERE s.id = c."summitId"),
    'sources', coalesce((
      SELECT json_agg(json_build_object('url', src.url) ORDER BY src.id) FROM "Source" src
       WHERE src.id IN (SELECT ci."sourceId" FROM "Citation" ci WHERE c.source = 'ENGAGEMENT' AND ci."engagementId" = c.id
                        UNION
                        SELECT ci."sourceId" FROM "Citation" ci JOIN "Attendance" x ON x.id = ci."attendanceId"
                         WHERE c.source = 'SUMMIT' AND x."summitId" = c.id AND x."countryId" IN ((SELECT id FROM a), (SELECT id FROM b)))), '[]'::json))
    FROM best c)))
