import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { readPartialDate } from "./fields.ts";
import { sourcedFields } from "./source.ts";

export const Portfolio = builder.enumType("Portfolio", {
  values: [
    "HEAD_OF_STATE",
    "HEAD_OF_GOVERNMENT",
    "DEFENCE",
    "FOREIGN_AFFAIRS",
    "PUBLIC_SECURITY",
    "INTERIOR",
    "NATIONAL_SECURITY_ADVISER",
    "SECRETARY_GENERAL",
    "DEPUTY_DEFENCE",
    "MILITARY_COMMAND",
  ] as const,
});

export const Person = builder.prismaNode("Person", {
  id: { field: "id" },
  fields: (t) => ({
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    alternateNames: t.exposeStringList("alternateNames"),
    country: t.relation("country", { nullable: true }),
    tenures: t.relatedConnection("tenures", {
      cursor: "id",
      totalCount: true,
      description: "Offices the person held, newest first.",
      query: () => ({ orderBy: [{ fromDate: { sort: "desc", nulls: "last" } }, { id: "desc" }] }),
    }),
  }),
});

export const Tenure = builder.prismaNode("Tenure", {
  id: { field: "id" },
  description:
    "A person holding an office of a country or an organisation. `from`/`to` are the first and last " +
    "day in office, with the precision known; `attested` is a day a source shows them in office.",
  fields: (t) => ({
    person: t.relation("person"),
    portfolio: t.expose("portfolio", { type: Portfolio }),
    title: t.exposeString("title", { description: "The office's title as its country or organisation styles it." }),
    country: t.relation("country", { nullable: true }),
    organisation: t.relation("organisation", { nullable: true }),
    from: t.field({
      type: "PartialDate",
      nullable: true,
      select: { fromDate: true, fromPrecision: true },
      resolve: (r) => readPartialDate(r, "from"),
    }),
    to: t.field({
      type: "PartialDate",
      nullable: true,
      select: { toDate: true, toPrecision: true },
      resolve: (r) => readPartialDate(r, "to"),
    }),
    attested: t.field({
      type: "PartialDate",
      nullable: true,
      select: { attestedDate: true, attestedPrecision: true },
      resolve: (r) => readPartialDate(r, "attested"),
    }),
    note: t.exposeString("note", { nullable: true }),
  }),
});
sourcedFields("Tenure");

builder.queryFields((t) => ({
  people: t.prismaConnection({
    type: "Person",
    cursor: "id",
    args: { name: t.arg.string({ required: false, description: "Case-insensitive part of a name." }) },
    totalCount: (_parent, args) => db().person.count({ where: nameFilter(args.name) }),
    resolve: (query, _root, args) => db().person.findMany({ ...query, where: nameFilter(args.name), orderBy: { name: "asc" } }),
  }),
}));

function nameFilter(name: string | null | undefined) {
  if (!name) return {};
  return {
    OR: [
      { name: { contains: name, mode: "insensitive" as const } },
      { alternateNames: { has: name } },
    ],
  };
}
