import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { likeLiteral, normaliseCountryCode } from "../domain/lookups.ts";
import { engagementsOf } from "./engagement.ts";
import { partialDateField } from "./fields.ts";
import { globalIdOf } from "./ids.ts";
import { evidenceFields } from "./organisation.ts";
import { sourcedFields } from "./source.ts";
import { userError } from "../errors.ts";

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
  nullable: true,
  fields: (t) => ({
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    alternateNames: t.exposeStringList("alternateNames"),
    version: t.exposeInt("version"),
    country: t.relation("country", { nullable: true }),
    tenures: t.relatedConnection("tenures", {
      cursor: "id",
      totalCount: true,
      description: "Offices the person held, newest first.",
      query: () => ({ where: { retractedAt: null }, orderBy: [{ fromDate: { sort: "desc", nulls: "last" } }, { id: "desc" }] }),
    }),
    engagements: engagementsOf("personId", "Engagements the person took part in, newest first; each edge carries their role.")(t),
    attendance: t.relatedConnection("attendances", {
      cursor: "id",
      totalCount: true,
      description: "The meetings the person attended (role and mode on each node), newest first.",
      query: () => ({
        where: { retractedAt: null, summit: { retractedAt: null } },
        orderBy: [{ summit: { startDate: "desc" } }, { id: "desc" }],
      }),
    }),
    statements: t.relatedConnection("statements", {
      cursor: "id",
      totalCount: true,
      description: "What the person said, newest first.",
      query: () => ({ where: { retractedAt: null }, orderBy: [{ date: "desc" }, { id: "desc" }] }),
    }),
  }),
});

export const Tenure = builder.prismaNode("Tenure", {
  id: { field: "id" },
  nullable: true,
  description:
    "A person holding an office of a country or an organisation. `from`/`to` are the first and last " +
    "day in office, with the precision known; `attested` is a day a source shows them in office.",
  fields: (t) => ({
    person: t.relation("person"),
    portfolio: t.expose("portfolio", { type: Portfolio }),
    title: t.exposeString("title", { description: "The office's title as its country or organisation styles it." }),
    country: t.relation("country", { nullable: true }),
    organisation: t.relation("organisation", { nullable: true }),
    from: partialDateField(t, "from", { nullable: true }),
    to: partialDateField(t, "to", { nullable: true }),
    attested: partialDateField(t, "attested", { nullable: true }),
    ...evidenceFields(t),
    note: t.exposeString("note", { nullable: true }),
  }),
});
sourcedFields("Tenure");

const PersonFilter = builder.inputType("PersonFilter", {
  fields: (t) => ({
    name: t.string({ required: false, description: "Case-insensitive part of a name, or an alternate name." }),
    country: t.string({ required: false, description: "ISO alpha-2 code of the person's country." }),
    portfolio: t.field({ type: Portfolio, required: false, description: "People who held an office of this portfolio." }),
  }),
});

function personWhere(filter: { name?: string | null; country?: string | null; portfolio?: string | null } | null | undefined) {
  return {
    AND: [
      filter?.name
        ? {
            OR: [
              { name: { contains: likeLiteral(filter.name), mode: "insensitive" as const } },
              { alternateNames: { has: filter.name } },
            ],
          }
        : {},
      filter?.country ? { country: { code: normaliseCountryCode(filter.country) } } : {},
      filter?.portfolio ? { tenures: { some: { portfolio: filter.portfolio as never } } } : {},
    ],
  };
}

builder.queryFields((t) => ({
  person: t.prismaField({
    type: "Person",
    nullable: true,
    description: 'A person by global ID or by slug ("rajnath-singh"); search people by name with people(filter:).',
    args: { id: t.arg.id({ required: false }), slug: t.arg.string({ required: false }) },
    resolve: (query, _root, args) => {
      if ((args.id == null) === (args.slug == null)) throw userError("BAD_USER_INPUT", "Pass exactly one of id or slug.");
      const where = args.id != null ? { id: globalIdOf("Person", args.id) } : { slug: args.slug! };
      return db().person.findUnique({ ...query, where });
    },
  }),
  people: t.prismaConnection({
    type: "Person",
    cursor: "id",
    args: { filter: t.arg({ type: PersonFilter, required: false }) },
    totalCount: (_parent, args) => db().person.count({ where: personWhere(args.filter) }),
    resolve: (query, _root, args) =>
      db().person.findMany({ ...query, where: personWhere(args.filter), orderBy: [{ name: "asc" }, { id: "asc" }] }),
  }),
}));
