// Response cache for anonymous reads (@graphql-yoga/plugin-response-cache).
//
// Only a request without credentials reads or fills the cache. The decision is made from the
// request's headers alone, so every operation of a batched (array) request gets the same answer
// as the request itself: an answer computed for a key holder (an admin's `apiKeys`, say) is never
// stored where an anonymous reader could be served it.
//
// Invalidation does not depend on what a mutation selects: every committed write publishes its
// change events (src/domain/events.ts), and each server empties its cache store when it hears of
// one, before the mutation's answer is sent. With Redis the store is shared, so one instance's
// write empties what every instance would serve. Emptying the whole store (not only the answers
// holding the written entity) also refreshes lists a new row joins and aggregates (stats) that
// hold no entity at all; writes are rare next to reads, so the hit rate pays little for it.
import { type Cache, createInMemoryCache, useResponseCache } from "@graphql-yoga/plugin-response-cache";
import type { Plugin } from "graphql-yoga";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { addChangePublisher } from "../domain/events.ts";
import type { Metrics } from "../observability/metrics.ts";
import { createRedisCache } from "./redis-cache.ts";

/** Every cached answer is also filed under this entity, so one invalidation empties the store. */
export const EVERY_ANSWER = { typename: "__AnyCachedAnswer" } as const;

/** An API key in either header we might be sent one in: such a request is never cached. */
export function carriesCredentials(request: Request): boolean {
  return request.headers.has("authorization") || request.headers.has("x-api-key");
}

export function createCacheStore(options: { redis?: Redis; prefix: string; logger: Logger }): Cache {
  return options.redis ? createRedisCache({ redis: options.redis, prefix: options.prefix, logger: options.logger }) : createInMemoryCache();
}

export function useAnonymousResponseCache({ ttlMs, cache: store, metrics }: { ttlMs: number; cache: Cache; metrics?: Metrics }): Plugin {
  // The cache plugin starts an invalidation without awaiting it. An answer must not leave before
  // an invalidation it caused is done, or the client's next read (on any instance) could still
  // be served the stale answer: track them, and wait for them before the response goes.
  const invalidating = new Set<Promise<unknown>>();
  const invalidate = (entities: Parameters<Cache["invalidate"]>[0]) => {
    const done = Promise.resolve(store.invalidate(entities)).finally(() => invalidating.delete(done));
    invalidating.add(done);
    return done;
  };
  const cache: Cache = {
    get: (key) => store.get(key),
    set: (id, result, entities, ttl) => store.set(id, result, [...entities, EVERY_ANSWER], ttl),
    invalidate,
  };
  // The writer's own process hears its writes here, after the commit and before the mutation
  // resolves (publishChanges awaits every listener).
  const stopListening = addChangePublisher(async (events) => {
    if (events.length) await invalidate([EVERY_ANSWER]);
  });
  const plugin = useResponseCache({
    cache,
    ttl: ttlMs,
    session: () => null, // anonymous reads are the same for everyone
    enabled: (request) => !carriesCredentials(request),
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
      if (!result || Symbol.asyncIterator in result || carriesCredentials(request)) return;
      const hit = (result as Record<symbol, unknown>)[Symbol.for("servedFromResponseCache")] === true;
      metrics.responseCache.inc({ result: hit ? "hit" : "miss" });
    },
    onDispose() {
      stopListening();
    },
  };
}
