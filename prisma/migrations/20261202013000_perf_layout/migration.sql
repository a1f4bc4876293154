-- Access paths that make a page cost its size, not the table's (issue 13).
--
-- 1. A participation carries its engagement's date, so "a person's (or a country's) newest
--    engagements" is an index range scan that stops after the page, instead of a sort of all of
--    the parent's participations. Triggers keep the copy exact: it is set from the engagement on
--    insert, and follows the engagement's date when that changes.
ALTER TABLE "EngagementParticipant" ADD COLUMN "date" DATE;

UPDATE "EngagementParticipant" p SET "date" = e.date FROM "Engagement" e WHERE e.id = p."engagementId";

CREATE FUNCTION summitry_participant_date() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT e.date INTO NEW."date" FROM "Engagement" e WHERE e.id = NEW."engagementId";
  RETURN NEW;
END $$;

CREATE TRIGGER participant_date BEFORE INSERT OR UPDATE OF "engagementId", "date" ON "EngagementParticipant"
  FOR EACH ROW EXECUTE FUNCTION summitry_participant_date();

CREATE FUNCTION summitry_engagement_date_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "EngagementParticipant" SET "date" = NEW.date WHERE "engagementId" = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER engagement_date_follow AFTER UPDATE OF date ON "Engagement"
  FOR EACH ROW WHEN (OLD.date IS DISTINCT FROM NEW.date) EXECUTE FUNCTION summitry_engagement_date_follow();

-- Declared in schema.prisma too, so a later `db:diff` keeps them.
CREATE INDEX "EngagementParticipant_person_newest" ON "EngagementParticipant" ("personId", "date" DESC, "engagementId" DESC);
CREATE INDEX "EngagementParticipant_country_newest" ON "EngagementParticipant" ("countryId", "date" DESC, "engagementId" DESC);

-- 2. Engagement counts kept as a rollup, so totals and per-year stats cost the number of groups,
--    not the number of engagements. One row per (country pair, year, status, kind, formality):
--    countryA = countryB = 0 counts every engagement; (c, c) those country c took part in; (a, b)
--    with a < b those both took part in. Retracted engagements are not counted.
CREATE TABLE "EngagementCount" (
  "countryA" INTEGER NOT NULL,
  "countryB" INTEGER NOT NULL,
  "year" INTEGER NOT NULL,
  "status" "EngagementStatus" NOT NULL,
  "kind" "EngagementKind" NOT NULL,
  "formality" "Formality" NOT NULL,
  "n" INTEGER NOT NULL,
  CONSTRAINT "EngagementCount_pkey" PRIMARY KEY ("countryA", "countryB", "year", "status", "kind", "formality")
);

-- Add `delta` to every row an engagement with this state and these countries contributes to.
CREATE FUNCTION summitry_engagement_count_add(
  day DATE, st "EngagementStatus", k "EngagementKind", f "Formality", countries INTEGER[], delta INTEGER
) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "EngagementCount" AS c ("countryA", "countryB", "year", "status", "kind", "formality", "n")
  SELECT pair.a, pair.b, extract(year FROM day)::int, st, k, f, delta
  FROM (
    SELECT 0 AS a, 0 AS b
    UNION ALL
    SELECT x, y FROM unnest(countries) x, unnest(countries) y WHERE x <= y
  ) pair
  ON CONFLICT ("countryA", "countryB", "year", "status", "kind", "formality") DO UPDATE SET "n" = c."n" + EXCLUDED."n"
$$;

CREATE FUNCTION summitry_engagement_countries(engagement INTEGER) RETURNS INTEGER[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT "countryId" ORDER BY "countryId"), '{}') FROM "EngagementParticipant" WHERE "engagementId" = engagement
$$;

