import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { readPartialDate } from "./fields.ts";
import { sourcedFields } from "./source.ts";

export const Statement = builder.prismaNode("Statement", {
  id: { field: "id" },
  description: "A position stated by a person or a country, summarised in our own words.",
  fields: (t) => ({
    slug: t.exposeString("slug"),
    speaker: t.relation("speaker", { nullable: true }),
    country: t.relation("country", { nullable: true }),
    summit: t.relation("summit", { nullable: true }),
    place: t.exposeString("place", { nullable: true }),
    date: t.field({
      type: "PartialDate",
      select: { date: true, datePrecision: true },
      resolve: (s) => readPartialDate(s, "date")!,
    }),
    summary: t.exposeString("summary"),
    topics: t.exposeStringList("topics"),
  }),
});
sourcedFields("Statement");

builder.queryFields((t) => ({
  statements: t.prismaConnection({
    type: "Statement",
    cursor: "id",
    description: "Statements, newest first.",
    totalCount: () => db().statement.count(),
    resolve: (query) => db().statement.findMany({ ...query, orderBy: [{ date: "desc" }, { id: "desc" }] }),
  }),
}));
