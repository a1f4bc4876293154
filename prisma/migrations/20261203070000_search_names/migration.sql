-- Search that knows other names, spellings and typos.
--
-- 1. One normal form for text on both sides of a match: accents dropped (unaccent), lower case,
--    and British and American spellings folded to the British one (summitry_search_text), so
--    "defense", "organization" and "Turkiye" meet "defence", "organisation" and "Türkiye".
-- 2. The full-text documents (the generated `search` columns) are rebuilt over that normal form.
-- 3. "SearchName" holds every name a thing goes by (a person's alternate names and office titles,
--    an organisation's acronym, an incident's names as each side uses them, a summit's city ...),
--    kept by triggers, with a trigram index for exact, prefix and typo-tolerant matches.
--
-- unaccent and pg_trgm are contrib extensions: Debian's postgresql-15, the offline test image and
-- the embedded-postgres binaries all ship them. Both are trusted, so a database owner may create them.
DO $$
BEGIN
  IF (SELECT count(*) FROM pg_available_extensions WHERE name IN ('unaccent', 'pg_trgm')) < 2 THEN
    RAISE EXCEPTION 'search needs the PostgreSQL contrib extensions unaccent and pg_trgm: install the server''s contrib package (Debian: postgresql-contrib or postgresql-15) and migrate again';
  END IF;
END $$;
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The recorded (history) views select every column of their tables, "search" included, so they
-- would block the column rebuilds below: drop them here, rebuild them at the end.
SELECT summitry_drop_recorded_views();

-- unaccent(text) is only STABLE (it reads its dictionary by name through search_path); naming the
-- dictionary with its schema makes a stable answer, which generated columns and indexes need.
DO $$
DECLARE s text;
BEGIN
  SELECT n.nspname INTO s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent';
  EXECUTE format(
    'CREATE FUNCTION summitry_unaccent(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $f$ SELECT %I.unaccent(%L::regdictionary, t) $f$',
    s, s || '.unaccent');
END $$;

-- The normal form. Spelling rules are whole-word and fold American to British; both sides of every
-- comparison pass through here, so a rule that also touches an unrelated word only makes two
-- spellings of that word meet too. -ize/-yze need three letters before them, so size and seize stay.
CREATE FUNCTION summitry_search_text(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(
      lower(summitry_unaccent(t)),
      '\m(defen|offen|preten)se(s?)\M', '\1ce\2', 'g'),
      '\m([a-z]{3,})iz(e|es|ed|ing|er|ers|ation|ations|ational)\M', '\1is\2', 'g'),
      '\m([a-z]{2,})yz(e|es|ed|ing|er|ers)\M', '\1ys\2', 'g'),
      '\m(hon|lab|fav|col|behavi|neighb|harb|rum|arm|endeav|vig|flav|hum|val|rig|splend|ferv|cand|clam|odo|vap)or(s|ed|ing|ful|less|able|ite|ites)?\M', '\1our\2', 'g'),
      '\m(cent|theat|met|lit|fib|calib|sab|somb|lust|spect|maneuv)er(s?)\M', '\1re\2', 'g'),
      '\mprogram(s?)\M', 'programme\1', 'g'),
      '\m(dial|catal|anal|monol|prol|epil)og(s?)\M', '\1ogue\2', 'g'),
      '\m(cancel|travel|model|label|fuel|signal|channel|level|counsel|marshal|dial|equal)(ed|ing|er|ers)\M', '\1l\2', 'g'),
      '\mpractis(e|es|ed|ing)\M', 'practic\1', 'g')
$$;

-- array_to_string is only STABLE; the join of an array for a generated column must be IMMUTABLE.
-- (summitry_join_text from the search migration, reused.)

