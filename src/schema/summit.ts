import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { readPartialDate } from "./fields.ts";
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
  description: "A recurring meeting format, e.g. the SCO Defence Ministers' Meeting.",
  fields: (t) => ({
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    organisation: t.relation("organisation"),
    portfolio: t.expose("portfolio", { type: Portfolio, nullable: true }),
    summits: t.relatedConnection("summits", {
      cursor: "id",
      totalCount: true,
      query: () => ({ orderBy: [{ startDate: "desc" }, { id: "desc" }] }),
    }),
  }),
});

export const Summit = builder.prismaNode("Summit", {
  id: { field: "id" },
  description: "A summit or ministerial meeting of an organisation.",
  fields: (t) => ({
    slug: t.exposeString("slug"),
    name: t.exposeString("name"),
    organisation: t.relation("organisation"),
    series: t.relation("series", { nullable: true }),
    hostCountry: t.relation("hostCountry"),
    city: t.exposeString("city"),
    region: t.exposeString("region", { nullable: true }),
    start: t.field({
      type: "PartialDate",
      select: { startDate: true, startPrecision: true },
      resolve: (s) => readPartialDate(s, "start")!,
    }),
    end: t.field({
      type: "PartialDate",
      nullable: true,
      select: { endDate: true, endPrecision: true },
      resolve: (s) => readPartialDate(s, "end"),
    }),
    hostPerson: t.relation("hostPerson", { nullable: true }),
    note: t.exposeString("note", { nullable: true }),
    attendance: t.relatedConnection("attendances", {
      cursor: "id",
      totalCount: true,
      description: "Who attended and how, hosts first.",
      query: () => ({ orderBy: [{ role: "asc" }, { id: "asc" }] }),
    }),
    engagements: t.relatedConnection("engagements", {
      cursor: "id",
      totalCount: true,
      description: "Engagements on the sidelines of this summit, newest first.",
      query: () => ({ orderBy: [{ date: "desc" }, { id: "desc" }] }),
    }),
  }),
});
sourcedFields("Summit");

export const Attendance = builder.prismaNode("Attendance", {
  id: { field: "id" },
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

builder.queryFields((t) => ({
  summits: t.prismaConnection({
    type: "Summit",
    cursor: "id",
    description: "All summits, newest first.",
    totalCount: () => db().summit.count(),
    resolve: (query) => db().summit.findMany({ ...query, orderBy: [{ startDate: "desc" }, { id: "desc" }] }),
  }),
  summitBySlug: t.prismaField({
    type: "Summit",
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, { slug }) => db().summit.findUnique({ ...query, where: { slug } }),
  }),
}));
