// Mistakes of a client that libraries report as plain errors, which would otherwise be masked as
// INTERNAL_SERVER_ERROR (and logged and counted as ours): Pothos' connection-argument and cursor
// checks, and a Prisma cursor of the right shape whose value the database cannot take.
import { type FieldNode, GraphQLError } from "graphql";

const cursorArguments = new Set(["after", "before"]);

function hasCursorArgument(nodes: readonly unknown[] | undefined): boolean {
  return !!nodes?.some((n) => (n as FieldNode).kind === "Field" && (n as FieldNode).arguments?.some((a) => cursorArguments.has(a.name.value)));
}

/** The client-facing error for `original` (what a resolver threw), or null if it is not a client's mistake. */
export function clientMistake(error: GraphQLError | Error, original: unknown): GraphQLError | null {
  if (!(original instanceof Error)) return null;
  const at = error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {};
  const pothos = original.name === "PothosValidationError";
  if (pothos && /^Argument "(first|last)" must be a non-negative integer$|^Arguments? "\w+"( and "\w+")? (are not supported|can only be used)/.test(original.message)) {
    return new GraphQLError(original.message, { ...at, extensions: { code: "BAD_USER_INPUT" } });
  }
  const badCursor = new GraphQLError("The cursor (after/before) is not one this connection gave out.", {
    ...at,
    extensions: { code: "INVALID_CURSOR" },
  });
  if (pothos && /cursor/i.test(original.message)) return badCursor;
  // A well-formed cursor carrying an id the column cannot hold (P2020: past int32; a string for a
  // number is a validation error).
  if (error instanceof GraphQLError && hasCursorArgument(error.nodes)) {
    const code = (original as { code?: string }).code;
    if (original.name === "PrismaClientValidationError" || code === "P2007" || code === "P2020" || code === "P2023" || code === "P2033") return badCursor;
  }
  return null;
}