-- 2. The full-text documents over the normal form. A generated column's expression cannot be
-- altered in PostgreSQL 15: drop and add it again (its GIN index goes with it and is rebuilt).
ALTER TABLE "Organisation" DROP COLUMN "search";
ALTER TABLE "Organisation" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', summitry_search_text(coalesce("acronym", '') || ' ' || coalesce("name", ''))), 'A') ||
  setweight(to_tsvector('english', summitry_search_text(coalesce("seatCity", ''))), 'B')
) STORED;

ALTER TABLE "Country" DROP COLUMN "search";
ALTER TABLE "Country" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', summitry_search_text(coalesce("name", '') || ' ' || "code" || ' ' || "alpha3")), 'A') ||
  setweight(to_tsvector('english', summitry_search_text(coalesce("region", ''))), 'C')
) STORED;

ALTER TABLE "Person" DROP COLUMN "search";
ALTER TABLE "Person" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', summitry_search_text(coalesce("name", '') || ' ' || summitry_join_text("alternateNames"))), 'A')
) STORED;

ALTER TABLE "Summit" DROP COLUMN "search";
ALTER TABLE "Summit" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', summitry_search_text(coalesce("name", ''))), 'A') ||
  setweight(to_tsvector('english', summitry_search_text(coalesce("city", '') || ' ' || coalesce("region", ''))), 'B') ||
  setweight(to_tsvector('english', summitry_search_text(coalesce("note", ''))), 'C')
) STORED;

ALTER TABLE "Engagement" DROP COLUMN "search";
ALTER TABLE "Engagement" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', summitry_search_text(coalesce("title", ''))), 'A') ||
  setweight(to_tsvector('english', summitry_search_text(coalesce("place", ''))), 'B') ||
  setweight(to_tsvector('english', summitry_search_text(coalesce("summary", ''))), 'C')
) STORED;

ALTER TABLE "Incident" DROP COLUMN "search";
ALTER TABLE "Incident" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', summitry_search_text(coalesce("name", ''))), 'A') ||
  setweight(to_tsvector('english', summitry_search_text(coalesce("location", ''))), 'B') ||
  setweight(to_tsvector('english', summitry_search_text(coalesce("summary", ''))), 'C')
) STORED;

ALTER TABLE "Statement" DROP COLUMN "search";
ALTER TABLE "Statement" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', summitry_search_text(summitry_join_text("topics"))), 'B') ||
  setweight(to_tsvector('english', summitry_search_text(coalesce("place", ''))), 'B') ||
  setweight(to_tsvector('english', summitry_search_text(coalesce("summary", ''))), 'C')
) STORED;

CREATE INDEX "Organisation_search_idx" ON "Organisation" USING GIN ("search");
CREATE INDEX "Country_search_idx" ON "Country" USING GIN ("search");
CREATE INDEX "Person_search_idx" ON "Person" USING GIN ("search");
CREATE INDEX "Summit_search_idx" ON "Summit" USING GIN ("search");
CREATE INDEX "Engagement_search_idx" ON "Engagement" USING GIN ("search");
CREATE INDEX "Incident_search_idx" ON "Incident" USING GIN ("search");
CREATE INDEX "Statement_search_idx" ON "Statement" USING GIN ("search");

