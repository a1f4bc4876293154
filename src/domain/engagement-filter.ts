// The engagement filter shared by the engagements connection (as a Prisma where-clause) and by
// engagementStats (as SQL, since it groups by expressions Prisma cannot). Both take the same
// resolved filter and a test holds them to the same answers.
import { Prisma } from "../generated/prisma/client.ts";
import { dayRange, mayReach, type PartialDate } from "./dates.ts";
import { countryIds, type Id, organisationId, personIds } from "./lookups.ts";

export interface EngagementFilterInput {
  countries?: readonly string[] | null;
  anyCountries?: readonly string[] | null;
  people?: readonly string[] | null;
  anyPeople?: readonly string[] | null;
  kind?: readonly string[] | null;
  status?: readonly string[] | null;
  formality?: readonly string[] | null;
  from?: PartialDate | null;
  to?: PartialDate | null;
  on?: PartialDate | null;
  summitId?: number | null;
  organisation?: string | null;
}

/** Resolved: codes and slugs as ids (numbers, or SQL looking them up inside a compiled read's statement). */
export interface ResolvedEngagementFilter<I extends Id = number> {
  allCountryIds: I[];
  anyCountryIds: number[] | null;
  allPersonIds: number[];
  anyPersonIds: number[] | null;
  kind: string[] | null;
  status: string[] | null;
  formality: string[] | null;
  /** Engagements whose date range may reach this day or later. */
  fromDay: Date | null;
  /** Engagements whose date range may start on this day or earlier. */
  toDay: Date | null;
  summitId: number | null;
  organisationId: number | null;
}

export async function resolveEngagementFilter(input: EngagementFilterInput | null | undefined): Promise<ResolvedEngagementFilter> {
  const f = input ?? {};
  return {
    allCountryIds: f.countries?.length ? [...new Set(await countryIds(f.countries))] : [],
    anyCountryIds: f.anyCountries?.length ? await countryIds(f.anyCountries) : null,
    allPersonIds: f.people?.length ? [...new Set(await personIds(f.people))] : [],
    anyPersonIds: f.anyPeople?.length ? await personIds(f.anyPeople) : null,
    kind: f.kind ? [...f.kind] : null,
    status: f.status ? [...f.status] : null,
    formality: f.formality ? [...f.formality] : null,
    ...dayRange(f),
    summitId: f.summitId ?? null,
    organisationId: f.organisation ? await organisationId(f.organisation) : null,
  };
}

export function engagementWhere(f: ResolvedEngagementFilter) {
  return {
    AND: [
      { retractedAt: null },
      ...f.allCountryIds.map((countryId) => ({ participants: { some: { countryId } } })),
      f.anyCountryIds ? { participants: { some: { countryId: { in: f.anyCountryIds } } } } : {},
      ...f.allPersonIds.map((personId) => ({ participants: { some: { personId } } })),
      f.anyPersonIds ? { participants: { some: { personId: { in: f.anyPersonIds } } } } : {},
      f.kind ? { kind: { in: f.kind as never[] } } : {},
      f.status ? { status: { in: f.status as never[] } } : {},
      f.formality ? { formality: { in: f.formality as never[] } } : {},
      f.fromDay ? mayReach("date", "datePrecision", f.fromDay) : {},
      f.toDay ? { date: { lte: f.toDay } } : {},
      f.summitId ? { summitId: f.summitId } : {},
      f.organisationId
        ? { OR: [{ organisationId: f.organisationId }, { summit: { organisationId: f.organisationId } }] }
        : {},
    ],
  };
}

/**
 * The same filter as SQL over `"Engagement" e`. With `probes`, each country's test stays a probe
 * of that engagement's participants (OFFSET 0 keeps PostgreSQL from turning it into a semi join):
 * a page walking the date index newest first then costs the rows it passes, where a join would
 * first collect every participation of the countries (all of India's, at SF100).
 */
export function engagementWhereSql(f: ResolvedEngagementFilter<Id>, options: { probes?: boolean } = {}): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`e."retractedAt" IS NULL`];
  const fence = options.probes ? Prisma.sql`OFFSET 0` : Prisma.empty;
  for (const countryId of f.allCountryIds) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = ${countryId} ${fence})`);
  }
  if (f.anyCountryIds) {
    parts.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = ANY(${f.anyCountryIds}::int[]))`,
    );
  }
  for (const personId of f.allPersonIds) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."personId" = ${personId})`);
  }
  if (f.anyPersonIds) {
    parts.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."personId" = ANY(${f.anyPersonIds}::int[]))`,
    );
  }
  // Compared as the enum, and one value with =, so the (status, date DESC, id DESC) index can
  // walk a status newest first: on `status::text` the cast hides the column, and on `= ANY` a
  // btree in PostgreSQL 15 gives no order (Q2 at SF100 passed 21 746 newer rows of other
  // statuses, 98 ms, instead of reading HELD ones only).
  const oneOf = (column: string, type: string, values: string[]) =>
    values.length === 1
      ? Prisma.sql`e.${Prisma.raw(column)} = ${values[0]}::${Prisma.raw(type)}`
      : Prisma.sql`e.${Prisma.raw(column)} = ANY(${values}::${Prisma.raw(type)}[])`;
  if (f.kind) parts.push(oneOf("kind", `"EngagementKind"`, f.kind));
  if (f.status) parts.push(oneOf("status", `"EngagementStatus"`, f.status));
  if (f.formality) parts.push(oneOf("formality", `"Formality"`, f.formality));
  if (f.fromDay) {
    // A partial date is stored as its first day and reaches at most to the end of its year, so
    // nothing dated before the first of January of fromDay's year can reach it: that bound is a
    // range on the date index; the exact test runs on what the range lets through.
    parts.push(Prisma.sql`e.date >= date_trunc('year', ${f.fromDay}::date)::date`);
    parts.push(Prisma.sql`summitry_date_last(e.date, e."datePrecision") >= ${f.fromDay}::date`);
  }
  if (f.toDay) parts.push(Prisma.sql`e.date <= ${f.toDay}::date`);
  if (f.summitId) parts.push(Prisma.sql`e."summitId" = ${f.summitId}`);
  if (f.organisationId) {
    parts.push(
      Prisma.sql`(e."organisationId" = ${f.organisationId} OR EXISTS (SELECT 1 FROM "Summit" s WHERE s.id = e."summitId" AND s."organisationId" = ${f.organisationId}))`,
    );
  }
  return Prisma.join(parts, " AND ");
}
