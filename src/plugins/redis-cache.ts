// The response cache's store in Redis, shared by every instance of the service. Layout under one
// key prefix: `r:<responseId>` holds a cached answer (with its TTL); `e:<Type>` and
// `e:<Type>:<id>` are sets of the responses that contain such an entity, so invalidating an
// entity (or a whole type) finds its responses without scanning keys.
//
// Redis trouble must not take reads down: a failing command is logged and treated as a miss.
import type { Cache } from "@graphql-yoga/plugin-response-cache";
import { Redis } from "ioredis";
import type { Logger } from "pino";

export function createRedisClient(url: string) {
  return new Redis(url, {
    // Fail commands at once while disconnected instead of queueing them behind a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
  });
}

export function createRedisCache({ redis, prefix, logger }: { redis: Redis; prefix: string; logger: Logger }): Cache {
  const responseKey = (id: string) => `${prefix}r:${id}`;
  const entityKey = (typename: string, id?: string | number) => (id == null ? `${prefix}e:${typename}` : `${prefix}e:${typename}:${id}`);
  const failed = (what: string) => (err: unknown) => {
    logger.warn({ err }, `response cache: Redis ${what} failed`);
    return undefined;
  };
  return {
    async get(id) {
      const raw = await redis.get(responseKey(id)).catch(failed("get"));
      return raw ? JSON.parse(raw) : undefined;
    },
    async set(id, result, entities, ttl) {
      const pipeline = redis.multi();
      const key = responseKey(id);
      if (ttl === Infinity) pipeline.set(key, JSON.stringify(result));
      else pipeline.set(key, JSON.stringify(result), "PX", Math.max(1, Math.round(ttl)));
      const sets = new Set<string>();
      for (const { typename, id: entityId } of entities) {
        sets.add(entityKey(typename));
        if (entityId != null) sets.add(entityKey(typename, entityId));
      }
      for (const set of sets) {
        pipeline.sadd(set, id);
        // The index outlives no answer it points to by much.
        if (ttl !== Infinity) pipeline.pexpire(set, Math.max(1, Math.round(ttl)) * 2);
      }
      await pipeline.exec().catch(failed("set"));
    },
    async invalidate(entities) {
      const sets = [...entities].map(({ typename, id }) => entityKey(typename, id ?? undefined));
      if (sets.length === 0) return;
      try {
        const responses = await redis.sunion(...sets);
        const keys = [...sets, ...responses.map(responseKey)];
        await redis.del(...keys);
      } catch (err) {
        failed("invalidate")(err);
      }
    },
  };
}
