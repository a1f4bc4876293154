// Mutations for every fact type. Creates go through the dataset loader (the same rules, natural
// keys and citations as bulk import); updates name the version they read; status changes keep
// the engagement's history; retraction replaces deletion. Writing needs an EDITOR or ADMIN key.
import { encodeGlobalID, resolveNodes } from "@pothos/plugin-relay";
import { builder } from "../builder.ts";
import type { Context } from "../context.ts";
import { primary } from "../db.ts";
import {
  countryRow,
  engagementFields,
  incidentRow,
  membershipRow,
  organisationRow,
  personRow,
  sourceRow,
  statementRow,
  summitRow,
  tenureFields,
} from "../domain/dataset.ts";
import type { PartialDate } from "../domain/dates.ts";
import { countryIds } from "../domain/lookups.ts";
import { FieldError, ValidationError } from "../domain/write-errors.ts";
import {
  addAttendance,
  type Author,
  type CitationInput,
  createFact,
  dateData,
  type FactType,
  retractFact,
  setEngagementStatus,
  updateFact,
  validatePatch,
} from "../domain/writes.ts";
import { withId } from "./fields.ts";
import { globalIdOf } from "./ids.ts";
import { AttendanceMode, AttendanceRole } from "./summit.ts";
import { EngagementKind, EngagementStatus, Formality, ParticipantRole } from "./engagement.ts";
import { IncidentKind } from "./incident.ts";
import { MembershipStatus, OrganisationKind } from "./organisation.ts";
import { Portfolio } from "./person.ts";
import { writeErrors } from "./results.ts";
import { SourceKind } from "./source.ts";
import { decodeId } from "../builder.ts";


function author(context: Context): Author {
  return { actor: context.viewer!.name, apiKeyId: context.viewer!.keyId };
}

// ---------------------------------------------------------------------------------------------
// Inputs: the create inputs mirror the data-file rows (src/domain/dataset.ts), so a fact reads the
// same in a file, an import and a mutation.

const SourceInput = builder.inputType("SourceInput", {
  fields: (t) => ({
    url: t.string({ required: true, description: "An absolute http(s) URL or a URN; the source's identity." }),
    title: t.string({ required: true }),
    publisher: t.string({ required: true }),
    kind: t.field({ type: SourceKind, required: false }),
    published: t.field({ type: "PartialDate", required: false }),
    retrieved: t.field({ type: "PartialDate", required: false }),
  }),
});

const CitationInputRef = builder.inputType("CitationInput", {
  description: "A source for a fact: the URL of a source already recorded, or a new source.",
  fields: (t) => ({
    source: t.string({ required: false, description: "URL of an existing source." }),
    newSource: t.field({ type: SourceInput, required: false }),
    note: t.string({ required: false, description: "What the source supports, in your own words." }),
    attests: t.field({
      type: "PartialDate",
      required: false,
      description: "The day the source shows the fact in effect, when that is not its publication day (see Certainty).",
    }),
  }),
});

const ParticipantInput = builder.inputType("ParticipantInput", {
  fields: (t) => ({
    country: t.string({ required: true }),
    person: t.string({ required: false, description: "Person slug." }),
    role: t.field({ type: ParticipantRole, required: true }),
  }),
});

const AttendanceInput = builder.inputType("AttendanceInput", {
  fields: (t) => ({
    country: t.string({ required: true }),
    person: t.string({ required: false, description: "Person slug." }),
    role: t.field({ type: AttendanceRole, required: true }),
    mode: t.field({ type: AttendanceMode, required: true }),
    note: t.string({ required: false }),
    sources: t.field({ type: [CitationInputRef], required: true }),
  }),
});

const SeatInput = builder.inputType("SeatInput", {
  fields: (t) => ({
    city: t.string({ required: true }),
    country: t.string({ required: true }),
    since: t.field({ type: "PartialDate", required: false }),
  }),
});

const IncidentNameInput = builder.inputType("IncidentNameInput", {
  fields: (t) => ({ name: t.string({ required: true }), usedBy: t.string({ required: false }) }),
});


