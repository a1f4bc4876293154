-- DropIndex
DROP INDEX "Tenure_countryId_portfolio_idx";

-- DropIndex
DROP INDEX "Tenure_organisationId_portfolio_idx";

-- AlterTable
ALTER TABLE "Citation" ADD COLUMN     "attestsDate" DATE,
ADD COLUMN     "attestsPrecision" "DatePrecision";

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "confirmedUntil" DATE,
ADD COLUMN     "endLatest" DATE,
ADD COLUMN     "presumedUntil" DATE,
ADD COLUMN     "startEarliest" DATE,
ADD COLUMN     "startLatest" DATE;

-- AlterTable
ALTER TABLE "Tenure" ADD COLUMN     "confirmedUntil" DATE,
ADD COLUMN     "endLatest" DATE,
ADD COLUMN     "presumedUntil" DATE,
ADD COLUMN     "startEarliest" DATE,
ADD COLUMN     "startLatest" DATE;

-- CreateIndex
CREATE INDEX "Membership_organisationId_startLatest_confirmedUntil_idx" ON "Membership"("organisationId", "startLatest", "confirmedUntil");

-- CreateIndex
CREATE INDEX "Membership_countryId_startLatest_confirmedUntil_idx" ON "Membership"("countryId", "startLatest", "confirmedUntil");

-- CreateIndex
CREATE INDEX "Tenure_countryId_portfolio_startLatest_confirmedUntil_idx" ON "Tenure"("countryId", "portfolio", "startLatest", "confirmedUntil");

-- CreateIndex
CREATE INDEX "Tenure_organisationId_portfolio_startLatest_confirmedUntil_idx" ON "Tenure"("organisationId", "portfolio", "startLatest", "confirmedUntil");


-- ---------------------------------------------------------------------------------------------
-- Certainty never outruns the evidence (README, "Time travel"). For memberships and tenures the
-- columns above hold, per fact, in days:
--   startEarliest   the earliest day it can have started (its `from`, the organisation's
--                   founding, or the day after the predecessor in the same office was last seen)
--   startLatest     the day by which it had certainly started (the last day of `from`, or with an
--                   unknown start the earliest day a source shows it in effect)
--   confirmedUntil  the last day a source shows it in effect: the first day of `to` when it ended,
--                   else the latest of `from`, its own `attested`, its citations' `attests` days
--                   and its sources' publication days (a partial date counts from its first day)
--   endLatest       the last day it can have been in effect: the last day of `to`, or the day
--                   before a later fact of the same office certainly began; null: no bound
--   presumedUntil   open-ended facts are PRESUMED past confirmedUntil up to the day before a later
--                   fact of the same office can have begun (null: no bound); ended facts: = confirmedUntil
-- A query then reads CERTAIN as startLatest <= asOf's first day AND confirmedUntil >= its last,
-- and "possible at all" as startEarliest <= last AND endLatest >= first: plain comparisons under
-- the (scope, startLatest, confirmedUntil) indexes.
--
-- "The same office": a tenure's portfolio of one country or organisation (except DEPUTY_DEFENCE
-- and MILITARY_COMMAND, which several people hold at once); a membership's organisation and
-- country (a country holds one status in an organisation at a time).

