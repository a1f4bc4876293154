// The production plugin set, in the order it must run: request id and access log first (they
// wrap everything), operational routes, the explorer's pages, CSRF prevention, the request guards (client mistakes a
// parser or the cache key builder would choke on), the persisted-operations gate, abuse limits, rate limits,
// whole-operation SQL for the reads it covers, the response cache, and last the plugin that gives every error a
// code (and counts errors by code).
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import type { Plugin, YogaLogger } from "graphql-yoga";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { HardeningConfig } from "../config.ts";
import { useExplorer } from "../http/explorer.ts";
import { useOperationalRoutes } from "../http/routes.ts";
import type { Metrics } from "../observability/metrics.ts";
import { useCompiledReads } from "./compiled-reads.ts";
import { useErrorCodes } from "./error-codes.ts";
import { useAbuseLimits } from "./limits.ts";
import { usePersistedDocuments, usePersistedOperationsOnly } from "./persisted-operations.ts";
import { createRedisClient } from "./redis-cache.ts";
import { memoryRateCounter, redisRateCounter, useRateLimit } from "./rate-limit.ts";
import { createCacheStore, useAnonymousResponseCache } from "./response-cache.ts";
import { useRequestContext } from "./request-context.ts";
import { useRequestGuards } from "./request-guards.ts";

/**
 * Requests a browser could send cross-site without a CORS preflight (GET, or a POST of a form
 * or text/plain) must carry this header, which such a browser request cannot have. JSON POSTs
 * are preflighted anyway and need nothing.
 */
export const CSRF_HEADER = "x-graphql-yoga-csrf";

/**
 * Any one of these proves the request was preflighted, as a browser adds none of them to a simple
 * request: yoga's own, and the two Apollo Client and Apollo Server use for the same purpose
 * (`apollo-require-preflight: true`, or the operation name Apollo's links can send).
 */
export const CSRF_HEADERS = [CSRF_HEADER, "apollo-require-preflight", "x-apollo-operation-name"];

/**
 * The request headers CORS allows by default: ours, the CSRF headers, and what common browser
 * clients and their instrumentation add (W3C trace context and baggage from OpenTelemetry, Sentry's
 * trace header, Apollo's and GraphQL Hive's client identification). A preflight asking for any
 * other header fails, so the list errs on the side of what front ends really send;
 * CORS_ALLOW_HEADERS adds more.
 */
export const DEFAULT_CORS_ALLOW_HEADERS = [
  "content-type",
  "authorization",
  "x-request-id",
  ...CSRF_HEADERS,
  "traceparent",
  "tracestate",
  "baggage",
  "sentry-trace",
  "apollographql-client-name",
  "apollographql-client-version",
  "graphql-client-name",
  "graphql-client-version",
];

export function corsAllowHeaders(extra: readonly string[]): string[] {
  return [...new Set([...DEFAULT_CORS_ALLOW_HEADERS, ...extra.map((h) => h.toLowerCase())])];
}

export interface ProductionPlugins {
  plugins: Plugin[];
  /** Closes what the plugins opened (the Redis connection). */
  dispose(): Promise<void>;
}

export function productionPlugins({
  config,
  logger,
  metrics,
  graphqlEndpoint,
  redis: givenRedis,
  explorerDist,
}: {
  config: HardeningConfig;
  logger: Logger;
  metrics: Metrics;
  graphqlEndpoint: string;
  /** A Redis client the caller owns (and closes); otherwise one is made from REDIS_URL. */
  redis?: Redis;
  explorerDist?: string;
}): ProductionPlugins {
  let redis: Redis | undefined;
  const plugins: Plugin[] = [
    useRequestContext({ logger, metrics, graphqlEndpoint }),
    useOperationalRoutes({ registry: metrics.registry, logger, metricsToken: config.metricsToken }),
    // The explorer's pages and assets (web/dist); GraphiQL and the API stay at graphqlEndpoint.
    useExplorer({ dist: explorerDist }),
    useCSRFPrevention({ requestHeaders: CSRF_HEADERS }),
    useRequestGuards(),
  ];
  plugins.push(config.persistedOperations === "only" ? usePersistedOperationsOnly() : usePersistedDocuments());
  plugins.push(...useAbuseLimits(config));
  if (!givenRedis && config.redisUrl && (config.responseCacheTtlMs > 0 || config.rateLimit > 0)) {
    redis = createRedisClient(config.redisUrl);
    redis.on("error", (err) => logger.warn({ err }, "Redis connection error"));
  }
  const shared = givenRedis ?? redis;
  if (config.rateLimit > 0) {
    const counter = shared ? redisRateCounter(shared, config.redisKeyPrefix) : memoryRateCounter();
    plugins.push(useRateLimit({ limit: config.rateLimit, counter, logger }));
  }
  // After the limits (a refused query never runs) and before the response cache, which wraps the
  // execute step it sets (and adds __typename and id to the selection, both covered).
  if (config.compiledReads) plugins.push(useCompiledReads());
  if (config.responseCacheTtlMs > 0) {
    const cache = createCacheStore({ redis: shared, prefix: config.redisKeyPrefix, logger });
    plugins.push(useAnonymousResponseCache({ ttlMs: config.responseCacheTtlMs, cache, metrics }));
  }
  plugins.push(useErrorCodes((code) => metrics.graphqlErrors.inc({ code })));
  return {
    plugins,
    async dispose() {
      if (redis) await redis.quit().catch(() => redis?.disconnect());
    },
  };
}

/** Yoga's own log calls (masked errors in full, with their stack) through pino. */
export function yogaLogger(logger: Logger): YogaLogger {
  const write =
    (level: "debug" | "info" | "warn" | "error") =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) {
        const originalError = (first as { originalError?: unknown }).originalError;
        logger[level]({ err: first, ...(originalError ? { originalError } : {}) }, first.message);
      } else {
        logger[level]([first, ...rest].map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      }
    };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
