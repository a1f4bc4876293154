// The data-file format shared by the seed and by bulk import: YAML (or JSON) documents holding
// sources, countries, organisations, memberships, people, tenures, series, summits (with
// attendance), engagements (with participants), incidents and statements. Rows refer to each
// other by natural keys (ISO codes, acronyms, slugs, source refs or URLs), so a file can be loaded
// into any database and loading it again changes nothing.
import { readFile, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import {
  AttendanceMode,
  AttendanceRole,
  EngagementKind,
  EngagementStatus,
  Formality,
  IncidentKind,
  MembershipStatus,
  OrganisationKind,
  ParticipantRole,
  Portfolio,
  SourceKind,
} from "../generated/prisma/enums.ts";
import { InvalidDateError, lastDay, parsePartialDate } from "./dates.ts";

const partialDate = z.string().refine(
  (value) => {
    try {
      parsePartialDate(value);
      return true;
    } catch (e) {
      if (e instanceof InvalidDateError) return false;
      throw e;
    }
  },
  { message: "must be a date: YYYY, YYYY-MM or YYYY-MM-DD" },
);
const text = (max: number) => z.string().trim().min(1).max(max);
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a lower-case slug like sco-dmm-2025-qingdao");
const countryCode = z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code like IN");
const citation = z.union([
  z.string().min(1),
  z.strictObject({
    source: z.string().min(1),
    note: text(500).optional(),
    /** The day the source shows the fact in effect, when that is not its publication day. */
    attests: partialDate.optional(),
  }),
]);

// A row changes the fields it names and nothing else. A row whose natural key matches a row in the
// database may name nothing but its key (and what it adds, such as one more attendance row); an
// explicit null clears an optional field. What a new row must have is checked when the loader
// finds no row to match (requiredToCreate), because only then is it known to be new.
/** An optional field: absent leaves it alone, null clears it. */
const clearable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
/** A field a new row must have; an existing row keeps its value unless the row names another. */
const toCreate = <T extends z.ZodType>(schema: T) => schema.optional();

/** Every fact cites at least one source (checked on create; an existing fact keeps its citations). */
const sources = toCreate(z.array(citation).min(1, "every fact cites at least one source"));
const note = clearable(text(1000));

export const sourceRow = z
  .strictObject({
    ref: z.string().min(1).optional(),
    url: toCreate(z.string().refine(isUri, "must be an absolute http(s) URL or a URN")),
    title: toCreate(text(300)),
    publisher: toCreate(text(200)),
    kind: toCreate(z.enum(SourceKind)),
    published: clearable(partialDate),
    retrieved: clearable(partialDate),
  })
  .refine((s) => s.url !== undefined || s.ref !== undefined, { message: "a source names its url, or the ref of one already recorded", path: ["url"] });
export const countryRow = z.strictObject({
  code: countryCode,
  alpha3: toCreate(z.string().regex(/^[A-Z]{3}$/, "must be an ISO 3166-1 alpha-3 code like IND")),
  name: toCreate(text(100)),
  region: toCreate(text(100)),
});
export const organisationRow = z.strictObject({
  acronym: text(20),
  name: toCreate(text(200)),
  kind: toCreate(z.enum(OrganisationKind)),
  founded: clearable(partialDate),
  seat: clearable(z.strictObject({ city: text(100), country: countryCode, since: partialDate.optional() })),
  sources,
});
export const membershipRow = z.strictObject({
  organisation: text(20),
  country: countryCode,
  status: z.enum(MembershipStatus),
  founding: toCreate(z.boolean()),
  from: clearable(partialDate),
  to: clearable(partialDate),
  attested: clearable(partialDate),
  note,
  sources,
});
export const personRow = z.strictObject({
  slug,
  name: toCreate(text(200)),
  alternateNames: toCreate(z.array(text(200))),
  country: clearable(countryCode),
});
export const tenureFields = z.strictObject({
  person: slug,
  portfolio: z.enum(Portfolio),
  title: toCreate(text(200)),
  country: countryCode.optional(),
  organisation: text(20).optional(),
  from: clearable(partialDate),
  to: clearable(partialDate),
  attested: clearable(partialDate),
  note,
  sources,
});
const tenureRow = tenureFields
  .refine((t) => (t.country == null) !== (t.organisation == null), {
    message: "an office belongs to exactly one of country or organisation",
    path: ["country"],
  });
export const seriesRow = z.strictObject({
  slug,
  name: toCreate(text(200)),
  organisation: toCreate(text(20)),
  portfolio: clearable(z.enum(Portfolio)),
});
export const attendanceRow = z.strictObject({
  country: countryCode,
  person: slug.optional(),
  role: toCreate(z.enum(AttendanceRole)),
  mode: toCreate(z.enum(AttendanceMode)),
  note,
  sources,
});
export const summitRow = z.strictObject({
  slug,
  name: toCreate(text(200)),
  organisation: toCreate(text(20)),
  series: clearable(slug),
  host: toCreate(countryCode),
  city: toCreate(text(100)),
  region: clearable(text(100)),
  start: toCreate(partialDate),
  end: clearable(partialDate),
  hostPerson: clearable(slug),
  note,
  sources,
  attendance: z.array(attendanceRow).optional(),
});
export const participantRow = z.strictObject({
  country: countryCode,
  person: slug.optional(),
  role: toCreate(z.enum(ParticipantRole)),
});
export const engagementFields = z.strictObject({
  slug,
  title: toCreate(text(200)),
  kind: toCreate(z.enum(EngagementKind)),
  formality: toCreate(z.enum(Formality)),
  status: toCreate(z.enum(EngagementStatus)),
  date: toCreate(partialDate),
  place: clearable(text(100)),
  placeCountry: clearable(countryCode),
  summit: clearable(slug),
  organisation: clearable(text(20)),
  summary: clearable(text(2000)),
  participants: toCreate(z.array(participantRow).min(1)),
  sources,
});
const engagementRow = engagementFields
  .refine((e) => e.kind !== "BILATERAL_MEETING" || !e.participants || new Set(e.participants.map((p) => p.country)).size === 2, {
    message: "a bilateral meeting has exactly two countries",
    path: ["participants"],
  });
export const incidentRow = z.strictObject({
  slug,
  name: toCreate(text(200)),
  kind: toCreate(z.enum(IncidentKind)),
  start: toCreate(partialDate),
  end: clearable(partialDate),
  location: clearable(text(200)),
  summary: clearable(text(2000)),
  parties: z.array(countryCode).optional(),
  names: z.array(z.strictObject({ name: text(200), usedBy: countryCode.optional() })).optional(),
  sources,
});
export const statementRow = z.strictObject({
  slug,
  speaker: clearable(slug),
  country: clearable(countryCode),
  summit: clearable(slug),
  place: clearable(text(200)),
  date: toCreate(partialDate),
  summary: toCreate(text(2000)),
  topics: toCreate(z.array(slug)),
  sources,
});

/**
 * The database's CHECK that a period does not end before it starts, stated here too so a file
 * that breaks it is refused with the row's position (a CHECK violation names no row). `lastDayOfEnd`:
 * the end counts up to its last possible day, as the constraint says (summits compare first days).
 */
function endsAfterStart(start: string, end: string, lastDayOfEnd: boolean, message: string): [(row: Record<string, unknown>) => boolean, { message: string; path: string[] }] {
  return [
    (row: Record<string, unknown>) => {
      const [from, to] = [row[start], row[end]];
      if (typeof from !== "string" || typeof to !== "string") return true;
      try {
        const [a, b] = [parsePartialDate(from), parsePartialDate(to)];
        return (lastDayOfEnd ? lastDay(b) : b.date).getTime() >= a.date.getTime();
      } catch {
        return true; // a malformed date is reported by its own field
      }
    },
    { message, path: [end] },
  ];
}

/** What a row must name when no row in the database (or earlier in the load) matches its key. */
export const requiredToCreate = {
  sources: ["url", "title", "publisher"],
  countries: ["alpha3", "name", "region"],
  organisations: ["name", "kind", "sources"],
  memberships: ["sources"],
  people: ["name"],
  tenures: ["title", "sources"],
  series: ["name", "organisation"],
  summits: ["name", "organisation", "host", "city", "start", "sources"],
  attendance: ["role", "mode", "sources"],
  engagements: ["title", "kind", "formality", "status", "date", "participants", "sources"],
  participants: ["role"],
  incidents: ["name", "kind", "start", "sources"],
  statements: ["date", "summary", "sources"],
} as const;

export const datasetSchema = z.strictObject({
  sources: z.array(sourceRow).optional(),
  countries: z.array(countryRow).optional(),
  organisations: z.array(organisationRow).optional(),
  memberships: z.array(membershipRow.refine(...endsAfterStart("from", "to", true, "A membership cannot end before it starts."))).optional(),
  people: z.array(personRow).optional(),
  tenures: z.array(tenureRow.refine(...endsAfterStart("from", "to", true, "A tenure cannot end before it starts."))).optional(),
  series: z.array(seriesRow).optional(),
  summits: z.array(summitRow.refine(...endsAfterStart("start", "end", false, "A summit cannot end before it starts."))).optional(),
  engagements: z.array(engagementRow).optional(),
  incidents: z.array(incidentRow.refine(...endsAfterStart("start", "end", true, "An incident cannot end before it starts."))).optional(),
  statements: z.array(statementRow).optional(),
});

export type DatasetFile = z.infer<typeof datasetSchema>;
export type Dataset = { [K in keyof DatasetFile]-?: NonNullable<DatasetFile[K]> };
export type Citation = z.infer<typeof citation>;

/** One problem in a data file, addressed by file and path ("memberships[3].country"). */
export interface DatasetIssue {
  file: string;
  path: string;
  message: string;
}

export class DatasetInvalidError extends Error {
  constructor(readonly issues: DatasetIssue[]) {
    super(
      `dataset is invalid (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` +
        issues.map((i) => `  ${i.file}: ${i.path}: ${i.message}`).join("\n"),
    );
    this.name = "DatasetInvalidError";
  }
}

function isUri(value: string) {
  if (/^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i.test(value)) return true;
  try {
    const u = new URL(value);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.includes(".");
  } catch {
    return false;
  }
}

export function formatPath(path: readonly PropertyKey[]) {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

/** Validate one parsed document; returns its rows or the problems found, each with its position. */
export function validateDatasetFile(file: string, document: unknown): { data?: DatasetFile; issues: DatasetIssue[] } {
  const result = datasetSchema.safeParse(document ?? {});
  if (result.success) return { data: result.data, issues: [] };
  return {
    issues: result.error.issues.map((i) => ({ file, path: formatPath(i.path) || "(document)", message: i.message })),
  };
}

export function emptyDataset(): Dataset {
  return {
    sources: [], countries: [], organisations: [], memberships: [], people: [], tenures: [],
    series: [], summits: [], engagements: [], incidents: [], statements: [],
  };
}

/** Where each row of a merged dataset came from, for error messages that point at the file. */
export const rowOrigin = new WeakMap<object, { file: string; path: string }>();

/** Parse and validate documents (name -> text); all problems are collected before throwing. */
export function parseDataset(documents: { name: string; text: string }[]): Dataset {
  const parsed: { name: string; document: unknown }[] = [];
  const issues: DatasetIssue[] = [];
  for (const { name, text } of documents) {
    try {
      parsed.push({ name, document: name.endsWith(".json") ? JSON.parse(text) : parseYaml(text) });
    } catch (e) {
      issues.push({ file: name, path: "(document)", message: `cannot be parsed: ${(e as Error).message}` });
    }
  }
  return datasetFromDocuments(parsed, issues);
}

/**
 * Validate already-parsed documents (a mutation's input is one) and merge them, remembering
 * where each row came from; all problems are collected before throwing.
 */
export function datasetFromDocuments(documents: { name: string; document: unknown }[], issues: DatasetIssue[] = []): Dataset {
  const merged = emptyDataset();
  for (const { name, document } of documents) {
    const { data, issues: found } = validateDatasetFile(name, document);
    issues.push(...found);
    if (!data) continue;
    for (const key of Object.keys(merged) as (keyof Dataset)[]) {
      const rows = (data[key] as object[] | undefined) ?? [];
      rows.forEach((row, i) => rowOrigin.set(row, { file: name, path: `${key}[${i}]` }));
      (merged[key] as object[]).push(...rows);
    }
  }
  issues.push(...duplicateKeys(merged));
  if (issues.length) throw new DatasetInvalidError(issues);
  return merged;
}

/** Natural keys, the same ones the database enforces, per kind of row. */
const naturalKeys: { [K in keyof Dataset]?: (row: Dataset[K][number]) => string } = {
  sources: (r) => r.url ?? `ref ${r.ref}`,
  countries: (r) => r.code,
  organisations: (r) => r.acronym,
  memberships: (r) => `${r.organisation} ${r.country} ${r.status} from ${r.from ?? "unknown"}`,
  people: (r) => r.slug,
  tenures: (r) => `${r.person} ${r.portfolio} ${r.country ?? r.organisation} from ${r.from ?? "unknown"}`,
  series: (r) => r.slug,
  summits: (r) => r.slug,
  engagements: (r) => r.slug,
  incidents: (r) => r.slug,
  statements: (r) => r.slug,
};

/** A row stated twice would be silently merged by the loader: refuse it instead. */
function duplicateKeys(dataset: Dataset): DatasetIssue[] {
  const issues: DatasetIssue[] = [];
  for (const [kind, keyOf] of Object.entries(naturalKeys) as [keyof Dataset, (row: object) => string][]) {
    const seen = new Map<string, object>();
    for (const row of dataset[kind] as object[]) {
      const key = keyOf(row);
      const first = seen.get(key);
      if (!first) {
        seen.set(key, row);
        continue;
      }
      const at = rowOrigin.get(row) ?? { file: "(dataset)", path: kind };
      const firstAt = rowOrigin.get(first);
      issues.push({
        file: at.file,
        path: at.path,
        message: `duplicate ${kind.replace(/s$/, "")} (${key}); already stated at ${firstAt ? `${firstAt.file}: ${firstAt.path}` : "an earlier row"}`,
      });
    }
  }
  return issues;
}

/** Read one data file, or every .yaml/.yml/.json file of a folder in name order. */
export async function readDataset(path: string): Promise<Dataset> {
  const entries = await readdir(path, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOTDIR") return null;
    throw e;
  });
  const files = entries
    ? entries.filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name)).map((e) => join(path, e.name)).sort()
    : [path];
  return parseDataset(
    await Promise.all(files.map(async (f) => ({ name: entries ? basename(f) : f, text: await readFile(f, "utf8") }))),
  );
}
