import { prismaConnectionHelpers } from "@pothos/plugin-prisma";
import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { readPartialDate } from "./fields.ts";
import { globalIdOf } from "./ids.ts";
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
  }),
});
sourcedFields("Engagement");

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
      ...(args.summit ? { summitId: globalIdOf("Summit", args.summit) } : {}),
      ...(args.status ? { status: { in: [...args.status] } } : {}),
      ...(args.kind ? { kind: { in: [...args.kind] } } : {}),
    },
  };
}

builder.queryFields((t) => ({
  engagements: t.prismaConnection({
    type: "Engagement",
    cursor: "id",
    description: "All engagements, newest first.",
    totalCount: () => db().engagement.count(),
    resolve: (query) => db().engagement.findMany({ ...query, orderBy: [{ date: "desc" }, { id: "desc" }] }),
  }),
}));
