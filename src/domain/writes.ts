// Writes from the API: create a fact (through the same loader as import, so the same validation,
// natural keys and citations apply), update one against the version the client read, change an
// engagement's status with its source, retract a fact. Every write is one transaction that also
// appends to the change log; change events go out after it commits.
import type { z } from "zod";
import { db, primary } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { databaseErrorToUserError } from "./db-errors.ts";
import { formatPartialDate, type PartialDate } from "./dates.ts";
import { type Dataset, datasetFromDocuments, DatasetInvalidError } from "./dataset.ts";
import { changeEventsFor, publishChanges } from "./events.ts";
import { loadInTransaction, lockChangeLog, recordActor, snapshot, type WrittenRow } from "./ingest.ts";
import { ConflictError, DuplicateError, FieldError, NotFoundError, ValidationError } from "./write-errors.ts";

type Tx = Prisma.TransactionClient;

export interface Author {
  actor: string;
  apiKeyId: number | null;
}

/** A citation as a mutation states it: an existing source's URL, or a new source in the same call. */
export interface CitationInput {
  source?: string | null;
  note?: string | null;
  /** The day the source shows the fact in effect, when that is not its publication day. */
  attests?: PartialDate | null;
  newSource?: Record<string, unknown> | null;
}

/** GraphQL gives PartialDate objects; the dataset format takes their ISO strings. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (v.date instanceof Date && typeof v.precision === "string") return formatPartialDate(v.date, v.precision as PartialDate["precision"]);
    return Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (x === null || x === undefined ? [] : [[k, plain(x)]])));
  }
  return value;
}

const datasetKeyOf = {
  Source: "sources", Country: "countries", Organisation: "organisations", Membership: "memberships",
  Person: "people", Tenure: "tenures", Summit: "summits", Engagement: "engagements", Incident: "incidents",
  Statement: "statements",
} as const;
export type FactType = keyof typeof datasetKeyOf;

/** Dataset issue path ("engagements[0].participants[1].country") -> mutation field path. */
function fieldPath(datasetPath: string, citationOfSource: Map<number, number>): string[] {
  const parts = datasetPath.replace(/\[(\d+)\]/g, ".$1").split(".").filter(Boolean);
  if (parts[0] === "sources" && parts[1] !== undefined) {
    const citation = citationOfSource.get(Number(parts[1]));
    return ["input", "sources", String(citation ?? parts[1]), "newSource", ...parts.slice(2)];
  }
  return ["input", ...parts.slice(2)];
}

/** Check constraints the database enforces across fields, and the field each one is about. */
const constraintFields: Record<string, string> = {
  Membership_to_after_from: "to",
  Tenure_to_after_from: "to",
  Summit_end_after_start: "end",
  Incident_end_after_start: "end",
  Tenure_one_holder: "country",
};

/** Run a write transaction; a database rule it breaks becomes a ValidationError or DuplicateError. */
async function transact<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db().$transaction(fn, { timeout: 30_000, maxWait: 10_000 });
  } catch (e) {
    const mapped = databaseErrorToUserError(e);
    if (!mapped) throw e;
    const constraint = mapped.extensions.constraint as string | undefined;
    if (mapped.extensions.code === "DUPLICATE") throw new DuplicateError(mapped.message);
    throw new ValidationError([new FieldError(["input", constraintFields[constraint ?? ""] ?? "(record)"], mapped.message)]);
  }
}

async function publish(written: WrittenRow[]) {
  await publishChanges(await changeEventsFor(primary(), written));
}

/** A mutation's citations as dataset rows: the new sources, and each citation by URL. */
function datasetCitations(citations: CitationInput[] | undefined) {
  const newSources: unknown[] = [];
  const citationOfSource = new Map<number, number>();
  const cited = (citations ?? []).map((c, i) => {
    if (c.newSource) {
      citationOfSource.set(newSources.length, i);
      newSources.push(plain(c.newSource));
    }
    return plain({ source: c.source ?? (c.newSource?.url as string | undefined), note: c.note, attests: c.attests });
  });
  return { newSources, cited, citationOfSource };
}

