// Time travel over memberships and tenures: was a fact in effect on a day, and how surely?
//
// A fact runs from `from` to `to` (first and last day, inclusive), each a partial date standing for
// a range of days; `from` may be unknown, with `attested` a day on which a source shows the fact in
// effect; an empty `to` means no source has recorded its end. The question's own date may be
// partial too: asOf "2017" asks about some day in 2017 (its first to its last day).
//
// Certainty never outruns the evidence. An open-ended fact is not known to hold forever: it is
// known to hold up to the last day a source shows it in effect (a citation's `attests` day, the
// source's publication day, the fact's own `attested` day, its start), and presumed after that,
// until a later fact of the same office begins (then the earlier one has ended; the holder who
// followed is the one in office). The database keeps these days per fact in bound columns,
// maintained by triggers (prisma/migrations/*_certainty): startEarliest, startLatest,
// confirmedUntil, endLatest and presumedUntil. An answer then comes in three strengths:
//
//   CERTAIN   in effect on every day of asOf by the evidence: it had certainly started by asOf's
//             first day (startLatest) and a source shows it still in effect on or after asOf's
//             last day (confirmedUntil), or its recorded end is after it.
//   PRESUMED  it had certainly started, nothing recorded ends it before asOf's last day, but no
//             source shows it in effect that late: the last confirmation is `confirmedUntil`.
//   POSSIBLE  the data allows it on some day of asOf but not on all of them (a start known only as
//             "2017", an end known only as "2015", an unknown start), or it falls in the gap
//             between the last sighting of one office-holder and the start of the next.
//
// Facts that cannot have been in effect on any day of asOf are left out. Every test is a plain
// column comparison, so it runs in SQL (Prisma where clauses) under the scope's indexes.
import { Prisma } from "../generated/prisma/client.ts";
import { daySql, lastDay, type PartialDate } from "./dates.ts";

export type Certainty = "CERTAIN" | "PRESUMED" | "POSSIBLE";

/** A fact's evidence bounds (see the certainty migration); null: unknown or unbounded. */
export interface Bounds {
  startEarliest: Date | null;
  startLatest: Date | null;
  confirmedUntil: Date | null;
  endLatest: Date | null;
  presumedUntil: Date | null;
}

export const boundColumns = {
  startEarliest: true,
  startLatest: true,
  confirmedUntil: true,
  endLatest: true,
  presumedUntil: true,
} as const;

/** Where-clause for facts that can have been in effect on some day of `asOf`. */
export function possiblyInEffect(asOf: PartialDate) {
  return {
    AND: [
      { OR: [{ startEarliest: null }, { startEarliest: { lte: lastDay(asOf) } }] },
      { OR: [{ endLatest: null }, { endLatest: { gte: asOf.date } }] },
    ],
  };
}

/** Where-clause for facts CERTAINLY in effect on every day of `asOf`. */
export function certainlyInEffect(asOf: PartialDate) {
  return { startLatest: { lte: asOf.date }, confirmedUntil: { gte: lastDay(asOf) } };
}

/** The same rule for a row already loaded (it is only asked of rows possibly in effect). */
export function certaintyOf(fact: Bounds, asOf: PartialDate): Certainty {
  return certaintyOver(fact, asOf.date, lastDay(asOf));
}

/** Where-clause for facts that can have been in effect on some day from `first` to `last`. */
export function possiblyInEffectOver(first: Date, last: Date) {
  return {
    AND: [
      { OR: [{ startEarliest: null }, { startEarliest: { lte: last } }] },
      { OR: [{ endLatest: null }, { endLatest: { gte: first } }] },
    ],
  };
}

/** The rule over a range of days (a summit's, from its start to its end): CERTAIN on every one of them. */
export function certaintyOver(fact: Bounds, firstDay: Date, lastDayOfRange: Date): Certainty {
  const first = firstDay.getTime();
  const last = lastDayOfRange.getTime();
  if (fact.startLatest === null || fact.startLatest.getTime() > first) return "POSSIBLE";
  if (fact.confirmedUntil !== null && fact.confirmedUntil.getTime() >= last) return "CERTAIN";
  // An ended fact's presumedUntil is its confirmedUntil, so only open-ended facts get here.
  if (fact.confirmedUntil !== null && (fact.presumedUntil === null || fact.presumedUntil.getTime() >= last)) return "PRESUMED";
  return "POSSIBLE";
}

// The same rules as SQL over a row alias, for reads compiled into one statement
// (src/schema/compiled-reads.ts). They must say exactly what the where-clauses and certaintyOf
// above say; test/compiled-reads.test.ts runs both on every asOf it tries and compares.

/** possiblyInEffect as SQL over the columns of `row`. */
export function possiblyInEffectSql(row: string, asOf: PartialDate): Prisma.Sql {
  const r = Prisma.raw(row);
  return Prisma.sql`(${r}."startEarliest" IS NULL OR ${r}."startEarliest" <= ${daySql(lastDay(asOf))})
    AND (${r}."endLatest" IS NULL OR ${r}."endLatest" >= ${daySql(asOf.date)})`;
}

/** certainlyInEffect as SQL over the columns of `row`. */
export function certainlyInEffectSql(row: string, asOf: PartialDate): Prisma.Sql {
  const r = Prisma.raw(row);
  return Prisma.sql`${r}."startLatest" <= ${daySql(asOf.date)} AND ${r}."confirmedUntil" >= ${daySql(lastDay(asOf))}`;
}

/** certaintyOf as an SQL expression over the columns of `row`. */
export function certaintySql(row: string, asOf: PartialDate): Prisma.Sql {
  const r = Prisma.raw(row);
  const last = daySql(lastDay(asOf));
  return Prisma.sql`CASE
    WHEN ${r}."startLatest" IS NULL OR ${r}."startLatest" > ${daySql(asOf.date)} THEN 'POSSIBLE'
    WHEN ${r}."confirmedUntil" >= ${last} THEN 'CERTAIN'
    WHEN ${r}."confirmedUntil" IS NOT NULL AND (${r}."presumedUntil" IS NULL OR ${r}."presumedUntil" >= ${last}) THEN 'PRESUMED'
    ELSE 'POSSIBLE' END`;
}
