-- CreateEnum
CREATE TYPE "VersionChange" AS ENUM ('CREATE', 'UPDATE', 'STATUS_CHANGE', 'RETRACT', 'DELETE');

-- AlterTable
ALTER TABLE "ChangeLog" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "EngagementStatusChange" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Citation" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Country" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Tenure" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "EventSeries" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Summit" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Attendance" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Engagement" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "EngagementParticipant" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Incident" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "IncidentParty" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "IncidentName" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Statement" ADD COLUMN     "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "FactVersion" (
    "id" BIGSERIAL NOT NULL,
    "tableName" TEXT NOT NULL,
    "rowId" BIGINT NOT NULL,
    "version" INTEGER NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,
    "supersededAt" TIMESTAMPTZ(3),
    "actor" TEXT NOT NULL,
    "change" "VersionChange" NOT NULL,
    "row" JSONB,
    "txid" BIGINT NOT NULL,

    CONSTRAINT "FactVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FactVersion_tableName_supersededAt_idx" ON "FactVersion"("tableName", "supersededAt");

-- CreateIndex
CREATE UNIQUE INDEX "FactVersion_tableName_rowId_version_key" ON "FactVersion"("tableName", "rowId", "version");

-- Hand-written: system-versioned history (README, "Record-time travel").
--
-- Every write to a versioned table is recorded by triggers in the writing transaction, so no write
-- (API, import, seed, a psql session) can skip it:
--   * a BEFORE statement trigger takes the writers' lock (the change log's advisory lock) and
--     fixes one instant for the whole transaction (summitry_recorded_stamp), before any row lock;
--   * a BEFORE row trigger stamps the row's "recordedAt" with that instant;
--   * an AFTER row trigger closes the row's previous version ("supersededAt") and appends the new
--     one to "FactVersion" with the row as jsonb, the actor (SET LOCAL summitry.actor) and the kind
--     of change. A second write to a row in the same transaction rewrites that transaction's
--     version: a version is what one transaction committed.
-- The live tables stay as they are (their indexes serve the present); "recorded".<table> views
-- answer for the instant in the transaction-local setting summitry.recorded_at: live rows recorded
-- by then, plus the versions that were current then and have been superseded since.

-- One instant per writing transaction, at ms precision (the DateTime a client sees and sends back).
-- Taking the lock first is what makes past instants settle: see recorded.settle().
CREATE FUNCTION summitry_recorded_stamp() RETURNS timestamptz LANGUAGE plpgsql AS $$
DECLARE
  s text := current_setting('summitry.recorded_stamp', true);
BEGIN
  IF s IS NULL OR s = '' THEN
    PERFORM pg_advisory_xact_lock(7268677);
    s := date_trunc('milliseconds', clock_timestamp())::text;
    PERFORM set_config('summitry.recorded_stamp', s, true);
  END IF;
  RETURN s::timestamptz;
END
$$;

CREATE FUNCTION summitry_stamp_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM summitry_recorded_stamp();
  RETURN NULL;
END
$$;

CREATE FUNCTION summitry_stamp_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."recordedAt" := summitry_recorded_stamp();
  RETURN NEW;
END
$$;

CREATE FUNCTION summitry_record_version() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  stamp timestamptz := summitry_recorded_stamp();
  tx bigint := pg_current_xact_id()::text::bigint;
  who text := coalesce(nullif(current_setting('summitry.actor', true), ''), session_user);
  image jsonb;
  previous jsonb;
  rid bigint;
  kind "VersionChange";
  open "FactVersion";
