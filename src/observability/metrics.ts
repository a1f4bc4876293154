// Prometheus metrics, served at /metrics. One registry per Yoga instance, so tests (and the two
// instances of the scaling test) can run several in one process.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { poolStats } from "../db.ts";

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(options: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: "summitry_" });
  const httpRequests = new Counter({
    name: "summitry_http_requests_total",
    help: "HTTP requests answered, by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: "summitry_http_request_duration_seconds",
    help: "Time from receiving a request to its response, by route",
    labelNames: ["route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: "summitry_graphql_errors_total",
    help: "GraphQL errors returned to clients, by extensions.code",
    labelNames: ["code"] as const,
    registers: [registry],
  });
  const graphqlOperations = new Counter({
    name: "summitry_graphql_operations_total",
    help: "GraphQL operations executed, by type (query, mutation, subscription)",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  const responseCache = new Counter({
    name: "summitry_response_cache_total",
    help: "Anonymous reads answered from the response cache (hit) or executed (miss)",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  const pool = (name: string, help: string, pick: (s: NonNullable<ReturnType<typeof poolStats>>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const stats = poolStats();
        this.set(stats ? pick(stats) : 0);
      },
    });
  pool("summitry_db_pool_connections", "Connections the pg pool holds (busy and idle)", (s) => s.total);
  pool("summitry_db_pool_idle_connections", "Idle connections in the pg pool", (s) => s.idle);
  pool("summitry_db_pool_waiting_requests", "Queries waiting for a free pool connection", (s) => s.waiting);
  pool("summitry_db_pool_max_connections", "The pg pool's size limit", (s) => s.max);
  return { registry, httpRequests, httpDuration, graphqlErrors, graphqlOperations, responseCache };
}