/** Load a one-row dataset in a write transaction; its problems are the mutation's ValidationError. */
async function loadRow(
  document: Record<string, unknown>,
  author: Author,
  toFieldPath: (datasetPath: string) => string[],
  check: (report: Awaited<ReturnType<typeof loadInTransaction>>["report"]) => void,
) {
  const invalid = (e: DatasetInvalidError) => new ValidationError(e.issues.map((i) => new FieldError(toFieldPath(i.path), i.message)));
  let dataset: Dataset;
  try {
    dataset = datasetFromDocuments([{ name: "input", document }]);
  } catch (e) {
    if (e instanceof DatasetInvalidError) throw invalid(e);
    throw e;
  }
  const written = await transact(async (tx) => {
    let result;
    try {
      result = await loadInTransaction(tx, dataset, author);
    } catch (e) {
      if (e instanceof DatasetInvalidError) throw invalid(e);
      throw e;
    }
    check(result.report);
    return result.written;
  });
  await publish(written);
  return written;
}

/** Create one fact (with any new sources it cites). A fact whose natural key exists is a DUPLICATE. */
export async function createFact(type: FactType, input: Record<string, unknown>, author: Author): Promise<number> {
  const { sources: citations, ...row } = input as { sources?: CitationInput[] } & Record<string, unknown>;
  const { newSources, cited, citationOfSource } = datasetCitations(citations);
  const key = datasetKeyOf[type];
  const document = { sources: newSources, [key]: [{ ...(plain(row) as object), ...(type === "Source" || type === "Country" || type === "Person" ? {} : { sources: cited }) }] };
  const written = await loadRow(document, author, (path) => fieldPath(path, citationOfSource), (report) => {
    if (report[key].created === 0) throw new DuplicateError(`This ${type.toLowerCase()} is already recorded; update it instead.`);
  });
  return written.find((w) => w.entityType === type && w.action === "CREATE")!.entityId;
}

/**
 * Add one delegation to an existing summit: a summit row naming only its slug and the new
 * attendance, so nothing else of the summit changes.
 */
export async function addAttendance(summitId: number, input: Record<string, unknown>, author: Author): Promise<number> {
  const summit = await primary().summit.findUnique({ where: { id: summitId }, select: { slug: true, retractedAt: true } });
  if (!summit) throw new NotFoundError("No Summit with this ID.");
  if (summit.retractedAt) throw new ValidationError([new FieldError(["summit"], "the summit is retracted")]);
  const { sources: citations, ...row } = input as { sources?: CitationInput[] } & Record<string, unknown>;
  const { newSources, cited, citationOfSource } = datasetCitations(citations);
  const document = { sources: newSources, summits: [{ slug: summit.slug, attendance: [{ ...(plain(row) as object), sources: cited }] }] };
  const written = await loadRow(
    document,
    author,
    (path) => (path.startsWith("summits[0].attendance[0].") ? ["input", ...path.slice("summits[0].attendance[0].".length).replace(/\[(\d+)\]/g, ".$1").split(".")] : fieldPath(path, citationOfSource)),
    (report) => {
      if (report.attendance.created === 0) throw new DuplicateError("This delegation is already recorded at the summit; update it instead.");
    },
  );
  return written.find((w) => w.entityType === "Attendance" && w.action === "CREATE")!.entityId;
}

type Delegate = {
  findUnique(args: { where: { id: number } }): Promise<Record<string, unknown> | null>;
  updateMany(args: { where: object; data: object }): Promise<{ count: number }>;
};
function delegate(tx: Tx, type: string): Delegate {
  const name = type.charAt(0).toLowerCase() + type.slice(1);
  return (tx as unknown as Record<string, Delegate>)[name]!;
}

const citationColumn: Partial<Record<string, string>> = {
  Organisation: "organisationId", Membership: "membershipId", Tenure: "tenureId", Summit: "summitId",
  Attendance: "attendanceId", Engagement: "engagementId", Incident: "incidentId", Statement: "statementId",
};