const CountryInput = builder.inputType("CountryInput", {
  fields: (t) => ({
    code: t.string({ required: true }),
    alpha3: t.string({ required: true }),
    name: t.string({ required: true }),
    region: t.string({ required: true }),
  }),
});
const OrganisationInput = builder.inputType("OrganisationInput", {
  fields: (t) => ({
    acronym: t.string({ required: true }),
    name: t.string({ required: true }),
    kind: t.field({ type: OrganisationKind, required: true }),
    founded: t.field({ type: "PartialDate", required: false }),
    seat: t.field({ type: SeatInput, required: false }),
    sources: t.field({ type: [CitationInputRef], required: true }),
  }),
});
const MembershipInput = builder.inputType("MembershipInput", {
  fields: (t) => ({
    organisation: t.string({ required: true, description: "Acronym." }),
    country: t.string({ required: true }),
    status: t.field({ type: MembershipStatus, required: true }),
    founding: t.boolean({ required: false }),
    from: t.field({ type: "PartialDate", required: false }),
    to: t.field({ type: "PartialDate", required: false }),
    attested: t.field({ type: "PartialDate", required: false }),
    note: t.string({ required: false }),
    sources: t.field({ type: [CitationInputRef], required: true }),
  }),
});
const PersonInput = builder.inputType("PersonInput", {
  fields: (t) => ({
    slug: t.string({ required: true }),
    name: t.string({ required: true }),
    alternateNames: t.stringList({ required: false }),
    country: t.string({ required: false }),
  }),
});
const TenureInput = builder.inputType("TenureInput", {
  fields: (t) => ({
    person: t.string({ required: true, description: "Person slug." }),
    portfolio: t.field({ type: Portfolio, required: true }),
    title: t.string({ required: true }),
    country: t.string({ required: false }),
    organisation: t.string({ required: false }),
    from: t.field({ type: "PartialDate", required: false }),
    to: t.field({ type: "PartialDate", required: false }),
    attested: t.field({ type: "PartialDate", required: false }),
    note: t.string({ required: false }),
    sources: t.field({ type: [CitationInputRef], required: true }),
  }),
});
const SummitInput = builder.inputType("SummitInput", {
  fields: (t) => ({
    slug: t.string({ required: true }),
    name: t.string({ required: true }),
    organisation: t.string({ required: true }),
    series: t.string({ required: false }),
    host: t.string({ required: true, description: "Host country code." }),
    city: t.string({ required: true }),
    region: t.string({ required: false }),
    start: t.field({ type: "PartialDate", required: true }),
    end: t.field({ type: "PartialDate", required: false }),
    hostPerson: t.string({ required: false }),
    note: t.string({ required: false }),
    attendance: t.field({ type: [AttendanceInput], required: false }),
    sources: t.field({ type: [CitationInputRef], required: true }),
  }),
});
const EngagementInput = builder.inputType("EngagementInput", {
  fields: (t) => ({
    slug: t.string({ required: true }),
    title: t.string({ required: true }),
    kind: t.field({ type: EngagementKind, required: true }),
    formality: t.field({ type: Formality, required: true }),
    status: t.field({ type: EngagementStatus, required: true }),
    date: t.field({ type: "PartialDate", required: true }),
    place: t.string({ required: false }),
    placeCountry: t.string({ required: false }),
    summit: t.string({ required: false, description: "Summit slug." }),
    organisation: t.string({ required: false }),
    summary: t.string({ required: false }),
    participants: t.field({ type: [ParticipantInput], required: true }),
    sources: t.field({ type: [CitationInputRef], required: true }),
  }),
});
const IncidentInput = builder.inputType("IncidentInput", {
  fields: (t) => ({
    slug: t.string({ required: true }),
    name: t.string({ required: true }),
    kind: t.field({ type: IncidentKind, required: true }),
    start: t.field({ type: "PartialDate", required: true }),
    end: t.field({ type: "PartialDate", required: false }),
    location: t.string({ required: false }),
    summary: t.string({ required: false }),
    parties: t.stringList({ required: false }),
    names: t.field({ type: [IncidentNameInput], required: false }),
    sources: t.field({ type: [CitationInputRef], required: true }),
  }),
});
const StatementInput = builder.inputType("StatementInput", {
  fields: (t) => ({
    slug: t.string({ required: true }),
    speaker: t.string({ required: false }),
    country: t.string({ required: false }),
    summit: t.string({ required: false }),
    place: t.string({ required: false }),
    date: t.field({ type: "PartialDate", required: true }),
    summary: t.string({ required: true }),
    topics: t.stringList({ required: false }),
    sources: t.field({ type: [CitationInputRef], required: true }),
  }),
});

