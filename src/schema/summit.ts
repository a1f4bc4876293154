import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { lastDay } from "../domain/dates.ts";
import { countryIds, organisationId , seriesId } from "../domain/lookups.ts";
import { userError } from "../errors.ts";
import { partialDateField } from "./fields.ts";
import { globalIdOf } from "./ids.ts";
import { Portfolio } from "./person.ts";
import { sourcedFields } from "./source.ts";

export const AttendanceRole = builder.enumType("AttendanceRole", {
  values: ["HOST", "CHAIR", "DELEGATE", "OBSERVER", "GUEST"] as const,
});
export const AttendanceMode = builder.enumType("AttendanceMode", {
  values: ["IN_PERSON", "VIRTUAL", "REPRESENTED_BY_DEPUTY"] as const,
});

export const EventSeries = builder.prismaNode("EventSeries", {
  id: { field: "id" },
  nullable: true,
  description: "A recurring meeting format, e.g. the SCO Defence Ministers' Meeting.",
  fields: (t) => ({
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    organisation: t.relation("organisation"),
    portfolio: t.expose("portfolio", { type: Portfolio, nullable: true }),
    summits: t.relatedConnection("summits", {
      cursor: "id",
      totalCount: true,
      query: () => ({ where: { retractedAt: null }, orderBy: [{ startDate: "desc" }, { id: "desc" }] }),
    }),
  }),
});

export const Summit = builder.prismaNode("Summit", {
  id: { field: "id" },
  nullable: true,
  description: "A summit or ministerial meeting of an organisation.",
  fields: (t) => ({
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    organisation: t.relation("organisation"),
    series: t.relation("series", { nullable: true }),
    hostCountry: t.relation("hostCountry"),
    city: t.exposeString("city"),
    region: t.exposeString("region", { nullable: true }),
    start: partialDateField(t, "start"),
    end: partialDateField(t, "end", { nullable: true }),
    hostPerson: t.relation("hostPerson", { nullable: true }),
    note: t.exposeString("note", { nullable: true }),
    attendance: t.relatedConnection("attendances", {
      cursor: "id",
      totalCount: true,
      description: "Who attended and how, hosts first.",
      query: () => ({ where: { retractedAt: null }, orderBy: [{ role: "asc" }, { id: "asc" }] }),
    }),
    engagements: t.relatedConnection("engagements", {
      cursor: "id",
      totalCount: true,
      description: "Engagements on the sidelines of this summit, newest first.",
      query: () => ({ where: { retractedAt: null }, orderBy: [{ date: "desc" }, { id: "desc" }] }),
    }),
  }),
});
sourcedFields("Summit");

export const Attendance = builder.prismaNode("Attendance", {
  id: { field: "id" },
  nullable: true,
  description: "A country's (and, when known, a person's) attendance at a summit.",
  fields: (t) => ({
    summit: t.relation("summit"),
    country: t.relation("country"),
    person: t.relation("person", { nullable: true }),
    role: t.expose("role", { type: AttendanceRole }),
    mode: t.expose("mode", { type: AttendanceMode }),
    note: t.exposeString("note", { nullable: true }),
  }),
});
sourcedFields("Attendance");

const SummitFilter = builder.inputType("SummitFilter", {
  fields: (t) => ({
    organisation: t.string({ required: false, description: "Acronym." }),
    series: t.string({ required: false, description: "Series slug, e.g. sco-defence-ministers-meeting." }),
    hostCountry: t.string({ required: false, description: "ISO alpha-2 code." }),
    attendedBy: t.stringList({ required: false, description: "ISO alpha-2 codes: all of them attended (any mode)." }),
    from: t.field({ type: "PartialDate", required: false }),
    to: t.field({ type: "PartialDate", required: false }),
  }),
});
const SummitOrder = builder.enumType("SummitOrder", { values: ["START_DESC", "START_ASC"] as const });

async function summitWhere(filter: typeof SummitFilter.$inferInput | null | undefined) {
  if (!filter) return { retractedAt: null };
  const attendedBy = filter.attendedBy?.length ? await countryIds(filter.attendedBy) : [];
  return {
    AND: [
      { retractedAt: null },
      filter.organisation ? { organisationId: await organisationId(filter.organisation) } : {},
      filter.series ? { seriesId: await seriesId(filter.series) } : {},
      filter.hostCountry ? { hostCountryId: (await countryIds([filter.hostCountry]))[0] } : {},
      ...attendedBy.map((countryId) => ({ attendances: { some: { countryId } } })),
      filter.from ? { OR: [{ endDate: { gte: filter.from.date } }, { endDate: null, startDate: { gte: filter.from.date } }] } : {},
      filter.to ? { startDate: { lte: lastDay(filter.to) } } : {},
    ],
  };
}

builder.queryFields((t) => ({
  summits: t.prismaConnection({
    type: "Summit",
    cursor: "id",
    description: "Summits matching the filter, newest first unless orderBy says otherwise.",
    args: {
      filter: t.arg({ type: SummitFilter, required: false }),
      orderBy: t.arg({ type: SummitOrder, required: false, defaultValue: "START_DESC" }),
    },
    totalCount: async (_parent, args) => db().summit.count({ where: await summitWhere(args.filter) }),
    resolve: async (query, _root, args) => {
      const direction = args.orderBy === "START_ASC" ? "asc" : "desc";
      return db().summit.findMany({
        ...query,
        where: await summitWhere(args.filter),
        orderBy: [{ startDate: direction }, { id: direction }],
      });
    },
  }),
  summit: t.prismaField({
    type: "Summit",
    nullable: true,
    description: 'A summit by global ID or by slug ("sco-dmm-2025-qingdao").',
    args: { id: t.arg.id({ required: false }), slug: t.arg.string({ required: false }) },
    resolve: (query, _root, args) => {
      if ((args.id == null) === (args.slug == null)) throw userError("BAD_USER_INPUT", "Pass exactly one of id or slug.");
      const where = args.id != null ? { id: globalIdOf("Summit", args.id) } : { slug: args.slug! };
      return db().summit.findUnique({ ...query, where });
    },
  }),
}));