BEGIN
  IF TG_OP = 'DELETE' THEN
    rid := OLD.id;
    kind := 'DELETE';
  ELSE
    rid := NEW.id;
    image := to_jsonb(NEW);
    IF TG_OP = 'INSERT' THEN
      kind := 'CREATE';
    ELSE
      previous := to_jsonb(OLD);
      kind := CASE
        WHEN image->>'retractedAt' IS NOT NULL AND previous->>'retractedAt' IS NULL THEN 'RETRACT'
        WHEN TG_TABLE_NAME = 'Engagement' AND image->>'status' IS DISTINCT FROM previous->>'status' THEN 'STATUS_CHANGE'
        ELSE 'UPDATE'
      END;
    END IF;
  END IF;

  SELECT * INTO open FROM "FactVersion"
    WHERE "tableName" = TG_TABLE_NAME AND "rowId" = rid ORDER BY version DESC LIMIT 1;

  IF open.id IS NOT NULL AND open.txid = tx AND open."supersededAt" IS NULL THEN
    IF kind = 'DELETE' AND open.change = 'CREATE' THEN
      -- Created and deleted in one transaction: it never existed for anyone else.
      DELETE FROM "FactVersion" WHERE id = open.id;
    ELSE
      UPDATE "FactVersion"
        SET "row" = image,
            change = CASE WHEN open.change = 'CREATE' AND kind <> 'DELETE' THEN 'CREATE'::"VersionChange"
                          WHEN open.change = 'RETRACT' AND kind = 'UPDATE' THEN 'RETRACT'::"VersionChange"
                          ELSE kind END,
            actor = who
        WHERE id = open.id;
    END IF;
    RETURN NULL;
  END IF;

  IF open.id IS NOT NULL AND open."supersededAt" IS NULL THEN
    UPDATE "FactVersion" SET "supersededAt" = stamp WHERE id = open.id;
  END IF;
  INSERT INTO "FactVersion" ("tableName", "rowId", version, "recordedAt", actor, change, "row", txid)
    VALUES (TG_TABLE_NAME, rid, coalesce(open.version, 0) + 1, stamp, who, kind, image, tx);
  RETURN NULL;
END
$$;

-- TRUNCATE fires no row triggers: close every current version of the table and mark it deleted.
CREATE FUNCTION summitry_record_truncate() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  stamp timestamptz := summitry_recorded_stamp();
  who text := coalesce(nullif(current_setting('summitry.actor', true), ''), session_user);
BEGIN
  WITH closed AS (
    UPDATE "FactVersion" SET "supersededAt" = stamp
      WHERE "tableName" = TG_TABLE_NAME AND "supersededAt" IS NULL AND change <> 'DELETE'
      RETURNING "rowId", version
  )
  INSERT INTO "FactVersion" ("tableName", "rowId", version, "recordedAt", actor, change, "row", txid)
    SELECT TG_TABLE_NAME, "rowId", version + 1, stamp, who, 'DELETE', NULL, pg_current_xact_id()::text::bigint FROM closed;
  RETURN NULL;
END
$$;

