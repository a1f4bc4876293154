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

/**
 * A PartialDate field read from the `<prefix>Date` / `<prefix>Precision` columns (`date` and
 * `datePrecision` for prefix "date"). `t` is any Prisma object's field builder.
 */
export function partialDateField(t: any, prefix: string, options: { nullable?: boolean; description?: string } = {}) {
  const dateColumn = prefix === "date" ? "date" : `${prefix}Date`;
  return t.field({
    type: "PartialDate",
    nullable: options.nullable ?? false,
    description: options.description,
    select: { [dateColumn]: true, [`${prefix}Precision`]: true },
    resolve: (row: Row) => readPartialDate(row, prefix),
  });
}

/**
 * A selection that asks for something: a client that selects only `__typename` of a Prisma
 * field gets an empty Prisma select, which Prisma refuses ("select statement must not be empty").
 */
export function withId<Q extends { select?: object }>(query: Q): Q {
  return query.select ? { ...query, select: { ...query.select, id: true } } : query;
}
