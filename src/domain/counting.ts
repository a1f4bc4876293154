// Totals counted from rows are capped: exact up to COUNT_CAP, and saying so beyond it. Counting every
// match of a broad filter costs as much as reading them all (at SF100 a timeline for India counted
// 441 699 items in 2-4 s, the meetings from 2020 on 314 494 in 0.6 s), so a list's total costs at
// most COUNT_CAP rows. Totals from the engagement-count rollup cost its groups and are exact at any
// size; search caps its own at 1 000 (src/domain/search.ts).
import { Prisma } from "../generated/prisma/client.ts";

export const COUNT_CAP = 10_000;

/** A total: exact when `exact`, else at least `n` (= COUNT_CAP). */
export interface Total {
  n: number;
  exact: boolean;
}

/** The total of a count that stopped at COUNT_CAP + 1. */
export const totalOf = (counted: number): Total => ({ n: Math.min(counted, COUNT_CAP), exact: counted <= COUNT_CAP });

/** The statement counting at most COUNT_CAP + 1 of `rows` (a SELECT), as column n. */
export const cappedCountSql = (rows: Prisma.Sql) => Prisma.sql`SELECT count(*)::int AS n FROM (${rows} LIMIT ${COUNT_CAP + 1}) capped`;

/** A Prisma count stopped at COUNT_CAP + 1 rows: `take` goes to count({ where, take }), a LIMITed sub-select. */
export async function cappedCount(count: (take: number) => PromiseLike<number>): Promise<Total> {
  return totalOf(await count(COUNT_CAP + 1));
}
