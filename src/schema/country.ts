import { prismaConnectionHelpers } from "@pothos/plugin-prisma";
import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { likeLiteral, normaliseCountryCode } from "../domain/lookups.ts";
import { engagementsOf } from "./engagement.ts";
import { readPartialDate } from "./fields.ts";
import {
  asOfFilter,
  Certainty,
  certaintyEdgeFields,
  dayOrNull,
  Membership,
  membershipConnection,
  selectingBounds,
  membershipWhere,
  memberStateConnection,
  memberStatesWhere,
  today,
  withCertainty,
} from "./organisation.ts";
import { Portfolio, Tenure } from "./person.ts";

function tenureWhere(args: { portfolio?: string | null; asOf?: import("../domain/dates.ts").PartialDate | null; certainOnly?: boolean | null }) {
  return { AND: [{ retractedAt: null }, args.portfolio ? { portfolio: args.portfolio as never } : {}, asOfFilter(args)] };
}

/** Office-holders of a country or an organisation: newest first; with asOf, those in office then and how surely. */
const officeHolderConnection = prismaConnectionHelpers(builder, "Tenure", {
  cursor: "id",
  args: (t) => ({
    portfolio: t.field({ type: Portfolio, required: false }),
    asOf: t.field({ type: "PartialDate", required: false, description: "Who held it on that day (or some day of that month or year)." }),
    certainOnly: t.boolean({ required: false, description: "With asOf: leave out POSSIBLE answers." }),
  }),
  query: (args) => ({
    where: tenureWhere(args),
    orderBy: [{ fromDate: { sort: "desc", nulls: "last" } }, { attestedDate: { sort: "desc", nulls: "last" } }, { id: "desc" }] as never,
  }),
});

const certaintyField = certaintyEdgeFields;
const totalCountField = {
  fields: (c: any) => ({ totalCount: c.int({ resolve: (page: { totalCount: number }) => page.totalCount }) }),
};

export const Country = builder.prismaNode("Country", {
  id: { field: "id" },
  nullable: true,
  fields: (t) => ({
    code: t.exposeString("code", { description: "ISO 3166-1 alpha-2" }),
    alpha3: t.exposeString("alpha3", { description: "ISO 3166-1 alpha-3" }),
    name: t.exposeString("name", { description: "The short English name, e.g. \"India\"." }),
    region: t.exposeString("region", { description: "UN M49 sub-region" }),
    version: t.exposeInt("version", { description: "Send it back with an update; a stale one is a ConflictError." }),
    memberships: t.connection(
      {
        type: Membership,
        description: "Every status the country has held in any organisation, oldest first.",
        args: membershipConnection.getArgs(),
        select: (args, ctx, nestedSelection) => ({
          memberships: selectingBounds(membershipConnection.getQuery(args, ctx, nestedSelection)),
          _count: { select: { memberships: { where: membershipWhere(args) } } },
        }),
        resolve: (country, args, ctx) =>
          withCertainty(membershipConnection.resolve(country.memberships, args, ctx), args.asOf, country._count.memberships),
      },
      totalCountField,
      certaintyField,
    ),
    officeHolders: t.connection(
      {
        type: Tenure,
        description:
          "Who held the country's offices, newest first: pass portfolio: DEFENCE and asOf to ask who was defence minister on a day.",
        args: officeHolderConnection.getArgs(),
        select: (args, ctx, nestedSelection) => ({
          tenures: selectingBounds(officeHolderConnection.getQuery(args, ctx, nestedSelection)),
          _count: { select: { tenures: { where: tenureWhere(args) } } },
        }),
        resolve: (country, args, ctx) =>
          withCertainty(officeHolderConnection.resolve(country.tenures, args, ctx), args.asOf, country._count.tenures),
      },
      totalCountField,
      certaintyField,
    ),
    engagements: engagementsOf("countryId", "Engagements the country took part in, newest first; each edge carries the country's role.")(t),
  }),
});

