import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { dayRange, rangeMayReach } from "../domain/dates.ts";
import { type SummitMember as SummitMemberRow, summitMembers } from "../domain/summit-members.ts";
import { countriesMatch, countryIds, organisationId, seriesId } from "../domain/lookups.ts";
import { userError } from "../errors.ts";
import { partialDateField } from "./fields.ts";
import { globalIdOf } from "./ids.ts";
import { Certainty, dayOrNull } from "./organisation.ts";
import { Portfolio } from "./person.ts";
import { sourcedFields } from "./source.ts";
import { cappedCount } from "../domain/counting.ts";
import { asTotalCount, cappedTotalFields } from "./counts.ts";

export const AttendanceRole = builder.enumType("AttendanceRole", {
  description: "In what capacity a country attended a summit.",
  values: {
    HOST: { description: "Hosted the summit." },
    CHAIR: { description: "Chaired it without hosting, e.g. holding the rotating chair." },
    DELEGATE: { description: "A member's delegation taking part." },
    OBSERVER: { description: "Attended as an observer state." },
    GUEST: { description: "Attended at the host's or the organisation's invitation, as a dialogue partner or guest." },
  } as const,
});
export const AttendanceMode = builder.enumType("AttendanceMode", {
  description: "How a country attended, or that it is recorded as not attending.",
  values: {
    IN_PERSON: { description: "Its representative was there." },
    VIRTUAL: { description: "By video link." },
    REPRESENTED_BY_DEPUTY: { description: "The office-holder expected did not come and sent a deputy in their place." },
    ABSENT: { description: "Recorded, with a source, as not attending; a delegation with no row at all is simply not recorded." },
  } as const,
});

export const EventSeries = builder.prismaNode("EventSeries", {
  id: { field: "id" },
  nullable: true,
  description: "A recurring meeting format, e.g. the SCO Defence Ministers' Meeting.",
  fields: (t) => ({
    slug: t.exposeString("slug", { description: 'A stable readable key, e.g. "sco-defence-ministers-meeting" (summits(filter: { series })).' }),
    name: t.exposeString("name", { description: "The format's name in English." }),
    organisation: t.relation("organisation", { description: "The organisation whose format it is." }),
    portfolio: t.expose("portfolio", {
      type: Portfolio,
      nullable: true,
      description: "The office whose holders meet in it (DEFENCE for defence ministers); null for summits of leaders or mixed formats.",
    }),
    summits: t.relatedConnection("summits", {
      cursor: "id",
      totalCount: true,
      description: "Its meetings, newest first.",
      query: () => ({ where: { retractedAt: null }, orderBy: [{ startDate: "desc" }, { id: "desc" }] }),
    }),
  }),
});

const SummitMember = builder.objectRef<SummitMemberRow>("SummitMember").implement({
  description: "A member of the summit's organisation on its dates, and what is recorded of its attendance.",
  fields: (t) => ({
    country: t.prismaField({
      type: "Country",
      resolve: (query, m) => db().country.findUniqueOrThrow({ ...query, where: { id: m.countryId } }),
    }),
    membershipCertainty: t.field({
      type: Certainty,
      description: "How sure it is that the country was a member on every day of the summit (the rule of memberships(asOf:)).",
      resolve: (m) => m.certainty,
    }),
    membershipConfirmedUntil: t.field({ type: "PartialDate", nullable: true, resolve: (m) => dayOrNull(m.confirmedUntil) }),
    absence: t.prismaField({
      type: "Attendance",
      nullable: true,
      description: "For an absent member: the ABSENT record, with its sources.",
      resolve: (query, m) => (m.absenceId ? db().attendance.findUnique({ ...query, where: { id: m.absenceId } }) : null),
    }),
  }),
});