-- Attach the history triggers to a table (it needs an "id" and a "recordedAt" column). A migration
-- that adds a table calls this, then summitry_recorded_views(); test/history.test.ts fails for a
-- table of the Prisma schema that lacks either.
CREATE FUNCTION summitry_record_history(target regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER record_stamp BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION summitry_stamp_statement()', target);
  EXECUTE format('CREATE TRIGGER record_at BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION summitry_stamp_row()', target);
  EXECUTE format('CREATE TRIGGER record_version AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION summitry_record_version()', target);
  EXECUTE format('CREATE TRIGGER record_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION summitry_record_truncate()', target);
END
$$;

CREATE SCHEMA recorded;

-- The instant a recorded read answers for; unset outside one, so a stray read fails loudly.
CREATE FUNCTION recorded.instant() RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT current_setting('summitry.recorded_at')::timestamptz
$$;

-- The latest instant a reader may ask for: every write stamped at or before it has committed.
-- Writers hold the lock from before they take their stamp until they commit; waiting for a
-- shared hold of it means that whoever stamped before the returned instant has committed, and
-- anyone who stamps later stamps after it. Call it before the reading transaction starts.
CREATE FUNCTION recorded.settle() RETURNS timestamptz LANGUAGE plpgsql AS $$
DECLARE
  t timestamptz;
BEGIN
  PERFORM pg_advisory_lock_shared(7268677);
  t := clock_timestamp();
  PERFORM pg_advisory_unlock_shared(7268677);
  RETURN date_trunc('milliseconds', t) - interval '1 millisecond';
END
$$;

-- (Re)create recorded.<table> for every table with the history triggers. Views fix their column
-- list when created, so a migration that changes a versioned table's columns calls this again
-- (and, to drop or retype a column, summitry_drop_recorded_views() first).
CREATE FUNCTION summitry_drop_recorded_views() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v record;
BEGIN
  FOR v IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'recorded' AND c.relkind = 'v' LOOP
    EXECUTE format('DROP VIEW recorded.%I', v.relname);
  END LOOP;
  -- The twins of summitry_recorded_functions(), which depend on the enum copies.
  FOR v IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'recorded' AND p.proname NOT IN ('instant', 'settle') LOOP
    EXECUTE format('DROP FUNCTION %s', v.fn);
  END LOOP;
END
$$;

-- Prisma names enum types with its client's schema ("recorded"."EngagementStatus"), and a domain
-- over an enum matches no enum operator: so `recorded` has a copy of each enum (same labels), and
-- the views show enum columns as the copy.
CREATE FUNCTION summitry_recorded_enums() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  base text := current_schema();
  e record;
BEGIN
  FOR e IN SELECT ty.typname, array_agg(l.enumlabel ORDER BY l.enumsortorder) AS labels,
                  (SELECT array_agg(cl.enumlabel ORDER BY cl.enumsortorder) FROM pg_type c
                     JOIN pg_namespace cn ON cn.oid = c.typnamespace JOIN pg_enum cl ON cl.enumtypid = c.oid
                     WHERE cn.nspname = 'recorded' AND c.typname = ty.typname) AS copied
           FROM pg_type ty JOIN pg_namespace n ON n.oid = ty.typnamespace JOIN pg_enum l ON l.enumtypid = ty.oid
           WHERE n.nspname = base GROUP BY ty.typname LOOP
    CONTINUE WHEN e.copied IS NOT DISTINCT FROM e.labels;
    IF e.copied IS NOT NULL THEN
      EXECUTE format('DROP TYPE recorded.%I', e.typname);
    END IF;
    EXECUTE format('CREATE TYPE recorded.%I AS ENUM (%s)', e.typname,
      (SELECT string_agg(quote_literal(x), ', ') FROM unnest(e.labels) x));
  END LOOP;
END
$$;

-- The raw SQL of a recorded read calls functions with the views' enum columns: each function of
-- ours that takes an enum gets a twin in `recorded` taking the copy, which calls the original.
CREATE FUNCTION summitry_recorded_functions() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  base text := current_schema();
  f record;
  params text;
  args text;
BEGIN
  FOR f IN SELECT p.oid, p.proname, p.proargtypes, p.provolatile, pg_get_function_result(p.oid) AS result
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = base AND p.prokind = 'f'
             AND EXISTS (SELECT 1 FROM unnest(p.proargtypes) a JOIN pg_type ty ON ty.oid = a WHERE ty.typtype = 'e') LOOP
    SELECT string_agg(CASE WHEN ty.typtype = 'e' THEN format('recorded.%I', ty.typname) ELSE format_type(a.t, NULL) END, ', ' ORDER BY a.i),
           string_agg(CASE WHEN ty.typtype = 'e' THEN format('$%s::text::%I.%I', a.i, base, ty.typname) ELSE format('$%s', a.i) END, ', ' ORDER BY a.i)
      INTO params, args
      FROM unnest(f.proargtypes::oid[]) WITH ORDINALITY a(t, i) JOIN pg_type ty ON ty.oid = a.t;
    EXECUTE format('CREATE FUNCTION recorded.%I(%s) RETURNS %s LANGUAGE sql %s AS %L',
      f.proname, params, f.result,
      CASE f.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END,
      format('SELECT %I.%I(%s)', base, f.proname, args));
  END LOOP;
END
$$;

CREATE FUNCTION summitry_recorded_views() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  base text := current_schema();
  t record;
  live text;
  past text;
BEGIN
  PERFORM summitry_drop_recorded_views();
  PERFORM summitry_recorded_enums();
  PERFORM summitry_recorded_functions();
  -- Every table with the history triggers, and the API keys: credentials, not facts, not
  -- versioned, read as they are.
  FOR t IN SELECT c.oid, c.relname, EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = c.oid AND tg.tgname = 'record_version') AS versioned
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = base AND c.relkind = 'r'
             AND (c.relname = 'ApiKey' OR EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgrelid = c.oid AND tg.tgname = 'record_version')) LOOP
    SELECT string_agg(CASE WHEN ty.typtype = 'e' THEN format('%1$I::text::recorded.%2$I AS %1$I', a.attname, ty.typname)
                           ELSE format('%I', a.attname) END, ', ' ORDER BY a.attnum),
           string_agg(CASE WHEN ty.typtype = 'e' THEN format('r.%1$I::text::recorded.%2$I', a.attname, ty.typname)
                           ELSE format('r.%I', a.attname) END, ', ' ORDER BY a.attnum)
      INTO live, past
      FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid
      WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT t.versioned THEN
      EXECUTE format('CREATE VIEW recorded.%1$I AS SELECT %3$s FROM %2$I.%1$I', t.relname, base, live);
      CONTINUE;
    END IF;
    EXECUTE format(
      'CREATE VIEW recorded.%1$I AS '
      'SELECT %3$s FROM %2$I.%1$I WHERE "recordedAt" <= recorded.instant() '
      'UNION ALL '
      'SELECT %4$s FROM %2$I."FactVersion" v CROSS JOIN LATERAL jsonb_populate_record(NULL::%2$I.%1$I, v."row") r '
      'WHERE v."tableName" = %1$L AND v."supersededAt" > recorded.instant() AND v."recordedAt" <= recorded.instant()',
      t.relname, base, live, past);
  END LOOP;
  -- The history itself, as it stood: later versions absent, a version superseded later still current.
  EXECUTE format(
    'CREATE VIEW recorded."FactVersion" AS SELECT id, "tableName", "rowId", version, "recordedAt", '
    'CASE WHEN "supersededAt" <= recorded.instant() THEN "supersededAt" END AS "supersededAt", '
    'actor, change::text::recorded."VersionChange" AS change, "row", txid FROM %I."FactVersion" WHERE "recordedAt" <= recorded.instant()', base);
  -- Rollups kept by triggers are not versioned: a later migration defines how each is recomputed
  -- from the recorded facts.
  IF to_regprocedure('summitry_recorded_rollups()') IS NOT NULL THEN
    PERFORM summitry_recorded_rollups();
  END IF;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['Source', 'Citation', 'Organisation', 'Country', 'Membership', 'Person', 'Tenure',
    'EventSeries', 'Summit', 'Attendance', 'Engagement', 'EngagementParticipant', 'Incident', 'IncidentParty',
    'IncidentName', 'Statement', 'EngagementStatusChange', 'ChangeLog'] LOOP
    -- History begins here: what exists is recorded as of this migration ("recordedAt" took its default).
    EXECUTE format(
      'INSERT INTO "FactVersion" ("tableName", "rowId", version, "recordedAt", actor, change, "row", txid) '
      'SELECT %1$L, id, 1, "recordedAt", %2$L, %3$L, to_jsonb(t), pg_current_xact_id()::text::bigint FROM %1$I t',
      t, 'migration', 'CREATE');
    PERFORM summitry_record_history(quote_ident(t)::regclass);
  END LOOP;
END
$$;

SELECT summitry_recorded_views();
