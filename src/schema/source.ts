import { builder } from "../builder.ts";
import { readPartialDate } from "./fields.ts";

export const SourceKind = builder.enumType("SourceKind", {
  values: ["NEWS_REPORT", "OFFICIAL", "REFERENCE"] as const,
});

export const Source = builder.prismaNode("Source", {
  id: { field: "id" },
  description: "A publication that supports facts. The URL is its identity.",
  fields: (t) => ({
    url: t.exposeString("url"),
    title: t.exposeString("title"),
    publisher: t.exposeString("publisher"),
    kind: t.expose("kind", { type: SourceKind }),
    published: t.field({
      type: "PartialDate",
      nullable: true,
      select: { publishedDate: true, publishedPrecision: true },
      resolve: (s) => readPartialDate(s, "published"),
    }),
    retrieved: t.field({
      type: "PartialDate",
      nullable: true,
      select: { retrievedDate: true },
      resolve: (s) => (s.retrievedDate ? { date: s.retrievedDate, precision: "DAY" as const } : null),
    }),
  }),
});

export const Citation = builder.prismaObject("Citation", {
  description: "One source supporting one fact, with what it supports in our own words.",
  fields: (t) => ({
    note: t.exposeString("note", { nullable: true }),
    source: t.relation("source"),
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
  }));
}
