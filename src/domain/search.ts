// Ranked search over every kind of fact, in one SQL statement (the page and the total together):
// the function summitry_search of migration page_paths, which this comment describes.
//
// Both sides of every comparison pass through summitry_search_text (migration search_names):
// accents dropped, lower case, American spellings folded to British ones. Things come in tiers,
// each ranked strictly above the next, so that a page needs only the top of each:
//   names  things one of whose names the query matches ("SearchName": names, acronyms, ISO codes,
//          alternate names, an incident's name as each side uses it, a summit's city, a person's
//          office titles): the whole query equal to a name scores 1, a name starting with it 0.9;
//          an office title or alternate name holding every word 0.5 to 0.8 by how much of it the
//          query covers. Fields weigh less the less they name the thing (CITY 0.95, CODE 0.9,
//          TITLE 0.8). rank = 0.75 x that + 0.25 (0.55 to 1). A meeting's title counts as a name
//          only when the query is all of it (its first words are just the first country's name).
//   NAMED  things whose own name, title or place (a statement's topics) holds every word:
//          rank 0.25.
//   TEXT   things whose document holds every word, not all in those (a summary, a note): 0.10.
// Within a rank: things without a date (an organisation, a country, a person) first, then newest
// first, then by kind and newest record. So the thing a query names comes before the things that
// only mention it, and among the meetings that mention it the latest come first.
// Each table's part of a tier comes off an index in that order and stops after the page, so a
// page costs its size, not the number of matches (bench/RESULTS.md); totalCount is exact up to
// SEARCH_COUNT_CAP and says so when more match (counting 400 000 matches would cost them all).
// Only when nothing matches so (a typo), names are matched by trigram similarity instead:
// similarity >= pg_trgm.similarity_threshold (0.3) or word similarity >=
// pg_trgm.word_similarity_threshold (0.6), rank 0.75 x (0.25 word similarity + 0.25 similarity).
// Web-search syntax ("a phrase", OR, -word) asks for exact words, so it turns prefixes and typo
// tolerance off; an exclusion applies to each document and each title or alternate name.
import { db } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";

export type SearchKind = "Organisation" | "Country" | "Person" | "Summit" | "Engagement" | "Incident" | "Statement";
export interface SearchHit {
  kind: SearchKind;
  id: number;
  rank: number;
}

/** totalCount counts matches exactly up to this many (the function's `cap`). */
export const SEARCH_COUNT_CAP = 1000;

/** The call of the search function for one page: rows (kind, id, rank, total, exact), best first. */
export function searchCall(text: string, offset: number, take: number) {
  return Prisma.sql`summitry_search(${text}, ${offset}, ${take})`;
}

/** The one statement of a search page (exported for bench/search-choice.ts). */
export function searchStatement(text: string, offset: number, take: number) {
  return Prisma.sql`SELECT kind, id, rank, total, exact FROM ${searchCall(text, offset, take)}`;
}

/** One page of hits, best first, and how many there are in all (exact up to SEARCH_COUNT_CAP). */
export async function searchPage(
  text: string,
  offset: number,
  take: number,
): Promise<{ hits: SearchHit[]; total: number; exact: boolean }> {
  const rows = await db().$queryRaw<{ kind: SearchKind | null; id: number | null; rank: number | null; total: number; exact: boolean }[]>(
    searchStatement(text, offset, take),
  );
  return {
    total: rows[0]?.total ?? 0,
    exact: rows[0]?.exact ?? true,
    hits: rows.filter((r) => r.kind !== null).map((r) => ({ kind: r.kind!, id: r.id!, rank: r.rank! })),
  };
}
