// Time travel over facts with partial dates: was a membership (or a tenure) in effect on a day?
//
// A fact runs from `from` to `to` (first and last day, inclusive), each a partial date standing for
// a range of days; `from` may be unknown, with `attested` a day on which a source shows the fact
// in effect; an empty `to` means it has not ended. The question's own date may be partial too:
// asOf "2017" asks about some day in 2017. The answer comes in two strengths:
//
//   POSSIBLE  the data allows the fact to be in effect on some day of asOf. A start known only as
//             "2017", an unknown start, or an end known only as "2015" leave days on which we
//             cannot tell.
//   CERTAIN   the fact is in effect on every day of asOf, whatever days its partial dates stand
//             for: it had started (its latest possible start, or the end of its attested range, is
//             on or before asOf's first day) and not ended (its earliest possible end is on or
//             after asOf's last day).
//
// Facts that are not even possible are left out. Both tests are plain column comparisons, so they
// run in SQL (Prisma where clauses) under the same indexes and pagination as any other filter.
import { type DatePrecision, lastDay, type PartialDate, startOfPeriod } from "./dates.ts";

export type Certainty = "CERTAIN" | "POSSIBLE";

const precisions: DatePrecision[] = ["YEAR", "MONTH", "DAY"];

/** The latest first day of a `precision` period that ends on or before `day`. */
function latestPeriodEndingBy(day: Date, precision: DatePrecision): Date {
  const start = startOfPeriod(day, precision);
  if (lastDay({ date: start, precision }).getTime() <= day.getTime()) return start;
  const previous = new Date(start);
  if (precision === "YEAR") previous.setUTCFullYear(previous.getUTCFullYear() - 1);
  else previous.setUTCMonth(previous.getUTCMonth() - 1);
  return previous;
}

/** Names of a fact's date columns, e.g. Membership: fromDate/fromPrecision/toDate/... */
const cols = {
  fromDate: "fromDate",
  fromPrecision: "fromPrecision",
  toDate: "toDate",
  toPrecision: "toPrecision",
  attestedDate: "attestedDate",
  attestedPrecision: "attestedPrecision",
} as const;

/** `to` has not ended before asOf's first day: its last possible day is on or after it. */
function notEndedBefore(first: Date) {
  return {
    OR: [
      { [cols.toDate]: null },
      ...precisions.map((p) => ({ [cols.toPrecision]: p, [cols.toDate]: { gte: startOfPeriod(first, p) } })),
    ],
  };
}

/** Where-clause for facts POSSIBLY in effect on some day of `asOf`. */
export function possiblyInEffect(asOf: PartialDate) {
  const last = lastDay(asOf);
  return {
    AND: [{ OR: [{ [cols.fromDate]: null }, { [cols.fromDate]: { lte: last } }] }, notEndedBefore(asOf.date)],
  };
}

/** Where-clause for facts CERTAINLY in effect on every day of `asOf`. */
export function certainlyInEffect(asOf: PartialDate) {
  const first = asOf.date;
  const last = lastDay(asOf);
  return {
    AND: [
      {
        OR: [
          ...precisions.map((p) => ({ [cols.fromPrecision]: p, [cols.fromDate]: { lte: latestPeriodEndingBy(first, p) } })),
          ...precisions.map((p) => ({
            [cols.fromDate]: null,
            [cols.attestedPrecision]: p,
            [cols.attestedDate]: { lte: latestPeriodEndingBy(first, p) },
          })),
        ],
      },
      { OR: [{ [cols.toDate]: null }, { [cols.toDate]: { gte: last } }] },
    ],
  };
}

interface DatedFact {
  fromDate: Date | null;
  fromPrecision: DatePrecision | null;
  toDate: Date | null;
  toPrecision: DatePrecision | null;
  attestedDate: Date | null;
  attestedPrecision: DatePrecision | null;
}

/** The same rule as certainlyInEffect, for a row already loaded (it is only asked of possible rows). */
export function certaintyOf(fact: DatedFact, asOf: PartialDate): Certainty {
  const first = asOf.date.getTime();
  const last = lastDay(asOf).getTime();
  const start =
    fact.fromDate && fact.fromPrecision
      ? lastDay({ date: fact.fromDate, precision: fact.fromPrecision })
      : fact.attestedDate && fact.attestedPrecision
        ? lastDay({ date: fact.attestedDate, precision: fact.attestedPrecision })
        : null;
  const started = start !== null && start.getTime() <= first;
  const notEnded = fact.toDate === null || fact.toDate.getTime() >= last;
  return started && notEnded ? "CERTAIN" : "POSSIBLE";
}
