import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { lastDay, mayReach } from "../domain/dates.ts";
import { countryIds } from "../domain/lookups.ts";
import { partialDateField } from "./fields.ts";
import { globalIdOf } from "./ids.ts";
import { sourcedFields } from "./source.ts";

export const Statement = builder.prismaNode("Statement", {
  id: { field: "id" },
  nullable: true,
  description: "A position stated by a person or a country, summarised in our own words.",
  fields: (t) => ({
    slug: t.exposeString("slug", { description: "A stable readable key, unique among statements." }),
    speaker: t.relation("speaker", { nullable: true, description: "Who made it; null when the sources name no person (a ministry's or a government's statement)." }),
    country: t.relation("country", { nullable: true, description: "The country the speaker spoke for; null for an organisation's official." }),
    summit: t.relation("summit", { nullable: true, description: "The summit at which it was made, if any." }),
    place: t.exposeString("place", { nullable: true, description: "Where it was made, as the sources put it." }),
    date: partialDateField(t, "date", { description: "When it was made, to the precision known." }),
    summary: t.exposeString("summary", { description: "What was said, summarised in our own words (never quoted at length)." }),
    topics: t.exposeStringList("topics", { description: 'Subject tags, e.g. "counter-terrorism"; statements(filter: { topic }) matches one.' }),
  }),
});
sourcedFields("Statement");

const StatementFilter = builder.inputType("StatementFilter", {
  fields: (t) => ({
    countries: t.stringList({ required: false, description: "ISO alpha-2 codes: spoken for any of them." }),
    speaker: t.string({ required: false, description: "The speaker's slug." }),
    topic: t.string({ required: false }),
    summit: t.id({ required: false }),
    from: t.field({ type: "PartialDate", required: false }),
    to: t.field({ type: "PartialDate", required: false }),
  }),
});

async function statementWhere(filter: typeof StatementFilter.$inferInput | null | undefined) {
  if (!filter) return { retractedAt: null };
  return {
    AND: [
      { retractedAt: null },
      filter.countries?.length ? { countryId: { in: await countryIds(filter.countries) } } : {},
      filter.speaker ? { speaker: { slug: filter.speaker } } : {},
      filter.topic ? { topics: { has: filter.topic } } : {},
      filter.summit ? { summitId: globalIdOf("Summit", filter.summit) } : {},
      filter.from ? mayReach("date", "datePrecision", filter.from.date) : {},
      filter.to ? { date: { lte: lastDay(filter.to) } } : {},
    ],
  };
}

builder.queryFields((t) => ({
  statements: t.prismaConnection({
    type: "Statement",
    cursor: "id",
    description: "Statements, newest first.",
    args: { filter: t.arg({ type: StatementFilter, required: false }) },
    totalCount: async (_parent, args) => db().statement.count({ where: await statementWhere(args.filter) }),
    resolve: async (query, _root, args) =>
      db().statement.findMany({ ...query, where: await statementWhere(args.filter), orderBy: [{ date: "desc" }, { id: "desc" }] }),
  }),
}));
