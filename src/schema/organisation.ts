import { prismaConnectionHelpers } from "@pothos/plugin-prisma";
import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { boundColumns, type Bounds, certainlyInEffect, certaintyOf, possiblyInEffect } from "../domain/as-of.ts";
import type { PartialDate } from "../domain/dates.ts";
import { likeLiteral } from "../domain/lookups.ts";
import { partialDateField } from "./fields.ts";
import { sourcedFields } from "./source.ts";

export const OrganisationKind = builder.enumType("OrganisationKind", {
  description: "What kind of body an organisation is.",
  values: {
    INTERGOVERNMENTAL_ORGANISATION: { description: "States joined by a founding charter, with permanent bodies of their own (the SCO)." },
    MILITARY_ALLIANCE: { description: "States bound by a collective defence commitment." },
    REGIONAL_FORUM: { description: "A regular meeting of a region's states for dialogue, with few or no permanent bodies." },
    SECRETARIAT: { description: "A standing executive body of an organisation, recorded on its own (its own office-holders, seat and meetings)." },
  } as const,
});

export const MembershipStatus = builder.enumType("MembershipStatus", {
  description: "The standing a country has in an organisation; a country holds one at a time in each organisation.",
  values: {
    MEMBER: { description: "A full member state." },
    OBSERVER: { description: "Attends and speaks at the organisation's meetings without a member's rights." },
    DIALOGUE_PARTNER: { description: "Cooperates with the organisation in chosen fields, below observer status." },
    APPLICANT: { description: "Has applied for a status it does not hold yet." },
    GUEST_ATTENDANCE: { description: "Invited to the organisation's summits as a guest, with no formal status." },
    SUSPENDED: { description: "A member whose rights are suspended." },
    FORMER_MEMBER: { description: "Was a member and has left." },
  } as const,
});

export const Certainty = builder.enumType("Certainty", {
  description:
    "How sure an asOf answer is; see `confirmedUntil` on the edge. An open-ended fact is only known up to the last " +
    "day a source shows it in effect, and a later holder of the same office ends an earlier one.",
  values: {
    CERTAIN: {
      description:
        "In effect on every day of asOf by the evidence: certainly started by its first day, and shown in effect by a " +
        "source (or with a recorded end) on or after its last day.",
    },
    PRESUMED: {
      description:
        "Certainly started and nothing recorded ends it, but no source shows it in effect as late as asOf: the last " +
        "confirmation is confirmedUntil.",
    },
    POSSIBLE: {
      description:
        "In effect on some day the data allows, not provably on all of them: a start or end known only to the month " +
        "or year, an unknown start, or the gap between one holder's last sighting and the next holder's start.",
    },
  } as const,
});

interface DatedArgs {
  asOf?: PartialDate | null;
  certainOnly?: boolean | null;
}

/** Where-clause for asOf: facts possibly (or, with certainOnly, certainly) in effect then. */
export function asOfFilter(args: DatedArgs) {
  if (!args.asOf) return {};
  return args.certainOnly ? certainlyInEffect(args.asOf) : possiblyInEffect(args.asOf);
}

/** Adds each edge's certainty for asOf (null without asOf); an edge carries its row's bound columns. */
export function withCertainty<E extends { node: unknown }, C>(
  page: C & { edges: E[] },
  asOf: PartialDate | null | undefined,
  totalCount: number,
) {
  return {
    ...page,
    totalCount,
    edges: page.edges.map((edge) => ({
      ...edge,
      certainty: asOf ? certaintyOf(edge as unknown as Bounds, asOf) : null,
    })),
  };
}

/** Edge fields of every connection whose edges say how sure they are. */
export const certaintyEdgeFields = {
  fields: (edge: any) => ({
    certainty: edge.field({
      type: Certainty,
      nullable: true,
      description: "With asOf: how sure it is that this was in effect then.",
      resolve: (e: { certainty: string | null }) => e.certainty,
    }),
    confirmedUntil: edge.field({
      type: "PartialDate",
      nullable: true,
      description:
        "The last day a source shows this in effect (for an ended fact: the first day its end can fall on). Past it, " +
        "an open-ended fact is at most PRESUMED. Null: no source dates it.",
      resolve: (e: Bounds) => dayOrNull(e.confirmedUntil),
    }),
  }),
};

