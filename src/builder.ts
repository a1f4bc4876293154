import SchemaBuilder from "@pothos/core";
import PrismaPlugin from "@pothos/plugin-prisma";
import ErrorsPlugin from "@pothos/plugin-errors";
import RelayPlugin, { decodeGlobalID } from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import type { Context } from "./context.ts";
import { db } from "./db.ts";
import { formatPartialDate, InvalidDateError, type PartialDate, parsePartialDate } from "./domain/dates.ts";
import { userError } from "./errors.ts";
import type PrismaTypes from "./generated/pothos-types.ts";
import { getDatamodel } from "./generated/pothos-types.ts";

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
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin],
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
  },
});

/** Decode a Relay global ID ("Typename:id" in base64), failing with INVALID_ID. */
export function decodeId(globalID: string): { typename: string; id: string } {
  try {
    return decodeGlobalID(globalID);
  } catch {
    throw userError("INVALID_ID", `"${globalID}" is not a valid ID`);
  }
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
    if (!d || Number.isNaN(d.getTime())) throw userError("INVALID_DATE", "a DateTime is an ISO 8601 string");
    return d;
  },
});
