// Errors that mean "the database is not there right now" (down, restarting, unreachable, out of
// connections) or "the statement ran past statement_timeout". Clients get a clear code and a
// retry hint instead of a masked internal error; the details go to the log.
import { GraphQLError } from "graphql";

const UNAVAILABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "DatabaseDoesNotExist"]);
// Network errors, and PostgreSQL's connection_exception (08xxx) and shutdown (57P0x) classes.
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE", "57P01", "57P02", "57P03", "53300"]);
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection|the database system is (starting up|shutting down)/i;
const STATEMENT_TIMEOUT = "57014";

/** Walks an error, its `cause` chain and Prisma's driver-adapter metadata. */
function* layers(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const o = e as Record<string, unknown> & { meta?: { driverAdapterError?: unknown }; originalError?: unknown };
    yield o;
    queue.push(o.cause, o.originalError, o.meta?.driverAdapterError);
  }
}

export function classifyDatabaseError(error: unknown): "unavailable" | "timeout" | null {
  for (const e of layers(error)) {
    const code = typeof e.code === "string" ? e.code : undefined;
    const originalCode = typeof e.originalCode === "string" ? e.originalCode : undefined;
    if (code === STATEMENT_TIMEOUT || originalCode === STATEMENT_TIMEOUT) return "timeout";
    if (code && (UNAVAILABLE_PRISMA.has(code) || UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return "unavailable";
    if (originalCode && (UNAVAILABLE_CODES.has(originalCode) || originalCode.startsWith("08"))) return "unavailable";
    if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return "unavailable";
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.test(e.message)) return "unavailable";
  }
  return null;
}

export function databaseUnavailableError(error: unknown, at: { nodes?: GraphQLError["nodes"]; path?: GraphQLError["path"] } = {}) {
  const kind = classifyDatabaseError(error);
  if (kind === "unavailable") {
    return new GraphQLError("The database is unavailable right now; try again shortly.", {
      ...at,
      extensions: { code: "DATABASE_UNAVAILABLE", retryable: true },
    });
  }
  if (kind === "timeout") {
    return new GraphQLError("The query took longer than the server allows; ask for less (smaller pages, fewer nested lists).", {
      ...at,
      extensions: { code: "QUERY_TIMEOUT" },
    });
  }
  return null;
}
