-- Functions PostGraphile exposes for the benchmark queries: its idiomatic way to add filtered
-- relations (computed columns, which must live in the table's schema and start with the table's
-- name) and custom root queries. run.ts installs them into the bench databases only (CREATE OR
-- REPLACE, idempotent); our migrations and our server never see them. Semantics match the floor
-- SQL in bench/queries/*.floor.sql; see bench/README.md.

SET client_min_messages = warning;
DROP FUNCTION IF EXISTS "Organisation_membershipsAsOf"("Organisation", date, "MembershipStatus");
DROP FUNCTION IF EXISTS "Membership_certainty"("Membership", date);
DROP FUNCTION IF EXISTS "Country_officeHolders"("Country", "Portfolio", date);
DROP FUNCTION IF EXISTS "Person_engagements"("Person");
DROP FUNCTION IF EXISTS engagements_between(text[], "EngagementStatus"[]);
DROP FUNCTION IF EXISTS engagement_total();

-- Q1: memberships possibly in effect on as_of (an exact day), oldest first.
CREATE OR REPLACE FUNCTION "Organisation_membershipsAsOf"(o "Organisation", as_of date, st "MembershipStatus")
RETURNS SETOF "Membership" LANGUAGE sql STABLE AS $$
  SELECT m.* FROM "Membership" m
   WHERE m."organisationId" = o.id AND m.status = st
     AND (m."fromDate" IS NULL OR m."fromDate" <= as_of)
     AND (m."toDate" IS NULL OR summitry_date_last(m."toDate", m."toPrecision") >= as_of)
     AND (o."foundedDate" IS NULL OR o."foundedDate" <= as_of)
   ORDER BY m."fromDate" ASC NULLS LAST, m.id
$$;

-- Q1: CERTAIN when in effect whatever days the partial dates stand for, else POSSIBLE.
CREATE OR REPLACE FUNCTION "Membership_certainty"(m "Membership", as_of date)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN coalesce(summitry_date_last(m."fromDate", m."fromPrecision"), summitry_date_last(m."attestedDate", m."attestedPrecision")) <= as_of
               AND (m."toDate" IS NULL OR m."toDate" >= as_of) THEN 'CERTAIN' ELSE 'POSSIBLE' END
$$;

-- Q1: who held a portfolio of the country on as_of, latest start first.
CREATE OR REPLACE FUNCTION "Country_officeHolders"(c "Country", office "Portfolio", as_of date)
RETURNS SETOF "Tenure" LANGUAGE sql STABLE AS $$
  SELECT t.* FROM "Tenure" t
   WHERE t."countryId" = c.id AND t.portfolio = office
     AND (t."fromDate" IS NULL OR t."fromDate" <= as_of)
     AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= as_of)
   ORDER BY t."fromDate" DESC NULLS LAST, t.id DESC
$$;

-- Q1: a person's engagements, newest first.
CREATE OR REPLACE FUNCTION "Person_engagements"(p "Person")
RETURNS SETOF "Engagement" LANGUAGE sql STABLE AS $$
  SELECT e.* FROM "Engagement" e
   WHERE e.id IN (SELECT ep."engagementId" FROM "EngagementParticipant" ep WHERE ep."personId" = p.id)
   ORDER BY e.date DESC, e.id DESC
$$;

-- Q2: engagements in which every one of `codes` took part, with one of `statuses`, newest first.
CREATE OR REPLACE FUNCTION engagements_between(codes text[], statuses "EngagementStatus"[])
RETURNS SETOF "Engagement" LANGUAGE sql STABLE AS $$
  SELECT e.* FROM "Engagement" e
   WHERE e.status = ANY (statuses)
     AND e.id IN (SELECT ep."engagementId" FROM "EngagementParticipant" ep JOIN "Country" c ON c.id = ep."countryId"
                   WHERE c.code = ANY (codes) GROUP BY ep."engagementId"
                  HAVING count(DISTINCT ep."countryId") = cardinality(codes))
   ORDER BY e.date DESC, e.id DESC
$$;

-- Q3: the last contact between two countries before a day.
DROP FUNCTION IF EXISTS last_contact(text[], text, "Portfolio", date);
DROP TYPE IF EXISTS last_contact_result;
CREATE TYPE last_contact_result AS (kind text, date date, date_precision "DatePrecision", place text, engagement_title text, summit_name text, source_urls text[]);
CREATE OR REPLACE FUNCTION last_contact(between_codes text[], org_acronym text, office "Portfolio", before_date date)
RETURNS last_contact_result LANGUAGE sql STABLE AS $$
  WITH a AS (SELECT id FROM "Country" WHERE code = between_codes[1]),
       b AS (SELECT id FROM "Country" WHERE code = between_codes[2]),
       org AS (SELECT id FROM "Organisation" WHERE acronym = org_acronym),
       cand AS (
         (SELECT e.kind::text AS kind, e.date, e."datePrecision" AS date_precision, e.place, e.title AS engagement_title, s.name AS summit_name, e.id AS engagement_id, NULL::int AS summit_id, 0 AS pref
            FROM "Engagement" e LEFT JOIN "Summit" s ON s.id = e."summitId" LEFT JOIN "EventSeries" es ON es.id = s."seriesId"
           WHERE e.status = 'HELD' AND e.date < before_date
             AND EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = (SELECT id FROM a))
             AND EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = (SELECT id FROM b))
             AND (org_acronym IS NULL OR e."organisationId" = (SELECT id FROM org) OR s."organisationId" = (SELECT id FROM org))
             AND (office IS NULL OR es.portfolio = office OR EXISTS (
                   SELECT 1 FROM "EngagementParticipant" p JOIN "Tenure" t ON t."personId" = p."personId"
                    WHERE p."engagementId" = e.id AND t.portfolio = office AND t."countryId" = p."countryId"
                      AND (t."fromDate" IS NULL OR t."fromDate" <= e.date)
                      AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= e.date)))
           ORDER BY e.date DESC, e.id DESC LIMIT 1)
         UNION ALL
         (SELECT 'SAME_SUMMIT', s."startDate", s."startPrecision", s.city, NULL, s.name, NULL, s.id, 1
            FROM "Summit" s LEFT JOIN "EventSeries" es ON es.id = s."seriesId"
           WHERE s."startDate" < before_date
             AND (org_acronym IS NULL OR s."organisationId" = (SELECT id FROM org))
             AND (office IS NULL OR es.portfolio = office)
             AND EXISTS (SELECT 1 FROM "Attendance" x WHERE x."summitId" = s.id AND x."countryId" = (SELECT id FROM a) AND x.mode = 'IN_PERSON')
             AND EXISTS (SELECT 1 FROM "Attendance" x WHERE x."summitId" = s.id AND x."countryId" = (SELECT id FROM b) AND x.mode = 'IN_PERSON')
           ORDER BY s."startDate" DESC, s.id DESC LIMIT 1))
  SELECT c.kind, c.date, c.date_precision, c.place, c.engagement_title, c.summit_name,
         ARRAY(SELECT src.url FROM "Citation" ci JOIN "Source" src ON src.id = ci."sourceId"
                WHERE ci."engagementId" = c.engagement_id OR ci."summitId" = c.summit_id ORDER BY src.id)
    FROM cand c ORDER BY c.date DESC, c.pref LIMIT 1
$$;

-- Q4: ranked full-text search over every searchable table.
DROP FUNCTION IF EXISTS search_all(text);
DROP TYPE IF EXISTS search_hit;
CREATE TYPE search_hit AS (typename text, id int, label text, rank real);
CREATE OR REPLACE FUNCTION search_all(q text)
RETURNS SETOF search_hit LANGUAGE sql STABLE AS $$
  WITH en AS (SELECT websearch_to_tsquery('english', q) AS t), si AS (SELECT websearch_to_tsquery('simple', q) AS t)
  SELECT * FROM (
    SELECT 'Engagement', x.id, x.title, ts_rank(x.search, en.t) FROM "Engagement" x, en WHERE x.search @@ en.t
    UNION ALL SELECT 'Summit', x.id, x.name, ts_rank(x.search, en.t) FROM "Summit" x, en WHERE x.search @@ en.t
    UNION ALL SELECT 'Statement', x.id, x.summary, ts_rank(x.search, en.t) FROM "Statement" x, en WHERE x.search @@ en.t
    UNION ALL SELECT 'Person', x.id, x.name, ts_rank(x.search, si.t) FROM "Person" x, si WHERE x.search @@ si.t
    UNION ALL SELECT 'Country', x.id, x.name, ts_rank(x.search, en.t) FROM "Country" x, en WHERE x.search @@ en.t
    UNION ALL SELECT 'Organisation', x.id, x.name, ts_rank(x.search, en.t) FROM "Organisation" x, en WHERE x.search @@ en.t
    UNION ALL SELECT 'Incident', x.id, x.name, ts_rank(x.search, en.t) FROM "Incident" x, en WHERE x.search @@ en.t
  ) h(typename, id, label, rank)
  ORDER BY rank DESC, typename, id
$$;

-- Q5: engagements per year, and in all.
DROP FUNCTION IF EXISTS engagement_stats_by_year();
DROP TYPE IF EXISTS engagement_year_count;
CREATE TYPE engagement_year_count AS (year int, count int);
CREATE OR REPLACE FUNCTION engagement_stats_by_year()
RETURNS SETOF engagement_year_count LANGUAGE sql STABLE AS $$
  SELECT extract(year FROM e.date)::int, count(*)::int FROM "Engagement" e GROUP BY 1 ORDER BY 1
$$;
CREATE OR REPLACE FUNCTION engagement_total() RETURNS int LANGUAGE sql STABLE AS $$
  SELECT count(*)::int FROM "Engagement"
$$;
