import { builder } from "../builder.ts";
import { partialDateField } from "./fields.ts";

export const SourceKind = builder.enumType("SourceKind", {
  values: ["NEWS_REPORT", "OFFICIAL", "REFERENCE"] as const,
});

export const Source = builder.prismaNode("Source", {
  id: { field: "id" },
  nullable: true,
  description: "A publication that supports facts. The URL is its identity.",
  fields: (t) => ({
    url: t.exposeString("url"),
    title: t.exposeString("title"),
    publisher: t.exposeString("publisher"),
    kind: t.expose("kind", { type: SourceKind }),
    published: partialDateField(t, "published", { nullable: true }),
    version: t.exposeInt("version"),
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
    attests: partialDateField(t, "attests", {
      nullable: true,
      description: "The day the source shows the fact in effect, when that is not its publication day.",
    }),
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
  fields: (t) => ({
    at: t.expose("at", { type: "DateTime" }),
    reason: t.exposeString("reason"),
  }),
});
