import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { userError } from "../errors.ts";
import { Engagement, ParticipantRole, engagementConnection, participationFilter } from "./engagement.ts";
import { MembershipStatus } from "./organisation.ts";

export const Country = builder.prismaNode("Country", {
  id: { field: "id" },
  fields: (t) => ({
    code: t.exposeString("code", { description: "ISO 3166-1 alpha-2" }),
    alpha3: t.exposeString("alpha3", { description: "ISO 3166-1 alpha-3" }),
    name: t.exposeString("name"),
    region: t.exposeString("region", { description: "UN M49 sub-region" }),
    memberships: t.relatedConnection("memberships", {
      cursor: "id",
      totalCount: true,
      description: "Every status the country has held in any organisation, oldest first.",
      args: { status: t.arg({ type: [MembershipStatus], required: false }) },
      query: (args) => ({
        where: args.status ? { status: { in: args.status } } : {},
        orderBy: [{ fromDate: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      }),
    }),
    tenures: t.relatedConnection("tenures", {
      cursor: "id",
      totalCount: true,
      description: "Offices of this country and who held them, newest first.",
      query: () => ({ orderBy: [{ fromDate: { sort: "desc", nulls: "last" } }, { id: "desc" }] }),
    }),
    engagements: t.connection({
      type: Engagement,
      description: "Engagements the country took part in, newest first; each edge carries the country's role.",
      args: engagementConnection.getArgs(),
      select: (args, ctx, nestedSelection) => ({
        participations: engagementConnection.getQuery(args, ctx, nestedSelection),
        _count: { select: { participations: { where: participationFilter(args) } } },
      }),
      resolve: (country, args, ctx) => ({
        ...engagementConnection.resolve(country.participations, args, ctx),
        totalCount: country._count.participations,
      }),
    }, {
      fields: (connection) => ({
        totalCount: connection.int({ resolve: (page) => page.totalCount }),
      }),
    }, {
      fields: (edge) => ({
        role: edge.field({ type: ParticipantRole, resolve: (participation) => participation.role }),
      }),
    }),
  }),
});

builder.queryFields((t) => ({
  country: t.prismaField({
    type: "Country",
    nullable: true,
    description: 'A country by its ISO 3166-1 alpha-2 code, e.g. "IN".',
    args: { code: t.arg.string({ required: true }) },
    resolve: (query, _root, { code }) => {
      const normalised = code.trim().toUpperCase();
      if (!/^[A-Z]{2}$/.test(normalised)) {
        throw userError("BAD_USER_INPUT", `"${code}" is not an ISO 3166-1 alpha-2 country code`);
      }
      return db().country.findUnique({ ...query, where: { code: normalised } });
    },
  }),
  countries: t.prismaConnection({
    type: "Country",
    cursor: "id",
    totalCount: () => db().country.count(),
    resolve: (query) => db().country.findMany({ ...query, orderBy: { name: "asc" } }),
  }),
}));
