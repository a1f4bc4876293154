import { prismaConnectionHelpers } from "@pothos/plugin-prisma";
import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { readPartialDate } from "./fields.ts";
import { globalIdOf } from "./ids.ts";
import { engagementWhere, resolveEngagementFilter } from "../domain/engagement-filter.ts";
import { userError } from "../errors.ts";
import { sourcedFields } from "./source.ts";

export const EngagementKind = builder.enumType("EngagementKind", {
  values: [
    "BILATERAL_MEETING",
    "MULTILATERAL_MEETING",
    "INFORMAL_ENCOUNTER",
    "PHONE_CALL",
    "JOINT_EXERCISE",
    "COURTESY_CALL",
  ] as const,
});
export const Formality = builder.enumType("Formality", { values: ["FORMAL", "INFORMAL", "BACKCHANNEL"] as const });
export const EngagementStatus = builder.enumType("EngagementStatus", {
  description: "What is known about whether it took place.",
  values: ["SCHEDULED", "HELD", "SPECULATED", "CANCELLED", "DID_NOT_HAPPEN", "DENIED"] as const,
});
export const ParticipantRole = builder.enumType("ParticipantRole", {
  values: ["HOST", "GUEST", "PARTICIPANT", "CONTINGENT"] as const,
});

export const Engagement = builder.prismaNode("Engagement", {
  id: { field: "id" },
  description: "A meeting, encounter, call or exercise between countries, and what is known of it.",
  fields: (t) => ({
    slug: t.exposeString("slug"),
    title: t.exposeString("title"),
    kind: t.expose("kind", { type: EngagementKind }),
    formality: t.expose("formality", { type: Formality }),
    status: t.expose("status", { type: EngagementStatus }),
    date: t.field({
      type: "PartialDate",
      select: { date: true, datePrecision: true },
      resolve: (e) => readPartialDate(e, "date")!,
    }),
    place: t.exposeString("place", { nullable: true }),
    placeCountry: t.relation("placeCountry", { nullable: true }),
    summit: t.relation("summit", { nullable: true, description: "The summit on whose sidelines it happened." }),
    organisation: t.relation("organisation", {
      nullable: true,
      description: "The forum whose framework it belongs to, when not on a summit's sidelines.",
    }),
    summary: t.exposeString("summary", { nullable: true }),
    participants: t.relatedConnection("participants", {
      cursor: "id",
      totalCount: true,
      query: () => ({ orderBy: { id: "asc" } }),
    }),
    statusHistory: t.relation("statusChanges", {
      description: "Every status the engagement has had, oldest first, each with its source and author.",
      query: { orderBy: [{ at: "asc" }, { id: "asc" }] },
    }),
  }),
});
sourcedFields("Engagement");

builder.prismaObject("EngagementStatusChange", {
  fields: (t) => ({
    from: t.expose("fromStatus", { type: EngagementStatus, nullable: true, description: "Null for the first recorded status." }),
    to: t.expose("toStatus", { type: EngagementStatus }),
    source: t.relation("source"),
    note: t.exposeString("note", { nullable: true }),
    actor: t.exposeString("actor", { description: "Who recorded it: an API key's name, or seed/import." }),
    at: t.expose("at", { type: "DateTime" }),
  }),
});

export const EngagementParticipant = builder.prismaNode("EngagementParticipant", {
  id: { field: "id" },
  description: "A country (and, when known, the person) taking part in an engagement.",
  fields: (t) => ({
    engagement: t.relation("engagement"),
    country: t.relation("country"),
    person: t.relation("person", { nullable: true }),
    role: t.expose("role", { type: ParticipantRole }),
  }),
});

/** Pages a country's participations while presenting the engagements as nodes. */
export const engagementConnection = prismaConnectionHelpers(builder, "EngagementParticipant", {
  cursor: "id",
  args: (t) => ({
    summit: t.id({ required: false, description: "Only those on the sidelines of this summit (global ID)." }),
    status: t.field({ type: [EngagementStatus], required: false }),
    kind: t.field({ type: [EngagementKind], required: false }),
  }),
  select: (nodeSelection) => ({ role: true, engagement: nodeSelection({ select: { id: true } }) }),
  query: (args) => ({
    where: participationFilter(args),
    // Newest first; ties broken by engagement so pages are stable.
    orderBy: [{ engagement: { date: "desc" } }, { engagementId: "desc" }] as never,
  }),
  resolveNode: (participation) => (participation as unknown as { engagement: never }).engagement,
});

