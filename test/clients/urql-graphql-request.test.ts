// urql (@urql/core with graphcache and graphql-ws subscriptions) and graphql-request against a
// listening server, configured as the README's client table says: what their defaults get, and
// what to send.
import { cacheExchange } from "@urql/exchange-graphcache";
import { Client, fetchExchange, subscriptionExchange } from "@urql/core";
import { ClientError, GraphQLClient } from "graphql-request";
import { createClient as createWsClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EngagementChangedDocument,
  OfficeHolderOnDocument,
  RetractDocument,
  ScoTraversalDocument,
  SetEngagementStatusDocument,
} from "../../client/generated/graphql.ts";
import possibleTypesResult from "../../client/generated/possible-types.ts";
import { db, disconnectDb } from "../../src/db.ts";
import { createApiKey } from "../../src/domain/api-keys.ts";
import { type Listening, listen } from "../helpers/listen.ts";

let server: Listening;
let editorKey = "";
beforeAll(async () => {
  server = await listen();
  editorKey = (await createApiKey(db(), { name: "urql editor", role: "EDITOR" })).key;
});
afterAll(async () => {
  await server.close();
  await disconnectDb();
});

const possibleTypes = possibleTypesResult.possibleTypes;
const traversal = { acronym: "SCO", members: 5, engagements: 2 };

/** fetch that records what the client sent. */
function recording() {
  const sent: { method: string; csrf: string | null }[] = [];
  const record: typeof fetch = (input, init) => {
    sent.push({ method: init?.method ?? "GET", csrf: new Headers(init?.headers).get("x-graphql-yoga-csrf") });
    return fetch(input, init);
  };
  return { sent, fetch: record };
}

/** A seeded engagement, its version, and a status it does not have. */
async function engagement() {
  const row = await db().engagement.findFirstOrThrow({ where: { retractedAt: null }, orderBy: { id: "desc" } });
  const other = row.status === "HELD" ? "CANCELLED" : "HELD";
  return { id: Buffer.from(`Engagement:${row.id}`).toString("base64"), version: row.version, other } as const;
}
const officeHolder = { code: "PK", portfolio: "DEFENCE", asOf: "2025-06-25" } as const;

