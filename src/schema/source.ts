import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { likeLiteral } from "../domain/lookups.ts";
import { mayReach } from "../domain/dates.ts";
import { userError } from "../errors.ts";
import { partialDateField } from "./fields.ts";
import { cappedCount } from "../domain/counting.ts";
import { asTotalCount, cappedTotalFields } from "./counts.ts";

export const SourceKind = builder.enumType("SourceKind", {
  description: "What kind of publication a source is.",
  values: {
    NEWS_REPORT: { description: "A news outlet's report." },
    OFFICIAL: { description: "A government's or an organisation's own publication: a press release, communiqué or official statement." },
    REFERENCE: { description: "A reference work (encyclopaedia, yearbook, database) that compiles facts reported elsewhere." },
  } as const,
});

export const Source = builder.prismaNode("Source", {
  id: { field: "id" },
  nullable: true,
  description: "A publication that supports facts. The URL is its identity.",
  fields: (t) => ({
    url: t.exposeString("url", { description: "Where the publication is found; unique, so the same URL is always the same source." }),
    ref: t.exposeString("ref", { nullable: true, description: "The handle a data file loaded it with; files may cite it by ref." }),
    title: t.exposeString("title", { description: "The publication's headline or title, as published." }),
    publisher: t.exposeString("publisher", { description: "The outlet, ministry or organisation that published it." }),
    kind: t.expose("kind", { type: SourceKind, description: "Journalism, an official publication, or a reference work." }),
    published: partialDateField(t, "published", { nullable: true, description: "When it was published, to the precision known; null when undated." }),
    version: t.exposeInt("version", { description: "Send it back with an update; a stale one is a ConflictError." }),
    retrieved: t.field({
      type: "PartialDate",
      nullable: true,
      description: "The day we read it, for pages that change or disappear.",
      select: { retrievedDate: true },
      resolve: (s) => (s.retrievedDate ? { date: s.retrievedDate, precision: "DAY" as const } : null),
    }),
    citations: t.relatedConnection("citations", {
      cursor: "id",
      totalCount: true,
      description: "Every fact this source is cited for, with what it supports: what one report is the evidence for.",
      query: () => ({ orderBy: [{ id: "asc" }] }),
    }),
  }),
});

const factColumns = [
  ["membershipId", "membership"], ["tenureId", "tenure"], ["summitId", "summit"], ["attendanceId", "attendance"],
  ["engagementId", "engagement"], ["incidentId", "incident"], ["statementId", "statement"], ["organisationId", "organisation"],
] as const;

export const Citation = builder.prismaObject("Citation", {
  description: "One source supporting one fact, with what it supports in our own words.",
  fields: (t) => ({
    note: t.exposeString("note", { nullable: true, description: "What the source supports about the fact, in our own words." }),
    fact: t.field({
      type: CitedFact,
      description: "The fact the source supports (retracted facts too: their retraction says so).",
      select: Object.fromEntries(factColumns.map(([column]) => [column, true])) as never,
      resolve: async (citation) => {
        const row = citation as unknown as Record<string, number | null>;
        const [, relation] = factColumns.find(([column]) => row[column] != null)!;
        const id = row[`${relation}Id`]!;
        const found = await (db() as unknown as Record<string, { findUnique(a: object): Promise<object | null> }>)[relation]!.findUnique({ where: { id } });
        return { ...found, __typename: relation.charAt(0).toUpperCase() + relation.slice(1) } as never;
      },
    }),
    attests: partialDateField(t, "attests", {
      nullable: true,
      description: "The day the source shows the fact in effect, when that is not its publication day.",
    }),
    source: t.relation("source", { description: "The publication cited." }),
  }),
});

/**
 * Adds `sources`, `citations` and `corroboration` to a fact type. `sources` lists the distinct
 * publications, oldest citation first; `corroboration` counts them.
 */
