-- Hand-written: the history meets the perf layout (20261202013000_perf_layout).
--
-- EngagementParticipant gained "date": its recorded view must show it. EngagementCount is a
-- rollup its own triggers keep from the facts; it is not versioned, and under @asRecorded it is
-- recomputed from the recorded facts instead: recorded."EngagementCount" counts the recorded
-- engagements and participants the way summitry_rebuild_engagement_counts() counts the live ones
-- (retracted engagements left out; pair (0, 0) every engagement, (c, c) those country c took part
-- in, (a, b) with a < b those both took part in), so totals and stats at an instant follow it.
CREATE OR REPLACE FUNCTION summitry_recorded_rollups() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF to_regclass('"EngagementCount"') IS NULL THEN
    RETURN;
  END IF;
  CREATE VIEW recorded."EngagementCount" AS
    WITH e AS (
      SELECT id, date, status, kind, formality FROM recorded."Engagement" WHERE "retractedAt" IS NULL
    ), c AS (
      SELECT DISTINCT "engagementId" AS id, "countryId" AS country FROM recorded."EngagementParticipant"
    ), pairs AS (
      SELECT e.date, e.status, e.kind, e.formality, 0 AS a, 0 AS b FROM e
      UNION ALL
      SELECT e.date, e.status, e.kind, e.formality, x.country, y.country
      FROM e JOIN c x ON x.id = e.id JOIN c y ON y.id = e.id AND x.country <= y.country
    )
    SELECT a AS "countryA", b AS "countryB", extract(year FROM date)::int AS "year", status, kind, formality, count(*)::int AS "n"
    FROM pairs GROUP BY 1, 2, 3, 4, 5, 6;
END
$$;

SELECT summitry_recorded_views();
