// Field helpers shared by the domain files: partial dates stored as two columns, and the sources
// behind a fact.
import type { DatePrecision, PartialDate } from "../domain/dates.ts";

type Row = Record<string, unknown>;

/** Read a partial date from its `<prefix>Date` / `<prefix>Precision` columns. */
export function readPartialDate(row: Row, prefix: string): PartialDate | null {
  const date = row[prefix === "date" ? "date" : `${prefix}Date`] as Date | null | undefined;
  const precision = row[`${prefix}Precision`] as DatePrecision | null | undefined;
  return date && precision ? { date, precision } : null;
}
