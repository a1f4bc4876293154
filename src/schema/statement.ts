import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { dayRange, mayReach } from "../domain/dates.ts";
import { countriesMatch } from "../domain/lookups.ts";
import { partialDateField } from "./fields.ts";
import { globalIdOf } from "./ids.ts";
import { sourcedFields } from "./source.ts";
import { cappedCount } from "../domain/counting.ts";
import { asTotalCount, cappedTotalFields } from "./counts.ts";

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
    countries: t.stringList({
      required: false,
      description: "ISO alpha-2 codes: spoken for all of them (a statement speaks for one country, so two codes match nothing; anyCountries: any of them).",
    }),
    anyCountries: t.stringList({ required: false, description: "ISO alpha-2 codes: spoken for any of them." }),
    speaker: t.string({ required: false, description: "The speaker's slug." }),
    topic: t.string({ required: false }),
    summit: t.id({ required: false }),
    from: t.field({ type: "PartialDate", required: false, description: "On or after (a statement dated \"2025-06\" may fall on or after 2025-06-15)." }),
    to: t.field({ type: "PartialDate", required: false, description: "On or before, inclusive of the whole period." }),
    on: t.field({ type: "PartialDate", required: false, description: 'On this day, month or year: anything whose dates may overlap it (a summit 2025-06-25..26 is on "2025-06-26" and on "2025-06").' }),
  }),
});

async function statementWhere(filter: typeof StatementFilter.$inferInput | null | undefined) {
  if (!filter) return { retractedAt: null };
  const { fromDay, toDay } = dayRange(filter);
  return {
    AND: [
      { retractedAt: null },
      ...(await countriesMatch(filter, (ids) => ({ countryId: { in: ids } }))),
      filter.speaker ? { speaker: { slug: filter.speaker } } : {},
      filter.topic ? { topics: { has: filter.topic } } : {},
      filter.summit ? { summitId: globalIdOf("Summit", filter.summit) } : {},
      fromDay ? mayReach("date", "datePrecision", fromDay) : {},
      toDay ? { date: { lte: toDay } } : {},
    ],
  };
}

builder.queryFields((t) => ({
  statements: t.prismaConnection({
    type: "Statement",
    cursor: "id",
    description: "Statements, newest first.",
    args: { filter: t.arg({ type: StatementFilter, required: false }) },
    totalCount: (_parent, args) => asTotalCount(statementWhere(args.filter).then((where) => cappedCount((take) => db().statement.count({ where, take })))),
    resolve: async (query, _root, args) =>
      db().statement.findMany({ ...query, where: await statementWhere(args.filter), orderBy: [{ date: "desc" }, { id: "desc" }] }),
  }, cappedTotalFields()),
}));
