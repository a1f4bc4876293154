-- Functions PostGraphile exposes for the benchmark queries: its idiomatic way to add filtered
-- relations (computed columns, which must live in the table's schema and start with the table's
-- name) and custom root queries. run.ts installs them into the bench databases only (CREATE OR
-- REPLACE, idempotent); our migrations and our server never see them. Each says what ours says
-- (the floor SQL in bench/queries/*.floor.sql says it too) and takes the same access paths a
-- careful author would: the participation dates, the engagement-count rollup, summitry_search.
-- bench/run.ts compares the three servers' answers value by value.

SET client_min_messages = warning;
DROP FUNCTION IF EXISTS "Organisation_membershipsAsOf"("Organisation", date, "MembershipStatus");
DROP FUNCTION IF EXISTS "Membership_certainty"("Membership", date);
DROP FUNCTION IF EXISTS "Membership_fromText"("Membership");
DROP FUNCTION IF EXISTS "Country_officeHolders"("Country", "Portfolio", date);
DROP FUNCTION IF EXISTS "Person_engagements"("Person");
DROP FUNCTION IF EXISTS "Engagement_dateText"("Engagement");
DROP FUNCTION IF EXISTS engagements_between(text[], "EngagementStatus"[]);
DROP FUNCTION IF EXISTS engagements_between_count(text[], "EngagementStatus"[]);
DROP FUNCTION IF EXISTS engagement_total();

-- A partial date as ours writes it: 2017, 2017-06 or 2017-06-09.
CREATE OR REPLACE FUNCTION bench_partial_date(d date, p "DatePrecision") RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p WHEN 'YEAR' THEN to_char(d, 'YYYY') WHEN 'MONTH' THEN to_char(d, 'YYYY-MM') ELSE to_char(d, 'YYYY-MM-DD') END
$$;

-- Q1: memberships possibly in effect on as_of (an exact day) by their evidence bounds, oldest first.
CREATE OR REPLACE FUNCTION "Organisation_membershipsAsOf"(o "Organisation", as_of date, st "MembershipStatus")
RETURNS SETOF "Membership" LANGUAGE sql STABLE AS $$
  SELECT m.* FROM "Membership" m
   WHERE m."organisationId" = o.id AND m."retractedAt" IS NULL AND m.status = st
     AND (m."startEarliest" IS NULL OR m."startEarliest" <= as_of)
     AND (m."endLatest" IS NULL OR m."endLatest" >= as_of)
   ORDER BY m."fromDate" ASC NULLS LAST, m.id
$$;

-- Q1: CERTAIN, PRESUMED or POSSIBLE on as_of (src/domain/as-of.ts certaintySql).
CREATE OR REPLACE FUNCTION "Membership_certainty"(m "Membership", as_of date)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN m."startLatest" IS NULL OR m."startLatest" > as_of THEN 'POSSIBLE'
              WHEN m."confirmedUntil" >= as_of THEN 'CERTAIN'
              WHEN m."confirmedUntil" IS NOT NULL AND (m."presumedUntil" IS NULL OR m."presumedUntil" >= as_of) THEN 'PRESUMED'
              ELSE 'POSSIBLE' END
$$;

CREATE OR REPLACE FUNCTION "Membership_fromText"(m "Membership") RETURNS text LANGUAGE sql STABLE AS $$
  SELECT bench_partial_date(m."fromDate", m."fromPrecision")
$$;

-- Q1: who held a portfolio of the country on as_of, latest start first.
CREATE OR REPLACE FUNCTION "Country_officeHolders"(c "Country", office "Portfolio", as_of date)
RETURNS SETOF "Tenure" LANGUAGE sql STABLE AS $$
  SELECT t.* FROM "Tenure" t
   WHERE t."countryId" = c.id AND t."retractedAt" IS NULL AND t.portfolio = office
     AND (t."startEarliest" IS NULL OR t."startEarliest" <= as_of)
     AND (t."endLatest" IS NULL OR t."endLatest" >= as_of)
   ORDER BY t."fromDate" DESC NULLS LAST, t."attestedDate" DESC NULLS LAST, t.id DESC
$$;

-- Q1: a person's engagements, newest first, off the participation index (inlined, so
-- PostGraphile's LIMIT stops the walk).
CREATE OR REPLACE FUNCTION "Person_engagements"(p "Person")
RETURNS SETOF "Engagement" LANGUAGE sql STABLE AS $$
  SELECT e.* FROM "EngagementParticipant" x JOIN "Engagement" e ON e.id = x."engagementId"
   WHERE x."personId" = p.id AND e."retractedAt" IS NULL
   ORDER BY x.date DESC, x."engagementId" DESC, x.id
$$;

CREATE OR REPLACE FUNCTION "Engagement_dateText"(e "Engagement") RETURNS text LANGUAGE sql STABLE AS $$
  SELECT bench_partial_date(e.date, e."datePrecision")
$$;

-- Q2: live engagements in which every one of `codes` took part, with one of `statuses`, newest first.
-- One status is an equality, so the (status, date, id) index gives the order; OFFSET 0 keeps the
-- participation test a per-row probe (a planner that cannot tell how common a country is would
-- otherwise hash all its participations first).
CREATE OR REPLACE FUNCTION engagements_between(codes text[], statuses "EngagementStatus"[])
RETURNS SETOF "Engagement" LANGUAGE sql STABLE AS $$
  SELECT e.* FROM "Engagement" e
   WHERE (CASE WHEN cardinality(statuses) = 1 THEN e.status = statuses[1] ELSE e.status = ANY (statuses) END)
     AND e."retractedAt" IS NULL
     AND NOT EXISTS (SELECT 1 FROM unnest(codes) AS wanted(code)
                      WHERE NOT EXISTS (SELECT 1 FROM "EngagementParticipant" ep JOIN "Country" c ON c.id = ep."countryId"
                                         WHERE ep."engagementId" = e.id AND c.code = wanted.code)
                      OFFSET 0)
   ORDER BY e.date DESC, e.id DESC
$$;

-- Q2: how many, from the engagement-count rollup for two countries (counted otherwise).
CREATE OR REPLACE FUNCTION engagements_between_count(codes text[], statuses "EngagementStatus"[])
RETURNS int LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN cardinality(codes) = 2 THEN
    (SELECT coalesce(sum(n.n), 0)::int FROM "EngagementCount" n
      WHERE n."countryA" = (SELECT min(id) FROM "Country" WHERE code = ANY (codes))
        AND n."countryB" = (SELECT max(id) FROM "Country" WHERE code = ANY (codes))
        AND n.status = ANY (statuses))
  ELSE (SELECT count(*)::int FROM engagements_between(codes, statuses)) END
$$;

-- Q3: the last contact between two countries before a day (src/domain/analysis.ts lastContact).
DROP FUNCTION IF EXISTS last_contact(text[], text, "Portfolio", date);
DROP TYPE IF EXISTS last_contact_result;
CREATE TYPE last_contact_result AS (kind text, date_text text, place text, engagement_title text, summit_name text, source_urls text[]);
CREATE OR REPLACE FUNCTION last_contact(between_codes text[], org_acronym text, office "Portfolio", before_date date)
RETURNS last_contact_result LANGUAGE sql STABLE AS $$
  WITH a AS (SELECT id FROM "Country" WHERE code = between_codes[1]),
       b AS (SELECT id FROM "Country" WHERE code = between_codes[2]),
       org AS (SELECT id FROM "Organisation" WHERE acronym = org_acronym),
       cand AS (
         (SELECT 'ENGAGEMENT' AS source, e.id, e.kind::text AS kind, e.date, e."datePrecision" AS precision, e.place, e."summitId"
            FROM "Engagement" e
           WHERE e.status = 'HELD' AND e.kind <> 'PHONE_CALL' AND e."retractedAt" IS NULL
             AND (before_date IS NULL OR e.date < before_date)
             AND (org_acronym IS NULL OR e."organisationId" = (SELECT id FROM org)
                  OR EXISTS (SELECT 1 FROM "Summit" es WHERE es.id = e."summitId" AND es."organisationId" = (SELECT id FROM org)))
             AND EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = (SELECT id FROM a)
                     AND (office IS NULL
                          OR EXISTS (SELECT 1 FROM "Summit" ss JOIN "EventSeries" es ON es.id = ss."seriesId" WHERE ss.id = e."summitId" AND es.portfolio = office)
                          OR (office = 'DEFENCE' AND e.kind = 'JOINT_EXERCISE')
                          OR EXISTS (SELECT 1 FROM "Tenure" t WHERE t."personId" = p."personId" AND t."countryId" = p."countryId" AND t.portfolio = office
                                       AND (t."fromDate" IS NULL OR t."fromDate" <= e.date)
                                       AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= e.date)))
                   OFFSET 0)
             AND EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = (SELECT id FROM b)
                     AND (office IS NULL
                          OR EXISTS (SELECT 1 FROM "Summit" ss JOIN "EventSeries" es ON es.id = ss."seriesId" WHERE ss.id = e."summitId" AND es.portfolio = office)
                          OR (office = 'DEFENCE' AND e.kind = 'JOINT_EXERCISE')
                          OR EXISTS (SELECT 1 FROM "Tenure" t WHERE t."personId" = p."personId" AND t."countryId" = p."countryId" AND t.portfolio = office
                                       AND (t."fromDate" IS NULL OR t."fromDate" <= e.date)
                                       AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= e.date)))
                   OFFSET 0)
           ORDER BY e.date DESC, e.id DESC LIMIT 1)
         UNION ALL
         (SELECT 'SUMMIT', s.id, 'SAME_SUMMIT', s."startDate", s."startPrecision", s.city, s.id
            FROM "Summit" s
           WHERE s."retractedAt" IS NULL
             AND (org_acronym IS NULL OR s."organisationId" = (SELECT id FROM org))
             AND (before_date IS NULL OR s."startDate" < before_date)
             AND EXISTS (SELECT 1 FROM "Attendance" x WHERE x."summitId" = s.id AND x."countryId" = (SELECT id FROM a) AND x.mode = 'IN_PERSON' AND x."retractedAt" IS NULL
                     AND (office IS NULL
                          OR EXISTS (SELECT 1 FROM "EventSeries" es WHERE es.id = s."seriesId" AND es.portfolio = office)
                          OR EXISTS (SELECT 1 FROM "Tenure" t WHERE t."personId" = x."personId" AND t."countryId" = x."countryId" AND t.portfolio = office
                                       AND (t."fromDate" IS NULL OR t."fromDate" <= s."startDate")
                                       AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= s."startDate")))
                   OFFSET 0)
             AND EXISTS (SELECT 1 FROM "Attendance" x WHERE x."summitId" = s.id AND x."countryId" = (SELECT id FROM b) AND x.mode = 'IN_PERSON' AND x."retractedAt" IS NULL
                     AND (office IS NULL
                          OR EXISTS (SELECT 1 FROM "EventSeries" es WHERE es.id = s."seriesId" AND es.portfolio = office)
                          OR EXISTS (SELECT 1 FROM "Tenure" t WHERE t."personId" = x."personId" AND t."countryId" = x."countryId" AND t.portfolio = office
                                       AND (t."fromDate" IS NULL OR t."fromDate" <= s."startDate")
                                       AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= s."startDate")))
                   OFFSET 0)
           ORDER BY s."startDate" DESC, s.id DESC LIMIT 1)),
       best AS (SELECT * FROM cand ORDER BY date DESC, source ASC, id DESC LIMIT 1)
  SELECT c.kind, bench_partial_date(c.date, c.precision), c.place,
         CASE WHEN c.source = 'ENGAGEMENT' THEN (SELECT e.title FROM "Engagement" e WHERE e.id = c.id) END,
         (SELECT s.name FROM "Summit" s WHERE s.id = c."summitId"),
         ARRAY(SELECT src.url FROM "Source" src
                WHERE src.id IN (SELECT ci."sourceId" FROM "Citation" ci WHERE c.source = 'ENGAGEMENT' AND ci."engagementId" = c.id
                                 UNION
                                 SELECT ci."sourceId" FROM "Citation" ci JOIN "Attendance" x ON x.id = ci."attendanceId"
                                  WHERE c.source = 'SUMMIT' AND x."summitId" = c.id AND x."countryId" IN ((SELECT id FROM a), (SELECT id FROM b)))
                ORDER BY src.id)
    FROM best c
$$;

-- Q4: the ranked search (summitry_search, migration page_paths: the function ours calls), a page
-- of n hits with their labels; and how many match (exact up to 1 000), a second call.
DROP FUNCTION IF EXISTS search_all(text);
DROP FUNCTION IF EXISTS search_all(text, int);
DROP FUNCTION IF EXISTS search_total(text);
DROP TYPE IF EXISTS search_hit;
CREATE TYPE search_hit AS (typename text, label text, rank float8);
CREATE OR REPLACE FUNCTION search_all(q text, n int)
RETURNS SETOF search_hit LANGUAGE sql STABLE AS $$
  SELECT h.kind, CASE h.kind
      WHEN 'Engagement' THEN (SELECT x.title FROM "Engagement" x WHERE x.id = h.id)
      WHEN 'Summit' THEN (SELECT x.name FROM "Summit" x WHERE x.id = h.id)
      WHEN 'Statement' THEN (SELECT x.summary FROM "Statement" x WHERE x.id = h.id)
      WHEN 'Person' THEN (SELECT x.name FROM "Person" x WHERE x.id = h.id)
      WHEN 'Country' THEN (SELECT x.name FROM "Country" x WHERE x.id = h.id)
      WHEN 'Organisation' THEN (SELECT x.name FROM "Organisation" x WHERE x.id = h.id)
      WHEN 'Incident' THEN (SELECT x.name FROM "Incident" x WHERE x.id = h.id) END, h.rank
  FROM summitry_search(q, 0, n) WITH ORDINALITY AS h(kind, id, rank, total, exact, i)
  WHERE h.kind IS NOT NULL ORDER BY h.i
$$;
CREATE OR REPLACE FUNCTION search_total(q text) RETURNS int LANGUAGE sql STABLE AS $$
  SELECT max(total) FROM summitry_search(q, 0, 0)
$$;

-- Q5: engagements per year, and in all, from the rollup's every-engagement rows.
DROP FUNCTION IF EXISTS engagement_stats_by_year();
DROP TYPE IF EXISTS engagement_year_count;
CREATE TYPE engagement_year_count AS (year int, count int);
CREATE OR REPLACE FUNCTION engagement_stats_by_year()
RETURNS SETOF engagement_year_count LANGUAGE sql STABLE AS $$
  SELECT c.year, sum(c.n)::int FROM "EngagementCount" c WHERE c."countryA" = 0 AND c."countryB" = 0
   GROUP BY c.year HAVING sum(c.n) > 0 ORDER BY c.year
$$;
CREATE OR REPLACE FUNCTION engagement_total() RETURNS int LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(c.n), 0)::int FROM "EngagementCount" c WHERE c."countryA" = 0 AND c."countryB" = 0
$$;
