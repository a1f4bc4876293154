// Ranked search over every kind of fact, in one SQL statement (the page and the total together):
// the function summitry_search of migration search_names, which this comment describes.
//
// Both sides of every comparison pass through summitry_search_text (migration search_names):
// accents dropped, lower case, American spellings folded to British ones. Then, per thing:
//   - its names ("SearchName": names, acronyms, ISO codes, alternate names, an incident's name as
//     each side uses it, a summit's city, a person's office titles): the whole query equal to a
//     name scores 1, a name starting with it 0.9; a title or alternate name holding every word
//     0.5 to 0.8 by how much of it the query covers. Fields weigh less the less they name the
//     thing (CITY 0.95, CODE 0.9, TITLE 0.8).
//   - its full-text document (the weighted `search` column: names A, places B, summaries C):
//     ts_rank_cd, normalised to 0..1.
//   rank = 0.75 * best name score + 0.25 * document score, so the thing a query names comes
//   before the things that only mention it. Ranks are rounded to two places (eight meetings of
//   one series that differ by a word in a note are a tie); among equals, things without a date
//   (an organisation, a country, a person) come before events, and events go newest first.
// Only when nothing matches so (a typo), names are matched by trigram similarity instead:
// similarity >= pg_trgm.similarity_threshold (0.3) or word similarity >=
// pg_trgm.word_similarity_threshold (0.6), scored 0.25 * word similarity + 0.25 * similarity.
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

/** Quotes, OR, or a word starting with "-": websearch_to_tsquery's operators. */
export function usesSearchOperators(text: string): boolean {
  return /"|(^|\s)-\S|(^|\s)or(\s|$)/i.test(text);
}

/** The one statement of a search page (exported for bench/search-choice.ts). */
export function searchStatement(text: string, offset: number, take: number) {
  // The SQL is the function summitry_search (migration search_names), planned once per connection.
  return Prisma.sql`SELECT kind, id, rank, total FROM summitry_search(${text}, ${!usesSearchOperators(text)}, ${offset}, ${take})`;
}

/** One page of hits, best first, and how many there are in all. */
export async function searchPage(text: string, offset: number, take: number): Promise<{ hits: SearchHit[]; total: number }> {
  const rows = await db().$queryRaw<{ kind: SearchKind | null; id: number | null; rank: number | null; total: number }[]>(
    searchStatement(text, offset, take),
  );
  return {
    total: rows[0]?.total ?? 0,
    hits: rows.filter((r) => r.kind !== null).map((r) => ({ kind: r.kind!, id: r.id!, rank: r.rank! })),
  };
}
