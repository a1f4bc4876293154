// Errors a client can act on. Every one carries `extensions.code`; anything else that escapes a
// resolver is masked by Yoga ("Unexpected error.") and logged in full.
import { GraphQLError } from "graphql";

export type ErrorCode =
  | "BAD_USER_INPUT"
  | "INVALID_ID"
  | "INVALID_DATE"
  | "NOT_FOUND"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "UNKNOWN_COUNTRY"
  | "UNKNOWN_ORGANISATION"
  | "UNKNOWN_PERSON"
  | "UNKNOWN_SERIES"
  | "PAGE_SIZE_EXCEEDED"
  | "DUPLICATE"
  | "REFERENCE_NOT_FOUND"
  | "CONSTRAINT_VIOLATION"
  | "INVALID_CURSOR"
  | "TOO_MANY_IDS"
  | "TOO_MANY_SUBSCRIPTIONS";

export function userError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}