export const Summit = builder.prismaNode("Summit", {
  id: { field: "id" },
  nullable: true,
  description: "A summit or ministerial meeting of an organisation.",
  fields: (t) => ({
    slug: t.exposeString("slug", { description: 'A stable readable key, e.g. "sco-dmm-2025-qingdao": summit(slug:) finds it.' }),
    name: t.exposeString("name", { description: "Its name in English, e.g. the SCO Defence Ministers' Meeting 2025." }),
    organisation: t.relation("organisation", { description: "The organisation that held it." }),
    series: t.relation("series", { nullable: true, description: "The recurring format it belongs to; null for a one-off." }),
    hostCountry: t.relation("hostCountry", { description: "The country it was held in." }),
    city: t.exposeString("city", { description: "The city it was held in." }),
    region: t.exposeString("region", { nullable: true, description: "The province or region of the city, when the sources give it." }),
    start: partialDateField(t, "start", { description: "The first day, to the precision known." }),
    end: partialDateField(t, "end", { nullable: true, description: "The last day (inclusive); null when none is recorded (a one-day meeting, or an end no source gives)." }),
    hostPerson: t.relation("hostPerson", { nullable: true, description: "Who hosted it, e.g. the host country's minister." }),
    note: t.exposeString("note", { nullable: true, description: "Context in our own words." }),
    attendance: t.relatedConnection("attendances", {
      cursor: "id",
      totalCount: true,
      description: "Who attended and how, hosts first (not those recorded ABSENT: see absentMembers).",
      query: () => ({ where: { retractedAt: null, mode: { not: "ABSENT" } }, orderBy: [{ role: "asc" }, { id: "asc" }] }),
    }),
    absentMembers: t.field({
      type: [SummitMember],
      description:
        "Members of the summit's organisation on its dates (possibly, by the membership certainty rules) recorded as ABSENT, each with that record and its sources.",
      resolve: async (summit) => (await summitMembers(summit)).filter((m) => m.status === "ABSENT"),
    }),
    unknownMembers: t.field({
      type: [SummitMember],
      description:
        "Members of the summit's organisation on its dates of whom nothing is recorded: neither attendance nor absence.",
      resolve: async (summit) => (await summitMembers(summit)).filter((m) => m.status === "UNKNOWN"),
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
    summit: t.relation("summit", { description: "The summit attended." }),
    country: t.relation("country", { description: "The country attending." }),
    person: t.relation("person", { nullable: true, description: "Who represented it, when known." }),
    role: t.expose("role", { type: AttendanceRole, description: "In what capacity the country attended." }),
    mode: t.expose("mode", { type: AttendanceMode, description: "In person, by video, or through a deputy." }),
    note: t.exposeString("note", { nullable: true, description: "Context in our own words, e.g. who stood in for the minister." }),
  }),
});
sourcedFields("Attendance");

const SummitFilter = builder.inputType("SummitFilter", {
  fields: (t) => ({
    organisation: t.string({ required: false, description: "Acronym." }),
    series: t.string({ required: false, description: "Series slug, e.g. sco-defence-ministers-meeting." }),
    hostCountry: t.string({ required: false, description: "ISO alpha-2 code." }),
    attendedBy: t.stringList({ required: false, description: "ISO alpha-2 codes: all of them attended (in any mode; ABSENT is not attending)." }),
    anyAttendedBy: t.stringList({ required: false, description: "ISO alpha-2 codes: at least one of them attended (in any mode; ABSENT is not attending)." }),
    from: t.field({ type: "PartialDate", required: false, description: "Its last day (the end, or with no end the start) may be on or after this." }),
    to: t.field({ type: "PartialDate", required: false, description: "Begun on or before this, inclusive of the whole period." }),
    on: t.field({ type: "PartialDate", required: false, description: 'On this day, month or year: anything whose dates may overlap it (a summit 2025-06-25..26 is on "2025-06-26" and on "2025-06").' }),
  }),
});
const SummitOrder = builder.enumType("SummitOrder", {
  values: { START_DESC: { description: "Latest start first." }, START_ASC: { description: "Earliest start first." } } as const,
});

async function summitWhere(filter: typeof SummitFilter.$inferInput | null | undefined) {
  if (!filter) return { retractedAt: null };
  const { fromDay, toDay } = dayRange(filter);
  return {
    AND: [
      { retractedAt: null },
      filter.organisation ? { organisationId: await organisationId(filter.organisation) } : {},
      filter.series ? { seriesId: await seriesId(filter.series) } : {},
      filter.hostCountry ? { hostCountryId: (await countryIds([filter.hostCountry]))[0] } : {},
      ...(await countriesMatch({ countries: filter.attendedBy, anyCountries: filter.anyAttendedBy }, (ids) => ({
        attendances: { some: { countryId: { in: ids }, retractedAt: null, mode: { not: "ABSENT" as const } } },
      }))),
      fromDay ? rangeMayReach("start", fromDay) : {},
      toDay ? { startDate: { lte: toDay } } : {},
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
    totalCount: (_parent, args) => asTotalCount(summitWhere(args.filter).then((where) => cappedCount((take) => db().summit.count({ where, take })))),
    resolve: async (query, _root, args) => {
      const direction = args.orderBy === "START_ASC" ? "asc" : "desc";
      return db().summit.findMany({
        ...query,
        where: await summitWhere(args.filter),
        orderBy: [{ startDate: direction }, { id: direction }],
      });
    },
  }, cappedTotalFields()),
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
