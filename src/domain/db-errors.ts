// Database errors a client can act on. Prisma wraps constraint violations (P2002 unique, P2003
// foreign key, and for CHECK constraints a generic error); the driver adapter keeps PostgreSQL's
// SQLSTATE and the constraint's name, which is what we map from. Anything else is left alone, to
// be masked and logged as unexpected.
import type { GraphQLError } from "graphql";
import { userError } from "../errors.ts";

interface AdapterCause {
  originalCode?: string;
  originalMessage?: string;
  constraint?: { index?: string; fields?: string[] } | string;
}

const uniqueMessages: Record<string, string> = {
  Membership_natural_key: "This membership (organisation, country, status and start date) is already recorded.",
  Tenure_natural_key: "This tenure (person, portfolio, office holder and start date) is already recorded.",
  Attendance_natural_key: "This attendance (summit, country and person) is already recorded.",
  EngagementParticipant_natural_key: "This participant (engagement, country and person) is already recorded.",
};

const checkMessages: Record<string, string> = {
  Citation_exactly_one_fact: "A citation must support exactly one fact.",
  Tenure_one_holder: "An office belongs to exactly one country or organisation.",
  Membership_to_after_from: "A membership cannot end before it starts.",
  Tenure_to_after_from: "A tenure cannot end before it starts.",
  Summit_end_after_start: "A summit cannot end before it starts.",
  Incident_end_after_start: "An incident cannot end before it starts.",
  Country_codes_upper: "Country codes are upper-case ISO 3166-1 codes.",
};

export function databaseErrorToUserError(error: unknown): GraphQLError | null {
  if (!error || typeof error !== "object") return null;
  const e = error as { code?: string; meta?: { modelName?: string; driverAdapterError?: { cause?: AdapterCause } } };
  const cause = e.meta?.driverAdapterError?.cause;
  const model = e.meta?.modelName;
  const sqlState = cause?.originalCode ?? (e.code === "P2002" ? "23505" : e.code === "P2003" ? "23503" : undefined);
  const constraint =
    typeof cause?.constraint === "string"
      ? cause.constraint
      : (cause?.constraint?.index ?? /constraint "([^"]+)"/.exec(cause?.originalMessage ?? "")?.[1]);
  switch (sqlState) {
    case "23505":
      return userError("DUPLICATE", uniqueMessages[constraint ?? ""] ?? `This ${model ?? "record"} is already recorded.`, {
        model,
        constraint,
      });
    case "23503":
      return userError("REFERENCE_NOT_FOUND", `The ${model ?? "record"} refers to something that does not exist.`, {
        model,
        constraint,
      });
    case "23514":
    case "23502":
      return userError(
        "CONSTRAINT_VIOLATION",
        checkMessages[constraint ?? ""] ?? `The ${model ?? "record"} breaks a rule of the data model (${constraint ?? sqlState}).`,
        { model, constraint },
      );
    case "22021":
      // A NUL character in text: the request guards refuse it first; this covers other paths.
      return userError("BAD_USER_INPUT", "Text cannot contain a NUL character (\\u0000).", { model });
    default:
      return null;
  }
}