const createInputs = {
  Source: SourceInput,
  Country: CountryInput,
  Organisation: OrganisationInput,
  Membership: MembershipInput,
  Person: PersonInput,
  Tenure: TenureInput,
  Summit: SummitInput,
  Engagement: EngagementInput,
  Incident: IncidentInput,
  Statement: StatementInput,
} as const;

for (const [type, input] of Object.entries(createInputs) as [FactType, (typeof createInputs)[FactType]][]) {
  builder.mutationField(`create${type}`, (t) =>
    t.prismaField({
      type: type as "Engagement",
      authScopes: { editor: true },
      errors: writeErrors,
      description: `Record a new ${type.toLowerCase()}${type === "Source" || type === "Country" || type === "Person" ? "" : ", citing at least one source"}.`,
      args: { input: t.arg({ type: input as typeof EngagementInput, required: true }) },
      resolve: async (query, _root, args, context) => {
        const id = await createFact(type, args.input as unknown as Record<string, unknown>, author(context));
        return (primary() as unknown as Record<string, { findUniqueOrThrow(a: object): Promise<never> }>)[lower(type)]!.findUniqueOrThrow({ ...withId(query), where: { id } });
      },
    }),
  );
}

/** "an engagement", "a summit": the type's name in a sentence. */
function article(type: string) {
  const word = type.toLowerCase();
  return `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
}

function lower(type: string) {
  return type.charAt(0).toLowerCase() + type.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Updates: a patch sets the fields it names (null clears an optional one), against `version`.

type Patch = Record<string, unknown>;
type Ref = "country" | "organisation" | "person" | "summit" | "series";
type Column = "value" | "date" | { ref: Ref; column: string };

async function refId(ref: Ref, key: string, field: string): Promise<number> {
  const p = primary();
  const row =
    ref === "country"
      ? await p.country.findUnique({ where: { code: key.toUpperCase() }, select: { id: true } })
      : ref === "organisation"
        ? await p.organisation.findUnique({ where: { acronym: key.toUpperCase() }, select: { id: true } })
        : ref === "person"
          ? await p.person.findUnique({ where: { slug: key }, select: { id: true } })
          : ref === "summit"
            ? await p.summit.findUnique({ where: { slug: key }, select: { id: true } })
            : await p.eventSeries.findUnique({ where: { slug: key }, select: { id: true } });
  if (!row) throw new ValidationError([new FieldError(["input", field], `unknown ${ref} "${key}"`)]);
  return row.id;
}

/** Prisma data for the fields a patch sets, by each field's kind of column. */
async function patchData(patch: Patch, columns: Record<string, Column>): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(patch)) {
    const column = columns[field];
    if (value === undefined || !column) continue;
    if (column === "value") data[field] = value;
    else if (column === "date") Object.assign(data, dateData(field, value as PartialDate | null));
    else data[column.column] = value === null ? null : await refId(column.ref, String(value), field);
  }
  return data;
}

interface UpdateSpec {
  type: FactType | "Attendance";
  schema: Parameters<typeof validatePatch>[0];
  required: string[];
  columns: Record<string, Column>;
  fields: (t: PothosSchemaTypes.InputFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<never>, "InputObject">) => object;
}

const date = (t: any) => t.field({ type: "PartialDate", required: false });
const str = (t: any) => t.string({ required: false });
const addSources = (t: any) => t.field({ type: [CitationInputRef], required: false, description: "More sources for this fact." });

const updateSpecs: UpdateSpec[] = [
  {
    type: "Source", schema: sourceRow, required: ["title", "publisher"],
    columns: { title: "value", publisher: "value", kind: "value", published: "date", retrieved: "date" },
    fields: (t: any) => ({ title: str(t), publisher: str(t), kind: t.field({ type: SourceKind, required: false }), published: date(t), retrieved: date(t) }),
  },
  {
    type: "Country", schema: countryRow, required: ["name", "region", "alpha3"],
    columns: { name: "value", region: "value", alpha3: "value" },
    fields: (t: any) => ({ name: str(t), region: str(t), alpha3: str(t) }),
  },
  {
    type: "Organisation", schema: organisationRow, required: ["name", "kind"],
    columns: { name: "value", kind: "value", founded: "date" },
    fields: (t: any) => ({ name: str(t), kind: t.field({ type: OrganisationKind, required: false }), founded: date(t), addSources: addSources(t) }),
  },
  {
    type: "Membership", schema: membershipRow, required: ["status"],
    columns: { status: "value", founding: "value", from: "date", to: "date", attested: "date", note: "value" },
    fields: (t: any) => ({
      status: t.field({ type: MembershipStatus, required: false }), founding: t.boolean({ required: false }),
      from: date(t), to: date(t), attested: date(t), note: str(t), addSources: addSources(t),
    }),
  },
  {
    type: "Person", schema: personRow, required: ["name"],
    columns: { name: "value", alternateNames: "value", country: { ref: "country", column: "countryId" } },
    fields: (t: any) => ({ name: str(t), alternateNames: t.stringList({ required: false }), country: str(t) }),
  },
  {
    type: "Tenure", schema: tenureFields, required: ["title"],
    columns: { title: "value", from: "date", to: "date", attested: "date", note: "value" },
    fields: (t: any) => ({ title: str(t), from: date(t), to: date(t), attested: date(t), note: str(t), addSources: addSources(t) }),
  },
  {
    type: "Summit", schema: summitRow, required: ["name", "city", "start"],
    columns: {
      name: "value", city: "value", region: "value", start: "date", end: "date", note: "value",
      hostPerson: { ref: "person", column: "hostPersonId" }, series: { ref: "series", column: "seriesId" },
    },
    fields: (t: any) => ({
      name: str(t), city: str(t), region: str(t), start: date(t), end: date(t), note: str(t), hostPerson: str(t),
      series: t.string({ required: false, description: "Slug of a meeting series of the summit's organisation; null: none." }),
      addSources: addSources(t),
    }),
  },
  {
    type: "Attendance", schema: summitRow.shape.attendance.unwrap().element, required: ["role", "mode"],
    columns: { role: "value", mode: "value", note: "value" },
    fields: (t: any) => ({
      role: t.field({ type: AttendanceRole, required: false }), mode: t.field({ type: AttendanceMode, required: false }),
      note: str(t), addSources: addSources(t),
    }),
  },
  {
    type: "Engagement", schema: engagementFields, required: ["title", "kind", "formality", "date"],
    columns: {
      title: "value", kind: "value", formality: "value", date: "date", place: "value", summary: "value",
      placeCountry: { ref: "country", column: "placeCountryId" }, summit: { ref: "summit", column: "summitId" },
      organisation: { ref: "organisation", column: "organisationId" },
    },
    fields: (t: any) => ({
      title: str(t), kind: t.field({ type: EngagementKind, required: false }), formality: t.field({ type: Formality, required: false }),
      date: date(t), place: str(t), summary: str(t), placeCountry: str(t), summit: str(t), organisation: str(t),
      participants: t.field({ type: [ParticipantInput], required: false, description: "Replaces the participants." }),
      addSources: addSources(t),
    }),
  },
  {
    type: "Incident", schema: incidentRow, required: ["name", "kind", "start"],
    columns: { name: "value", kind: "value", start: "date", end: "date", location: "value", summary: "value" },
    fields: (t: any) => ({
      name: str(t), kind: t.field({ type: IncidentKind, required: false }), start: date(t), end: date(t),
      location: str(t), summary: str(t), addSources: addSources(t),
    }),
  },
  {
    type: "Statement", schema: statementRow, required: ["summary", "date"],
    columns: { summary: "value", topics: "value", place: "value", date: "date" },
    fields: (t: any) => ({ summary: str(t), topics: t.stringList({ required: false }), place: str(t), date: date(t), addSources: addSources(t) }),
  },
];

/** A summit's series is one of its own organisation's meeting formats. */
async function seriesOfOrganisation(tx: any, seriesId: number, organisationId: number) {
  const series = await tx.eventSeries.findUnique({ where: { id: seriesId }, select: { organisationId: true } });
  if (series?.organisationId !== organisationId) {
    throw new ValidationError([new FieldError(["input", "series"], "the series belongs to another organisation than the summit")]);
  }
}

/** Engagements: a bilateral meeting has exactly two countries, after the patch as before it. */
async function replaceParticipants(tx: any, engagementId: number, kind: string, participants: { country: string; person?: string | null; role: string }[] | null | undefined) {
  if (participants) {
    if (participants.length === 0) throw new ValidationError([new FieldError(["input", "participants"], "an engagement has at least one participant")]);
    const ids = await countryIds(participants.map((p) => p.country)).catch((e: Error) => {
      throw new ValidationError([new FieldError(["input", "participants"], e.message)]);
    });
    await tx.engagementParticipant.deleteMany({ where: { engagementId } });
    for (const [i, p] of participants.entries()) {
      const personId = p.person ? await refId("person", p.person, `participants.${i}.person`) : null;
      if (personId != null) {
        const person = await tx.person.findUnique({ where: { id: personId }, select: { countryId: true } });
        if (person.countryId != null && person.countryId !== ids[i]) {
          throw new ValidationError([new FieldError(["input", "participants", String(i), "person"], `${p.person} belongs to another country than ${p.country}`)]);
        }
      }
      await tx.engagementParticipant.create({ data: { engagementId, countryId: ids[i]!, personId, role: p.role } });
    }
  }
  if (kind === "BILATERAL_MEETING") {
    const countries = await tx.engagementParticipant.findMany({ where: { engagementId }, distinct: ["countryId"], select: { countryId: true } });
    if (countries.length !== 2) throw new ValidationError([new FieldError(["input", "participants"], "a bilateral meeting has exactly two countries")]);
  }
}

for (const spec of updateSpecs) {
  const Patch = builder.inputType(`${spec.type}Patch`, {
    description: `The fields to change on ${article(spec.type)}; null clears an optional one.`,
    fields: spec.fields as never,
  });
  builder.mutationField(`update${spec.type}`, (t) =>
    t.prismaField({
      type: spec.type as "Engagement",
      authScopes: { editor: true },
      errors: writeErrors,
      description: `Change ${article(spec.type)}. \`version\` is the version you read: if it has changed since, the answer is a ConflictError and nothing is written.`,
      args: {
        id: t.arg.id({ required: true }),
        version: t.arg.int({ required: true }),
        input: t.arg({ type: Patch, required: true }),
      },
      resolve: async (query, _root, args, context) => {
        const id = globalIdOf(spec.type, args.id);
        const { addSources: citations, participants, ...patch } = args.input as Patch & { addSources?: CitationInput[]; participants?: never };
        validatePatch(spec.schema, patch, spec.required);
        const data = await patchData(patch, spec.columns);
        await updateFact(spec.type, id, args.version, data, author(context), {
          citations: citations ?? undefined,
          extra:
            spec.type === "Engagement"
              ? (tx, before) => replaceParticipants(tx, id, (patch.kind as string | undefined) ?? (before.kind as string), participants)
              : spec.type === "Summit" && data.seriesId != null
                ? (tx, before) => seriesOfOrganisation(tx, data.seriesId as number, before.organisationId as number)
                : undefined,
        });
        return (primary() as unknown as Record<string, { findUniqueOrThrow(a: object): Promise<never> }>)[lower(spec.type)]!.findUniqueOrThrow({ ...withId(query), where: { id } });
      },
    }),
  );
}