/** Resolve citations to source ids, creating new sources (each new source is logged too). */
async function resolveCitations(tx: Tx, citations: CitationInput[], author: Author, written: WrittenRow[]) {
  const out: { sourceId: number; note: string | null; attestsDate: Date | null; attestsPrecision: PartialDate["precision"] | null }[] = [];
  for (const [i, c] of citations.entries()) {
    const url = (c.newSource?.url as string | undefined) ?? c.source ?? "";
    let source = await tx.source.findUnique({ where: { url } });
    if (!source && c.newSource) {
      const dataset = datasetFromDocuments([{ name: "input", document: { sources: [plain(c.newSource)] } }]);
      const result = await loadInTransaction(tx, dataset, author);
      written.push(...result.written);
      source = await tx.source.findUnique({ where: { url } });
    }
    if (!source) throw new ValidationError([new FieldError(["sources", String(i), "source"], `unknown source "${url}"; cite an existing URL or give newSource`)]);
    out.push({ sourceId: source.id, note: c.note ?? null, attestsDate: c.attests?.date ?? null, attestsPrecision: c.attests?.precision ?? null });
  }
  return out;
}

async function appendLog(tx: Tx, author: Author, entityType: string, entityId: number, action: "UPDATE" | "RETRACT" | "STATUS_CHANGE", before: object, after: object) {
  await lockChangeLog(tx);
  const row = await tx.changeLog.create({
    data: { entityType, entityId, action, actor: author.actor, apiKeyId: author.apiKeyId, before: snapshot(before as Record<string, unknown>), after: snapshot(after as Record<string, unknown>) },
    select: { id: true },
  });
  return { changeId: row.id, entityType, entityId, action } as WrittenRow;
}

/**
 * Update a fact against the version the client read. `data` is already Prisma column data;
 * `extra` runs inside the transaction for writes beyond the row (participants, say).
 */
export async function updateFact(
  type: string,
  id: number,
  version: number,
  data: Record<string, unknown>,
  author: Author,
  options: { citations?: CitationInput[]; extra?: (tx: Tx, before: Record<string, unknown>) => Promise<void> } = {},
): Promise<number> {
  const written: WrittenRow[] = [];
  await transact(async (tx) => {
    await recordActor(tx, author.actor);
    const model = delegate(tx, type);
    const before = await model.findUnique({ where: { id } });
    if (!before) throw new NotFoundError(`No ${type} with this ID.`);
    if (before.version !== version) throw new ConflictError(version, before.version as number);
    const updated = await model.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
    // Another writer got in between our read and our write.
    if (updated.count === 0) throw new ConflictError(version, ((await model.findUnique({ where: { id } }))?.version as number) ?? version);
    await options.extra?.(tx, before);
    const column = citationColumn[type];
    if (options.citations?.length && column) {
      for (const c of await resolveCitations(tx, options.citations, author, written)) {
        await tx.citation.upsert({
          where: { [`sourceId_${column}`]: { sourceId: c.sourceId, [column]: id } } as never,
          create: { sourceId: c.sourceId, [column]: id, note: c.note, attestsDate: c.attestsDate, attestsPrecision: c.attestsPrecision },
          update: { note: c.note, attestsDate: c.attestsDate, attestsPrecision: c.attestsPrecision },
        });
      }
    }
    written.push(await appendLog(tx, author, type, id, "UPDATE", before, (await model.findUnique({ where: { id } }))!));
  });
  await publish(written);
  return id;
}