CREATE FUNCTION summitry_refresh_bounds(fact text, cite_col text, scope text, single boolean, floor_day date,
                                        k_portfolio text, k_country integer, k_org integer) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format($q$
    WITH own AS (
      SELECT f.id,
             f."fromDate" AS from_first, summitry_date_last(f."fromDate", f."fromPrecision") AS from_last,
             f."toDate" AS to_first, summitry_date_last(f."toDate", f."toPrecision") AS to_last,
             f."attestedDate" AS att_first, summitry_date_last(f."attestedDate", f."attestedPrecision") AS att_last,
             f."retractedAt" IS NULL AS live
      FROM %1$I f WHERE %3$s
    ),
    att AS (
      SELECT id, att_first AS first, att_last AS last FROM own WHERE att_first IS NOT NULL
      UNION ALL
      SELECT c.%2$I, coalesce(c."attestsDate", s."publishedDate"),
             CASE WHEN c."attestsDate" IS NOT NULL THEN summitry_date_last(c."attestsDate", c."attestsPrecision")
                  ELSE summitry_date_last(s."publishedDate", s."publishedPrecision") END
      FROM "Citation" c JOIN "Source" s ON s.id = c."sourceId"
      WHERE c.%2$I IN (SELECT id FROM own) AND coalesce(c."attestsDate", s."publishedDate") IS NOT NULL
    ),
    ev AS (
      SELECT own.*,
             CASE WHEN from_first IS NOT NULL THEN from_last
                  ELSE (SELECT min(a.last) FROM att a WHERE a.id = own.id) END AS start_latest,
             -- A source dated before the start (an appointment announced in advance) shows nothing.
             CASE WHEN to_first IS NOT NULL THEN to_first
                  ELSE greatest(from_last, (SELECT max(a.first) FROM att a
                                            WHERE a.id = own.id AND (from_first IS NULL OR a.first >= from_first))) END AS confirmed
      FROM own
    ),
    b AS (
      SELECT e.id,
             greatest(e.from_first, $1,
                      CASE WHEN $2 THEN (SELECT max(p.confirmed) + 1 FROM ev p
                                         WHERE p.live AND p.id <> e.id AND p.confirmed < e.start_latest) END) AS start_earliest,
             e.start_latest,
             e.confirmed,
             CASE WHEN e.to_first IS NOT NULL THEN e.to_last
                  WHEN $2 THEN (SELECT min(n.start_latest) - 1 FROM ev n
                                WHERE n.live AND n.id <> e.id AND n.start_latest > e.confirmed) END AS end_latest,
             CASE WHEN e.to_first IS NOT NULL THEN e.confirmed
                  WHEN $2 THEN (SELECT min(greatest(n.from_first, e.confirmed + 1)) - 1 FROM ev n
                                WHERE n.live AND n.id <> e.id AND n.start_latest > e.confirmed) END AS presumed_until
      FROM ev e
    )
    UPDATE %1$I f
       SET "startEarliest" = b.start_earliest, "startLatest" = b.start_latest, "confirmedUntil" = b.confirmed,
           "endLatest" = b.end_latest, "presumedUntil" = b.presumed_until
      FROM b
     WHERE f.id = b.id
       AND (f."startEarliest", f."startLatest", f."confirmedUntil", f."endLatest", f."presumedUntil")
           IS DISTINCT FROM (b.start_earliest, b.start_latest, b.confirmed, b.end_latest, b.presumed_until)
  $q$, fact, cite_col, scope) USING floor_day, single, k_portfolio, k_country, k_org;
END $fn$;

-- Every writer of an office recomputes the whole office under one lock per office, so two
-- transactions writing tenures of the same office at once cannot each miss the other's row: the
-- second waits, and (READ COMMITTED: each statement sees what committed before it) then sees the
-- first's rows.
CREATE FUNCTION summitry_refresh_tenure_office(k_portfolio "Portfolio", k_country integer, k_org integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF k_portfolio IS NULL THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('summitry.bounds.tenure'),
                                hashtext(k_portfolio::text || ':' || coalesce(k_country::text, '-') || ':' || coalesce(k_org::text, '-')));
  PERFORM summitry_refresh_bounds('Tenure', 'tenureId',
    'f.portfolio::text = $3 AND f."countryId" IS NOT DISTINCT FROM $4 AND f."organisationId" IS NOT DISTINCT FROM $5',
    k_portfolio NOT IN ('DEPUTY_DEFENCE', 'MILITARY_COMMAND'), NULL, k_portfolio::text, k_country, k_org);
END $$;

CREATE FUNCTION summitry_refresh_membership_scope(k_org integer, k_country integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF k_org IS NULL OR k_country IS NULL THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('summitry.bounds.membership'), hashtext(k_org::text || ':' || k_country::text));
  -- Nothing is a member before the organisation's founding.
  PERFORM summitry_refresh_bounds('Membership', 'membershipId',
    'f."organisationId" = $5 AND f."countryId" = $4', true,
    (SELECT "foundedDate" FROM "Organisation" WHERE id = k_org), NULL, k_country, k_org);
END $$;

CREATE FUNCTION summitry_tenure_bounds_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM summitry_refresh_tenure_office(OLD.portfolio, OLD."countryId", OLD."organisationId"); END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR (NEW.portfolio, NEW."countryId", NEW."organisationId")
                                                 IS DISTINCT FROM (OLD.portfolio, OLD."countryId", OLD."organisationId")) THEN
    PERFORM summitry_refresh_tenure_office(NEW.portfolio, NEW."countryId", NEW."organisationId");
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION summitry_membership_bounds_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM summitry_refresh_membership_scope(OLD."organisationId", OLD."countryId"); END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR (NEW."organisationId", NEW."countryId")
                                                 IS DISTINCT FROM (OLD."organisationId", OLD."countryId")) THEN
    PERFORM summitry_refresh_membership_scope(NEW."organisationId", NEW."countryId");
  END IF;
  RETURN NULL;