/** The edge's certainty needs the bounds whatever the client selects of the node. */
export function selectingBounds<Q extends object>(query: Q): Q {
  const select = (query as { select?: object }).select;
  return select ? { ...query, select: { ...select, ...boundColumns } } : query;
}

export function dayOrNull(date: Date | null | undefined): PartialDate | null {
  return date ? { date, precision: "DAY" } : null;
}

export function membershipWhere(args: DatedArgs & { status?: readonly string[] | null }) {
  return {
    AND: [
      { retractedAt: null },
      args.status ? { status: { in: [...args.status] as never[] } } : {},
      // Nobody belonged to an organisation before it was founded: startEarliest is never earlier.
      asOfFilter(args),
    ],
  };
}

const membershipOrder = [{ fromDate: { sort: "asc", nulls: "last" } }, { id: "asc" }] as never;

/** Memberships as a connection: oldest first; with asOf, those in effect then and how surely. */
export const membershipConnection = prismaConnectionHelpers(builder, "Membership", {
  cursor: "id",
  args: (t) => ({
    status: t.field({ type: [MembershipStatus], required: false }),
    asOf: t.field({
      type: "PartialDate",
      required: false,
      description: "Only the statuses in effect on that day (or some day of that month or year); see Certainty.",
    }),
    certainOnly: t.boolean({ required: false, description: "With asOf: leave out POSSIBLE answers." }),
  }),
  query: (args) => ({ where: membershipWhere(args), orderBy: membershipOrder }),
});

/** The same rows, presented as the member countries. */
export const memberStateConnection = prismaConnectionHelpers(builder, "Membership", {
  cursor: "id",
  args: (t) => ({
    asOf: t.field({ type: "PartialDate", required: false, description: "Members on that day; default: today." }),
    certainOnly: t.boolean({ required: false, description: "Leave out POSSIBLE answers." }),
  }),
  select: (nodeSelection) => ({
    fromDate: true,
    fromPrecision: true,
    toDate: true,
    toPrecision: true,
    attestedDate: true,
    attestedPrecision: true,
    ...boundColumns,
    country: nodeSelection({ select: { id: true } }),
  }),
  query: (args) => ({ where: memberStatesWhere(args), orderBy: membershipOrder }),
  resolveNode: (membership) => (membership as unknown as { country: never }).country,
});

export function today(): PartialDate {
  const now = new Date();
  return { date: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())), precision: "DAY" };
}

export function memberStatesWhere(args: DatedArgs) {
  return membershipWhere({ ...args, asOf: args.asOf ?? today(), status: ["MEMBER"] });
}

export const Organisation = builder.prismaNode("Organisation", {
  id: { field: "id" },
  nullable: true,
  fields: (t) => ({
    acronym: t.exposeString("acronym", { description: 'The short name organisation(acronym:) looks up, e.g. "SCO"; unique.' }),
    name: t.exposeString("name", { description: "The full name in English." }),
    kind: t.expose("kind", { type: OrganisationKind, description: "What kind of body it is." }),
    founded: partialDateField(t, "founded", { nullable: true, description: "When it was founded; no membership starts earlier." }),
    seatCity: t.exposeString("seatCity", { nullable: true, description: "The city of its secretariat (its seat)." }),
    seatCountry: t.relation("seatCountry", { nullable: true, description: "The country of its seat." }),
    seatSince: partialDateField(t, "seatSince", { nullable: true, description: "When the seat opened in seatCity." }),
    memberships: t.connection(
      {
        type: Membership,
        description: "Every status each country has held in the organisation, oldest first.",
        args: membershipConnection.getArgs(),
        select: (args, ctx, nestedSelection) => ({
          memberships: selectingBounds(membershipConnection.getQuery(args, ctx, nestedSelection)),
          _count: { select: { memberships: { where: membershipWhere(args) } } },
        }),
        resolve: (org, args, ctx) =>
          withCertainty(membershipConnection.resolve(org.memberships, args, ctx), args.asOf, org._count.memberships),
      },
      { fields: (c) => ({ totalCount: c.int({ resolve: (page) => page.totalCount }) }) },
      certaintyEdgeFields,
    ),
    summits: t.relatedConnection("summits", {
      cursor: "id",
      totalCount: true,
      description: "Summits and ministerial meetings of the organisation, newest first.",
      query: () => ({ where: { retractedAt: null }, orderBy: [{ startDate: "desc" }, { id: "desc" }] }),
    }),
    series: t.relation("series", { description: "Recurring meeting formats." }),
  }),
});
sourcedFields("Organisation");

