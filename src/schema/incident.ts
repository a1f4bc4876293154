import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { Country } from "./country.ts";
import { dayRange, rangeMayReach } from "../domain/dates.ts";
import { countriesMatch } from "../domain/lookups.ts";
import { userError } from "../errors.ts";
import { partialDateField } from "./fields.ts";
import { globalIdOf } from "./ids.ts";
import { sourcedFields } from "./source.ts";
import { cappedCount } from "../domain/counting.ts";
import { asTotalCount, cappedTotalFields } from "./counts.ts";

export const IncidentKind = builder.enumType("IncidentKind", {
  description: "What sort of security event an incident was.",
  values: {
    MILITARY_STANDOFF: { description: "Forces facing each other, on alert or mobilised, without sustained fighting." },
    ARMED_CLASH: { description: "Fighting between two states' forces." },
    TERRORIST_ATTACK: { description: "An attack by a non-state armed group." },
    CROSS_BORDER_STRIKE: { description: "Strikes by one state's forces on targets across a border." },
    OTHER: { description: "None of the above." },
  } as const,
});

export const Incident = builder.prismaNode("Incident", {
  id: { field: "id" },
  nullable: true,
  description: "A security event such as a military standoff.",
  fields: (t) => ({
    slug: t.exposeString("slug", { description: 'A stable readable key, e.g. "india-pakistan-standoff-2025-05": incident(slug:) finds it.' }),
    name: t.exposeString("name", { description: "A neutral name in English; names lists what each side calls it." }),
    kind: t.expose("kind", { type: IncidentKind, description: "What sort of event it was." }),
    start: partialDateField(t, "start", { description: "When it began, to the precision known." }),
    end: partialDateField(t, "end", { nullable: true, description: "When it ended (inclusive); null while it has no recorded end." }),
    location: t.exposeString("location", { nullable: true, description: "Where, as the sources put it." }),
    summary: t.exposeString("summary", { nullable: true, description: "What happened, in our own words." }),
    parties: t.field({
      type: [Country],
      description: "The countries involved.",
      select: (_args, _ctx, nested) => ({ parties: { orderBy: { id: "asc" }, select: { country: nested(true) } } }),
      resolve: (i) => (i as unknown as { parties: { country: never }[] }).parties.map((p) => p.country),
    }),
    names: t.relation("names", { description: "The names the incident goes by, and who uses each." }),
  }),
});
sourcedFields("Incident");

builder.prismaObject("IncidentName", {
  description: "A name an incident goes by, and who uses it.",
  fields: (t) => ({
    name: t.exposeString("name", { description: "The name, as its users write it in English." }),
    usedBy: t.relation("usedByCountry", { nullable: true, description: "The country that uses this name; null for a neutral name." }),
  }),
});

const IncidentFilter = builder.inputType("IncidentFilter", {
  fields: (t) => ({
    countries: t.stringList({ required: false, description: "ISO alpha-2 codes: all of them were parties (anyCountries: at least one)." }),
    anyCountries: t.stringList({ required: false, description: "ISO alpha-2 codes: at least one of them was a party." }),
    kind: t.field({ type: [IncidentKind], required: false }),
    from: t.field({ type: "PartialDate", required: false, description: "Still going on or after this (its end, or with no end its start, may reach it)." }),
    to: t.field({ type: "PartialDate", required: false, description: "Begun on or before this, inclusive of the whole period." }),
    on: t.field({ type: "PartialDate", required: false, description: 'On this day, month or year: anything whose dates may overlap it (a summit 2025-06-25..26 is on "2025-06-26" and on "2025-06").' }),
  }),
});

async function incidentWhere(filter: typeof IncidentFilter.$inferInput | null | undefined) {
  if (!filter) return { retractedAt: null };
  const { fromDay, toDay } = dayRange(filter);
  return {
    AND: [
      { retractedAt: null },
      ...(await countriesMatch(filter, (ids) => ({ parties: { some: { countryId: { in: ids } } } }))),
      filter.kind ? { kind: { in: [...filter.kind] } } : {},
      fromDay ? rangeMayReach("start", fromDay) : {},
      toDay ? { startDate: { lte: toDay } } : {},
    ],
  };
}

builder.queryFields((t) => ({
  incident: t.prismaField({
    type: "Incident",
    nullable: true,
    description: 'An incident by global ID or by slug ("india-pakistan-standoff-2025-05").',
    args: { id: t.arg.id({ required: false }), slug: t.arg.string({ required: false }) },
    resolve: (query, _root, args) => {
      if ((args.id == null) === (args.slug == null)) throw userError("BAD_USER_INPUT", "Pass exactly one of id or slug.");
      const where = args.id != null ? { id: globalIdOf("Incident", args.id) } : { slug: args.slug! };
      return db().incident.findUnique({ ...query, where });
    },
  }),
  incidents: t.prismaConnection({
    type: "Incident",
    cursor: "id",
    description: "Security incidents, newest first.",
    args: { filter: t.arg({ type: IncidentFilter, required: false }) },
    totalCount: (_parent, args) => asTotalCount(incidentWhere(args.filter).then((where) => cappedCount((take) => db().incident.count({ where, take })))),
    resolve: async (query, _root, args) =>
      db().incident.findMany({ ...query, where: await incidentWhere(args.filter), orderBy: [{ startDate: "desc" }, { id: "desc" }] }),
  }, cappedTotalFields()),
}));
