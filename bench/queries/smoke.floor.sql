-- params:
-- Smoke: the SCO's name and its first 20 memberships' countries.
SELECT json_build_object('data', json_build_object('organisation', (
  SELECT json_build_object('name', o.name, 'memberships', json_build_object('edges', coalesce((
    SELECT json_agg(json_build_object('node', json_build_object('country', json_build_object('name', c.name))) ORDER BY m."fromDate" ASC NULLS LAST, m.id)
      FROM (SELECT * FROM "Membership" m WHERE m."organisationId" = o.id ORDER BY m."fromDate" ASC NULLS LAST, m.id LIMIT 20) m
      JOIN "Country" c ON c.id = m."countryId"), '[]'::json)))
    FROM "Organisation" o WHERE o.acronym = 'SCO')))
