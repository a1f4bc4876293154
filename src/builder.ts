import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import PrismaPlugin from "@pothos/plugin-prisma";
import ErrorsPlugin from "@pothos/plugin-errors";
import RelayPlugin, { decodeGlobalID, resolveNodes } from "@pothos/plugin-relay";
import { type GraphQLResolveInfo, isObjectType } from "graphql";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import type { Context } from "./context.ts";
import { db } from "./db.ts";
import { formatPartialDate, InvalidDateError, type PartialDate, parsePartialDate } from "./domain/dates.ts";
import { userError } from "./errors.ts";
import type PrismaTypes from "./generated/pothos-types.ts";
import { getDatamodel } from "./generated/pothos-types.ts";
import { MAX_IDS } from "./plugins/limits.ts";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * The page-size limit as Pothos' maxSize hook: Pothos would silently cut `first: 500` to 100,
 * but a client asking for more than it can get should be told.
 */
export function maxPageSize(args: { first?: number | null; last?: number | null }): number {
  for (const name of ["first", "last"] as const) {
    const value = args[name];
    if (value != null && value > MAX_PAGE_SIZE) {
      throw userError("PAGE_SIZE_EXCEEDED", `${name}: ${value} is over the maximum page size of ${MAX_PAGE_SIZE}`, {
        maximum: MAX_PAGE_SIZE,
      });
    }
    if (value != null && value < 0) throw userError("BAD_USER_INPUT", `${name} cannot be negative`);
  }
  return MAX_PAGE_SIZE;
}

const TOTAL_COUNT =
  "How many items the whole list has under these arguments (every page together, not only this one), counted exactly.";

/**
 * Describes every connection's `totalCount` in one place: Pothos' prisma plugin adds the field
 * (`totalCount: true`) with no way to pass a description. One that has its own keeps it.
 */
class ConnectionDocsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(field: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    if (field.name === "totalCount" && !field.description && field.parentType.endsWith("Connection")) {
      return { ...field, description: TOTAL_COUNT };
    }
    return field;
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      connectionDocs: ConnectionDocsPlugin<Types>;
    }
  }
}
SchemaBuilder.registerPlugin("connectionDocs", ConnectionDocsPlugin);

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { editor: boolean; admin: boolean };
  DefaultFieldNullability: false;
  Scalars: {
    PartialDate: { Input: PartialDate; Output: PartialDate };
    DateTime: { Input: Date; Output: Date };
    /** Any JSON value, as stored (the change log's before/after); defined in schema/changes.ts. */
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  // ScopeAuth first, so an unauthorised write is refused before the errors plugin turns failures
  // into result unions.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin, "connectionDocs"],
  scopeAuth: {
    authScopes: (context) => ({
      editor: context.viewer?.role === "EDITOR" || context.viewer?.role === "ADMIN",
      admin: context.viewer?.role === "ADMIN",
    }),
    // No key, or a key we do not know (unknown, revoked): UNAUTHENTICATED. A key without the role: FORBIDDEN.
    unauthorizedError: (_parent, context) =>
      context.viewer
        ? userError("FORBIDDEN", "Your API key's role does not allow this.")
        : userError(
            "UNAUTHENTICATED",
            context.viewer === null
              ? "The API key is unknown or revoked."
              : "Writing needs an API key: send Authorization: Bearer <key>.",
          ),
  },
  errors: { defaultTypes: [] },
  defaultFieldNullability: false,
  prisma: {
    client: () => db(),
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === "production" ? null : "warn",
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    // Typed as a number, but Pothos calls a function with the connection's arguments.
    maxConnectionSize: maxPageSize as unknown as number,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    decodeGlobalID: (globalID) => decodeId(globalID),
    // What every connection, edge and page info says, the same on each (Relay's conventions).
    nodeTypeOptions: { description: "An object with a global ID, which node(id:) reads back." },
    idFieldOptions: { description: "Global ID: opaque, unique across every type, stable; node(id:) returns this object." },
    edgesFieldOptions: { description: "This page's items, each with its cursor." },
    nodeFieldOptions: { description: "The item." },
    cursorFieldOptions: { description: "Where this item is in the list: pass it as after (or before) to page from here." },
    pageInfoFieldOptions: { description: "Whether there are pages either side of this one, and the cursors to reach them." },
    pageInfoTypeOptions: { description: "Where a page sits in its list (Relay's cursor connections)." },
    hasNextPageFieldOptions: { description: "Items follow this page: ask again with after: endCursor." },
    hasPreviousPageFieldOptions: { description: "Items precede this page: ask again with before: startCursor (or after a cursor further up)." },
    startCursorFieldOptions: { description: "The first item's cursor; null for an empty page." },
    endCursorFieldOptions: { description: "The last item's cursor; null for an empty page." },
    firstArgOptions: { description: `Items from the start (or from after); default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}.` },
    afterArgOptions: { description: "Start after the item with this cursor." },
    lastArgOptions: { description: `Items from the end (or from before); at most ${MAX_PAGE_SIZE}.` },
    beforeArgOptions: { description: "End before the item with this cursor." },
    nodeQueryOptions: {
      description: "Any object by its global ID; null when no such row exists.",
      resolve: (_root, args, context, info) => loadNodes(context, info, [args.id as GlobalId])[0]!,
    },
    nodesQueryOptions: {
      description: `Objects by global ID, in the order asked (at most ${MAX_IDS}); null at the position of a missing one.`,
      resolve: (_root, args, context, info) => loadNodes(context, info, args.ids as GlobalId[]),
    },
  },
});

