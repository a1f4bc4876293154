// Bounds on live updates: open subscription streams per client and in all (MAX_SUBSCRIPTIONS_PER_CLIENT,
// MAX_SUBSCRIPTIONS), and a fan-out whose cost does not grow with subscribers on the writer's
// path: one shared read of the payload per write, delivered after the write has answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb, sqlStatements } from "../../src/db.ts";
import { createApiKey } from "../../src/domain/api-keys.ts";
import { createChangePubSub } from "../../src/pubsub.ts";
import { createServer } from "../../src/yoga.ts";
import type { Yoga } from "../helpers/graphql.ts";

let editorKey = "";
const open: ReadableStreamDefaultReader<string>[] = [];
const servers: Yoga[] = [];

beforeAll(async () => {
  editorKey = (await createApiKey(db(), { name: "subscription editor", role: "EDITOR" })).key;
});

afterAll(async () => {
  await Promise.all(open.map((r) => r.cancel().catch(() => {})));
  await Promise.all(servers.map((s) => s.dispose()));
  await disconnectDb();
});

function server(config: Record<string, unknown>) {
  const yoga = createServer({ config: { trustProxy: true, ...config } });
  servers.push(yoga);
  return yoga;
}

/** Open an SSE subscription and read its first message: the result, or the error that refused it. */
async function subscribe(yoga: Yoga, query: string, address: string) {
  const response = await yoga.fetch("http://summitry.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", "x-forwarded-for": address },
    body: JSON.stringify({ query }),
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  open.push(reader);
  let buffer = "";
  const next = async (): Promise<any> => {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("");
        if (block.includes("event: next") && data) return JSON.parse(data);
        continue;
      }
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 5_000));
      const read = await Promise.race([reader.read(), timeout]);
      if (read === "timeout" || read.done) return undefined;
      buffer += read.value;
    }
  };
  return { status: response.status, next, close: () => reader.cancel() };
}

const FACTS = `subscription { factChanged { entityType } }`;
const refusedPerClient = {
  errors: [
    {
      message: "At most 2 open subscriptions per client; close one first.",
      locations: [{ line: 1, column: 16 }],
      path: ["factChanged"],
      extensions: { code: "TOO_MANY_SUBSCRIPTIONS", maximum: 2 },
    },
  ],
};

describe("subscription bounds", () => {
  it("refuses a client's subscription past MAX_SUBSCRIPTIONS_PER_CLIENT, and takes it again once one closes", async () => {
    const yoga = server({ maxSubscriptionsPerClient: 2 });
    const a = await subscribe(yoga, FACTS, "203.0.113.1");
    const b = await subscribe(yoga, FACTS, "203.0.113.1");
    const c = await subscribe(yoga, FACTS, "203.0.113.1");
    expect(c.status).toBe(200);
    expect(await c.next()).toEqual(refusedPerClient);
    // Another client is not held back by this one.
    const other = await subscribe(yoga, FACTS, "203.0.113.2");
    await b.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await subscribe(yoga, FACTS, "203.0.113.1");
    // Open streams send no message until something is written: write one row and see both get it.
    const source = await yoga.fetch("http://summitry.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${editorKey}` },
      body: JSON.stringify({ query: `mutation { createSource(input: { url: "https://example.org/bounds", title: "Bounds", publisher: "Example" }) { __typename } }` }),
    });
    expect(await source.json()).toEqual({ data: { createSource: { __typename: "MutationCreateSourceSuccess" } } });
    expect(await again.next()).toEqual({ data: { factChanged: { entityType: "Source" } } });
    expect(await other.next()).toEqual({ data: { factChanged: { entityType: "Source" } } });
    expect(await a.next()).toEqual({ data: { factChanged: { entityType: "Source" } } });
  });

  it("refuses any subscription past MAX_SUBSCRIPTIONS on the instance", async () => {
    const yoga = server({ maxSubscriptions: 2 });
    await subscribe(yoga, FACTS, "198.51.100.1");
    await subscribe(yoga, FACTS, "198.51.100.2");
    const third = await subscribe(yoga, FACTS, "198.51.100.3");
    expect(await third.next()).toEqual({
      errors: [
        {
          message: "This server holds at most 2 open subscriptions; try again later.",
          locations: [{ line: 1, column: 16 }],
          path: ["factChanged"],
          extensions: { code: "TOO_MANY_SUBSCRIPTIONS", maximum: 2 },
        },
      ],
    });
  });
});

describe("fan-out", () => {
  /** Engagement reads (SELECTs) of one update and its delivery to `n` subscribers. */
  async function readsForOneWrite(n: number, title: string): Promise<number> {
    const yoga = server({ maxSubscriptionsPerClient: 100 });
    const query = `subscription { engagementChanged(countries: ["PK"]) { action engagement { title } } }`;
    const subscribers = await Promise.all(Array.from({ length: n }, (_, i) => subscribe(yoga, query, `192.0.2.${i + 1}`)));
    const engagement = await db().engagement.findUniqueOrThrow({ where: { slug: "qingdao-2025-dong-jun-khawaja-asif" } });
    const id = Buffer.from(`Engagement:${engagement.id}`).toString("base64");
    sqlStatements.keepLog = true;
    sqlStatements.log.length = 0;
    const update = await yoga.fetch("http://summitry.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${editorKey}` },
      body: JSON.stringify({
        query: `mutation($id: ID!, $v: Int!) { updateEngagement(id: $id, version: $v, input: { title: "${title}" }) { __typename } }`,
        variables: { id, v: engagement.version },
      }),
    });
    expect(await update.json()).toEqual({ data: { updateEngagement: { __typename: "MutationUpdateEngagementSuccess" } } });
    const received = await Promise.all(subscribers.map((s) => s.next()));
    sqlStatements.keepLog = false;
    expect(received).toEqual(subscribers.map(() => ({ data: { engagementChanged: { action: "UPDATE", engagement: { title } } } })));
    await Promise.all(subscribers.map((s) => s.close()));
    return sqlStatements.log.filter((sql) => /^SELECT/.test(sql.trim()) && /"Engagement"/.test(sql)).length;
  }

  it("reads a write's payload once for all its subscribers: 20 subscribers cost the reads of one", async () => {
    const one = await readsForOneWrite(1, "Fan-out to one");
    const twenty = await readsForOneWrite(20, "Fan-out to twenty");
    expect(twenty).toBe(one);
  });

  it("delivers after the writer's publish has returned, on a later turn of the event loop", async () => {
    const pubsub = createChangePubSub();
    const events = pubsub.subscribe();
    const first = events.next();
    let delivered = false;
    void first.then(() => (delivered = true));
    pubsub.publish([{ changeId: "1", entityType: "Source", entityId: 1, action: "CREATE", countries: [], at: new Date().toISOString() }]);
    await Promise.resolve();
    expect(delivered).toBe(false);
    expect((await first).value).toMatchObject({ changeId: "1", entityType: "Source" });
    await pubsub.close();
  });
});
