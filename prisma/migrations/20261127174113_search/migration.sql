-- Full-text search: a weighted tsvector per searchable table, kept current by PostgreSQL itself
-- (generated columns), with GIN indexes. Names and titles weigh A, places B, summaries C.

-- array_to_string is only STABLE, and a generated column needs an IMMUTABLE expression.
CREATE FUNCTION summitry_join_text(parts text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(array_to_string(parts, ' '), '') $$;

ALTER TABLE "Organisation" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce("acronym", '') || ' ' || coalesce("name", '')), 'A') ||
  setweight(to_tsvector('english', coalesce("seatCity", '')), 'B')
) STORED;

ALTER TABLE "Country" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce("name", '') || ' ' || "code" || ' ' || "alpha3"), 'A') ||
  setweight(to_tsvector('english', coalesce("region", '')), 'C')
) STORED;

ALTER TABLE "Person" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', coalesce("name", '') || ' ' || summitry_join_text("alternateNames")), 'A')
) STORED;

ALTER TABLE "Summit" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce("name", '')), 'A') ||
  setweight(to_tsvector('english', coalesce("city", '') || ' ' || coalesce("region", '')), 'B') ||
  setweight(to_tsvector('english', coalesce("note", '')), 'C')
) STORED;

ALTER TABLE "Engagement" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce("title", '')), 'A') ||
  setweight(to_tsvector('english', coalesce("place", '')), 'B') ||
  setweight(to_tsvector('english', coalesce("summary", '')), 'C')
) STORED;

ALTER TABLE "Incident" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce("name", '')), 'A') ||
  setweight(to_tsvector('english', coalesce("location", '')), 'B') ||
  setweight(to_tsvector('english', coalesce("summary", '')), 'C')
) STORED;

ALTER TABLE "Statement" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', summitry_join_text("topics")), 'B') ||
  setweight(to_tsvector('english', coalesce("place", '')), 'B') ||
  setweight(to_tsvector('english', coalesce("summary", '')), 'C')
) STORED;

CREATE INDEX "Organisation_search_idx" ON "Organisation" USING GIN ("search");
CREATE INDEX "Country_search_idx" ON "Country" USING GIN ("search");
CREATE INDEX "Person_search_idx" ON "Person" USING GIN ("search");
CREATE INDEX "Summit_search_idx" ON "Summit" USING GIN ("search");
CREATE INDEX "Engagement_search_idx" ON "Engagement" USING GIN ("search");
CREATE INDEX "Incident_search_idx" ON "Incident" USING GIN ("search");
CREATE INDEX "Statement_search_idx" ON "Statement" USING GIN ("search");