export interface ParticipationArgs {
  summit?: string | number | null;
  status?: readonly (typeof EngagementStatus.$inferType)[] | null;
  kind?: readonly (typeof EngagementKind.$inferType)[] | null;
}

export function participationFilter(args: ParticipationArgs) {
  return {
    engagement: {
      retractedAt: null,
      ...(args.summit ? { summitId: globalIdOf("Summit", args.summit) } : {}),
      ...(args.status ? { status: { in: [...args.status] } } : {}),
      ...(args.kind ? { kind: { in: [...args.kind] } } : {}),
    },
  };
}

export const EngagementFilter = builder.inputType("EngagementFilter", {
  fields: (t) => ({
    countries: t.stringList({ required: false, description: "ISO alpha-2 codes: all of them took part." }),
    anyCountries: t.stringList({ required: false, description: "ISO alpha-2 codes: at least one of them took part." }),
    kind: t.field({ type: [EngagementKind], required: false }),
    status: t.field({ type: [EngagementStatus], required: false }),
    formality: t.field({ type: [Formality], required: false }),
    from: t.field({ type: "PartialDate", required: false, description: "On or after (an engagement dated \"2025-06\" may fall on or after 2025-06-15)." }),
    to: t.field({ type: "PartialDate", required: false, description: "On or before, inclusive of the whole period (\"2025\" means up to 2025-12-31)." }),
    summit: t.id({ required: false, description: "On the sidelines of this summit (global ID)." }),
    organisation: t.string({ required: false, description: "Acronym: at this organisation's summits or within its framework." }),
  }),
});

export const EngagementOrder = builder.enumType("EngagementOrder", { values: ["DATE_DESC", "DATE_ASC"] as const });

export type EngagementFilterArg = typeof EngagementFilter.$inferInput;

// A connection asks for the resolved filter twice (page and totalCount) with the same args object.
const resolvedFilters = new WeakMap<object, ReturnType<typeof resolveEngagementFilter>>();

export function resolveFilterArg(filter: EngagementFilterArg | null | undefined) {
  if (!filter) return resolveEngagementFilter(null);
  let resolved = resolvedFilters.get(filter);
  if (!resolved) {
    resolved = resolveEngagementFilter({ ...filter, summitId: filter.summit ? globalIdOf("Summit", filter.summit) : null });
    resolvedFilters.set(filter, resolved);
  }
  return resolved;
}

builder.queryFields((t) => ({
  engagement: t.prismaField({
    type: "Engagement",
    nullable: true,
    args: { id: t.arg.id({ required: false }), slug: t.arg.string({ required: false }) },
    resolve: (query, _root, args) => {
      if ((args.id == null) === (args.slug == null)) throw userError("BAD_USER_INPUT", "Pass exactly one of id or slug.");
      const where = args.id != null ? { id: globalIdOf("Engagement", args.id) } : { slug: args.slug! };
      return db().engagement.findUnique({ ...query, where });
    },
  }),
  engagements: t.prismaConnection({
    type: "Engagement",
    cursor: "id",
    description: "Engagements matching the filter, newest first unless orderBy says otherwise.",
    args: {
      filter: t.arg({ type: EngagementFilter, required: false }),
      orderBy: t.arg({ type: EngagementOrder, required: false, defaultValue: "DATE_DESC" }),
    },
    totalCount: async (_parent, args) => db().engagement.count({ where: engagementWhere(await resolveFilterArg(args.filter)) }),
    resolve: async (query, _root, args) => {
      const direction = args.orderBy === "DATE_ASC" ? "asc" : "desc";
      return db().engagement.findMany({
        ...query,
        where: engagementWhere(await resolveFilterArg(args.filter)),
        orderBy: [{ date: direction }, { id: direction }],
      });
    },
  }),
}));