-- 3. Every name a thing goes by. `field` says which name it is (the search weighs them):
-- NAME, ACRONYM, CODE (ISO codes), ALTERNATE_NAME (a person's other names, an incident's name as
-- one side uses it), CITY (a summit is known by its city), TITLE (an office a person held).
-- `date` is the thing's own date (a summit's start, an engagement's day), which orders equal
-- ranks newest first. Retracted facts have no names here. Derived data: never written by the
-- application, kept by the triggers below (summitry_refresh_search_names).
CREATE TABLE "SearchName" (
  "id" SERIAL PRIMARY KEY,
  "kind" TEXT NOT NULL,
  "entityId" INTEGER NOT NULL,
  "field" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "date" DATE,
  "norm" TEXT GENERATED ALWAYS AS (summitry_search_text("name")) STORED,
  "words" tsvector GENERATED ALWAYS AS (to_tsvector('english', summitry_search_text("name"))) STORED
);
CREATE INDEX "SearchName_entity_idx" ON "SearchName" ("kind", "entityId");
-- Equality and LIKE 'prefix%' use the btree (a trigram index answers them too, but lossily and
-- slower); similarity (%) and word similarity (%>) use the trigram GIN.
CREATE INDEX "SearchName_norm_idx" ON "SearchName" ("norm" text_pattern_ops);
CREATE INDEX "SearchName_norm_trgm_idx" ON "SearchName" USING GIN ("norm" gin_trgm_ops);
-- Words of the names the full-text documents lack (office titles, an incident's other names);
-- the others are matched through the documents.
CREATE INDEX "SearchName_words_idx" ON "SearchName" USING GIN ("words") WHERE "field" IN ('TITLE', 'ALTERNATE_NAME');

-- Every name of every thing, as rows. A view-like function: the refresh filters it by kind and
-- id, which PostgreSQL pushes into each branch (so a refresh reads one row per table, by key).
CREATE FUNCTION summitry_search_name_rows() RETURNS TABLE (kind text, id integer, field text, name text, date date)
  LANGUAGE sql STABLE AS $$
  SELECT * FROM (
    SELECT 'Organisation', o.id, 'NAME', o."name", NULL::date FROM "Organisation" o
    UNION ALL SELECT 'Organisation', o.id, 'ACRONYM', o."acronym", NULL FROM "Organisation" o
    UNION ALL SELECT 'Country', c.id, 'NAME', c."name", NULL FROM "Country" c
    UNION ALL SELECT 'Country', c.id, 'CODE', c."code", NULL FROM "Country" c
    UNION ALL SELECT 'Country', c.id, 'CODE', c."alpha3", NULL FROM "Country" c
    UNION ALL SELECT 'Person', p.id, 'NAME', p."name", NULL FROM "Person" p
    UNION ALL SELECT 'Person', p.id, 'ALTERNATE_NAME', a, NULL FROM "Person" p, unnest(p."alternateNames") a
    UNION ALL SELECT 'Person', t."personId", 'TITLE', t."title", NULL FROM "Tenure" t WHERE t."retractedAt" IS NULL
    UNION ALL SELECT 'Summit', s.id, 'NAME', s."name", s."startDate" FROM "Summit" s WHERE s."retractedAt" IS NULL
    UNION ALL SELECT 'Summit', s.id, 'CITY', s."city", s."startDate" FROM "Summit" s WHERE s."retractedAt" IS NULL
    UNION ALL SELECT 'Engagement', e.id, 'NAME', e."title", e."date" FROM "Engagement" e WHERE e."retractedAt" IS NULL
    UNION ALL SELECT 'Incident', i.id, 'NAME', i."name", i."startDate" FROM "Incident" i WHERE i."retractedAt" IS NULL
    UNION ALL SELECT 'Incident', n."incidentId", 'ALTERNATE_NAME', n."name", i."startDate"
      FROM "IncidentName" n JOIN "Incident" i ON i.id = n."incidentId" WHERE i."retractedAt" IS NULL
  ) f (kind, id, field, name, date)
  WHERE f.name IS NOT NULL AND btrim(f.name) <> ''
$$;

CREATE FUNCTION summitry_refresh_search_names(k text, eid integer) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  IF eid IS NULL THEN RETURN; END IF;
  DELETE FROM "SearchName" WHERE "kind" = k AND "entityId" = eid;
  INSERT INTO "SearchName" ("kind", "entityId", "field", "name", "date")
  SELECT DISTINCT f.kind, f.id, f.field, f.name, f.date FROM summitry_search_name_rows() f
  WHERE f.kind = k AND f.id = eid;
END $$;

-- Row triggers: TG_ARGV[0] is the kind whose names change, TG_ARGV[1] the column holding its id.
CREATE FUNCTION summitry_search_names_trigger() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  old_id integer;
  new_id integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN old_id := (to_jsonb(OLD) ->> TG_ARGV[1])::integer; END IF;
  IF TG_OP <> 'DELETE' THEN new_id := (to_jsonb(NEW) ->> TG_ARGV[1])::integer; END IF;
  PERFORM summitry_refresh_search_names(TG_ARGV[0], old_id);
  IF new_id IS DISTINCT FROM old_id THEN PERFORM summitry_refresh_search_names(TG_ARGV[0], new_id); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Organisation_search_names" AFTER INSERT OR DELETE OR UPDATE OF "name", "acronym" ON "Organisation"
  FOR EACH ROW EXECUTE FUNCTION summitry_search_names_trigger('Organisation', 'id');
CREATE TRIGGER "Country_search_names" AFTER INSERT OR DELETE OR UPDATE OF "name", "code", "alpha3" ON "Country"
  FOR EACH ROW EXECUTE FUNCTION summitry_search_names_trigger('Country', 'id');
CREATE TRIGGER "Person_search_names" AFTER INSERT OR DELETE OR UPDATE OF "name", "alternateNames" ON "Person"
  FOR EACH ROW EXECUTE FUNCTION summitry_search_names_trigger('Person', 'id');
CREATE TRIGGER "Tenure_search_names" AFTER INSERT OR DELETE OR UPDATE OF "title", "personId", "retractedAt" ON "Tenure"
  FOR EACH ROW EXECUTE FUNCTION summitry_search_names_trigger('Person', 'personId');
CREATE TRIGGER "Summit_search_names" AFTER INSERT OR DELETE OR UPDATE OF "name", "city", "startDate", "retractedAt" ON "Summit"
  FOR EACH ROW EXECUTE FUNCTION summitry_search_names_trigger('Summit', 'id');
CREATE TRIGGER "Engagement_search_names" AFTER INSERT OR DELETE OR UPDATE OF "title", "date", "retractedAt" ON "Engagement"
  FOR EACH ROW EXECUTE FUNCTION summitry_search_names_trigger('Engagement', 'id');
CREATE TRIGGER "Incident_search_names" AFTER INSERT OR DELETE OR UPDATE OF "name", "startDate", "retractedAt" ON "Incident"
  FOR EACH ROW EXECUTE FUNCTION summitry_search_names_trigger('Incident', 'id');
CREATE TRIGGER "IncidentName_search_names" AFTER INSERT OR DELETE OR UPDATE OF "name", "incidentId" ON "IncidentName"
  FOR EACH ROW EXECUTE FUNCTION summitry_search_names_trigger('Incident', 'incidentId');

-- Everything at once, for loads that ran with triggers off (the benchmark generator) and for now.
CREATE FUNCTION summitry_rebuild_search_names() RETURNS void
  LANGUAGE sql AS $$
  TRUNCATE "SearchName";
  INSERT INTO "SearchName" ("kind", "entityId", "field", "name", "date")
  SELECT DISTINCT f.kind, f.id, f.field, f.name, f.date FROM summitry_search_name_rows() f;
$$;

SELECT summitry_rebuild_search_names();

-- The search itself (src/domain/search.ts says how it ranks). A PL/pgSQL function so that each
-- connection plans it once: as one ad hoc statement its parsing and planning cost more than
-- running it. p_loose is false for web-search syntax (quotes, OR, -word): no prefixes, no typos.
CREATE FUNCTION summitry_search(p_text text, p_loose boolean, p_offset integer, p_limit integer)
  RETURNS TABLE (kind text, id integer, rank float8, total integer)
  LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN QUERY
  WITH q AS MATERIALIZED (
    -- A prefix match is the range [norm, norm || U+10FFFF) in byte order (text_pattern_ops): a
    -- LIKE with a pattern known only at run time would go to the lossy trigram index instead.
    SELECT n AS norm, n || chr(1114111) AS prefix_end,
           websearch_to_tsquery('english', n) AS ts, websearch_to_tsquery('simple', n) AS ts_simple
    FROM summitry_search_text(p_text) n
  ),
  names AS (
    SELECT n.kind, n."entityId" AS id, max(n.date) AS date,
      max(CASE
        WHEN n.norm = q.norm THEN 1.0
        WHEN n.norm ~>=~ q.norm AND n.norm ~<~ q.prefix_end THEN 0.9
        ELSE 0.5 + 0.3 * least(1.0, length(q.norm)::float8 / greatest(length(n.norm), 1)) END
        * CASE n.field WHEN 'TITLE' THEN 0.8 WHEN 'CODE' THEN 0.9 WHEN 'CITY' THEN 0.95 ELSE 1.0 END)::float8 AS score
    FROM "SearchName" n, q
    WHERE (p_loose AND (n.norm = q.norm OR (length(q.norm) >= 3 AND n.norm ~>=~ q.norm AND n.norm ~<~ q.prefix_end)))
       OR (n.field IN ('TITLE', 'ALTERNATE_NAME') AND n.words @@ q.ts)
    GROUP BY 1, 2
  ),
  documents AS (
    SELECT 'Organisation'::text AS kind, x.id, NULL::date AS date, ts_rank_cd(x.search, q.ts, 32)::float8 AS score
      FROM "Organisation" x, q WHERE x.search @@ q.ts
    UNION ALL SELECT 'Country', x.id, NULL::date, ts_rank_cd(x.search, q.ts, 32)::float8
      FROM "Country" x, q WHERE x.search @@ q.ts
    -- People's names are not English words: their document uses the 'simple' configuration.
    UNION ALL SELECT 'Person', x.id, NULL::date, ts_rank_cd(x.search, q.ts_simple, 32)::float8
      FROM "Person" x, q WHERE x.search @@ q.ts_simple
    UNION ALL SELECT 'Summit', x.id, x."startDate", ts_rank_cd(x.search, q.ts, 32)::float8
      FROM "Summit" x, q WHERE x.search @@ q.ts AND x."retractedAt" IS NULL
    UNION ALL SELECT 'Engagement', x.id, x."date", ts_rank_cd(x.search, q.ts, 32)::float8
      FROM "Engagement" x, q WHERE x.search @@ q.ts AND x."retractedAt" IS NULL
    UNION ALL SELECT 'Incident', x.id, x."startDate", ts_rank_cd(x.search, q.ts, 32)::float8
      FROM "Incident" x, q WHERE x.search @@ q.ts AND x."retractedAt" IS NULL
    UNION ALL SELECT 'Statement', x.id, x."date", ts_rank_cd(x.search, q.ts, 32)::float8
      FROM "Statement" x, q WHERE x.search @@ q.ts AND x."retractedAt" IS NULL
  ),
  -- Each thing is at most once in documents and once in names: a full join, not a grouping.
  precise AS (
    SELECT coalesce(d.kind, nm.kind) AS kind, coalesce(d.id, nm.id) AS id, coalesce(d.date, nm.date) AS date,
           round((0.75 * coalesce(nm.score, 0) + 0.25 * coalesce(d.score, 0)) * 100) / 100 AS rank
    FROM documents d FULL JOIN names nm ON nm.kind = d.kind AND nm.id = d.id
  ),
  fuzzy AS (
    SELECT n.kind, n."entityId" AS id, max(n.date) AS date,
      round(0.75 * max((0.25 * word_similarity(q.norm, n.norm) + 0.25 * similarity(q.norm, n.norm))
        * CASE n.field WHEN 'TITLE' THEN 0.8 WHEN 'CODE' THEN 0.9 WHEN 'CITY' THEN 0.95 ELSE 1.0 END) * 100)::float8 / 100 AS rank
    FROM "SearchName" n, q
    WHERE p_loose AND NOT EXISTS (SELECT 1 FROM precise)
      AND (n.norm % q.norm OR n.norm %> q.norm)
    GROUP BY 1, 2
  ),
  ranked AS (SELECT * FROM precise UNION ALL SELECT * FROM fuzzy)
  SELECT r.kind, r.id, r.rank, t.total
  FROM (SELECT count(*)::int AS total FROM ranked) t
  LEFT JOIN LATERAL (
    SELECT x.kind, x.id, x.rank FROM ranked x
    ORDER BY x.rank DESC, x.date DESC NULLS FIRST, x.kind, x.id OFFSET p_offset LIMIT p_limit
  ) r ON TRUE;
END $fn$;

-- Under @asRecorded, search must find the names as they were. "SearchName" is derived and not
-- versioned, so recorded."SearchName" recomputes it from the recorded facts, as the rollup
-- function already does for "EngagementCount". summitry_search_name_rows() names its tables
-- unqualified and is resolved with the caller's search_path, which a recorded read leads with
-- `recorded`; summitry_search does the same, so in a recorded read it reads this view.
CREATE OR REPLACE FUNCTION summitry_recorded_rollups() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF to_regclass('"EngagementCount"') IS NOT NULL THEN
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
  END IF;
  IF to_regclass('"SearchName"') IS NOT NULL THEN
    -- Written out over recorded.* rather than through summitry_search_name_rows(), so the view
    -- means the past whatever the reader's search_path.
    CREATE VIEW recorded."SearchName" AS
      SELECT (row_number() OVER ())::int AS id, f.kind, f.id AS "entityId", f.field, f.name, f.date,
             summitry_search_text(f.name) AS norm, to_tsvector('english', summitry_search_text(f.name)) AS words
      FROM (SELECT DISTINCT * FROM (
        SELECT 'Organisation', o.id, 'NAME', o."name", NULL::date FROM recorded."Organisation" o
        UNION ALL SELECT 'Organisation', o.id, 'ACRONYM', o."acronym", NULL FROM recorded."Organisation" o
        UNION ALL SELECT 'Country', c.id, 'NAME', c."name", NULL FROM recorded."Country" c
        UNION ALL SELECT 'Country', c.id, 'CODE', c."code", NULL FROM recorded."Country" c
        UNION ALL SELECT 'Country', c.id, 'CODE', c."alpha3", NULL FROM recorded."Country" c
        UNION ALL SELECT 'Person', p.id, 'NAME', p."name", NULL FROM recorded."Person" p
        UNION ALL SELECT 'Person', p.id, 'ALTERNATE_NAME', a, NULL FROM recorded."Person" p, unnest(p."alternateNames") a
        UNION ALL SELECT 'Person', t."personId", 'TITLE', t."title", NULL FROM recorded."Tenure" t WHERE t."retractedAt" IS NULL
        UNION ALL SELECT 'Summit', s.id, 'NAME', s."name", s."startDate" FROM recorded."Summit" s WHERE s."retractedAt" IS NULL
        UNION ALL SELECT 'Summit', s.id, 'CITY', s."city", s."startDate" FROM recorded."Summit" s WHERE s."retractedAt" IS NULL
        UNION ALL SELECT 'Engagement', e.id, 'NAME', e."title", e."date" FROM recorded."Engagement" e WHERE e."retractedAt" IS NULL
        UNION ALL SELECT 'Incident', i.id, 'NAME', i."name", i."startDate" FROM recorded."Incident" i WHERE i."retractedAt" IS NULL
        UNION ALL SELECT 'Incident', n."incidentId", 'ALTERNATE_NAME', n."name", i."startDate"
          FROM recorded."IncidentName" n JOIN recorded."Incident" i ON i.id = n."incidentId" WHERE i."retractedAt" IS NULL
      ) r (kind, id, field, name, date) WHERE r.name IS NOT NULL AND btrim(r.name) <> '') f;
  END IF;
END
$$;

SELECT summitry_recorded_views();