builder.mutationField("addAttendance", (t) =>
  t.prismaField({
    type: "Attendance",
    authScopes: { editor: true },
    errors: writeErrors,
    description:
      "Record one more delegation at an existing summit, citing at least one source. The summit's other fields and " +
      "attendance are left as they are; a delegation already recorded (same country and person) is a DuplicateError.",
    args: {
      summit: t.arg.id({ required: true, description: "The summit's global ID." }),
      input: t.arg({ type: AttendanceInput, required: true }),
    },
    resolve: async (query, _root, args, context) => {
      const id = await addAttendance(globalIdOf("Summit", args.summit), args.input as unknown as Record<string, unknown>, author(context));
      return primary().attendance.findUniqueOrThrow({ ...withId(query), where: { id } });
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// Status changes and retraction.

builder.mutationField("setEngagementStatus", (t) =>
  t.prismaField({
    type: "Engagement",
    authScopes: { editor: true },
    errors: writeErrors,
    description:
      "Record that an engagement's status changed (a speculated meeting HELD, or DID_NOT_HAPPEN), on a source. " +
      "The engagement keeps every change in statusHistory.",
    args: {
      id: t.arg.id({ required: true }),
      status: t.arg({ type: EngagementStatus, required: true }),
      source: t.arg({ type: CitationInputRef, required: true }),
      note: t.arg.string({ required: false }),
      version: t.arg.int({ required: false, description: "The version you read; when given, a stale one is a ConflictError." }),
    },
    resolve: async (query, _root, args, context) => {
      const id = globalIdOf("Engagement", args.id);
      await setEngagementStatus(id, args.status, args.source as CitationInput, args.note ?? null, author(context), args.version ?? null);
      return primary().engagement.findUniqueOrThrow({ ...withId(query), where: { id } });
    },
  }),
);

const Retraction = builder.objectRef<{ factId: string; typename: string; numericId: number; retractedAt: Date; reason: string }>("Retraction").implement({
  description: "A fact's retraction: when and why. The fact itself stays readable through node(id:).",
  fields: (t) => ({
    // Its own ID: reusing the fact's would make two objects share one id in a client's store.
    id: t.id({ description: "The retraction's own global ID.", resolve: (r) => encodeGlobalID("Retraction", `${r.typename}:${r.numericId}`) }),
    factId: t.id({ description: "The retracted fact's global ID (still readable through node).", resolve: (r) => r.factId }),
    fact: t.field({
      type: builder.nodeInterfaceRef(),
      description: "The retracted fact, as it is now.",
      resolve: async (r, _args, context, info) => {
        const [node] = await resolveNodes(builder, context, info, [{ typename: r.typename, id: String(r.numericId) }]);
        return node as never;
      },
    }),
    type: t.exposeString("typename", { description: 'The retracted fact\'s type, e.g. "Engagement".' }),
    retractedAt: t.expose("retractedAt", { type: "DateTime", description: "When it was retracted." }),
    reason: t.exposeString("reason", { description: "Why, as the editor gave it." }),
  }),
});

builder.mutationField("retract", (t) =>
  t.field({
    type: Retraction,
    authScopes: { editor: true },
    errors: writeErrors,
    description:
      "Retract a fact (membership, tenure, summit, attendance, engagement, incident, statement) instead of deleting it: " +
      "it leaves default answers, keeps its history and carries the reason.",
    args: {
      id: t.arg.id({ required: true }),
      version: t.arg.int({ required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: async (_root, args, context) => {
      const { typename, id } = decodeId(String(args.id));
      const numeric = globalIdOf(typename, args.id);
      await retractFact(typename, numeric, args.version, args.reason, author(context));
      const row = (await (primary() as unknown as Record<string, { findUniqueOrThrow(a: object): Promise<{ retractedAt: Date; retractionReason: string }> }>)[lower(typename)]!.findUniqueOrThrow({ where: { id: numeric } }));
      return { factId: encodeGlobalID(typename, id), typename, numericId: numeric, retractedAt: row.retractedAt, reason: row.retractionReason };
    },
  }),
);
