// totalCount and totalCountIsExact for the lists whose totals are counted from rows (capped at
// COUNT_CAP, src/domain/counting.ts). A connection's totalCount thunk (Pothos calls it with the
// field's arguments) returns a Total; both fields read the one count it makes per connection.
import { COUNT_CAP, type Total } from "../domain/counting.ts";

const CAPPED =
  `How many items the whole list has under these arguments (every page together), counted exactly up to ${COUNT_CAP}: ` +
  `a list with more says ${COUNT_CAP} and totalCountIsExact false (counting every row of a broad filter would cost as much as reading them).`;
const EXACT = `False when more than ${COUNT_CAP} items match: totalCount is then a lower bound.`;

const counted = new WeakMap<object, Promise<Total>>();

/** The connection's one count. */
export function totalOfConnection(connection: { totalCount?: () => unknown }): Promise<Total> {
  let total = counted.get(connection);
  if (!total) counted.set(connection, (total = Promise.resolve(connection.totalCount!() as Total | Promise<Total>)));
  return total;
}

/** Connection options for a prismaConnection whose totalCount returns a Total (with `description` for lists that say more). */
export function cappedTotalFields(description = CAPPED) {
  return {
    fields: (c: any) => ({
      totalCount: c.int({ description, resolve: async (conn: object) => (await totalOfConnection(conn)).n }),
      totalCountIsExact: c.boolean({ description: EXACT, resolve: async (conn: object) => (await totalOfConnection(conn)).exact }),
    }),
  };
}

/** A Total where Pothos expects a number: the connection fields above read it back. */
export const asTotalCount = (total: Promise<Total>) => total as unknown as Promise<number>;
