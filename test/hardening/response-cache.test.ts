// The response cache across two service instances sharing Redis (REDIS_URL, 127.0.0.1:6379 on
// these machines and in CI), on the real schema with real API keys: what one instance caches the
// other serves; nothing computed for a key holder is ever stored, batched requests included; and
// every committed write, whatever its mutation selects, empties what both instances would serve.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../../src/db.ts";
import { createApiKey } from "../../src/domain/api-keys.ts";
import { createServer, exampleQuery } from "../../src/yoga.ts";
import { execute, type Yoga } from "../helpers/graphql.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `summitry:test:${randomBytes(4).toString("hex")}:`;
let redisA: Redis;
let redisB: Redis;
let editorKey = "";
let adminKey = "";
const as = (key: string) => ({ authorization: `Bearer ${key}` });
const servers: Yoga[] = [];

beforeAll(async () => {
  redisA = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redisB = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await Promise.all([redisA.connect(), redisB.connect()]);
  editorKey = (await createApiKey(db(), { name: "cache editor", role: "EDITOR" })).key;
  adminKey = (await createApiKey(db(), { name: "cache admin", role: "ADMIN" })).key;
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.dispose()));
  const keys = await redisA.keys(`${prefix}*`);
  if (keys.length) await redisA.del(...keys);
  await Promise.all([redisA.quit(), redisB.quit()]);
  await disconnectDb();
});

/** Two instances, as behind a load balancer: separate processes in production, one here. */
function twoInstances() {
  const config = { responseCacheTtlMs: 60_000, redisKeyPrefix: prefix };
  const pair = [createServer({ config, redis: redisA }), createServer({ config, redis: redisB })] as const;
  servers.push(...pair);
  return pair;
}

