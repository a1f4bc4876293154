// Operational routes beside /graphql. /health (liveness: the process answers) is Yoga's own
// healthCheckEndpoint; this adds
//   /ready    200 when the database answers and every migration in prisma/migrations is applied,
//             503 otherwise (and while shutting down), with the checks as JSON;
//             (why the database failed goes to the log, not to the unauthenticated caller: the
//             driver's message names the database host);
//   /metrics  Prometheus text format (src/observability/metrics.ts); with METRICS_TOKEN set, only
//             for `Authorization: Bearer <token>` (else 401).
import { timingSafeEqual } from "node:crypto";
import type { Plugin } from "graphql-yoga";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { db } from "../db.ts";
import { pendingMigrations } from "../migrate.ts";

/** Set by src/server.ts on SIGTERM, so load balancers stop sending before the port closes. */
export const lifecycle = { stopping: false };

type Check = "ok" | "unreachable" | "pending" | "stopping";

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function readiness(timeoutMs = 2_000): Promise<{ ready: boolean; checks: Record<string, Check>; pending?: string[]; error?: string }> {
  if (lifecycle.stopping) return { ready: false, checks: { process: "stopping" } };
  const url = process.env.DATABASE_URL;
  try {
    await withTimeout(db().$queryRaw`SELECT 1`, timeoutMs);
  } catch (err) {
    return { ready: false, checks: { database: "unreachable", migrations: "unreachable" }, error: firstLine(err) };
  }
  try {
    const pending = url ? await withTimeout(pendingMigrations(url), timeoutMs) : [];
    if (pending.length) return { ready: false, checks: { database: "ok", migrations: "pending" }, pending };
  } catch (err) {
    return { ready: false, checks: { database: "ok", migrations: "unreachable" }, error: firstLine(err) };
  }
  return { ready: true, checks: { database: "ok", migrations: "ok" } };
}

function firstLine(err: unknown) {
  return (err instanceof Error ? err.message : String(err)).trim().split("\n").at(-1)?.slice(0, 200) ?? "";
}

function sameSecret(given: string, expected: string) {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

export function useOperationalRoutes({
  registry,
  logger,
  metricsToken,
  check = readiness,
}: {
  registry: Registry;
  logger?: Logger;
  metricsToken?: string;
  /** The readiness check (tests give one that fails). */
  check?: typeof readiness;
}): Plugin {
  return {
    // Not async: every request passes here, and a GraphQL POST should not pay for a promise.
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (request.method !== "GET" && request.method !== "HEAD") return;
      if (url.pathname !== "/ready" && url.pathname !== "/metrics") return;
      return respond();
      async function respond() {
        if (url.pathname === "/ready") {
          const { ready, error, ...body } = await check();
          if (error) logger?.warn({ checks: body.checks, error }, "not ready");
          endResponse(
            new fetchAPI.Response(JSON.stringify({ status: ready ? "ready" : "not ready", ...body }), {
              status: ready ? 200 : 503,
              headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
            }),
          );
        } else if (url.pathname === "/metrics") {
          const given = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
          if (metricsToken && !(given && sameSecret(given, metricsToken))) {
            endResponse(
              new fetchAPI.Response("metrics need Authorization: Bearer <METRICS_TOKEN>\n", {
                status: 401,
                headers: { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="metrics"', "cache-control": "no-store" },
              }),
            );
            return;
          }
          endResponse(
            new fetchAPI.Response(await registry.metrics(), {
              status: 200,
              headers: { "content-type": registry.contentType, "cache-control": "no-store" },
            }),
          );
        }
      }
    },
  };
}
