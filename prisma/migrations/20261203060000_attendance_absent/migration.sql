-- Hand-written: a delegation recorded as absent (with a source), distinct from one simply not recorded.
ALTER TYPE "AttendanceMode" ADD VALUE 'ABSENT';

-- The recorded (history) views keep their own copy of every enum, so they are rebuilt with the new
-- label. Since 20261202020000_history_rollups, recorded."EngagementCount" depends on another
-- recorded view, and dropping them one by one in catalogue order failed ("other objects depend on
-- it"): drop with CASCADE (only recorded views depend on recorded views, and all are rebuilt),
-- IF EXISTS for those a cascade already took.
CREATE OR REPLACE FUNCTION summitry_drop_recorded_views() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v record;
BEGIN
  FOR v IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'recorded' AND c.relkind = 'v' LOOP
    EXECUTE format('DROP VIEW IF EXISTS recorded.%I CASCADE', v.relname);
  END LOOP;
  -- The twins of summitry_recorded_functions(), which depend on the enum copies.
  FOR v IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'recorded' AND p.proname NOT IN ('instant', 'settle') LOOP
    EXECUTE format('DROP FUNCTION %s', v.fn);
  END LOOP;
END
$$;

SELECT summitry_recorded_views();
