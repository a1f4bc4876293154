import { prismaConnectionHelpers } from "@pothos/plugin-prisma";
import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { certainlyInEffect, certaintyOf, possiblyInEffect } from "../domain/as-of.ts";
import type { PartialDate } from "../domain/dates.ts";
import { lastDay } from "../domain/dates.ts";
import { partialDateField } from "./fields.ts";
import { sourcedFields } from "./source.ts";

export const OrganisationKind = builder.enumType("OrganisationKind", {
  values: ["INTERGOVERNMENTAL_ORGANISATION", "MILITARY_ALLIANCE", "REGIONAL_FORUM", "SECRETARIAT"] as const,
});

export const MembershipStatus = builder.enumType("MembershipStatus", {
  values: ["MEMBER", "OBSERVER", "DIALOGUE_PARTNER", "APPLICANT", "GUEST_ATTENDANCE", "SUSPENDED", "FORMER_MEMBER"] as const,
});

export const Certainty = builder.enumType("Certainty", {
  description:
    "How sure an asOf answer is. CERTAIN: in effect on every day of asOf whatever days the fact's partial " +
    "dates stand for. POSSIBLE: in effect on some day the data allows, but not provably on all of them.",
  values: ["CERTAIN", "POSSIBLE"] as const,
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

/** Adds each edge's certainty for asOf (null without asOf). */
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
      certainty: asOf ? certaintyOf(edge as never, asOf) : null,
    })),
  };
}

export function membershipWhere(args: DatedArgs & { status?: readonly string[] | null }) {
  const asOf = args.asOf;
  return {
    AND: [
      { retractedAt: null },
      args.status ? { status: { in: [...args.status] as never[] } } : {},
      asOfFilter(args),
      // Nobody belonged to an organisation before it was founded, whatever its dates leave open.
      asOf ? { organisation: { OR: [{ foundedDate: null }, { foundedDate: { lte: lastDay(asOf) } }] } } : {},
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
  fields: (t) => ({
    acronym: t.exposeString("acronym"),
    name: t.exposeString("name"),
    kind: t.expose("kind", { type: OrganisationKind }),
    founded: partialDateField(t, "founded", { nullable: true }),
    seatCity: t.exposeString("seatCity", { nullable: true }),
    seatCountry: t.relation("seatCountry", { nullable: true }),
    seatSince: partialDateField(t, "seatSince", { nullable: true }),
    memberships: t.connection(
      {
        type: Membership,
        description: "Every status each country has held in the organisation, oldest first.",
        args: membershipConnection.getArgs(),
        select: (args, ctx, nestedSelection) => ({
          memberships: membershipConnection.getQuery(args, ctx, nestedSelection),
          _count: { select: { memberships: { where: membershipWhere(args) } } },
        }),
        resolve: (org, args, ctx) =>
          withCertainty(membershipConnection.resolve(org.memberships, args, ctx), args.asOf, org._count.memberships),
      },
      { fields: (c) => ({ totalCount: c.int({ resolve: (page) => page.totalCount }) }) },
      {
        fields: (edge) => ({
          certainty: edge.field({
            type: Certainty,
            nullable: true,
            description: "With asOf: how sure it is that this status was held then.",
            resolve: (e) => e.certainty,
          }),
        }),
      },
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
  description:
    "A status a country held in an organisation. `from` and `to` are its first and last day " +
    "(inclusive) with the precision known; `attested` is a day a source shows it held when the start is unknown.",
  fields: (t) => ({
    organisation: t.relation("organisation"),
    country: t.relation("country"),
    status: t.expose("status", { type: MembershipStatus }),
    founding: t.exposeBoolean("founding"),
    from: partialDateField(t, "from", { nullable: true }),
    to: partialDateField(t, "to", { nullable: true }),
    attested: partialDateField(t, "attested", { nullable: true }),
    note: t.exposeString("note", { nullable: true }),
  }),
});
sourcedFields("Membership");

const OrganisationOrder = builder.enumType("OrganisationOrder", { values: ["ACRONYM_ASC", "NAME_ASC"] as const });
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
            { name: { contains: filter.name, mode: "insensitive" as const } },
            { acronym: { contains: filter.name, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
}