describe("urql", () => {
  it("is refused with 403 on its default GETs (a query that fits in a URL) without the CSRF header, and answered with it", async () => {
    const bare = recording();
    const defaults = new Client({ url: server.url, exchanges: [fetchExchange], fetch: bare.fetch });
    const refused = await defaults.query(OfficeHolderOnDocument, officeHolder).toPromise();
    expect(bare.sent).toEqual([{ method: "GET", csrf: null }]);
    expect(refused.error?.graphQLErrors.map((e) => e.extensions.code)).toEqual(["CSRF_HEADER_REQUIRED"]);

    const withHeader = recording();
    const configured = new Client({
      url: server.url,
      exchanges: [fetchExchange],
      fetch: withHeader.fetch,
      fetchOptions: { headers: { "x-graphql-yoga-csrf": "1" } },
    });
    const answered = await configured.query(OfficeHolderOnDocument, officeHolder).toPromise();
    expect(withHeader.sent).toEqual([{ method: "GET", csrf: "1" }]);
    expect(answered.error).toBeUndefined();
    expect(answered.data?.country?.officeHolders.edges.map((e) => e.node.person.name)).toEqual(["Khawaja Muhammad Asif"]);
  });

  it("normalises the traversal in graphcache without warnings, answers a repeat from the cache, and keeps UserError fields", async () => {
    const warnings: unknown[] = [];
    const sent = recording();
    const client = new Client({
      url: server.url,
      fetch: sent.fetch,
      fetchOptions: () => ({ headers: { "x-graphql-yoga-csrf": "1", authorization: `Bearer ${editorKey}` } }),
      exchanges: [cacheExchange({ possibleTypes, logger: (severity, message) => severity !== "debug" && warnings.push(message) }), fetchExchange],
    });
    const first = await client.query(ScoTraversalDocument, traversal).toPromise();
    expect(first.error).toBeUndefined();
    const again = await client.query(ScoTraversalDocument, traversal).toPromise();
    expect(again.data).toEqual(first.data);
    expect(sent.sent).toHaveLength(1);
    // graphcache warns for every entity it cannot key (an object without id): none here.
    expect(warnings).toEqual([]);

    const { id, version } = await engagement();
    const conflict = await client.mutation(RetractDocument, { id, version: version + 3, reason: "test: stale" }).toPromise();
    expect(conflict.data?.retract).toEqual({
      __typename: "ConflictError",
      code: "CONFLICT",
      message: expect.stringContaining("changed"),
      expectedVersion: version + 3,
      currentVersion: version,
    });
  });

  it("subscribes over graphql-ws through subscriptionExchange", async () => {
    const ws = createWsClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const client = new Client({
      url: server.url,
      fetchOptions: { headers: { "x-graphql-yoga-csrf": "1", authorization: `Bearer ${editorKey}` } },
      exchanges: [
        cacheExchange({ possibleTypes }),
        fetchExchange,
        subscriptionExchange({
          forwardSubscription: (request) => ({
            subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
          }),
        }),
      ],
    });
    const received = new Promise<unknown>((resolve) => {
      const { unsubscribe } = client.subscription(EngagementChangedDocument, {}).subscribe((result) => {
        unsubscribe();
        resolve(result.data);
      });
    });
    await server.subscribers(1);
    const { id, version, other } = await engagement();
    const source = { newSource: { url: "https://example.org/urql-test", title: "urql test", publisher: "Example Wire" } };
    const written = await client.mutation(SetEngagementStatusDocument, { id, status: other, version, source }).toPromise();
    expect(written.data?.setEngagementStatus.__typename).toBe("MutationSetEngagementStatusSuccess");
    expect(await received).toMatchObject({
      engagementChanged: { __typename: "EngagementChange", action: "STATUS_CHANGE", engagement: { id, status: other, version: version + 1 } },
    });
    await ws.dispose();
  });
});

describe("graphql-request", () => {
  it("runs the typed documents over POST, and over GET with the CSRF header only", async () => {
    const client = new GraphQLClient(server.url);
    const data = await client.request(OfficeHolderOnDocument, officeHolder);
    expect(data.country?.officeHolders.edges.map((e) => e.node.person.name)).toEqual(["Khawaja Muhammad Asif"]);

    const get = new GraphQLClient(server.url, { method: "GET", headers: { "x-graphql-yoga-csrf": "1" } });
    expect(await get.request(OfficeHolderOnDocument, officeHolder)).toEqual(data);
    const bare = new GraphQLClient(server.url, { method: "GET" });
    const refused = await bare.request(OfficeHolderOnDocument, officeHolder).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ClientError);
    expect((refused as ClientError).response.status).toBe(403);
  });

  it("gives errors as ClientError with each extensions.code, and the write union's UserError as data", async () => {
    const client = new GraphQLClient(server.url);
    const tooMany = await client.request(`{ countries(first: 500) { totalCount } }`).catch((e: unknown) => e);
    expect((tooMany as ClientError).response.errors?.map((e) => (e as { extensions?: { code?: string } }).extensions?.code)).toEqual([
      "PAGE_SIZE_EXCEEDED",
    ]);
    const { id, version } = await engagement();
    const writer = new GraphQLClient(server.url, { headers: { authorization: `Bearer ${editorKey}` } });
    expect((await writer.request(RetractDocument, { id, version: version + 1, reason: "test: stale" })).retract).toEqual({
      __typename: "ConflictError",
      code: "CONFLICT",
      message: expect.any(String),
      expectedVersion: version + 1,
      currentVersion: version,
    });
  });
});
