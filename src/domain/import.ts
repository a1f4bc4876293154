// Bulk import, shared by `npm run import` and the importDataset mutation: load a dataset in one
// transaction (ingest.ts), then, once it has committed, tell subscribers what changed. Events are
// built after the commit because a subscriber that reacts by reading must find the rows there.
import type { Db } from "../db.ts";
import type { Dataset } from "./dataset.ts";
import { type ChangeEvent, changeEventsFor, publishChanges } from "./events.ts";
import { type LoadOptions, type LoadReport, loadDatasetWithLog, type RowChange, type WrittenRow } from "./ingest.ts";

export interface ImportResult {
  dryRun: boolean;
  report: LoadReport;
  /** Each row created or updated (or that would be, in a dry run), with its changed columns. */
  rows: RowChange[];
  written: WrittenRow[];
  /** The events published (none for a dry run or when nothing changed). */
  events: ChangeEvent[];
  /**
   * Set when the import committed but its events could not be published (e.g. Redis down): the
   * data is in, live subscribers missed it, and `changes(since:)` still has every row.
   */
  publishError?: unknown;
}

/**
 * Load `dataset`; invalid rows throw DatasetInvalidError and nothing is written. `prisma` must
 * reach the primary database: the events read the committed rows back.
 */
export async function importDataset(prisma: Db, dataset: Dataset, options: LoadOptions = {}): Promise<ImportResult> {
  const dryRun = options.dryRun ?? false;
  const { report, written, rows } = await loadDatasetWithLog(prisma, dataset, options);
  if (dryRun || written.length === 0) return { dryRun, report, rows, written: dryRun ? [] : written, events: [] };
  let events: ChangeEvent[] = [];
  try {
    events = await changeEventsFor(prisma, written);
    await publishChanges(events);
    return { dryRun, report, rows, written, events };
  } catch (publishError) {
    return { dryRun, report, rows, written, events, publishError };
  }
}