export const Membership = builder.prismaNode("Membership", {
  id: { field: "id" },
  nullable: true,
  description:
    "A status a country held in an organisation. `from` and `to` are its first and last day " +
    "(inclusive) with the precision known; `attested` is a day a source shows it held when the start is unknown.",
  fields: (t) => ({
    organisation: t.relation("organisation", { description: "The organisation." }),
    country: t.relation("country", { description: "The country holding the status." }),
    status: t.expose("status", { type: MembershipStatus, description: "The standing held from `from` to `to`; a change of standing is a new membership." }),
    founding: t.exposeBoolean("founding", { description: "True for a founding member: a member from the organisation's founding." }),
    from: partialDateField(t, "from", { nullable: true, description: "The first day of the status, to the precision known; null when the start is unknown." }),
    to: partialDateField(t, "to", { nullable: true, description: "The last day of the status (inclusive); null while nothing recorded ends it." }),
    attested: partialDateField(t, "attested", {
      nullable: true,
      description: "With an unknown start: a day a source shows the status held.",
    }),
    ...evidenceFields(t),
    note: t.exposeString("note", { nullable: true, description: "Context in our own words, e.g. how the status was granted." }),
  }),
});
sourcedFields("Membership");

/** The evidence bounds of a membership or tenure, as the certainty rule reads them. */
export function evidenceFields(t: any) {
  const day = (column: keyof Bounds, description: string) =>
    t.field({
      type: "PartialDate",
      nullable: true,
      description,
      select: { [column]: true },
      resolve: (row: Bounds) => dayOrNull(row[column]),
    });
  return {
    confirmedUntil: day("confirmedUntil", "The last day a source shows it in effect (ended: the first day its end can fall on)."),
    presumedUntil: day(
      "presumedUntil",
      "Open-ended: the last day it is PRESUMED to continue, the day before a later holder of the office can have begun (null: no later holder recorded).",
    ),
    endLatest: day("endLatest", "The last day it can have been in effect: its recorded end, or the day before a later holder certainly began."),
  };
}

const OrganisationOrder = builder.enumType("OrganisationOrder", {
  values: { ACRONYM_ASC: { description: "By acronym, A to Z." }, NAME_ASC: { description: "By full name, A to Z." } } as const,
});
const OrganisationFilter = builder.inputType("OrganisationFilter", {
  fields: (t) => ({
    kind: t.field({ type: [OrganisationKind], required: false }),
    name: t.string({ required: false, description: "Case-insensitive part of the name or acronym." }),
  }),
});

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
    description: "Organisations matching the filter, by acronym unless orderBy says otherwise.",
    args: {
      filter: t.arg({ type: OrganisationFilter, required: false }),
      orderBy: t.arg({ type: OrganisationOrder, required: false, defaultValue: "ACRONYM_ASC" }),
    },
    totalCount: (_parent, args) => db().organisation.count({ where: organisationWhere(args.filter) }),
    resolve: (query, _root, args) =>
      db().organisation.findMany({
        ...query,
        where: organisationWhere(args.filter),
        orderBy: args.orderBy === "NAME_ASC" ? [{ name: "asc" }, { id: "asc" }] : [{ acronym: "asc" }, { id: "asc" }],
      }),
  }),
}));

function organisationWhere(filter: { kind?: readonly string[] | null; name?: string | null } | null | undefined) {
  return {
    ...(filter?.kind ? { kind: { in: [...filter.kind] as never[] } } : {}),
    ...(filter?.name
      ? {
          OR: [
            { name: { contains: likeLiteral(filter.name), mode: "insensitive" as const } },
            { acronym: { contains: likeLiteral(filter.name), mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
}