CREATE FUNCTION summitry_engagement_counts_on_engagement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."retractedAt" IS NULL THEN
    PERFORM summitry_engagement_count_add(OLD.date, OLD.status, OLD.kind, OLD.formality, summitry_engagement_countries(OLD.id), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."retractedAt" IS NULL THEN
    PERFORM summitry_engagement_count_add(NEW.date, NEW.status, NEW.kind, NEW.formality, summitry_engagement_countries(NEW.id), 1);
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD; -- a BEFORE trigger that returned NULL would cancel the delete
  END IF;
  RETURN NULL;
END $$;

-- BEFORE DELETE: the participants (deleted by the cascade afterwards) are still there to say
-- which pairs the engagement counted in; their own triggers then find no engagement and skip.
CREATE TRIGGER engagement_counts_delete BEFORE DELETE ON "Engagement"
  FOR EACH ROW EXECUTE FUNCTION summitry_engagement_counts_on_engagement();
CREATE TRIGGER engagement_counts_write AFTER INSERT OR UPDATE OF date, status, kind, formality, "retractedAt" ON "Engagement"
  FOR EACH ROW EXECUTE FUNCTION summitry_engagement_counts_on_engagement();

-- A participant row changes the engagement's country set only when it is the first (or last) row
-- of its country; the engagement's row lock serialises two writers adding participants to it.
CREATE FUNCTION summitry_engagement_counts_on_participant() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  e RECORD;
  engagement INTEGER := CASE WHEN TG_OP = 'DELETE' THEN OLD."engagementId" ELSE NEW."engagementId" END;
  old_set INTEGER[];
  new_set INTEGER[];
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."engagementId" <> NEW."engagementId" THEN
    RAISE EXCEPTION 'a participant cannot move to another engagement' USING ERRCODE = 'check_violation';
  END IF;
  SELECT date, status, kind, formality, "retractedAt" INTO e FROM "Engagement" WHERE id = engagement FOR UPDATE;
  IF NOT FOUND OR e."retractedAt" IS NOT NULL THEN
    RETURN NULL;
  END IF;
  new_set := summitry_engagement_countries(engagement);
  -- The set before this row's change: undo it on the current set.
  old_set := new_set;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NOT EXISTS (
    SELECT 1 FROM "EngagementParticipant" WHERE "engagementId" = engagement AND "countryId" = NEW."countryId" AND id <> NEW.id
  ) THEN
    old_set := array_remove(old_set, NEW."countryId");
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND NOT (OLD."countryId" = ANY(old_set)) THEN
    old_set := array_append(old_set, OLD."countryId");
  END IF;
  IF (SELECT array_agg(x ORDER BY x) FROM unnest(old_set) x) IS DISTINCT FROM (SELECT array_agg(x ORDER BY x) FROM unnest(new_set) x) THEN
    PERFORM summitry_engagement_count_add(e.date, e.status, e.kind, e.formality, old_set, -1);
    PERFORM summitry_engagement_count_add(e.date, e.status, e.kind, e.formality, new_set, 1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER participant_counts AFTER INSERT OR DELETE OR UPDATE OF "countryId", "engagementId" ON "EngagementParticipant"
  FOR EACH ROW EXECUTE FUNCTION summitry_engagement_counts_on_participant();

-- Recount everything from the facts: after a bulk load with triggers off (bench/generate.ts),
-- and the reference a test holds the triggers to.
CREATE FUNCTION summitry_rebuild_engagement_counts() RETURNS void LANGUAGE sql AS $$
  DELETE FROM "EngagementCount";
  INSERT INTO "EngagementCount" ("countryA", "countryB", "year", "status", "kind", "formality", "n")
  SELECT pair.a, pair.b, extract(year FROM e.date)::int, e.status, e.kind, e.formality, count(*)::int
  FROM (
    SELECT e.id, e.date, e.status, e.kind, e.formality,
           coalesce(array_agg(DISTINCT p."countryId") FILTER (WHERE p."countryId" IS NOT NULL), '{}') AS countries
    FROM "Engagement" e LEFT JOIN "EngagementParticipant" p ON p."engagementId" = e.id
    WHERE e."retractedAt" IS NULL
    GROUP BY e.id
  ) e
  CROSS JOIN LATERAL (
    SELECT 0 AS a, 0 AS b
    UNION ALL
    SELECT x, y FROM unnest(e.countries) x, unnest(e.countries) y WHERE x <= y
  ) pair
  GROUP BY 1, 2, 3, 4, 5, 6;
$$;

SELECT summitry_rebuild_engagement_counts();
