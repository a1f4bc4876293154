// Bulk import (ADMIN): the seed's data-file format, loaded in one transaction. The same loader
// serves `npm run import`; see src/domain/import.ts.
import { builder } from "../builder.ts";
import { primary } from "../db.ts";
import { DatasetInvalidError, type DatasetIssue, parseDataset } from "../domain/dataset.ts";
import { importDataset } from "../domain/import.ts";
import { type Counts, entityNames, isUnchanged, type LoadReport, type RowChange } from "../domain/ingest.ts";
import { logger } from "../observability/logger.ts";
import { FieldError, UserError, ValidationError } from "./results.ts";

/**
 * The server's body limit (MAX_BODY_BYTES) normally refuses far smaller requests first; this
 * bounds what one transaction may be asked to hold even when that limit is raised.
 */
export const MAX_DATASET_BYTES = 5 * 1024 * 1024;

const DatasetFormat = builder.enumType("DatasetFormat", {
  description: "The syntax of an imported dataset; the structure is the same in both.",
  values: {
    YAML: { description: "YAML, as the seed's data files are written." },
    JSON: { description: "The same document as JSON." },
  } as const,
});

export class InvalidDatasetError extends Error {
  readonly code = "INVALID_DATASET";
  constructor(readonly issues: DatasetIssue[]) {
    super(`The dataset is invalid (${issues.length} problem${issues.length === 1 ? "" : "s"}); nothing was written.`);
  }
}

const DatasetIssueRef = builder.objectRef<DatasetIssue>("DatasetIssue").implement({
  description: "One invalid row: the document it is in, its position there, and what is wrong.",
  fields: (t) => ({
    file: t.exposeString("file", { description: 'The document\'s name: "dataset.yaml" or "dataset.json" for an import through the API.' }),
    path: t.exposeString("path", { description: 'Where in the document, e.g. "engagements[3].participants[0].country".' }),
    message: t.exposeString("message", { description: "What is wrong with the row." }),
  }),
});

builder.objectType(InvalidDatasetError, {
  name: "InvalidDatasetError",
  description: "The dataset does not parse or breaks the data's rules (code INVALID_DATASET); nothing was written.",
  interfaces: [UserError],
  isTypeOf: (e) => e instanceof InvalidDatasetError,
  fields: (t) => ({
    issues: t.field({ type: [DatasetIssueRef], description: "Every invalid row, in document order.", resolve: (e) => e.issues }),
  }),
});

const ImportCounts = builder.objectRef<Counts & { entity: string }>("ImportCounts").implement({
  description: "Rows of one kind the import created, updated or found unchanged.",
  fields: (t) => ({
    entity: t.exposeString("entity", { description: 'The kind of row, as the loader names it: "engagements", "citations", ...' }),
    created: t.exposeInt("created", { description: "Rows that were new." }),
    updated: t.exposeInt("updated", { description: "Rows that existed (by natural key) and differed." }),
    unchanged: t.exposeInt("unchanged", { description: "Rows that existed exactly as given." }),
  }),
});

const FieldChange = builder.objectRef<RowChange["fields"][number]>("ImportFieldChange").implement({
  description: "One column a row sets: its value before (null: none) and after.",
  fields: (t) => ({
    field: t.exposeString("field", { description: "The column, as the database names it (endDate, hostPersonId, ...)." }),
    before: t.exposeString("before", { nullable: true }),
    after: t.exposeString("after", { nullable: true }),
  }),
});

const RowChangeRef = builder.objectRef<RowChange>("ImportRowChange").implement({
  description: "A row the import creates or updates, and every column it changes. Unchanged rows are not listed.",
  fields: (t) => ({
    entity: t.exposeString("entity"),
    key: t.exposeString("key", { description: "The row's natural key, as the file names it." }),
    action: t.exposeString("action", { description: "CREATE or UPDATE." }),
    fields: t.field({ type: [FieldChange], resolve: (r) => r.fields }),
  }),
});

const ImportReport = builder.objectRef<{ dryRun: boolean; report: LoadReport; rows: RowChange[] }>("ImportReport").implement({
  description: "What an import wrote or, for a dry run, would have written.",
  fields: (t) => ({
    dryRun: t.exposeBoolean("dryRun", { description: "True when nothing was written: the counts are what a real run would do." }),
    entities: t.field({
      type: [ImportCounts],
      description: "Every kind of row, in the order the loader writes them.",
      resolve: (r) => entityNames.map((entity) => ({ entity, ...r.report[entity] })),
    }),
    unchanged: t.boolean({
      description: "True when nothing was (or would be) created or updated.",
      resolve: (r) => isUnchanged(r.report),
    }),
    rows: t.field({
      type: [RowChangeRef],
      description: "Each row created or updated, with each column it changes (before -> after).",
      resolve: (r) => r.rows,
    }),
  }),
});

builder.mutationFields((t) => ({
  importDataset: t.field({
    type: ImportReport,
    description:
      "Load a dataset in the seed's data-file format (ADMIN), all of it or none: rows are matched by natural keys, " +
      "so importing the same data again changes nothing. Every written row is in the change log.",
    authScopes: { admin: true },
    errors: { types: [InvalidDatasetError, ValidationError], directResult: true, union: { name: "ImportDatasetResult" } },
    args: {
      dataset: t.arg.string({ required: true, description: "The document: YAML (or JSON) with sources, countries, ... statements." }),
      format: t.arg({ type: DatasetFormat, required: true, defaultValue: "YAML" }),
      dryRun: t.arg.boolean({
        required: true,
        defaultValue: false,
        description: "Check and count everything, then roll back.",
      }),
    },
    resolve: async (_root, args, context) => {
      if (Buffer.byteLength(args.dataset, "utf8") > MAX_DATASET_BYTES) {
        throw new ValidationError([
          new FieldError(["dataset"], `must be at most ${MAX_DATASET_BYTES / 1024 / 1024} MB; split it into several imports`),
        ]);
      }
      // The name only tells the parser the format, and addresses issues ("dataset.yaml: ...").
      const name = args.format === "JSON" ? "dataset.json" : "dataset.yaml";
      const viewer = context.viewer!;
      try {
        const result = await importDataset(primary(), parseDataset([{ name, text: args.dataset }]), {
          dryRun: args.dryRun,
          actor: viewer.name,
          apiKeyId: viewer.keyId,
        });
        if (result.publishError) {
          logger.warn({ err: result.publishError, changes: result.written.length }, "import committed but its change events were not published");
        }
        return { dryRun: result.dryRun, report: result.report, rows: result.rows };
      } catch (e) {
        if (e instanceof DatasetInvalidError) throw new InvalidDatasetError(e.issues);
        throw e;
      }
    },
  }),
}));
