-- params: asOf
-- Q1 deep traversal in one statement: SCO -> memberships in effect on $1 -> country -> its defence
-- minister on $1 -> their 10 newest engagements -> participants -> person, and sources.
SELECT json_build_object('data', json_build_object('organisation', (
  SELECT json_build_object('memberships', json_build_object('edges', coalesce((
    SELECT json_agg(json_build_object(
      'certainty', CASE WHEN coalesce(summitry_date_last(m."fromDate", m."fromPrecision"), summitry_date_last(m."attestedDate", m."attestedPrecision")) <= $1::date
                         AND (m."toDate" IS NULL OR m."toDate" >= $1::date) THEN 'CERTAIN' ELSE 'POSSIBLE' END,
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
                      FROM "EngagementParticipant" ep JOIN "Country" pc ON pc.id = ep."countryId" LEFT JOIN "Person" pp ON pp.id = ep."personId"
                     WHERE ep."engagementId" = e.id), '[]'::json)),
                  'sources', coalesce((
                    SELECT json_agg(json_build_object('url', s.url, 'publisher', s.publisher) ORDER BY s.id)
                      FROM "Citation" ci JOIN "Source" s ON s.id = ci."sourceId" WHERE ci."engagementId" = e.id), '[]'::json)
                )) ORDER BY e.date DESC, e.id DESC)
                  FROM (SELECT e.* FROM "Engagement" e
                         WHERE e.id IN (SELECT x."engagementId" FROM "EngagementParticipant" x WHERE x."personId" = p.id)
                         ORDER BY e.date DESC, e.id DESC LIMIT 10) e), '[]'::json)))
                FROM "Person" p WHERE p.id = t."personId"))))
              FROM (SELECT t.* FROM "Tenure" t
                     WHERE t."countryId" = c.id AND t.portfolio = 'DEFENCE'
                       AND (t."fromDate" IS NULL OR t."fromDate" <= $1::date)
                       AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= $1::date)
                     ORDER BY t."fromDate" DESC NULLS LAST, t.id DESC LIMIT 1) t), '[]'::json)))
            FROM "Country" c WHERE c.id = m."countryId"))) ORDER BY m."fromDate" ASC NULLS LAST, m.id)
      FROM (SELECT m.* FROM "Membership" m
             WHERE m."organisationId" = o.id AND m.status = 'MEMBER'
               AND (m."fromDate" IS NULL OR m."fromDate" <= $1::date)
               AND (m."toDate" IS NULL OR summitry_date_last(m."toDate", m."toPrecision") >= $1::date)
               AND (o."foundedDate" IS NULL OR o."foundedDate" <= $1::date)
             ORDER BY m."fromDate" ASC NULLS LAST, m.id LIMIT 20) m), '[]'::json)))
    FROM "Organisation" o WHERE o.acronym = 'SCO')))
