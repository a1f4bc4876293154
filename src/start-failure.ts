// Why `npm start` failed, as one line that says what to do. A newcomer's first failure is almost
// always their machine (a port in use, no database at DATABASE_URL, a folder PostgreSQL cannot
// enter), not a bug: a stack trace hides the fix.
import { EmbeddedPostgresError } from "./embedded-postgres.ts";

interface Context {
  /** The DATABASE_URL the service was given, if any (its password is never printed). */
  databaseUrl?: string;
  /** Reading the environment: the message names the variable. */
  config?: boolean;
}

type Coded = Error & { code?: string; errno?: number; port?: number; address?: string; syscall?: string };

/** The error itself and its causes (Prisma and the driver wrap the socket error). */
function chain(err: unknown): Coded[] {
  const out: Coded[] = [];
  for (let e = err; e instanceof Error && out.length < 10; e = (e as { cause?: unknown }).cause) out.push(e as Coded);
  return out;
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH"]);
// PostgreSQL SQLSTATEs a wrong DATABASE_URL produces.
const DATABASE_CODES: Record<string, string> = {
  "28P01": "the password was refused",
  "28000": "the user may not connect",
  "3D000": "the database does not exist",
  "57P03": "the server is starting up or shutting down",
};

function where(databaseUrl: string | undefined): string {
  if (!databaseUrl) return "the database";
  try {
    const url = new URL(databaseUrl);
    return `the database at ${url.hostname}:${url.port || "5432"}${url.pathname}`;
  } catch {
    return "the database (DATABASE_URL is not a valid URL)";
  }
}

export function describeStartFailure(err: unknown, ctx: Context = {}): string {
  const errors = chain(err);
  const first = errors[0];
  const message = (first?.message ?? String(err)).split("\n")[0]!.trim();

  if (first instanceof EmbeddedPostgresError) return message;
  if (ctx.config) return `invalid configuration: ${message} (README, Configuration)`;

  const listen = errors.find((e) => e.syscall === "listen");
  if (listen) {
    const at = `${listen.address ?? "?"}:${listen.port ?? "?"}`;
    if (listen.code === "EADDRINUSE") return `port ${at} is already in use: stop the other server or set PORT to a free port`;
    if (listen.code === "EACCES") return `not allowed to listen on ${at}: set PORT to a port above 1023`;
    if (listen.code === "EADDRNOTAVAIL") return `${listen.address} is not an address of this machine: set HOST (default 127.0.0.1)`;
    return `cannot listen on ${at} (${listen.code}): set PORT or HOST`;
  }

  const connection = errors.find((e) => e.code && CONNECTION_CODES.has(e.code));
  if (connection) {
    return `cannot reach ${where(ctx.databaseUrl)} (${connection.code}): start PostgreSQL there, fix DATABASE_URL, or unset it to use the embedded PostgreSQL`;
  }
  const refused = errors.find((e) => e.code && e.code in DATABASE_CODES);
  if (refused) {
    return `${where(ctx.databaseUrl)} refused the connection (${refused.code}: ${DATABASE_CODES[refused.code!]}): fix DATABASE_URL`;
  }
  return `start-up failed: ${message} (LOG_LEVEL=debug prints the stack)`;
}
