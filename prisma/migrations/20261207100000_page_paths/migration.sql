-- Access paths that make a page cost its size rather than the table's, continued (issue 13), and a
-- search whose page and count no longer grow with the number of matches.
--
-- 1. "The newest HELD engagements": the (status, date) index did not order ties by id, so the
--    planner walked the (date, id) index from the newest engagement and skipped every later one
--    of another status (at SF100 the 22 000 scheduled ones in the future) before the first HELD.
DROP INDEX IF EXISTS "Engagement_status_date_idx";
CREATE INDEX "Engagement_status_date_id_idx" ON "Engagement" ("status", "date" DESC, "id" DESC);

-- 2. Totals from the rollup read its index alone: a country pair's (or every engagement's) rows
--    are scattered over the table's pages, so summing them visited one page per row (10-27 ms for
--    IN/PK at SF100). With `n` in the key's index an index-only scan reads them in one range.
ALTER TABLE "EngagementCount" DROP CONSTRAINT "EngagementCount_pkey",
  ADD CONSTRAINT "EngagementCount_pkey" PRIMARY KEY ("countryA", "countryB", "year", "status", "kind", "formality") INCLUDE ("n");

-- 3. Search: every searchable table in its ranking order (newest first, the newest row first on a
--    day), so one class of matches comes off an index in order and stops after a page.
DROP INDEX IF EXISTS "Statement_date_idx";
CREATE INDEX "Statement_date_id_idx" ON "Statement" ("date" DESC, "id" DESC);
DROP INDEX IF EXISTS "Incident_startDate_idx";
CREATE INDEX "Incident_startDate_id_idx" ON "Incident" ("startDate" DESC, "id" DESC);
CREATE INDEX "Summit_startDate_id_idx" ON "Summit" ("startDate" DESC, "id" DESC);
-- Things named exactly so, newest first (a generated data set names thousands of meetings alike).
DROP INDEX IF EXISTS "SearchName_norm_idx";
CREATE INDEX "SearchName_norm_idx" ON "SearchName" ("norm" text_pattern_ops, "kind", "date" DESC, "entityId" DESC);

-- The words of a thing's name, title and place (its document's weight-A and weight-B parts),
-- normalised as the document is. A GIN index over them finds the few things whose name or place
-- holds a query's words when many more only mention them (a weight-restricted query on the
-- document's index would recheck every mention). An IMMUTABLE function rather than a stored
-- column: recorded reads (the history views) compute it for past versions of a row the same way.
-- PL/pgSQL so that it is not inlined: the planner then matches a one-node expression to the index
-- instead of nine regular expressions (planning took 2 ms a statement); the search itself tests a
-- row with the cheap weight-restricted query, and asks this only through the index.
CREATE FUNCTION summitry_name_vector(t text) RETURNS tsvector
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000 AS $$
BEGIN
  RETURN to_tsvector('english', summitry_search_text(coalesce(t, '')));
END $$;
CREATE INDEX "Engagement_named_search_idx" ON "Engagement" USING GIN (summitry_name_vector("title" || ' ' || coalesce("place", '')));
CREATE INDEX "Summit_named_search_idx" ON "Summit" USING GIN (summitry_name_vector("name" || ' ' || "city" || ' ' || coalesce("region", '')));
CREATE INDEX "Incident_named_search_idx" ON "Incident" USING GIN (summitry_name_vector("name" || ' ' || coalesce("location", '')));
CREATE INDEX "Statement_named_search_idx" ON "Statement" USING GIN (summitry_name_vector(summitry_join_text("topics") || ' ' || coalesce("place", '')));

-- A query restricted to weights A and B: every word of it in the thing's name, title or place
-- (or a statement's topics). The search tests it with ts_match_vq(), the function behind @@, so
-- that the planner treats it as a cheap filter rather than a second index condition.
CREATE FUNCTION summitry_tsquery_in_names(q tsquery) RETURNS tsquery
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT regexp_replace(q::text, $r$'((?:[^']|'')*)'(?::(\*))?$r$, $r$'\1':\2AB$r$, 'g')::tsquery
$$;

