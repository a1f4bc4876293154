-- params: asOf
-- Q1 deep traversal in one statement: SCO -> memberships possibly in effect on $1 -> country -> its
-- defence minister on $1 -> their 10 newest engagements -> participants -> person, and sources.
-- The same rules as ours (src/domain/as-of.ts: the evidence bounds; the orders of
-- src/schema/compiled-reads.ts), for an exact day $1 (a partial date's last day would be its own).
SELECT json_build_object('data', json_build_object('organisation', (
  SELECT json_build_object('memberships', json_build_object('edges', coalesce((
    SELECT json_agg(json_build_object(
      'certainty', CASE WHEN m."startLatest" IS NULL OR m."startLatest" > $1::date THEN 'POSSIBLE'
                        WHEN m."confirmedUntil" >= $1::date THEN 'CERTAIN'
                        WHEN m."confirmedUntil" IS NOT NULL AND (m."presumedUntil" IS NULL OR m."presumedUntil" >= $1::date) THEN 'PRESUMED'
                        ELSE 'POSSIBLE' END,
      'node', json_build_object(
        'status', m.status,
        'from', CASE m."fromPrecision" WHEN 'YEAR' THEN to_char(m."fromDate", 'YYYY') WHEN 'MONTH' THEN to_char(m."fromDate", 'YYYY-MM') ELSE to_char(m."fromDate", 'YYYY-MM-DD') END,
        'country', (
          SELECT json_build_object('code', c.code, 'name', c.name, 'officeHolders', json_build_object('edges', coalesce((
            SELECT json_agg(json_build_object('node', json_build_object('title', t.title, 'person', (
              SELECT json_build_object('name', p.name, 'engagements', json_build_object('edges', coalesce((
                SELECT json_agg(json_build_object('node', json_build_object(
                  'title', e.title,
                  'date', CASE e."datePrecision" WHEN 'YEAR' THEN to_char(e.date, 'YYYY') WHEN 'MONTH' THEN to_char(e.date, 'YYYY-MM') ELSE to_char(e.date, 'YYYY-MM-DD') END,
                  'status', e.status,
                  'participants', json_build_object('edges', coalesce((
                    SELECT json_agg(json_build_object('node', json_build_object(
                      'country', json_build_object('code', pc.code),
                      'person', CASE WHEN pp.id IS NULL THEN NULL ELSE json_build_object('name', pp.name) END)) ORDER BY ep.id)
                      FROM (SELECT * FROM "EngagementParticipant" ep WHERE ep."engagementId" = e.id ORDER BY ep.id LIMIT 20) ep
                      JOIN "Country" pc ON pc.id = ep."countryId" LEFT JOIN "Person" pp ON pp.id = ep."personId"), '[]'::json)),
                  'sources', coalesce((
                    SELECT json_agg(json_build_object('url', s.url, 'publisher', s.publisher) ORDER BY ci.id)
                      FROM "Citation" ci JOIN "Source" s ON s.id = ci."sourceId" WHERE ci."engagementId" = e.id), '[]'::json)
                )) ORDER BY e.date DESC, e.id DESC)
                  -- Newest first off the participation index (personId, date DESC, engagementId DESC),
                  -- stopping after 10.
                  FROM (SELECT e.* FROM "EngagementParticipant" x JOIN "Engagement" e ON e.id = x."engagementId"
                         WHERE x."personId" = p.id AND e."retractedAt" IS NULL
                         ORDER BY x.date DESC, x."engagementId" DESC, x.id LIMIT 10) e), '[]'::json)))
                FROM "Person" p WHERE p.id = t."personId"))))
              FROM (SELECT t.* FROM "Tenure" t
                     WHERE t."countryId" = c.id AND t."retractedAt" IS NULL AND t.portfolio = 'DEFENCE'
                       AND (t."startEarliest" IS NULL OR t."startEarliest" <= $1::date)
                       AND (t."endLatest" IS NULL OR t."endLatest" >= $1::date)
                     ORDER BY t."fromDate" DESC NULLS LAST, t."attestedDate" DESC NULLS LAST, t.id DESC LIMIT 1) t), '[]'::json)))
            FROM "Country" c WHERE c.id = m."countryId"))) ORDER BY m."fromDate" ASC NULLS LAST, m.id)
      FROM (SELECT m.* FROM "Membership" m
             WHERE m."organisationId" = o.id AND m."retractedAt" IS NULL AND m.status = 'MEMBER'
               AND (m."startEarliest" IS NULL OR m."startEarliest" <= $1::date)
               AND (m."endLatest" IS NULL OR m."endLatest" >= $1::date)
             ORDER BY m."fromDate" ASC NULLS LAST, m.id LIMIT 20) m), '[]'::json)))
    FROM "Organisation" o WHERE o.acronym = 'SCO')))