END $$;

-- The bound columns themselves are not in these column lists, so the recomputation's own UPDATE
-- does not fire the trigger again.
CREATE TRIGGER "Tenure_bounds" AFTER INSERT OR DELETE OR UPDATE OF
  "fromDate", "fromPrecision", "toDate", "toPrecision", "attestedDate", "attestedPrecision", "retractedAt",
  portfolio, "countryId", "organisationId"
  ON "Tenure" FOR EACH ROW EXECUTE FUNCTION summitry_tenure_bounds_trigger();

CREATE TRIGGER "Membership_bounds" AFTER INSERT OR DELETE OR UPDATE OF
  "fromDate", "fromPrecision", "toDate", "toPrecision", "attestedDate", "attestedPrecision", "retractedAt",
  "organisationId", "countryId"
  ON "Membership" FOR EACH ROW EXECUTE FUNCTION summitry_membership_bounds_trigger();

CREATE FUNCTION summitry_citation_bounds_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT t.portfolio, t."countryId", t."organisationId" FROM "Tenure" t
     WHERE t.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD."tenureId" END, CASE WHEN TG_OP <> 'DELETE' THEN NEW."tenureId" END)
  LOOP
    PERFORM summitry_refresh_tenure_office(r.portfolio, r."countryId", r."organisationId");
  END LOOP;
  FOR r IN
    SELECT DISTINCT m."organisationId", m."countryId" FROM "Membership" m
     WHERE m.id IN (CASE WHEN TG_OP <> 'INSERT' THEN OLD."membershipId" END, CASE WHEN TG_OP <> 'DELETE' THEN NEW."membershipId" END)
  LOOP
    PERFORM summitry_refresh_membership_scope(r."organisationId", r."countryId");
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER "Citation_bounds" AFTER INSERT OR DELETE OR UPDATE OF "sourceId", "tenureId", "membershipId", "attestsDate", "attestsPrecision"
  ON "Citation" FOR EACH ROW EXECUTE FUNCTION summitry_citation_bounds_trigger();

CREATE FUNCTION summitry_source_bounds_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT DISTINCT t.portfolio, t."countryId", t."organisationId"
      FROM "Citation" c JOIN "Tenure" t ON t.id = c."tenureId" WHERE c."sourceId" = NEW.id
  LOOP
    PERFORM summitry_refresh_tenure_office(r.portfolio, r."countryId", r."organisationId");
  END LOOP;
  FOR r IN
    SELECT DISTINCT m."organisationId", m."countryId"
      FROM "Citation" c JOIN "Membership" m ON m.id = c."membershipId" WHERE c."sourceId" = NEW.id
  LOOP
    PERFORM summitry_refresh_membership_scope(r."organisationId", r."countryId");
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER "Source_bounds" AFTER UPDATE OF "publishedDate", "publishedPrecision"
  ON "Source" FOR EACH ROW EXECUTE FUNCTION summitry_source_bounds_trigger();

CREATE FUNCTION summitry_organisation_bounds_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT DISTINCT m."countryId" FROM "Membership" m WHERE m."organisationId" = NEW.id LOOP
    PERFORM summitry_refresh_membership_scope(NEW.id, r."countryId");
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER "Organisation_bounds" AFTER UPDATE OF "foundedDate"
  ON "Organisation" FOR EACH ROW EXECUTE FUNCTION summitry_organisation_bounds_trigger();

ALTER TABLE "Citation" ADD CONSTRAINT "Citation_attests_fits" CHECK (summitry_date_fits("attestsDate", "attestsPrecision"));

-- Existing rows.
SELECT summitry_refresh_tenure_office(portfolio, "countryId", "organisationId")
  FROM (SELECT DISTINCT portfolio, "countryId", "organisationId" FROM "Tenure") o;
SELECT summitry_refresh_membership_scope("organisationId", "countryId")
  FROM (SELECT DISTINCT "organisationId", "countryId" FROM "Membership") o;
