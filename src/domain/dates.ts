// Partial dates: ISO 8601 calendar dates with reduced precision ("2018", "2025-05", "2025-06-26").
// A partial date stands for a range of days: "2018" is some day between 2018-01-01 and 2018-12-31.
// Stored as the first day of that range (a UTC midnight Date, the PostgreSQL `date`) plus its
// precision, so it is never shown as a made-up full date.

import { Prisma } from "../generated/prisma/client.ts";

/**
 * A day as an SQL date parameter sent as text: node-postgres takes strings as they are, while a
 * Date sends the statement through Prisma (src/db.ts queryText), unnamed and planned every time.
 */
export const daySql = (d: Date) => Prisma.sql`${d.toISOString().slice(0, 10)}::date`;

export type DatePrecision = "YEAR" | "MONTH" | "DAY";

export interface PartialDate {
  /** First day of the range, UTC midnight. */
  date: Date;
  precision: DatePrecision;
}

export class InvalidDateError extends Error {
  constructor(readonly input: string, reason: string) {
    super(`"${input}" is not a valid date: ${reason}. Use YYYY, YYYY-MM or YYYY-MM-DD.`);
    this.name = "InvalidDateError";
  }
}

const pattern = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function parsePartialDate(input: string): PartialDate {
  const m = pattern.exec(input);
  if (!m) throw new InvalidDateError(input, "wrong format");
  const year = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (year < 1) throw new InvalidDateError(input, "year out of range");
  if (month !== undefined && (month < 1 || month > 12)) throw new InvalidDateError(input, "month out of range");
  const date = new Date(Date.UTC(year, (month ?? 1) - 1, day ?? 1));
  // Date.UTC maps years 0-99 to 1900-1999.
  date.setUTCFullYear(year);
  if (day !== undefined && date.getUTCDate() !== day) throw new InvalidDateError(input, "no such day");
  return { date, precision: day !== undefined ? "DAY" : month !== undefined ? "MONTH" : "YEAR" };
}

export function formatPartialDate(date: Date, precision: DatePrecision): string {
  const iso = date.toISOString();
  const year = iso.startsWith("+") || iso.startsWith("-") ? iso.slice(0, 7) : iso.slice(0, 4);
  const rest = iso.slice(year.length);
  if (precision === "YEAR") return year;
  if (precision === "MONTH") return year + rest.slice(0, 3);
  return year + rest.slice(0, 6);
}

/**
 * formatPartialDate as an SQL expression over a date column and its precision column (null when
 * either is), for reads compiled into one statement. Years 1-9999, as PostgreSQL's to_char
 * pads them like toISOString does.
 */
export function partialDateSql(dateColumn: string, precisionColumn: string): string {
  return `CASE ${precisionColumn} WHEN 'YEAR' THEN to_char(${dateColumn}, 'YYYY') WHEN 'MONTH' THEN to_char(${dateColumn}, 'YYYY-MM') WHEN 'DAY' THEN to_char(${dateColumn}, 'YYYY-MM-DD') END`;
}

/** The last day a partial date can stand for. */
export function lastDay({ date, precision }: PartialDate): Date {
  if (precision === "DAY") return date;
  const end = new Date(date);
  if (precision === "YEAR") end.setUTCFullYear(end.getUTCFullYear() + 1);
  else end.setUTCMonth(end.getUTCMonth() + 1);
  end.setUTCDate(end.getUTCDate() - 1);
  return end;
}

type DateColumn<P extends string> = P extends "date" ? "date" : `${P}Date`;

/**
 * Columns for a nullable partial date: `{ fromDate, fromPrecision }` for prefix "from", and
 * `{ date, datePrecision }` for the single date of an engagement or statement.
 */
export function dateColumns<P extends string>(prefix: P, value: string | null | undefined) {
  const parsed = value == null ? null : parsePartialDate(value);
  return {
    [prefix === "date" ? "date" : `${prefix}Date`]: parsed?.date ?? null,
    [`${prefix}Precision`]: parsed?.precision ?? null,
  } as { [K in DateColumn<P>]: Date | null } & { [K in `${P}Precision`]: DatePrecision | null };
}

/** The first day of the `precision` period that contains `day`. */
export function startOfPeriod(day: Date, precision: DatePrecision): Date {
  if (precision === "DAY") return day;
  return new Date(Date.UTC(day.getUTCFullYear(), precision === "MONTH" ? day.getUTCMonth() : 0, 1));
}

/**
 * Prisma where-clause: the partial date in `dateColumn`/`precisionColumn` may fall on `day` or
 * later, i.e. its last possible day is on or after it ("2025-06" reaches 2025-06-15).
 */
export function mayReach(dateColumn: string, precisionColumn: string, day: Date) {
  return {
    OR: (["YEAR", "MONTH", "DAY"] as const).map((p) => ({ [precisionColumn]: p, [dateColumn]: { gte: startOfPeriod(day, p) } })),
  };
}

/**
 * The days a list's `from`, `to` and `on` ask about, as one range: a fact is kept when its own
 * range of days may overlap it (it may reach `fromDay` and may start by `toDay`). `on` is `from`
 * and `to` at once, so on: "2025-06" keeps what may fall on any day of June 2025; with `from` or
 * `to` as well, the narrower bound wins.
 */
export function dayRange(f: { from?: PartialDate | null; to?: PartialDate | null; on?: PartialDate | null }) {
  const firsts = [f.from?.date, f.on?.date].filter((d): d is Date => d != null);
  const lasts = [f.to, f.on].filter((d): d is PartialDate => d != null).map(lastDay);
  return {
    fromDay: firsts.length ? new Date(Math.max(...firsts.map((d) => d.getTime()))) : null,
    toDay: lasts.length ? new Date(Math.min(...lasts.map((d) => d.getTime()))) : null,
  };
}

/**
 * Prisma where-clause: a fact running from a start to an optional end (each a partial date) may
 * reach `day`: its end may fall on it or later, or with no end recorded, its start may.
 */
export function rangeMayReach(prefix: "start", day: Date) {
  return {
    OR: [
      { endDate: null, ...mayReach(`${prefix}Date`, `${prefix}Precision`, day) },
      mayReach("endDate", "endPrecision", day),
    ],
  };
}
