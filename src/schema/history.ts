// Record-time travel at the edge: every fact says when its version was recorded and lists its
// versions; the @asRecorded operation directive (defined here, run by src/plugins/as-recorded.ts)
// answers a whole query as it would have been answered at an instant.
import {
  DirectiveLocation,
  GraphQLDirective,
  GraphQLNonNull,
  type GraphQLScalarType,
  GraphQLSchema,
} from "graphql";
import { builder } from "../builder.ts";
import type { Context } from "../context.ts";
import { db } from "../db.ts";

const VersionChange = builder.enumType("VersionChange", {
  description: "What a version did to its row.",
  values: {
    CREATE: { description: "The row was recorded." },
    UPDATE: { description: "Some of its fields changed." },
    STATUS_CHANGE: { description: "An engagement's status changed." },
    RETRACT: { description: "The fact was retracted." },
    DELETE: { description: "The row was removed (citations and participants are replaced this way)." },
  } as const,
});

interface Version {
  version: number;
  recordedAt: Date;
  supersededAt: Date | null;
  actor: string;
  change: "CREATE" | "UPDATE" | "STATUS_CHANGE" | "RETRACT" | "DELETE";
}

const FactVersion = builder.objectRef<Version>("FactVersion").implement({
  description: "One committed version of a fact: what one writing transaction recorded.",
  fields: (t) => ({
    version: t.exposeInt("version", { description: "1 for the first version, then one more per committed change." }),
    recordedAt: t.expose("recordedAt", { type: "DateTime", description: "When the transaction that wrote it committed its writes." }),
    supersededAt: t.expose("supersededAt", {
      type: "DateTime",
      nullable: true,
      description: "When the next version replaced it; null while it is the current one.",
    }),
    actor: t.exposeString("actor", { description: "The API key's name, seed/import, or the database user for a write outside the service." }),
    change: t.expose("change", { type: VersionChange }),
  }),
});

/**
 * Versions of many rows in one statement per request and table: a list of 100 facts asking for
 * `history` costs one query, not 100.
 */
type Waiting = Map<string, Map<number, { resolve: (v: Version[]) => void; reject: (e: unknown) => void }[]>>;
const batches = new WeakMap<Context, Waiting>();

function loadHistory(context: Context, table: string, id: number): Promise<Version[]> {
  let batch = batches.get(context);
  if (!batch) {
    batch = new Map();
    batches.set(context, batch);
    const scheduled = batch;
    // After the current wave of resolvers has asked (the way DataLoader batches).
    void Promise.resolve().then(() =>
      process.nextTick(() => {
        batches.delete(context);
        void flush(scheduled);
      }),
    );
  }
  let byId = batch.get(table);
  if (!byId) batch.set(table, (byId = new Map()));
  const waiting = byId.get(id) ?? [];
  byId.set(id, waiting);
  return new Promise<Version[]>((resolve, reject) => waiting.push({ resolve, reject }));
}

async function flush(batch: Waiting) {
  await Promise.all(
    [...batch].map(async ([tableName, byId]) => {
      try {
        const rows = await db().factVersion.findMany({
          where: { tableName, rowId: { in: [...byId.keys()].map(BigInt) } },
          select: { rowId: true, version: true, recordedAt: true, supersededAt: true, actor: true, change: true },
          orderBy: [{ rowId: "asc" }, { version: "asc" }],
        });
        const grouped = new Map<number, Version[]>();
        for (const { rowId, ...v } of rows) grouped.set(Number(rowId), [...(grouped.get(Number(rowId)) ?? []), v]);
        for (const [id, waiting] of byId) for (const w of waiting) w.resolve(grouped.get(id) ?? []);
      } catch (err) {
        for (const waiting of byId.values()) for (const w of waiting) w.reject(err);
      }
    }),
  );
}

/** The GraphQL types of versioned rows; each is its own table. */
export const versionedTypes = [
  "Organisation", "Country", "Membership", "Person", "Tenure", "EventSeries", "Summit", "Attendance",
  "Engagement", "EngagementParticipant", "Incident", "IncidentName", "Statement", "Source", "Citation",
] as const;

for (const type of versionedTypes) {
  builder.prismaObjectFields(type as "Summit", (t) => ({
    recordedAt: t.expose("recordedAt", {
      type: "DateTime",
      description: "When this version was recorded (under @asRecorded: the version current at that instant).",
    }),
    history: t.field({
      type: [FactVersion],
      description: "Every version recorded, oldest first (under @asRecorded: those recorded by that instant).",
      select: { id: true },
      resolve: (row, _args, context) => loadHistory(context, type, (row as unknown as { id: number }).id),
    }),
  }));
}

/** `@asRecorded(at:)`, added to the built schema (its argument is the schema's own DateTime). */
export function withAsRecordedDirective(schema: GraphQLSchema): GraphQLSchema {
  const dateTime = schema.getType("DateTime") as GraphQLScalarType;
  const asRecorded = new GraphQLDirective({
    name: "asRecorded",
    description:
      "Answer the whole query as the service would have answered at `at`: facts recorded later are absent, " +
      "changed ones show the values and status they had, retracted ones are present as they were. " +
      "Queries only: a mutation or subscription under it is refused (AS_RECORDED_QUERY_ONLY).",
    // Allowed on all three so that a mutation gets our coded refusal rather than a generic one.
    locations: [DirectiveLocation.QUERY, DirectiveLocation.MUTATION, DirectiveLocation.SUBSCRIPTION],
    args: { at: { type: new GraphQLNonNull(dateTime), description: "The instant, ISO 8601." } },
  });
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, directives: [...config.directives, asRecorded] });
}
