// Record-time travel: answer as the service would have answered at a past instant.
//
// The history migration keeps every version of every row (public."FactVersion", written by
// triggers in the writing transaction) and a `recorded` schema with one view per table: the rows
// as they stood at the instant in the transaction-local setting summitry.recorded_at. A recorded
// read runs the whole operation in one READ ONLY, REPEATABLE READ transaction on a client whose
// table names are those views, with search_path led by `recorded` for the raw SQL, so every field,
// count, search and analysis reads the past without knowing it. When nothing was recorded after
// the instant, the same transaction reads the live tables instead (readAsRecorded).
import { type Db, primary, recordedClient, recordedTransaction } from "../db.ts";

/** How long one recorded operation may hold its transaction. */
const RECORDED_TRANSACTION_TIMEOUT_MS = 30_000;

export interface RecordedRead {
  /** The instant answered for: the one asked, or the latest settled one if that was later. */
  instant: Date;
}

/**
 * Run `fn` (a GraphQL execution) with every read seeing the data as recorded at `at`.
 *
 * An instant later than the latest settled one (recorded.settle(): every write stamped at or
 * before it has committed) answers for that one instead, so an answer for an instant never
 * changes later: a write in flight now was not what the service answered before it committed.
 *
 * When nothing was recorded after the instant (the usual case for "now", and for any instant
 * since the last write), the live tables are exactly the graph as recorded then: every write
 * appends a version stamped with its instant, so no later version means no later change. Such a
 * read runs on the live tables and their indexes, in the same kind of snapshot, and costs what a
 * present read costs; otherwise it reads the `recorded` views. The question is asked as the
 * snapshot's first statement, so a write committing after it is out of both the answer and the
 * decision.
 */
export async function readAsRecorded<T>(at: Date, fn: (read: RecordedRead) => Promise<T>): Promise<T> {
  const [row] = await primary().$queryRaw<{ settled: Date }[]>`SELECT recorded.settle() AS settled`;
  const instant = at.getTime() < row!.settled.getTime() ? at : row!.settled;
  const options = { isolationLevel: "RepeatableRead", timeout: RECORDED_TRANSACTION_TIMEOUT_MS, maxWait: 10_000 } as const;
  const unchanged = readHooks.forceViews
    ? false
    : await primary().$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET TRANSACTION READ ONLY");
        const [check] = await tx.$queryRaw<{ later: boolean }[]>`
          SELECT EXISTS (SELECT 1 FROM "FactVersion" WHERE "recordedAt" > ${instant}) AS later`;
        if (check!.later) return false;
        readHooks.onPath?.("live");
        await readHooks.afterSnapshot?.();
        return { result: await recordedTransaction.run(tx as unknown as Db, () => fn({ instant })) };
      }, options);
  if (unchanged) return unchanged.result;
  readHooks.onPath?.("views");
  return recordedClient().$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET TRANSACTION READ ONLY");
    // The first statement that reads takes the snapshot, after settle() returned. JIT off: the
    // views' plans are costed high enough to trigger it, and compiling them took 9 of the 11 s
    // of the bench's Q6 at SF1 (EXPLAIN ANALYZE), for statements that run once.
    await tx.$queryRaw`SELECT set_config('summitry.recorded_at', ${instant.toISOString()}, true),
      set_config('search_path', 'recorded, ' || current_schema(), true), set_config('jit', 'off', true)`;
    await readHooks.afterSnapshot?.();
    return recordedTransaction.run(tx as unknown as Db, () => fn({ instant }));
  }, options);
}

/**
 * Test hooks: `afterSnapshot` runs inside the read's transaction once its snapshot is taken, before
 * the operation's first read, so a test can commit a write in between and see it stay out;
 * `onPath` says which path a read took; `forceViews` makes every read take the views, so a test
 * can compare the two paths' answers.
 */
export const readHooks: { afterSnapshot?: () => Promise<void>; onPath?: (path: "live" | "views") => void; forceViews?: boolean } = {};