/** POST a batched (array) request and return the parsed answers. */
async function batch(yoga: Yoga, operations: { query: string; variables?: Record<string, unknown> }[], headers: Record<string, string> = {}) {
  const response = await yoga.fetch("http://summitry.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: JSON.stringify(operations),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any>[] };
}

const ENGAGEMENT = `{ engagement(slug: "qingdao-2025-dong-jun-khawaja-asif") { id title version } }`;
const API_KEYS = `{ apiKeys(first: 10) { edges { node { name prefix role } } } }`;
const anonymousApiKeys = {
  status: 200,
  data: null,
  errors: [
    {
      message: "Writing needs an API key: send Authorization: Bearer <key>.",
      locations: [{ line: 1, column: 3 }],
      path: ["apiKeys"],
      extensions: { code: "UNAUTHENTICATED" },
    },
  ],
  // An answer with errors is never stored.
  extensions: { responseCache: { hit: false, didCache: false } },
};

async function readEngagement(yoga: Yoga) {
  return (await execute<any>(yoga, ENGAGEMENT)).data!.engagement as { id: string; title: string; version: number };
}

describe("response cache shared through Redis by two instances", () => {
  it("serves on instance B what instance A cached, for the README traversal", async () => {
    const [a, b] = twoInstances();
    const first = await execute(a, exampleQuery);
    const second = await execute(b, exampleQuery);
    expect(first.extensions).toEqual({ responseCache: { hit: false, didCache: true, ttl: 60_000 } });
    expect(second.extensions).toEqual({ responseCache: { hit: true } });
    expect(second.data).toEqual(first.data);
  });

  it("never stores an admin's answer, even in a batch that starts with a mutation", async () => {
    const [a, b] = twoInstances();
    expect(await execute(b, API_KEYS)).toEqual(anonymousApiKeys);
    const createSource = `mutation { createSource(input: { url: "https://example.org/cache-leak", title: "Leak", publisher: "Example" }) { __typename } }`;
    const admin = await batch(a, [{ query: createSource }, { query: API_KEYS }], as(adminKey));
    expect(admin.status).toBe(200);
    expect(admin.body[0]).toEqual({ data: { createSource: { __typename: "MutationCreateSourceSuccess" } } });
    expect(admin.body[1]!.data.apiKeys.edges.map((e: any) => e.node.name)).toEqual(["cache admin", "cache editor"]);
    // Neither instance serves the admin's list to an anonymous reader.
    expect(await execute(b, API_KEYS)).toEqual(anonymousApiKeys);
    expect(await execute(a, API_KEYS)).toEqual(anonymousApiKeys);
  });

  it("stores nothing for a keyed read, and serves a keyed read nothing from the cache", async () => {
    const [a, b] = twoInstances();
    const one = `{ country(code: "KZ") { name } }`;
    expect(await execute(a, one, undefined, as(editorKey))).toEqual({ status: 200, data: { country: { name: "Kazakhstan" } } });
    expect((await execute(b, one)).extensions).toEqual({ responseCache: { hit: false, didCache: true, ttl: 60_000 } });
    expect(await execute(a, one, undefined, as(editorKey))).toEqual({ status: 200, data: { country: { name: "Kazakhstan" } } });
    expect((await execute(a, one)).extensions).toEqual({ responseCache: { hit: true } });
    // An x-api-key header counts as a credential too.
    expect(await execute(a, one, undefined, { "x-api-key": "anything" })).toEqual({ status: 200, data: { country: { name: "Kazakhstan" } } });
  });

  it("invalidates on both instances after a write batched behind a query", async () => {
    const [a, b] = twoInstances();
    const before = await readEngagement(a);
    expect((await execute(b, ENGAGEMENT)).extensions).toEqual({ responseCache: { hit: true } });
    const update = `mutation($id: ID!, $version: Int!) { updateEngagement(id: $id, version: $version, input: { title: "Renamed in a batch" }) {
      __typename ... on MutationUpdateEngagementSuccess { data { title } } } }`;
    const editor = await batch(b, [{ query: ENGAGEMENT }, { query: update, variables: { id: before.id, version: before.version } }], as(editorKey));
    expect(editor.body[1]).toEqual({ data: { updateEngagement: { __typename: "MutationUpdateEngagementSuccess", data: { title: "Renamed in a batch" } } } });
    const after = await execute<any>(a, ENGAGEMENT);
    expect(after.data!.engagement.title).toBe("Renamed in a batch");
    expect(after.extensions).toEqual({ responseCache: { hit: false, didCache: true, ttl: 60_000 } });
  });

  it("invalidates after a mutation that selects only __typename", async () => {
    const [a, b] = twoInstances();
    const before = await readEngagement(b);
    expect((await execute(a, ENGAGEMENT)).extensions).toEqual({ responseCache: { hit: true } });
    const result = await execute(
      a,
      `mutation($id: ID!, $version: Int!) { updateEngagement(id: $id, version: $version, input: { title: "Renamed quietly" }) { __typename } }`,
      { id: before.id, version: before.version },
      as(editorKey),
    );
    expect(result).toEqual({ status: 200, data: { updateEngagement: { __typename: "MutationUpdateEngagementSuccess" } } });
    expect((await readEngagement(b)).title).toBe("Renamed quietly");
  });

  it("shows a new row in a list cached before it was written", async () => {
    const [a, b] = twoInstances();
    const list = `{ countries(filter: { region: "Testland" }) { totalCount edges { node { code } } } }`;
    expect((await execute(a, list)).data).toEqual({ countries: { totalCount: 0, edges: [] } });
    expect((await execute(b, list)).extensions).toEqual({ responseCache: { hit: true } });
    const created = await execute(
      b,
      `mutation { createCountry(input: { code: "XT", alpha3: "XTT", name: "Testland", region: "Testland" }) { __typename } }`,
      undefined,
      as(editorKey),
    );
    expect(created.data).toEqual({ createCountry: { __typename: "MutationCreateCountrySuccess" } });
    expect((await execute(a, list)).data).toEqual({ countries: { totalCount: 1, edges: [{ node: { code: "XT" } }] } });
  });

  it("keeps answering, uncached, when Redis cannot be reached", async () => {
    const unreachable = new Redis("redis://127.0.0.1:1", { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    unreachable.on("error", () => {});
    const yoga = createServer({ config: { responseCacheTtlMs: 60_000, redisKeyPrefix: prefix }, redis: unreachable });
    servers.push(yoga);
    for (let i = 0; i < 2; i++) {
      const result = await execute(yoga, `{ country(code: "KZ") { name } }`);
      expect(result.data).toEqual({ country: { name: "Kazakhstan" } });
      expect(result.extensions).toEqual({ responseCache: { hit: false, didCache: true, ttl: 60_000 } });
    }
    unreachable.disconnect();
  });
});
