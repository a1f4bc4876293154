// Apollo Client (core, no React) against a listening server, configured as the README says: the
// generated typed documents, InMemoryCache with the generated possibleTypes, the stock
// persisted-query link, and GraphQLWsLink for subscriptions.
import { createHash } from "node:crypto";
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EngagementChangedDocument,
  RetractDocument,
  ScoTraversalDocument,
  SetEngagementStatusDocument,
} from "../../client/generated/graphql.ts";
import possibleTypesResult from "../../client/generated/possible-types.ts";
import { db, disconnectDb } from "../../src/db.ts";
import { createApiKey } from "../../src/domain/api-keys.ts";
import { type Listening, listen } from "../helpers/listen.ts";

let server: Listening;
let persistedOnly: Listening;
let editorKey = "";
beforeAll(async () => {
  [server, persistedOnly] = await Promise.all([listen(), listen({ config: { persistedOperations: "only" } })]);
  editorKey = (await createApiKey(db(), { name: "apollo editor", role: "EDITOR" })).key;
});
afterAll(async () => {
  await Promise.all([server.close(), persistedOnly.close()]);
  await disconnectDb();
});

const possibleTypes = possibleTypesResult.possibleTypes;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function client(url: string, options: { possibleTypes?: boolean; headers?: Record<string, string>; link?: ApolloLink } = {}) {
  const http = new HttpLink({ uri: url, headers: options.headers });
  return new ApolloClient({
    link: options.link ? ApolloLink.from([options.link, http]) : http,
    cache: new InMemoryCache(options.possibleTypes === false ? {} : { possibleTypes }),
  });
}

/** The cache's records by __typename (ROOT_QUERY and ROOT_MUTATION by their own names). */
function recordsByType(apollo: ApolloClient) {
  const counts: Record<string, number> = {};
  for (const [key, record] of Object.entries(apollo.cache.extract() as Record<string, { __typename?: string }>)) {
    const type = key.startsWith("ROOT_") ? key : (record.__typename ?? key);
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/** A seeded engagement with that status, and its current version. */
async function engagementToWrite(status: "SPECULATED" | "HELD" = "HELD") {
  const row = await db().engagement.findFirstOrThrow({ where: { status, retractedAt: null }, orderBy: { id: "asc" } });
  return { id: Buffer.from(`Engagement:${row.id}`).toString("base64"), version: row.version };
}

describe("Apollo Client over HTTP", () => {
  it("normalises the generated traversal into one record per entity, and answers a repeat from the cache", async () => {
    const apollo = client(server.url);
    const { data } = await apollo.query({ query: ScoTraversalDocument, variables: { acronym: "SCO", members: 10, engagements: 3 } });
    expect(data?.organisation?.memberships.totalCount).toBe(10);
    const records = recordsByType(apollo);
    // Every Node in the answer is its own record, participants' countries and people included.
    expect(records).toMatchObject({ ROOT_QUERY: 1, Organisation: 1, Membership: 10 });
    expect(records.Country).toBeGreaterThanOrEqual(10);
    expect(records.Engagement).toBeGreaterThan(0);
    expect(records.Source).toBeGreaterThan(0);
    let requests = 0;
    const counted = new ApolloClient({
      cache: apollo.cache,
      link: new ApolloLink((operation, forward) => {
        requests++;
        return forward(operation);
      }).concat(new HttpLink({ uri: server.url })),
    });
    await counted.query({ query: ScoTraversalDocument, variables: { acronym: "SCO", members: 10, engagements: 3 } });
    expect(requests).toBe(0);
  });

  it("keeps `... on UserError { code message }` of a mutation's error with the generated possibleTypes", async () => {
    const { id, version } = await engagementToWrite();
    const headers = { authorization: `Bearer ${editorKey}` };
    const stale = { id, version: version + 7, reason: "test: a stale version" };
    const withTypes = await client(server.url, { headers }).mutate({ mutation: RetractDocument, variables: stale });
    expect(withTypes.data?.retract).toEqual({
      __typename: "ConflictError",
      code: "CONFLICT",
      message: expect.stringContaining("changed"),
      expectedVersion: version + 7,
      currentVersion: version,
    });
    // Why the README insists: without possibleTypes Apollo silently drops the interface fragment.
    const without = await client(server.url, { headers, possibleTypes: false }).mutate({ mutation: RetractDocument, variables: stale });
    expect(without.data?.retract).toEqual({ __typename: "ConflictError", expectedVersion: version + 7, currentVersion: version });
  });

  it("reads the success branch of a write into the cache, its ValidationError, and refuses an anonymous write", async () => {
    const { id, version } = await engagementToWrite("SPECULATED");
    const apollo = client(server.url, { headers: { authorization: `Bearer ${editorKey}` } });
    const source = { newSource: { url: "https://example.org/apollo-test", title: "Apollo test", publisher: "Example Wire" } };
    const held = await apollo.mutate({ mutation: SetEngagementStatusDocument, variables: { id, status: "HELD", source, version } });
    expect(held.data?.setEngagementStatus).toMatchObject({
      __typename: "MutationSetEngagementStatusSuccess",
      data: { __typename: "Engagement", id, status: "HELD", version: version + 1 },
    });
    // The written engagement is updated in place in the cache, under its global ID.
    expect((apollo.cache.extract() as Record<string, unknown>)[`Engagement:${id}`]).toMatchObject({ status: "HELD", version: version + 1 });
    const again = await apollo.mutate({ mutation: SetEngagementStatusDocument, variables: { id, status: "HELD", source } });
    expect(again.data?.setEngagementStatus).toEqual({
      __typename: "ValidationError",
      code: "VALIDATION_FAILED",
      message: expect.any(String),
    });
    const anonymous = client(server.url).mutate({ mutation: SetEngagementStatusDocument, variables: { id, status: "HELD", source } });
    await expect(anonymous).rejects.toMatchObject({ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "UNAUTHENTICATED" }) })] });
  });

  it("passes CSRF prevention with useGETForQueries as it is: its GETs carry a JSON content type, which a browser preflights", async () => {
    const seen: { method: string; contentType: string | null }[] = [];
    const recording: typeof fetch = (input, init) => {
      seen.push({ method: init?.method ?? "GET", contentType: new Headers(init?.headers).get("content-type") });
      return fetch(input, init);
    };
    const apollo = new ApolloClient({
      link: new HttpLink({ uri: server.url, useGETForQueries: true, fetch: recording }),
      cache: new InMemoryCache({ possibleTypes }),
    });
    const { data } = await apollo.query({ query: ScoTraversalDocument, variables: { acronym: "SCO", members: 2, engagements: 1 } });
    expect(data?.organisation?.name).toBe("Shanghai Cooperation Organisation");
    expect(seen).toEqual([{ method: "GET", contentType: "application/json" }]);
  });
});

