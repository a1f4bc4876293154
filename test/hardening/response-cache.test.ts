// The response cache across two service instances sharing Redis (REDIS_URL, 127.0.0.1:6379 on
// these machines and in CI): what one instance caches the other serves; a mutation on one
// invalidates, by type and id, what both would serve; requests with an API key bypass the cache.
// Mutations of the real schema are still being written (issue 4), so invalidation is shown on a
// small test-only schema with one; cross-instance hits are also shown on the real schema.
import { randomBytes } from "node:crypto";
import type { GraphQLSchema } from "graphql";
import { createSchema } from "graphql-yoga";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../../src/db.ts";
import { createServer, exampleQuery } from "../../src/yoga.ts";
import { execute } from "../helpers/graphql.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `summitry:test:${randomBytes(4).toString("hex")}:`;
let redisA: Redis;
let redisB: Redis;

beforeAll(async () => {
  redisA = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redisB = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await Promise.all([redisA.connect(), redisB.connect()]);
});

afterAll(async () => {
  const keys = await redisA.keys(`${prefix}*`);
  if (keys.length) await redisA.del(...keys);
  await Promise.all([redisA.quit(), redisB.quit()]);
  await disconnectDb();
});

/** Two instances, as behind a load balancer: separate processes in production, one here. */
function twoInstances(schema?: GraphQLSchema) {
  const config = { responseCacheTtlMs: 60_000, redisKeyPrefix: prefix };
  return [createServer({ config, schema, redis: redisA }), createServer({ config, schema, redis: redisB })] as const;
}

/** The shared database of the test-only schema. */
const engagements = new Map([
  ["e1", { id: "e1", title: "Dong Jun and Khawaja Asif bilateral meeting", status: "SCHEDULED" }],
  ["e2", { id: "e2", title: "Possible India-Pakistan encounter at Qingdao", status: "SPECULATED" }],
]);
const testSchema = createSchema({
  typeDefs: /* GraphQL */ `
    type Engagement { id: ID! title: String! status: String! }
    type Query { engagements: [Engagement!]! engagement(id: ID!): Engagement }
    type Mutation { setEngagementStatus(id: ID!, status: String!): Engagement }
  `,
  resolvers: {
    Query: { engagements: () => [...engagements.values()], engagement: (_: unknown, { id }: { id: string }) => engagements.get(id) },
    Mutation: {
      setEngagementStatus: (_: unknown, { id, status }: { id: string; status: string }) => {
        const engagement = engagements.get(id)!;
        engagement.status = status;
        return engagement;
      },
    },
  },
});

describe("response cache shared through Redis by two instances", () => {
  it("serves on instance B what instance A cached, for the README traversal on the real schema", async () => {
    const [a, b] = twoInstances();
    const first = await execute(a, exampleQuery);
    const second = await execute(b, exampleQuery);
    expect(first.extensions).toEqual({ responseCache: { hit: false, didCache: true, ttl: 60_000 } });
    expect(second.extensions).toEqual({ responseCache: { hit: true } });
    expect(second.data).toEqual(first.data);
  });

  it("invalidates on both instances, by type and id, what a mutation on one of them changed", async () => {
    const [a, b] = twoInstances(testSchema);
    const list = `{ engagements { title status } }`;
    expect(await execute(a, list)).toEqual({
      status: 200,
      data: {
        engagements: [
          { title: "Dong Jun and Khawaja Asif bilateral meeting", status: "SCHEDULED" },
          { title: "Possible India-Pakistan encounter at Qingdao", status: "SPECULATED" },
        ],
      },
      extensions: { responseCache: { hit: false, didCache: true, ttl: 60_000 } },
    });
    expect((await execute(b, list)).extensions).toEqual({ responseCache: { hit: true } });

    const mutation = await execute(b, `mutation { setEngagementStatus(id: "e1", status: "HELD") { id status } }`, undefined, {
      authorization: "Bearer editor-key",
    });
    expect(mutation).toEqual({
      status: 200,
      data: { setEngagementStatus: { id: "e1", status: "HELD" } },
      extensions: { responseCache: { invalidatedEntities: [{ typename: "Engagement", id: "e1" }] } },
    });

    expect(await execute(a, list)).toEqual({
      status: 200,
      data: {
        engagements: [
          { title: "Dong Jun and Khawaja Asif bilateral meeting", status: "HELD" },
          { title: "Possible India-Pakistan encounter at Qingdao", status: "SPECULATED" },
        ],
      },
      extensions: { responseCache: { hit: false, didCache: true, ttl: 60_000 } },
    });
  });

  it("neither serves nor stores answers for requests that carry an Authorization header", async () => {
    const [a, b] = twoInstances(testSchema);
    const one = `{ engagement(id: "e2") { title status } }`;
    const withKey = { authorization: "Bearer editor-key" };
    expect(await execute(a, one, undefined, withKey)).toEqual({
      status: 200,
      data: { engagement: { title: "Possible India-Pakistan encounter at Qingdao", status: "SPECULATED" } },
    });
    // Not stored by the keyed request: the anonymous one is a miss.
    expect((await execute(b, one)).extensions).toEqual({ responseCache: { hit: false, didCache: true, ttl: 60_000 } });
    // Stored now, but a keyed request still goes to the resolvers.
    expect((await execute(a, one, undefined, withKey)).extensions).toBeUndefined();
    expect((await execute(a, one)).extensions).toEqual({ responseCache: { hit: true } });
  });

  it("keeps answering, uncached, when Redis cannot be reached", async () => {
    const unreachable = new Redis("redis://127.0.0.1:1", { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    unreachable.on("error", () => {});
    const yoga = createServer({ config: { responseCacheTtlMs: 60_000, redisKeyPrefix: prefix }, schema: testSchema, redis: unreachable });
    for (let i = 0; i < 2; i++) {
      const result = await execute(yoga, `{ engagement(id: "e2") { status } }`);
      expect(result.data).toEqual({ engagement: { status: "SPECULATED" } });
      expect(result.extensions).toEqual({ responseCache: { hit: false, didCache: true, ttl: 60_000 } });
    }
    unreachable.disconnect();
  });
});