export function sourcedFields<Types extends "Membership" | "Tenure" | "Summit" | "Attendance" | "Engagement" | "Incident" | "Statement" | "Organisation">(
  name: Types,
) {
  builder.prismaObjectFields(name as "Summit", (t) => ({
    citations: t.relation("citations", {
      description: "Each source with what it supports.",
      query: { orderBy: { id: "asc" } },
    }),
    sources: t.field({
      type: [Source],
      description: "The publications that support this fact.",
      select: (_args, _ctx, nestedSelection) => ({
        citations: { orderBy: { id: "asc" }, select: { source: nestedSelection(true) } },
      }),
      resolve: (fact) => (fact as unknown as { citations: { source: never }[] }).citations.map((c) => c.source),
    }),
    corroboration: t.relationCount("citations", {
      description: "How many sources support this fact.",
    }),
    version: t.exposeInt("version", { description: "Send it back with an update; a stale one is a ConflictError." }),
  }));
  if (name !== "Organisation") {
    builder.prismaObjectFields(name as "Summit", (t) => ({
      retraction: t.field({
        type: RetractionInfo,
        nullable: true,
        description: "Set when the fact was retracted: it is then left out of default answers.",
        select: { retractedAt: true, retractionReason: true },
        resolve: (fact) => (fact.retractedAt ? { at: fact.retractedAt, reason: fact.retractionReason ?? "" } : null),
      }),
    }));
  }
}

const RetractionInfo = builder.objectRef<{ at: Date; reason: string }>("RetractionInfo").implement({
  description: "When and why a fact was retracted.",
  fields: (t) => ({
    at: t.expose("at", { type: "DateTime", description: "When the retraction was recorded." }),
    reason: t.exposeString("reason", { description: "Why, as the editor who retracted it gave it." }),
  }),
});

const CitedFact = builder.unionType("CitedFact", {
  description: "A fact a citation supports.",
  types: ["Membership", "Tenure", "Summit", "Attendance", "Engagement", "Incident", "Statement", "Organisation"] as never,
  resolveType: (fact: { __typename: string }) => fact.__typename as never,
});

const SourceFilter = builder.inputType("SourceFilter", {
  fields: (t) => ({
    publisher: t.string({ required: false, description: "Case-insensitive part of the publisher's name (% and _ literal)." }),
    title: t.string({ required: false, description: "Case-insensitive part of the title (% and _ literal)." }),
    kind: t.field({ type: [SourceKind], required: false }),
    publishedFrom: t.field({ type: "PartialDate", required: false, description: "Published on or after this (day, month or year); a source dated only \"2025\" may have been published after 2025-06-01 and is kept." }),
    publishedTo: t.field({ type: "PartialDate", required: false, description: "Published on or before this." }),
  }),
});

function sourceWhere(filter: typeof SourceFilter.$inferInput | null | undefined) {
  if (!filter) return {};
  return {
    AND: [
      filter.publisher ? { publisher: { contains: likeLiteral(filter.publisher), mode: "insensitive" as const } } : {},
      filter.title ? { title: { contains: likeLiteral(filter.title), mode: "insensitive" as const } } : {},
      filter.kind ? { kind: { in: [...filter.kind] } } : {},
      // A source dated "2025" may have been published on or after 2025-06-01.
      filter.publishedFrom ? mayReach("publishedDate", "publishedPrecision", filter.publishedFrom.date) : {},
      filter.publishedTo ? { publishedDate: { lte: lastDayOf(filter.publishedTo) } } : {},
    ],
  };
}

function lastDayOf(d: { date: Date; precision: "YEAR" | "MONTH" | "DAY" }) {
  const end = new Date(d.date);
  if (d.precision === "YEAR") end.setUTCFullYear(end.getUTCFullYear() + 1);
  else if (d.precision === "MONTH") end.setUTCMonth(end.getUTCMonth() + 1);
  else return end;
  end.setUTCDate(end.getUTCDate() - 1);
  return end;
}

builder.queryFields((t) => ({
  source: t.prismaField({
    type: "Source",
    nullable: true,
    description: 'A source by its URL or by the ref a data file loaded it with ("article-qingdao-2025").',
    args: { url: t.arg.string({ required: false }), ref: t.arg.string({ required: false }) },
    resolve: (query, _root, args) => {
      if ((args.url == null) === (args.ref == null)) throw userError("BAD_USER_INPUT", "Pass exactly one of url or ref.");
      return db().source.findUnique({ ...query, where: args.url != null ? { url: args.url } : { ref: args.ref! } });
    },
  }),
  sources: t.prismaConnection({
    type: "Source",
    cursor: "id",
    description: "Sources matching the filter, newest publication first (undated last).",
    args: { filter: t.arg({ type: SourceFilter, required: false }) },
    totalCount: (_parent, args) => asTotalCount(cappedCount((take) => db().source.count({ where: sourceWhere(args.filter), take }))),
    resolve: (query, _root, args) =>
      db().source.findMany({ ...query, where: sourceWhere(args.filter), orderBy: [{ publishedDate: { sort: "desc", nulls: "last" } }, { id: "asc" }] }),
  }, cappedTotalFields()),
}));
