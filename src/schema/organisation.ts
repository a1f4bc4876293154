import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { userError } from "../errors.ts";
import { readPartialDate } from "./fields.ts";
import { sourcedFields } from "./source.ts";

export const OrganisationKind = builder.enumType("OrganisationKind", {
  values: ["INTERGOVERNMENTAL_ORGANISATION", "MILITARY_ALLIANCE", "REGIONAL_FORUM", "SECRETARIAT"] as const,
});

export const MembershipStatus = builder.enumType("MembershipStatus", {
  values: ["MEMBER", "OBSERVER", "DIALOGUE_PARTNER", "APPLICANT", "GUEST_ATTENDANCE", "SUSPENDED", "FORMER_MEMBER"] as const,
});

export const Organisation = builder.prismaNode("Organisation", {
  id: { field: "id" },
  fields: (t) => ({
    acronym: t.exposeString("acronym"),
    name: t.exposeString("name"),
    kind: t.expose("kind", { type: OrganisationKind }),
    founded: t.field({
      type: "PartialDate",
      nullable: true,
      select: { foundedDate: true, foundedPrecision: true },
      resolve: (o) => readPartialDate(o, "founded"),
    }),
    seatCity: t.exposeString("seatCity", { nullable: true }),
    seatCountry: t.relation("seatCountry", { nullable: true }),
    seatSince: t.field({
      type: "PartialDate",
      nullable: true,
      select: { seatSinceDate: true, seatSincePrecision: true },
      resolve: (o) => readPartialDate(o, "seatSince"),
    }),
    memberships: t.relatedConnection("memberships", {
      cursor: "id",
      totalCount: true,
      description: "Every status each country has held in the organisation, oldest first.",
      args: { status: t.arg({ type: [MembershipStatus], required: false }) },
      query: (args) => ({
        where: args.status ? { status: { in: args.status } } : {},
        orderBy: [{ fromDate: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      }),
    }),
    summits: t.relatedConnection("summits", {
      cursor: "id",
      totalCount: true,
      description: "Summits and ministerial meetings of the organisation, newest first.",
      query: () => ({ orderBy: [{ startDate: "desc" }, { id: "desc" }] }),
    }),
    series: t.relation("series", { description: "Recurring meeting formats." }),
  }),
});
sourcedFields("Organisation");

export const Membership = builder.prismaNode("Membership", {
  id: { field: "id" },
  description:
    "A status a country held in an organisation. `from` and `to` are its first and last day " +
    "(inclusive) with the precision known; `attested` is a day a source shows it held when the start is unknown.",
  fields: (t) => ({
    organisation: t.relation("organisation"),
    country: t.relation("country"),
    status: t.expose("status", { type: MembershipStatus }),
    founding: t.exposeBoolean("founding"),
    from: t.field({
      type: "PartialDate",
      nullable: true,
      select: { fromDate: true, fromPrecision: true },
      resolve: (m) => readPartialDate(m, "from"),
    }),
    to: t.field({
      type: "PartialDate",
      nullable: true,
      select: { toDate: true, toPrecision: true },
      resolve: (m) => readPartialDate(m, "to"),
    }),
    attested: t.field({
      type: "PartialDate",
      nullable: true,
      select: { attestedDate: true, attestedPrecision: true },
      resolve: (m) => readPartialDate(m, "attested"),
    }),
    note: t.exposeString("note", { nullable: true }),
  }),
});
sourcedFields("Membership");

builder.queryFields((t) => ({
  organisation: t.prismaField({
    type: "Organisation",
    nullable: true,
    description: 'An organisation by its acronym, e.g. "SCO".',
    args: { acronym: t.arg.string({ required: true }) },
    resolve: (query, _root, { acronym }) =>
      db().organisation.findUnique({ ...query, where: { acronym: acronym.trim().toUpperCase() } }),
  }),
  organisations: t.prismaConnection({
    type: "Organisation",
    cursor: "id",
    totalCount: () => db().organisation.count(),
    resolve: (query) => db().organisation.findMany({ ...query, orderBy: { acronym: "asc" } }),
  }),
}));

export function assertFound<T>(value: T | null, what: string): T {
  if (value === null) throw userError("NOT_FOUND", `${what} not found`);
  return value;
}
