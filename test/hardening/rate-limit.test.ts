// Rate limits (RATE_LIMIT points per client per minute, cost-weighted), through yoga.fetch: past
// the budget an operation is refused with 429, Retry-After and RATE_LIMITED; clients are counted
// apart (by API key, else by address); with Redis the budget holds across instances.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../../src/db.ts";
import { createApiKey } from "../../src/domain/api-keys.ts";
import { pointsFor } from "../../src/plugins/rate-limit.ts";
import { createServer } from "../../src/yoga.ts";
import type { Yoga } from "../helpers/graphql.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `summitry:test:${randomBytes(4).toString("hex")}:`;
let redis: Redis;
let redisB: Redis;
let editorKey = "";
const servers: Yoga[] = [];

beforeAll(async () => {
  redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redisB = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await Promise.all([redis.connect(), redisB.connect()]);
  editorKey = (await createApiKey(db(), { name: "rate editor", role: "EDITOR" })).key;
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.dispose()));
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await Promise.all([redis.quit(), redisB.quit()]);
  await disconnectDb();
});

function server(config: Record<string, unknown>, client?: Redis) {
  const yoga = createServer({ config: { trustProxy: true, redisKeyPrefix: prefix, ...config }, redis: client });
  servers.push(yoga);
  return yoga;
}

async function ask(yoga: Yoga, query: string, headers: Record<string, string>) {
  const response = await yoga.fetch("http://summitry.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as any };
}

// 100 countries, three objects each (edges, edge, node): 300 objects, 1 point.
const SMALL = `{ countries(first: 100) { edges { node { code } } } }`;
// 100 organisations x 100 memberships: 40,300 objects, 41 points.
const LARGE = `{ organisations(first: 100) { edges { node { memberships(first: 100) { edges { node { country { code } } } } } } } }`;

describe("rate limits", () => {
  it("weighs operations by their estimated cost: 1 point, plus 1 per thousand objects", () => {
    expect([pointsFor(0), pointsFor(300), pointsFor(999), pointsFor(1000), pointsFor(40_300)]).toEqual([1, 1, 1, 2, 41]);
  });

  it("refuses an operation past the budget with 429, Retry-After and RATE_LIMITED, before it runs", async () => {
    const yoga = server({ rateLimit: 50 });
    const client = { "x-forwarded-for": "203.0.113.7" };
    const first = await ask(yoga, LARGE, client);
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    const second = await ask(yoga, LARGE, client);
    expect(second.status).toBe(429);
    expect(Number(second.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(second.retryAfter)).toBeLessThanOrEqual(60);
    expect(second.body).toEqual({
      errors: [
        {
          message: `Rate limit of 50 points per minute exceeded (this operation costs 41); retry in ${second.retryAfter} s.`,
          extensions: { code: "RATE_LIMITED", limit: 50, retryAfter: Number(second.retryAfter) },
        },
      ],
    });
    // Another address has its own budget; so does an API key, even from the same address.
    expect((await ask(yoga, SMALL, { "x-forwarded-for": "203.0.113.8" })).status).toBe(200);
    expect((await ask(yoga, SMALL, { ...client, authorization: `Bearer ${editorKey}` })).status).toBe(200);
  });

  it("ignores X-Forwarded-For unless TRUST_PROXY is set", async () => {
    const yoga = server({ rateLimit: 50, trustProxy: false });
    expect((await ask(yoga, LARGE, { "x-forwarded-for": "198.51.100.1" })).status).toBe(200);
    // A forged header does not buy a fresh budget: both requests are the same (socket) client.
    expect((await ask(yoga, LARGE, { "x-forwarded-for": "198.51.100.2" })).status).toBe(429);
  });

  it("shares one budget across instances through Redis", async () => {
    const a = server({ rateLimit: 50 }, redis);
    const b = server({ rateLimit: 50 }, redisB);
    const client = { "x-forwarded-for": "192.0.2.44" };
    expect((await ask(a, LARGE, client)).status).toBe(200);
    expect((await ask(b, LARGE, client)).status).toBe(429);
    expect((await ask(b, SMALL, { "x-forwarded-for": "192.0.2.45" })).status).toBe(200);
  });

  it("limits nothing with RATE_LIMIT=0", async () => {
    const yoga = server({ rateLimit: 0 });
    for (let i = 0; i < 3; i++) expect((await ask(yoga, LARGE, { "x-forwarded-for": "192.0.2.99" })).status).toBe(200);
  });
});