/** Record that an engagement's status changed, on a source: its history keeps every change. */
export async function setEngagementStatus(
  id: number,
  status: string,
  citation: CitationInput,
  note: string | null,
  author: Author,
  expectedVersion: number | null,
): Promise<number> {
  const written: WrittenRow[] = [];
  await transact(async (tx) => {
    await recordActor(tx, author.actor);
    const before = await tx.engagement.findUnique({ where: { id } });
    if (!before) throw new NotFoundError("No Engagement with this ID.");
    if (before.retractedAt) throw new ValidationError([new FieldError(["id"], "the engagement is retracted")]);
    if (expectedVersion !== null && before.version !== expectedVersion) throw new ConflictError(expectedVersion, before.version);
    if (before.status === status) throw new ValidationError([new FieldError(["status"], `the engagement is already ${status}`)]);
    if (note && note.length > 1000) throw new ValidationError([new FieldError(["note"], "is limited to 1000 characters")]);
    const [source] = await resolveCitations(tx, [citation], author, written).catch((e: unknown) => {
      if (e instanceof ValidationError) throw new ValidationError(e.fieldErrors.map((f) => new FieldError(["source", ...f.path.slice(2)], f.message)));
      throw e;
    });
    const updated = await tx.engagement.updateMany({ where: { id, version: before.version }, data: { status: status as never, version: { increment: 1 } } });
    if (updated.count === 0) throw new ConflictError(before.version, (await tx.engagement.findUnique({ where: { id } }))!.version);
    await tx.engagementStatusChange.create({
      data: { engagementId: id, fromStatus: before.status, toStatus: status as never, sourceId: source!.sourceId, note, actor: author.actor, apiKeyId: author.apiKeyId },
    });
    await tx.citation.upsert({
      where: { sourceId_engagementId: { sourceId: source!.sourceId, engagementId: id } },
      create: { sourceId: source!.sourceId, engagementId: id, note: source!.note ?? `Reports the engagement as ${status}.` },
      update: {},
    });
    written.push(await appendLog(tx, author, "Engagement", id, "STATUS_CHANGE", before, (await tx.engagement.findUnique({ where: { id } }))!));
  });
  await publish(written);
  return id;
}

export const retractableTypes = ["Membership", "Tenure", "Summit", "Attendance", "Engagement", "Incident", "Statement"] as const;

/** Retract a fact: it leaves default answers, keeps its history and says why. */
export async function retractFact(type: string, id: number, version: number, reason: string, author: Author) {
  if (!retractableTypes.includes(type as never)) throw new ValidationError([new FieldError(["id"], `a ${type} cannot be retracted`)]);
  const text = reason.trim();
  if (text.length < 3 || text.length > 1000) throw new ValidationError([new FieldError(["reason"], "must be 3 to 1000 characters")]);
  const written: WrittenRow[] = [];
  await transact(async (tx) => {
    await recordActor(tx, author.actor);
    const model = delegate(tx, type);
    const before = await model.findUnique({ where: { id } });
    if (!before) throw new NotFoundError(`No ${type} with this ID.`);
    if (before.retractedAt) throw new ValidationError([new FieldError(["id"], "already retracted")]);
    if (before.version !== version) throw new ConflictError(version, before.version as number);
    const updated = await model.updateMany({
      where: { id, version },
      data: { retractedAt: new Date(), retractionReason: text, version: { increment: 1 } },
    });
    if (updated.count === 0) throw new ConflictError(version, ((await model.findUnique({ where: { id } }))?.version as number) ?? version);
    written.push(await appendLog(tx, author, type, id, "RETRACT", before, (await model.findUnique({ where: { id } }))!));
  });
  await publish(written);
  return id;
}

/**
 * Validate the fields a patch sets against the same rules as the data-file format (the row's zod
 * schema), collecting every problem with its path. `null` clears an optional field.
 */
export function validatePatch(schema: z.ZodObject, patch: Record<string, unknown>, required: string[] = []): void {
  const problems: FieldError[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      if (required.includes(field)) problems.push(new FieldError(["input", field], "is required and cannot be cleared"));
      continue;
    }
    const fieldSchema = schema.shape[field] as z.ZodType | undefined;
    if (!fieldSchema) continue;
    const result = fieldSchema.safeParse(plain(value));
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(new FieldError(["input", field, ...issue.path.map(String)], issue.message));
    }
  }
  if (problems.length) throw new ValidationError(problems);
}

/** Column data for a partial date field of a patch (undefined: not set; null: clear). */
export function dateData(prefix: string, value: PartialDate | null | undefined) {
  if (value === undefined) return {};
  const date = prefix === "date" ? "date" : `${prefix}Date`;
  return { [date]: value?.date ?? null, [`${prefix}Precision`]: value?.precision ?? null };
}

