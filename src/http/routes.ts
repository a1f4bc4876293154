// Operational routes beside /graphql. /health (liveness: the process answers) is Yoga's own
// healthCheckEndpoint; this adds
//   /ready    200 when the database answers and every migration in prisma/migrations is applied,
//             503 otherwise (and while shutting down), with the checks as JSON;
//   /metrics  Prometheus text format (src/observability/metrics.ts).
import type { Plugin } from "graphql-yoga";
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

export function useOperationalRoutes({ registry }: { registry: Registry }): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (request.method !== "GET" && request.method !== "HEAD") return;
      if (url.pathname === "/ready") {
        const { ready, ...body } = await readiness();
        endResponse(
          new fetchAPI.Response(JSON.stringify({ status: ready ? "ready" : "not ready", ...body }), {
            status: ready ? 200 : 503,
            headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
          }),
        );
      } else if (url.pathname === "/metrics") {
        endResponse(
          new fetchAPI.Response(await registry.metrics(), {
            status: 200,
            headers: { "content-type": registry.contentType, "cache-control": "no-store" },
          }),
        );
      }
    },
  };
}