-- 4. The search (src/domain/search.ts says how it ranks, and why so). Things come in tiers, each
-- strictly above the next:
--   names     things one of whose names the query matches (equal, a prefix, or an office title or
--             alternate name holding every word): rank 0.75 * name score + 0.25, at least 0.55;
--   NAMED     things whose own name, title or place (a statement's topics) holds every word: 0.25;
--   TEXT      things whose document holds every word elsewhere (a summary, a note): 0.10;
-- and inside a tier newest first, undated things first, then kind, then the newest row. A page is
-- the tiers concatenated, so it needs only the first offset + limit of each: the names (bounded by
-- the named things: people, summits, incidents, titles; meetings only when named exactly, and then
-- only the newest offset + limit), then each table's newest matches of a tier, which PostgreSQL
-- takes off the (date, id) index when matches are dense and off the GIN index when sparse.
-- totalCount is exact up to 1 000 and says so when more match (it would otherwise cost every match).
DROP FUNCTION IF EXISTS summitry_search(text, boolean, integer, integer);
CREATE TYPE summitry_search_hit AS (kind text, id integer, rank float8, date date);

-- Web-search syntax ("a phrase", OR, -word) asks for exact words: no prefixes, no typo tolerance.
CREATE FUNCTION summitry_search_loose(t text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT t !~* '"|(^|\s)-\S|(^|\s)or(\s|$)' $$;

CREATE FUNCTION summitry_search(p_text text, p_offset integer, p_limit integer)
  RETURNS TABLE (kind text, id integer, rank float8, total integer, exact boolean)
  LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  cap CONSTANT integer := 1000;
  p_loose boolean := summitry_search_loose(p_text);
  need integer := p_offset + p_limit;
  q_norm text := summitry_search_text(p_text);
  q_end text := summitry_search_text(p_text) || chr(1114111);
  q_ts tsquery := websearch_to_tsquery('english', summitry_search_text(p_text));
  q_simple tsquery := websearch_to_tsquery('simple', summitry_search_text(p_text));
  q_named tsquery;
  -- A query of stop words only has no lexemes in the english configuration (but may in 'simple').
  en_words boolean := numnode(websearch_to_tsquery('english', summitry_search_text(p_text))) > 0;
  simple_words boolean := numnode(websearch_to_tsquery('simple', summitry_search_text(p_text))) > 0;
  prefix boolean := summitry_search_loose(p_text) AND length(summitry_search_text(p_text)) >= 3;
  hits summitry_search_hit[];
  more summitry_search_hit[];
  named_match text;
  named_ids integer[];
  test text;
  indexed text;
  phrase boolean;
  kinds text[];
  fallbacks text[];
  again text[];
  refilled text[];
  ended text[];
  also summitry_search_hit[];
  short integer;
  span integer;
  seqscan text := current_setting('enable_seqscan');
  indexscan text := current_setting('enable_indexscan');
  t record;
  tier text;
  branches text[];
  counted integer := 0;
  n integer;
BEGIN
  q_named := CASE WHEN en_words THEN summitry_tsquery_in_names(q_ts) END;
  -- A phrase may span a name and a place: the concatenated text's positions then need not be the
  -- document's, so phrases take the document's index (and the exact test) instead.
  phrase := q_ts::text LIKE '%<%>%';
  -- How a row of "SearchName" (alias n) names the query.
  named_match := concat_ws(' OR ',
    CASE WHEN p_loose THEN 'n.norm = $2' END,
    CASE WHEN prefix THEN '(n.norm ~>=~ $2 AND n.norm ~<~ $3 AND n.kind <> ''Engagement'')' END,
    CASE WHEN en_words THEN '(n.field IN (''TITLE'', ''ALTERNATE_NAME'') AND n.words @@ $4)' END);
  IF named_match = '' THEN named_match := 'FALSE'; END IF;

  -- Names. A meeting's title is a name only when the query equals it (a prefix of a title is
  -- the country that happens to be named first), and only the newest need of those can be on
  -- the page: they rank alike.
  EXECUTE format($q$
    SELECT array_agg(ROW(m.kind, m.id, round((0.75 * m.score + 0.25)::numeric, 2)::float8, m.date)::summitry_search_hit
                     ORDER BY round((0.75 * m.score + 0.25)::numeric, 2) DESC, m.date DESC NULLS FIRST, m.kind, m.id DESC)
    FROM (
      SELECT s.kind, s."entityId" AS id, max(s.score) AS score, max(s.date) AS date FROM (
        SELECT n.kind, n."entityId", n.date,
          (CASE WHEN $7 AND n.norm = $2 THEN 1.0
                WHEN $8 AND n.norm ~>=~ $2 AND n.norm ~<~ $3 THEN 0.9
                ELSE 0.5 + 0.3 * least(1.0, length($2)::float8 / greatest(length(n.norm), 1)) END)
          * CASE n.field WHEN 'TITLE' THEN 0.8 WHEN 'CODE' THEN 0.9 WHEN 'CITY' THEN 0.95 ELSE 1.0 END AS score
        FROM "SearchName" n WHERE n.kind <> 'Engagement' AND (%s)
        UNION ALL
        (SELECT n.kind, n."entityId", n.date, 1.0 FROM "SearchName" n
          WHERE $7 AND n.norm = $2 AND n.kind = 'Engagement'
          ORDER BY n.date DESC NULLS FIRST, n."entityId" DESC LIMIT $1)
      ) s GROUP BY s.kind, s."entityId"
    ) m $q$, named_match)
    INTO hits USING need, q_norm, q_end, q_ts, q_named, q_simple, p_loose, prefix;
  hits := coalesce(hits, '{}');

  -- Documents, a tier at a time, only while the page is not full. Each table's part of a tier is
  -- its newest matches: first looked for among its newest rows, walked in index order, which
  -- finds a page of dense matches after a few dozen rows whatever the table's size; a table whose
  -- walk ended (after `span` rows) with too few is asked again through its GIN index (sparse
  -- matches: few to sort), with the ordered walk switched off, because the planner takes a word's
  -- frequency for a phrase's. The span balances the two: about sqrt(page x rows) rows walked at
  -- worst, against as many matches sorted (the table's size here only tunes cost, never the answer:
  -- the walk reports when it ran out).
  IF en_words OR simple_words THEN
    FOREACH tier IN ARRAY ARRAY['NAMED', 'TEXT'] LOOP
      EXIT WHEN cardinality(hits) >= need;
      short := need - cardinality(hits);
      kinds := '{}';
      branches := '{}';
      fallbacks := '{}';
      FOR t IN SELECT * FROM (VALUES
          -- table, date column, live rows, the NAMED test, the name vector the NAMED tier's index
          -- holds (null: the document's index serves), the document test. A name, title or place
          -- holds the words exactly when the document's weight-A and -B parts do: the walk tests
          -- that (cheap); the index of the name vector finds them when they are sparse.
          ('Engagement', 'x.date', 'x."retractedAt" IS NULL', 'ts_match_vq(x.search, $5)', 'x.title || '' '' || coalesce(x.place, '''')', 'x.search @@ $4'),
          ('Summit', 'x."startDate"', 'x."retractedAt" IS NULL', 'ts_match_vq(x.search, $5)', 'x.name || '' '' || x.city || '' '' || coalesce(x.region, '''')', 'x.search @@ $4'),
          ('Incident', 'x."startDate"', 'x."retractedAt" IS NULL', 'ts_match_vq(x.search, $5)', 'x.name || '' '' || coalesce(x.location, '''')', 'x.search @@ $4'),
          ('Statement', 'x.date', 'x."retractedAt" IS NULL', 'ts_match_vq(x.search, $5)', 'summitry_join_text(x.topics) || '' '' || coalesce(x.place, '''')', 'x.search @@ $4'),
          -- A person's document is their names (weight A, the 'simple' configuration): all named.
          ('Person', 'NULL::date', 'TRUE', 'x.search @@ $6', NULL, NULL),
          ('Country', 'NULL::date', 'TRUE', 'ts_match_vq(x.search, $5)', NULL, 'x.search @@ $4'),
          ('Organisation', 'NULL::date', 'TRUE', 'ts_match_vq(x.search, $5)', NULL, 'x.search @@ $4')
        ) v (tab, day, live, named_test, name_vector, doc_test) LOOP
        CONTINUE WHEN (tier = 'TEXT' AND t.doc_test IS NULL)
          OR (t.tab = 'Person' AND NOT simple_words) OR (t.tab <> 'Person' AND NOT en_words);
        SELECT greatest(200, least(20000, sqrt(short * greatest(c.reltuples, 0))))::int INTO span
          FROM pg_class c WHERE c.oid = to_regclass(quote_ident(t.tab));
        test := CASE WHEN tier = 'NAMED' THEN t.named_test ELSE format('%s AND NOT %s', t.doc_test, t.named_test) END;
        -- What the index can find: the name vector (then the exact test), or the document.
        indexed := CASE WHEN tier = 'TEXT' THEN test
                        WHEN t.name_vector IS NULL OR phrase THEN format('%s AND %s', coalesce(t.doc_test, t.named_test), test)
                        ELSE format('summitry_name_vector(%s) @@ $4 AND %s', t.name_vector, test) END;
        -- What a name matched ranks above: every named thing of the kind is in `hits` by now (a
        -- page that needs the documents holds all the meetings named exactly so, too).
        SELECT array_agg(h.id) INTO named_ids FROM unnest(hits) h WHERE h.kind = t.tab;
        IF named_ids IS NOT NULL THEN
          test := format('%s AND x.id <> ALL (%L::int[])', test, named_ids);
          indexed := format('%s AND x.id <> ALL (%L::int[])', indexed, named_ids);
        END IF;
        kinds := kinds || t.tab;
        -- The test is computed in the walk's select list, so the walk cannot turn into a scan of
        -- every match: it stops at the page, or after `span` rows, whose last row it reports.
        branches := branches || format(
          '(SELECT %1$L::text AS kind, w.id, w.date, w.hit, w.n = %5$s AS ended FROM (SELECT x.id, %2$s AS date, (%4$s) AS hit,'
          ' row_number() OVER (ORDER BY %2$s DESC, x.id DESC) AS n FROM %1$I x WHERE %3$s'
          ' ORDER BY %2$s DESC, x.id DESC LIMIT %5$s) w WHERE w.hit OR w.n = %5$s LIMIT $1 + 1)',
          t.tab, t.day, t.live, test, span);
        fallbacks := fallbacks || format(
          '(SELECT %1$L::text AS kind, x.id, %2$s AS date FROM %1$I x WHERE %3$s AND %4$s ORDER BY %2$s DESC, x.id DESC LIMIT $1)',
          t.tab, t.day, t.live, indexed);
      END LOOP;
      CONTINUE WHEN cardinality(branches) = 0;
      EXECUTE format('SELECT coalesce(array_agg(ROW(u.kind, u.id, 0, u.date)::summitry_search_hit) FILTER (WHERE u.hit), ''{}''),'
                     ' coalesce(array_agg(u.kind) FILTER (WHERE u.ended), ''{}'') FROM (%s) u',
                     array_to_string(branches, ' UNION ALL '))
        INTO more, ended USING short, q_norm, q_end, q_ts, q_named, q_simple;
      -- The tables whose walk ended with less than the page: all their matches, off the GIN indexes.
      SELECT array_agg(f.b), array_agg(f.kind) INTO again, refilled
      FROM unnest(fallbacks, kinds) AS f(b, kind)
      WHERE f.kind = ANY (ended) AND (SELECT count(*) FROM unnest(more) m WHERE m.kind = f.kind) < short;
      IF again IS NOT NULL THEN
        PERFORM set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true);
        EXECUTE format('SELECT coalesce(array_agg(ROW(u.kind, u.id, 0, u.date)::summitry_search_hit), ''{}'') FROM (%s) u',
                       array_to_string(again, ' UNION ALL '))
          INTO also USING short, q_norm, q_end, q_ts, q_named, q_simple;
        PERFORM set_config('enable_seqscan', seqscan, true), set_config('enable_indexscan', indexscan, true);
        more := ARRAY(SELECT m FROM unnest(more) m WHERE m.kind <> ALL (refilled)) || also;
      END IF;
      hits := hits || ARRAY(
        SELECT ROW(m.kind, m.id, CASE tier WHEN 'NAMED' THEN 0.25 ELSE 0.1 END, m.date)::summitry_search_hit
        FROM unnest(more) m ORDER BY m.date DESC NULLS FIRST, m.kind, m.id DESC LIMIT short);
    END LOOP;
  END IF;

  -- How many: the named things their documents do not match, plus every table's document
  -- matches, each table counted only as far as the cap.
  -- Meetings named exactly so are counted with the documents (a title equal to the query holds its
  -- words), or by themselves when the query has no english words.
  SELECT count(*) INTO counted FROM unnest(hits) h
  WHERE h.rank >= 0.55 AND h.kind <> 'Engagement' AND NOT CASE
    WHEN h.kind = 'Person' THEN simple_words AND EXISTS (SELECT 1 FROM "Person" x WHERE x.id = h.id AND x.search @@ q_simple)
    WHEN NOT en_words THEN FALSE
    WHEN h.kind = 'Summit' THEN EXISTS (SELECT 1 FROM "Summit" x WHERE x.id = h.id AND x.search @@ q_ts)
    WHEN h.kind = 'Incident' THEN EXISTS (SELECT 1 FROM "Incident" x WHERE x.id = h.id AND x.search @@ q_ts)
    WHEN h.kind = 'Statement' THEN EXISTS (SELECT 1 FROM "Statement" x WHERE x.id = h.id AND x.search @@ q_ts)
    WHEN h.kind = 'Country' THEN EXISTS (SELECT 1 FROM "Country" x WHERE x.id = h.id AND x.search @@ q_ts)
    WHEN h.kind = 'Organisation' THEN EXISTS (SELECT 1 FROM "Organisation" x WHERE x.id = h.id AND x.search @@ q_ts)
    ELSE FALSE END;
  IF p_loose AND NOT en_words THEN
    counted := counted + (SELECT count(*)::int FROM (SELECT 1 FROM "SearchName" n
      WHERE n.norm = q_norm AND n.kind = 'Engagement' LIMIT cap + 1) c);
  END IF;
  FOR t IN SELECT * FROM (VALUES
      ('Engagement', 'x."retractedAt" IS NULL AND x.search @@ $2'),
      ('Statement', 'x."retractedAt" IS NULL AND x.search @@ $2'),
      ('Summit', 'x."retractedAt" IS NULL AND x.search @@ $2'),
      ('Incident', 'x."retractedAt" IS NULL AND x.search @@ $2'),
      ('Person', 'x.search @@ $3'),
      ('Country', 'x.search @@ $2'),
      ('Organisation', 'x.search @@ $2')
    ) v (tab, test) LOOP
    EXIT WHEN counted > cap;
    CONTINUE WHEN (t.tab = 'Person' AND NOT simple_words) OR (t.tab <> 'Person' AND NOT en_words);
    EXECUTE format('SELECT count(*)::int FROM (SELECT 1 FROM %I x WHERE %s LIMIT $1) c', t.tab, t.test)
      INTO n USING cap + 1 - counted, q_ts, q_simple;
    counted := counted + n;
  END LOOP;

  -- Nothing as written (a typo): names by trigram similarity instead, all of them ranked.
  IF counted = 0 AND p_loose THEN
    SELECT array_agg(ROW(f.kind, f.id, f.rank, f.date)::summitry_search_hit ORDER BY f.rank DESC, f.date DESC NULLS FIRST, f.kind, f.id DESC),
           count(*)
      INTO hits, counted
    FROM (
      SELECT n.kind, n."entityId" AS id, max(n.date) AS date,
        round(0.75 * max((0.25 * word_similarity(q_norm, n.norm) + 0.25 * similarity(q_norm, n.norm))
          * CASE n.field WHEN 'TITLE' THEN 0.8 WHEN 'CODE' THEN 0.9 WHEN 'CITY' THEN 0.95 ELSE 1.0 END) * 100)::float8 / 100 AS rank
      FROM "SearchName" n
      WHERE n.norm % q_norm OR n.norm %> q_norm
      GROUP BY 1, 2
    ) f;
    hits := coalesce(hits, '{}');
  END IF;

  IF cardinality(hits) <= p_offset THEN
    RETURN QUERY SELECT NULL::text, NULL::integer, NULL::float8, least(counted, cap), counted <= cap;
    RETURN;
  END IF;
  RETURN QUERY SELECT h.kind, h.id, h.rank, least(counted, cap), counted <= cap
    FROM unnest(hits[p_offset + 1 : p_offset + p_limit]) WITH ORDINALITY AS h(kind, id, rank, date, i) ORDER BY h.i;
END $fn$;

-- 5. An office title names its holder as of the office's start: among people a title query matches
--    alike, the latest holder comes first ("secretary general": the one in office now). The same
--    rows as migration search_names otherwise; the tenure trigger also follows the start now.
CREATE OR REPLACE FUNCTION summitry_search_name_rows() RETURNS TABLE (kind text, id integer, field text, name text, date date)
  LANGUAGE sql STABLE AS $$
  SELECT * FROM (
    SELECT 'Organisation', o.id, 'NAME', o."name", NULL::date FROM "Organisation" o
    UNION ALL SELECT 'Organisation', o.id, 'ACRONYM', o."acronym", NULL FROM "Organisation" o
    UNION ALL SELECT 'Country', c.id, 'NAME', c."name", NULL FROM "Country" c
    UNION ALL SELECT 'Country', c.id, 'CODE', c."code", NULL FROM "Country" c
    UNION ALL SELECT 'Country', c.id, 'CODE', c."alpha3", NULL FROM "Country" c
    UNION ALL SELECT 'Person', p.id, 'NAME', p."name", NULL FROM "Person" p
    UNION ALL SELECT 'Person', p.id, 'ALTERNATE_NAME', a, NULL FROM "Person" p, unnest(p."alternateNames") a
    UNION ALL SELECT 'Person', t."personId", 'TITLE', t."title", coalesce(t."fromDate", t."attestedDate") FROM "Tenure" t WHERE t."retractedAt" IS NULL
    UNION ALL SELECT 'Summit', s.id, 'NAME', s."name", s."startDate" FROM "Summit" s WHERE s."retractedAt" IS NULL
    UNION ALL SELECT 'Summit', s.id, 'CITY', s."city", s."startDate" FROM "Summit" s WHERE s."retractedAt" IS NULL
    UNION ALL SELECT 'Engagement', e.id, 'NAME', e."title", e."date" FROM "Engagement" e WHERE e."retractedAt" IS NULL
    UNION ALL SELECT 'Incident', i.id, 'NAME', i."name", i."startDate" FROM "Incident" i WHERE i."retractedAt" IS NULL
    UNION ALL SELECT 'Incident', n."incidentId", 'ALTERNATE_NAME', n."name", i."startDate"
      FROM "IncidentName" n JOIN "Incident" i ON i.id = n."incidentId" WHERE i."retractedAt" IS NULL
  ) f (kind, id, field, name, date)
  WHERE f.name IS NOT NULL AND btrim(f.name) <> ''
$$;

DROP TRIGGER "Tenure_search_names" ON "Tenure";
CREATE TRIGGER "Tenure_search_names" AFTER INSERT OR DELETE OR UPDATE OF "title", "personId", "retractedAt", "fromDate", "attestedDate" ON "Tenure"
  FOR EACH ROW EXECUTE FUNCTION summitry_search_names_trigger('Person', 'personId');

-- The recorded twin (migration search_names), with the same change.
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
        UNION ALL SELECT 'Person', t."personId", 'TITLE', t."title", coalesce(t."fromDate", t."attestedDate") FROM recorded."Tenure" t WHERE t."retractedAt" IS NULL
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

SELECT summitry_rebuild_search_names();
SELECT summitry_recorded_views();