type GlobalId = { typename: string; id: string };

/** A row id as our global IDs carry it: a positive 32-bit integer in plain decimal digits. */
const ROW_ID = /^[1-9][0-9]{0,9}$/;
const TYPENAME = /^[A-Z][A-Za-z0-9]*$/;

/**
 * node(id:) and nodes(ids:). An ID that names no Node type of the schema is INVALID_ID (not an
 * internal error); a well-formed ID of a row that does not exist is null, and in nodes() the
 * others are still returned. Each ID is loaded on its own, so one failure (a missing row, an API
 * key a non-admin may not read) stays at its own position.
 */
function loadNodes(context: Context, info: GraphQLResolveInfo, ids: readonly GlobalId[]): Promise<unknown>[] {
  if (ids.length > MAX_IDS) throw userError("TOO_MANY_IDS", `At most ${MAX_IDS} IDs can be asked for at once; got ${ids.length}.`, { maximum: MAX_IDS });
  for (const { typename } of ids) {
    const type = info.schema.getType(typename);
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === "Node")) {
      throw userError("INVALID_ID", `"${typename}" is not a type of node, so no ID names one.`);
    }
  }
  return ids.map((id) =>
    resolveNodes(builder, context, info, [id]).then(
      ([node]) => node ?? null,
      (error: unknown) => {
        // Prisma's "no record found" (findUniqueOrThrow): Relay expects null for a missing node.
        if ((error as { code?: string }).code === "P2025") return null;
        throw error;
      },
    ),
  );
}

/** Decode a Relay global ID ("Typename:id" in base64), failing with INVALID_ID. */
export function decodeId(globalID: string): { typename: string; id: string } {
  let decoded: { typename: string; id: string } | undefined;
  try {
    decoded = decodeGlobalID(globalID);
  } catch {
    // below
  }
  // Strict: "Country:1e3", "Country:1:2", "Country: 1" and "Country:01" are not Country 1, and
  // no id past PostgreSQL's integer range reaches a query.
  if (!decoded || !TYPENAME.test(decoded.typename) || !ROW_ID.test(decoded.id) || Number(decoded.id) > 2_147_483_647) {
    throw userError("INVALID_ID", `"${globalID}" is not a valid ID`);
  }
  return decoded;
}

builder.queryType({});
builder.mutationType({});


builder.scalarType("PartialDate", {
  description:
    'A calendar date in ISO 8601 with the precision that is known: "2018" (some day in 2018), ' +
    '"2025-05" (some day in May 2025) or "2025-06-26".',
  serialize: (value) => formatPartialDate(value.date, value.precision),
  parseValue: (value) => {
    if (typeof value !== "string") throw userError("INVALID_DATE", "a PartialDate is a string: YYYY, YYYY-MM or YYYY-MM-DD");
    try {
      return parsePartialDate(value);
    } catch (e) {
      if (e instanceof InvalidDateError) throw userError("INVALID_DATE", e.message, { value });
      throw e;
    }
  },
});

builder.scalarType("DateTime", {
  description: "An instant in ISO 8601, UTC.",
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const d = typeof value === "string" ? new Date(value) : null;
    // PostgreSQL's timestamps and ISO 8601 without an extended year stop at years 1 and 9999.
    if (!d || Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999) {
      throw userError("INVALID_DATE", "a DateTime is an ISO 8601 string, years 0001 to 9999");
    }
    return d;
  },
});
