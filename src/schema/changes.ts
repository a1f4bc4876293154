// The change log as a connection a client can sync from: oldest first, cursors on the log's own
// id, so a client keeps its last endCursor and asks for what came after it.
import { encodeGlobalID } from "@pothos/plugin-relay";
import { builder } from "../builder.ts";
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { cappedCount } from "../domain/counting.ts";
import { asTotalCount, cappedTotalFields } from "./counts.ts";

builder.scalarType("JSON", {
  description: "Any JSON value, returned as stored.",
  serialize: (value) => value,
  parseValue: (value) => value,
});

export const ChangeAction = builder.enumType("ChangeAction", {
  description: "What a write did to a row.",
  values: {
    CREATE: { description: "The row was created." },
    UPDATE: { description: "Some of its fields changed." },
    RETRACT: { description: "It was retracted: kept, with a reason, and left out of default answers." },
    STATUS_CHANGE: { description: "An engagement's status changed (setEngagementStatus)." },
  } as const,
});

builder.prismaObject("ChangeLog", {
  name: "Change",
  description: "One entry of the append-only change log: what was written, by whom, when, and the row before and after.",
  fields: (t) => ({
    // Its own global ID ("Change:<position>"), unique among every object's id, as Relay's and
    // Apollo's normalised stores need; the number is `position`.
    id: t.id({ description: "The entry's own global ID.", resolve: (c) => encodeGlobalID("Change", c.id.toString()) }),
    position: t.string({
      description: "The entry's position in the log (a 64-bit integer, as a string): later entries have larger positions.",
      resolve: (c) => c.id.toString(),
    }),
    entityType: t.exposeString("entityType", { description: 'The kind of row: "Engagement", "Citation", ...' }),
    entityId: t.exposeInt("entityId", { description: "The row's database id." }),
    entityGlobalId: t.id({
      nullable: true,
      description: "The row's global ID for node(id:), when its type is a Node (citations and incident names are not).",
      resolve: (c, _args, _context, info) => {
        const type = info.schema.getType(c.entityType);
        const isNode = !!type && "getInterfaces" in type && type.getInterfaces().some((i) => i.name === "Node");
        return isNode ? encodeGlobalID(c.entityType, c.entityId) : null;
      },
    }),
    action: t.expose("action", { type: ChangeAction, description: "What the write did." }),
    actor: t.exposeString("actor", { description: 'Who wrote it: the API key\'s name, or "seed" / "import" for the command line.' }),
    at: t.expose("at", { type: "DateTime", description: "When it was written, by the writing service's clock: ids, not times, give the exact order." }),
    before: t.field({ type: "JSON", nullable: true, description: "The row before an update; null for a create.", resolve: (c) => c.before }),
    after: t.field({ type: "JSON", nullable: true, description: "The row as written.", resolve: (c) => c.after }),
  }),
});

function changeWhere(args: { since?: Date | null; entityTypes?: readonly string[] | null }): Prisma.ChangeLogWhereInput {
  return {
    ...(args.since ? { at: { gte: args.since } } : {}),
    ...(args.entityTypes ? { entityType: { in: [...args.entityTypes] } } : {}),
  };
}

builder.queryFields((t) => ({
  changes: t.prismaConnection({
    type: "ChangeLog",
    cursor: "id",
    description:
      "The change log, oldest first. To sync, start with `since` (or from the beginning) and follow `endCursor`: " +
      "the cursor is exact, while `since` compares times and may repeat entries written in the same millisecond.",
    args: {
      since: t.arg({ type: "DateTime", required: false, description: "Entries written at or after this instant." }),
      entityTypes: t.arg.stringList({ required: false, description: 'Only these kinds of row, e.g. ["Engagement"].' }),
    },
    totalCount: (_parent, args) => asTotalCount(cappedCount((take) => db().changeLog.count({ where: changeWhere(args), take }))),
    resolve: (query, _root, args) => db().changeLog.findMany({ ...query, where: changeWhere(args), orderBy: { id: "asc" } }),
  }, cappedTotalFields()),
}));