describe("Apollo Client against PERSISTED_OPERATIONS=only", () => {
  it("runs the generated documents through the stock persisted-query link (sha256 of the document as sent), normalised", async () => {
    const sent: string[] = [];
    const spy = new ApolloLink((operation, forward) => {
      sent.push(JSON.stringify(operation.extensions));
      return forward(operation);
    });
    const apollo = client(persistedOnly.url, { link: ApolloLink.from([new PersistedQueryLink({ sha256 }), spy]) });
    const { data } = await apollo.query({ query: ScoTraversalDocument, variables: { acronym: "SCO", members: 10, engagements: 2 } });
    expect(data?.organisation?.memberships.totalCount).toBe(10);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/"persistedQuery":\{"version":1,"sha256Hash":"[0-9a-f]{64}"\}/);
    expect(recordsByType(apollo)).toMatchObject({ Organisation: 1, Membership: 10 });
  });

  it("is refused a document that is not in the manifest, with PERSISTED_OPERATION_NOT_FOUND", async () => {
    const { gql } = await import("@apollo/client");
    const apollo = client(persistedOnly.url, { link: new PersistedQueryLink({ sha256 }) });
    await expect(apollo.query({ query: gql`query NotShipped { countries { totalCount } }` })).rejects.toMatchObject({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "PERSISTED_OPERATION_NOT_FOUND" }) })],
    });
  });
});

describe("Apollo Client subscriptions over graphql-ws", () => {
  it("receives an engagement change written after it subscribed, through GraphQLWsLink", async () => {
    const ws = createClient({ url: server.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
    const apollo = new ApolloClient({ link: new GraphQLWsLink(ws), cache: new InMemoryCache({ possibleTypes }) });
    const { id, version } = await engagementToWrite("HELD");
    const received = new Promise<unknown>((resolve, reject) => {
      const subscription = apollo.subscribe({ query: EngagementChangedDocument }).subscribe({
        next: (result) => {
          subscription.unsubscribe();
          resolve(result.data);
        },
        error: reject,
      });
    });
    await server.subscribers();
    const writer = client(server.url, { headers: { authorization: `Bearer ${editorKey}` } });
    const source = { source: "https://example.org/apollo-test" };
    const written = await writer.mutate({ mutation: SetEngagementStatusDocument, variables: { id, status: "CANCELLED", source, version } });
    expect(written.data?.setEngagementStatus.__typename).toBe("MutationSetEngagementStatusSuccess");
    expect(await received).toMatchObject({
      engagementChanged: {
        __typename: "EngagementChange",
        action: "STATUS_CHANGE",
        engagement: { __typename: "Engagement", id, status: "CANCELLED", version: version + 1 },
      },
    });
    await ws.dispose();
  });
});
