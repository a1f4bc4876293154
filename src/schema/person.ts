import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { likeLiteral, normaliseCountryCode } from "../domain/lookups.ts";
import { engagementsOf } from "./engagement.ts";
import { partialDateField } from "./fields.ts";
import { globalIdOf } from "./ids.ts";
import { evidenceFields } from "./organisation.ts";
import { sourcedFields } from "./source.ts";
import { userError } from "../errors.ts";
import { cappedCount } from "../domain/counting.ts";
import { asTotalCount, cappedTotalFields } from "./counts.ts";

export const Portfolio = builder.enumType("Portfolio", {
  description:
    "An office, whatever a country calls it (title carries its own name). One holder at a time per country or " +
    "organisation, except DEPUTY_DEFENCE and MILITARY_COMMAND.",
  values: {
    HEAD_OF_STATE: { description: "President, monarch or other head of state." },
    HEAD_OF_GOVERNMENT: { description: "Prime minister or other head of government." },
    DEFENCE: { description: "The minister of defence." },
    FOREIGN_AFFAIRS: { description: "The minister of foreign affairs." },
    PUBLIC_SECURITY: { description: "The minister for the police, where that is a ministry of its own (China's Ministry of Public Security)." },
    INTERIOR: { description: "The minister of the interior or home affairs." },
    NATIONAL_SECURITY_ADVISER: { description: "The national security adviser, or the secretary of a security council." },
    SECRETARY_GENERAL: { description: "An organisation's secretary-general, or the head of its standing body." },
    DEPUTY_DEFENCE: { description: "A deputy minister of defence; several people hold this at once." },
    MILITARY_COMMAND: { description: "A senior commander, such as the chief of the general staff; several people hold this at once." },
  } as const,
});

export const Person = builder.prismaNode("Person", {
  id: { field: "id" },
  nullable: true,
  description: "A person who held an office, attended a summit, took part in an engagement or made a statement.",
  fields: (t) => ({
    slug: t.exposeString("slug", { description: 'A stable readable key, unique among people, e.g. "rajnath-singh": person(slug:) finds them.' }),
    name: t.exposeString("name", { description: "The name as commonly written in English." }),
    alternateNames: t.exposeStringList("alternateNames", { description: "Other spellings and forms of the name, which people(filter: { name }) also matches." }),
    version: t.exposeInt("version", { description: "Send it back with an update; a stale one is a ConflictError." }),
    country: t.relation("country", { nullable: true, description: "The person's country (for an organisation's official, the country they come from); null when not recorded." }),
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
      description: "The meetings the person attended (role and mode on each node), newest first; not those recorded ABSENT.",
      query: () => ({
        where: { retractedAt: null, mode: { not: "ABSENT" }, summit: { retractedAt: null } },
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
    person: t.relation("person", { description: "Who held the office." }),
    portfolio: t.expose("portfolio", { type: Portfolio, description: "Which office, comparable across countries (title has its local name)." }),
    title: t.exposeString("title", { description: "The office's title as its country or organisation styles it." }),
    country: t.relation("country", { nullable: true, description: "The country whose office it is; null for an organisation's office." }),
    organisation: t.relation("organisation", { nullable: true, description: "The organisation whose office it is; null for a country's office." }),
    from: partialDateField(t, "from", { nullable: true, description: "The first day in office, to the precision known; null when the start is unknown." }),
    to: partialDateField(t, "to", { nullable: true, description: "The last day in office (inclusive); null while nothing recorded ends it." }),
    attested: partialDateField(t, "attested", { nullable: true, description: "With an unknown start: a day a source shows them in office." }),
    ...evidenceFields(t),
    note: t.exposeString("note", { nullable: true, description: "Context in our own words, e.g. an acting appointment." }),
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
    description: "People matching the filter, by name.",
    args: { filter: t.arg({ type: PersonFilter, required: false }) },
    totalCount: (_parent, args) => asTotalCount(cappedCount((take) => db().person.count({ where: personWhere(args.filter), take }))),
    resolve: (query, _root, args) =>
      db().person.findMany({ ...query, where: personWhere(args.filter), orderBy: [{ name: "asc" }, { id: "asc" }] }),
  }, cappedTotalFields()),
}));
