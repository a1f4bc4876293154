// npm run import -- FILE_OR_DIR [--dry-run] [--actor NAME]
// Loads a data file (or every .yaml/.yml/.json file of a folder, in name order) in the seed's
// format into DATABASE_URL, in one transaction: all of it or none. Prints what was created,
// updated and unchanged per kind of row; an invalid dataset prints every problem with its
// position (file: path: message), writes nothing and exits 1. --dry-run checks and counts
// everything, then rolls back. With REDIS_URL set, a real import's change events reach the
// subscribers of every service instance on that Redis.
import { parseArgs } from "node:util";
import { createPrismaClient } from "../src/db.ts";
import { DatasetInvalidError, readDataset } from "../src/domain/dataset.ts";
import { databaseErrorToUserError } from "../src/domain/db-errors.ts";
import { importDataset } from "../src/domain/import.ts";
import { entityNames, isUnchanged } from "../src/domain/ingest.ts";
import { createChangePubSub } from "../src/pubsub.ts";

const USAGE = "usage: npm run import -- FILE_OR_DIR [--dry-run] [--actor NAME]";

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { "dry-run": { type: "boolean", default: false }, actor: { type: "string", default: "import" } },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  const actor = values.actor.trim();
  if (positionals.length !== 1 || !actor) {
    console.error(USAGE);
    return 2;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set: it names the database to import into.");
    return 2;
  }
  const path = positionals[0]!;
  const dryRun = values["dry-run"];

  const prisma = createPrismaClient(url, { poolSize: 2 });
  // Without Redis there is no one in this process to tell.
  const pubsub = process.env.REDIS_URL && !dryRun ? createChangePubSub({ redisUrl: process.env.REDIS_URL }) : undefined;
  try {
    const dataset = await readDataset(path);
    const result = await importDataset(prisma, dataset, { dryRun, actor });
    console.log(dryRun ? `Dry run of ${path}: nothing was written.` : `Imported ${path} as "${actor}".`);
    for (const entity of entityNames) {
      const c = result.report[entity];
      if (c.created + c.updated + c.unchanged === 0) continue;
      console.log(`${entity.padEnd(16)} created ${c.created}  updated ${c.updated}  unchanged ${c.unchanged}`);
    }
    // Row by row, each column the row changes: what a reviewer checks before the real run.
    for (const row of dryRun ? result.rows : []) {
      console.log(`${row.action === "CREATE" ? "create" : "update"} ${row.entity} ${row.key}`);
      for (const f of row.fields) console.log(`    ${f.field}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`);
    }
    if (isUnchanged(result.report)) console.log("Everything is unchanged.");
    else if (dryRun) console.log("A real run would write the rows counted above.");
    else console.log(`Wrote ${result.written.length} change-log entries.`);
    if (result.publishError) {
      console.error(`warning: the import committed, but its change events were not published: ${String(result.publishError)}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof DatasetInvalidError) {
      console.error(`The dataset is invalid (${e.issues.length} problem${e.issues.length === 1 ? "" : "s"}); nothing was written:`);
      for (const issue of e.issues) console.error(`  ${issue.file}: ${issue.path}: ${issue.message}`);
      return 1;
    }
    // A database rule the file's own checks did not catch: its code and message, not a stack.
    const mapped = databaseErrorToUserError(e);
    if (mapped) {
      console.error(`The import broke a rule of the database (${String(mapped.extensions.code)}): ${mapped.message} Nothing was written.`);
      return 1;
    }
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      console.error(`Cannot read ${path}: no such file or folder.`);
      return 1;
    }
    throw e;
  } finally {
    // QUIT goes after the PUBLISHes queued on the same connection.
    await pubsub?.close();
    await prisma.$disconnect();
  }
}

process.exitCode = await main(process.argv.slice(2));