builder.prismaObjectField("Organisation", "memberStates", (t) =>
  t.connection(
    {
      type: Country,
      description: "The member states on a day (default today), with how sure each answer is.",
      args: memberStateConnection.getArgs(),
      select: (args, ctx, nestedSelection) => ({
        memberships: memberStateConnection.getQuery(args, ctx, nestedSelection),
        _count: { select: { memberships: { where: memberStatesWhere(args) } } },
      }),
      resolve: (org, args, ctx) =>
        withCertainty(
          memberStateConnection.resolve(org.memberships, args, ctx),
          args.asOf ?? today(),
          org._count.memberships,
        ),
    },
    totalCountField,
    {
      fields: (edge) => ({
        certainty: edge.field({
          type: Certainty,
          nullable: true,
          description: "How sure it is that the country was a member on asOf (today by default).",
          resolve: (e) => e.certainty,
        }),
        confirmedUntil: edge.field({
          type: "PartialDate",
          nullable: true,
          description: "The last day a source shows the membership in effect; past it the answer is at most PRESUMED.",
          resolve: (e) => dayOrNull((e as unknown as { confirmedUntil: Date | null }).confirmedUntil),
        }),
        since: edge.field({
          type: "PartialDate",
          nullable: true,
          description: "When its membership began.",
          resolve: (e) => readPartialDate(e as never, "from"),
        }),
      }),
    },
  ),
);

builder.prismaObjectField("Organisation", "officeHolders", (t) =>
  t.connection(
    {
      type: Tenure,
      description:
        "Who held the organisation's own offices, newest first: portfolio: SECRETARY_GENERAL and asOf ask who was its Secretary-General on a day.",
      args: officeHolderConnection.getArgs(),
      select: (args, ctx, nestedSelection) => ({
        tenures: selectingBounds(officeHolderConnection.getQuery(args, ctx, nestedSelection)),
        _count: { select: { tenures: { where: tenureWhere(args) } } },
      }),
      resolve: (org, args, ctx) =>
        withCertainty(officeHolderConnection.resolve(org.tenures, args, ctx), args.asOf, org._count.tenures),
    },
    totalCountField,
    certaintyField,
  ),
);

const CountryFilter = builder.inputType("CountryFilter", {
  fields: (t) => ({
    codes: t.stringList({ required: false }),
    region: t.string({ required: false }),
    name: t.string({ required: false, description: "Case-insensitive part of the name." }),
  }),
});
const CountryOrder = builder.enumType("CountryOrder", {
  values: { NAME_ASC: { description: "By name, A to Z." }, CODE_ASC: { description: "By ISO alpha-2 code, A to Z." } } as const,
});

function countryWhere(filter: { codes?: readonly string[] | null; region?: string | null; name?: string | null } | null | undefined) {
  return {
    ...(filter?.codes ? { code: { in: filter.codes.map(normaliseCountryCode) } } : {}),
    ...(filter?.region ? { region: filter.region } : {}),
    ...(filter?.name ? { name: { contains: likeLiteral(filter.name), mode: "insensitive" as const } } : {}),
  };
}

builder.queryFields((t) => ({
  country: t.prismaField({
    type: "Country",
    nullable: true,
    description: 'A country by its ISO 3166-1 alpha-2 code, e.g. "IN".',
    args: { code: t.arg.string({ required: true }) },
    resolve: (query, _root, { code }) => db().country.findUnique({ ...query, where: { code: normaliseCountryCode(code) } }),
  }),
  countries: t.prismaConnection({
    type: "Country",
    cursor: "id",
    description: "Countries matching the filter, by name unless orderBy says otherwise.",
    args: {
      filter: t.arg({ type: CountryFilter, required: false }),
      orderBy: t.arg({ type: CountryOrder, required: false, defaultValue: "NAME_ASC" }),
    },
    totalCount: (_parent, args) => db().country.count({ where: countryWhere(args.filter) }),
    resolve: (query, _root, args) =>
      db().country.findMany({
        ...query,
        where: countryWhere(args.filter),
        orderBy: args.orderBy === "CODE_ASC" ? [{ code: "asc" }] : [{ name: "asc" }, { id: "asc" }],
      }),
  }),
}));
