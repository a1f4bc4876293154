// Natural keys in arguments (ISO codes, acronyms) resolved to row ids, with errors a client can
// act on when one does not exist.
import { db } from "../db.ts";
import { userError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/**
 * A row's id as a number, or as SQL that yields it: a whole-operation read looks natural keys up
 * inside its one statement (src/schema/compiled-reads.ts) instead of in statements of their own.
 */
export type Id = number | Prisma.Sql;

export function normaliseCountryCode(code: string): string {
  const normalised = code.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(normalised)) {
    throw userError("BAD_USER_INPUT", `"${code}" is not an ISO 3166-1 alpha-2 country code`, { value: code });
  }
  return normalised;
}

/** Ids of the countries with these codes, in the same order; UNKNOWN_COUNTRY names any missing. */
export async function countryIds(codes: readonly string[]): Promise<number[]> {
  const normalised = codes.map(normaliseCountryCode);
  const rows = await db().country.findMany({ where: { code: { in: normalised } }, select: { id: true, code: true } });
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  const unknown = normalised.filter((c) => !byCode.has(c));
  if (unknown.length) {
    throw userError("UNKNOWN_COUNTRY", `Unknown country code${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, {
      codes: unknown,
    });
  }
  return normalised.map((c) => byCode.get(c)!);
}

/** Ids of the people with these slugs, in the same order; UNKNOWN_PERSON names any missing. */
export async function personIds(slugs: readonly string[]): Promise<number[]> {
  const rows = await db().person.findMany({ where: { slug: { in: [...slugs] } }, select: { id: true, slug: true } });
  const bySlug = new Map(rows.map((r) => [r.slug, r.id]));
  const unknown = slugs.filter((s) => !bySlug.has(s));
  if (unknown.length) throw userError("UNKNOWN_PERSON", `Unknown person${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`, { slugs: unknown });
  return slugs.map((s) => bySlug.get(s)!);
}

export async function seriesId(slug: string): Promise<number> {
  const row = await db().eventSeries.findUnique({ where: { slug }, select: { id: true } });
  if (!row) throw userError("UNKNOWN_SERIES", `Unknown series: ${slug}`, { slug });
  return row.id;
}

/**
 * A name filter's text for Prisma's `contains`, which becomes LIKE: `%` and `_` (and the escape
 * character itself) are matched literally, so "50%" does not match everything starting with 50.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function organisationId(acronym: string): Promise<number> {
  const row = await db().organisation.findUnique({ where: { acronym: acronym.trim().toUpperCase() }, select: { id: true } });
  if (!row) throw userError("UNKNOWN_ORGANISATION", `Unknown organisation: ${acronym}`, { acronym });
  return row.id;
}

/**
 * One meaning of `countries` on every list: all of them are involved, while `anyCountries` asks
 * for at least one. `involves(ids)` is the list's where-clause for "one of these countries is
 * involved"; the answer is the clauses to AND together (none when neither is given).
 */
export async function countriesMatch<W>(
  filter: { countries?: readonly string[] | null; anyCountries?: readonly string[] | null },
  involves: (ids: number[]) => W,
): Promise<W[]> {
  const all = filter.countries?.length ? [...new Set(await countryIds(filter.countries))] : [];
  const clauses = all.map((id) => involves([id]));
  if (filter.anyCountries?.length) clauses.push(involves(await countryIds(filter.anyCountries)));
  return clauses;
}
