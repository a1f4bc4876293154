// Record-time travel: answer as the service would have answered at a past instant.
//
// The history migration keeps every version of every row (public."FactVersion", written by
// triggers in the writing transaction) and a `recorded` schema with one view per table: the rows
// as they stood at the instant in the transaction-local setting summitry.recorded_at. A recorded
// read runs the whole operation in one READ ONLY, REPEATABLE READ transaction on a client whose
// table names are those views, with search_path led by `recorded` for the raw SQL, so every field,
// count, search and analysis reads the past without knowing it.
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
 */
export async function readAsRecorded<T>(at: Date, fn: (read: RecordedRead) => Promise<T>): Promise<T> {
  const [row] = await primary().$queryRaw<{ settled: Date }[]>`SELECT recorded.settle() AS settled`;
  const instant = at.getTime() < row!.settled.getTime() ? at : row!.settled;
  return recordedClient().$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe("SET TRANSACTION READ ONLY");
      // The first statement that reads takes the snapshot, after settle() returned.
      await tx.$queryRaw`SELECT set_config('summitry.recorded_at', ${instant.toISOString()}, true),
        set_config('search_path', 'recorded, ' || current_schema(), true)`;
      await readHooks.afterSnapshot?.();
      return recordedTransaction.run(tx as unknown as Db, () => fn({ instant }));
    },
    { isolationLevel: "RepeatableRead", timeout: RECORDED_TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
  );
}

/**
 * Test hook: runs inside the recorded transaction once its snapshot is taken, before the
 * operation's first read, so a test can commit a write in between and see it stay out.
 */
export const readHooks: { afterSnapshot?: () => Promise<void> } = {};
