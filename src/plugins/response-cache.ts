// Response cache for anonymous reads (@graphql-yoga/plugin-response-cache). An answer is cached
// with the entities (type + id) it contains; a mutation whose result contains an entity
// invalidates every cached answer holding it, on every instance when the store is Redis.
//
// Requests that carry an Authorization header (API keys of editors) neither read nor fill the
// cache, so a writer always sees the database - but their mutations still invalidate it.
// A newly created entity cannot invalidate the lists it will appear in (no cached answer holds
// it yet): such lists refresh when their TTL ends (RESPONSE_CACHE_TTL_MS).
import { type Cache, createInMemoryCache, useResponseCache } from "@graphql-yoga/plugin-response-cache";
import { getOperationAST, parse } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Metrics } from "../observability/metrics.ts";
import { createRedisCache } from "./redis-cache.ts";

const isMutationByRequest = new WeakMap<Request, boolean>();

function isMutation(request: Request, params: { query?: string; operationName?: string } | undefined): boolean {
  const known = isMutationByRequest.get(request);
  if (known !== undefined) return known;
  // Asked again once the parameters are known (before execution); do not remember "no query yet".
  if (!params?.query) return false;
  let mutation = false;
  try {
    mutation = getOperationAST(parse(params.query), params.operationName)?.operation === "mutation";
  } catch {
    // Unparseable: it will fail on its own; it is not a mutation to invalidate with.
  }
  isMutationByRequest.set(request, mutation);
  return mutation;
}

export function createCacheStore(options: { redis?: Redis; prefix: string; logger: Logger }): Cache {
  return options.redis ? createRedisCache({ redis: options.redis, prefix: options.prefix, logger: options.logger }) : createInMemoryCache();
}

export function useAnonymousResponseCache({ ttlMs, cache: store, metrics }: { ttlMs: number; cache: Cache; metrics?: Metrics }): Plugin {
  // The cache plugin starts an invalidation without awaiting it. A mutation's answer must not
  // leave before its invalidation is done, or the client's next read (on any instance) could
  // still be served the stale answer: track them, and wait for them before the response goes.
  const invalidating = new Set<Promise<unknown>>();
  const cache: Cache = {
    get: (key) => store.get(key),
    set: (...args) => store.set(...args),
    invalidate(entities) {
      const done = Promise.resolve(store.invalidate(entities)).finally(() => invalidating.delete(done));
      invalidating.add(done);
      return done;
    },
  };
  const plugin = useResponseCache({
    cache,
    ttl: ttlMs,
    session: () => null, // anonymous reads are the same for everyone
    enabled: (request, context) =>
      !request.headers.has("authorization") || isMutation(request, (context as { params?: { query?: string; operationName?: string } }).params),
    // The cache adds __typename and id to every selection it stores; our global IDs are the ids.
    idFields: ["id"],
    includeExtensionMetadata: process.env.NODE_ENV !== "production",
  });
  return {
    ...plugin,
    async onResultProcess() {
      if (invalidating.size) await Promise.allSettled([...invalidating]);
    },
    onExecutionResult({ request, result }) {
      if (!metrics) return;
      if (!result || Symbol.asyncIterator in result || request.headers.has("authorization")) return;
      const hit = (result as Record<symbol, unknown>)[Symbol.for("servedFromResponseCache")] === true;
      metrics.responseCache.inc({ result: hit ? "hit" : "miss" });
    },
  };
}
