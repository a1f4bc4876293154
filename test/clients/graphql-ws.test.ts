// GraphQL over WebSocket (graphql-ws) on /graphql of a listening server, driven by the real
// graphql-ws client: subscriptions fed by real writes, the API key in connectionParams with the
// rules of HTTP, the same limits and error codes as over HTTP and SSE, the origin check, the
// persisted-only mode, and shutdown.
import { type Client, createClient, type SubscribePayload } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../../src/db.ts";
import { createApiKey } from "../../src/domain/api-keys.ts";
import { loadManifest } from "../../src/plugins/persisted-operations.ts";
import { EngagementChangedDocument } from "../../client/generated/graphql.ts";
import { type Listening, listen } from "../helpers/listen.ts";

let server: Listening;
let editorKey = "";
const clients: Client[] = [];
beforeAll(async () => {
  server = await listen();
  editorKey = (await createApiKey(db(), { name: "ws editor", role: "EDITOR" })).key;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server.close();
  await disconnectDb();
});

function connect(options: { url?: string; connectionParams?: Record<string, unknown>; origin?: string } = {}) {
  const headers = options.origin ? { origin: options.origin } : undefined;
  const client = createClient({
    url: options.url ?? server.wsUrl,
    retryAttempts: 0,
    connectionParams: options.connectionParams,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    },
  });
  clients.push(client);
  return client;
}

/** The first result of an operation, or what the server refused it with (errors or a close event). */
async function first(client: Client, payload: SubscribePayload, ms = 5_000): Promise<unknown> {
  const iterator = client.iterate(payload);
  let timer: NodeJS.Timeout | undefined;
  try {
    const next = iterator.next().then(
      (r) => r.value as unknown,
      (e: unknown) => (Array.isArray(e) ? { refused: e } : { closed: (e as { code?: number }).code ?? String(e) }),
    );
    return await Promise.race([next, new Promise((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)))]);
  } finally {
    clearTimeout(timer);
    void iterator.return?.();
  }
}

const SET_STATUS = `mutation ($id: ID!, $status: EngagementStatus!, $version: Int, $source: CitationInput!) {
  setEngagementStatus(id: $id, status: $status, version: $version, source: $source) {
    __typename ... on MutationSetEngagementStatusSuccess { data { id status version } } ... on UserError { code }
  }
}`;

let sources = 0;
/** A new source for each write (a URL names one source). */
const newSource = () => ({ newSource: { url: `https://example.org/ws-test/${++sources}`, title: "WebSocket test", publisher: "Example Wire" } });

/** A seeded engagement with Pakistan among its participants, its version, and a status it does not have. */
async function pakistanEngagement() {
  const row = await db().engagement.findFirstOrThrow({
    where: { retractedAt: null, participants: { some: { country: { is: { code: "PK" } } } } },
    orderBy: { id: "asc" },
  });
  const other = row.status === "HELD" ? "CANCELLED" : "HELD";
  return { id: Buffer.from(`Engagement:${row.id}`).toString("base64"), version: row.version, other };
}

describe("subscriptions over graphql-ws", () => {
  it("delivers an engagement change to a filtered subscription, written by a mutation on another socket with a key", async () => {
    const reader = connect();
    const events = reader.iterate({ query: `subscription { engagementChanged(countries: ["PK"]) { action engagement { id status version } } }` });
    const received = events.next();
    await server.subscribers(1);
    const { id, version, other } = await pakistanEngagement();
    const writer = connect({ connectionParams: { authorization: `Bearer ${editorKey}` } });
    expect(await first(writer, { query: SET_STATUS, variables: { id, status: other, version, source: newSource() } })).toEqual({
      data: { setEngagementStatus: { __typename: "MutationSetEngagementStatusSuccess", data: { id, status: other, version: version + 1 } } },
    });
    expect((await received).value).toEqual({
      data: { engagementChanged: { action: "STATUS_CHANGE", engagement: { id, status: other, version: version + 1 } } },
    });
    await events.return?.();
  });

  it("applies the HTTP key rules: anonymous and unknown keys read and subscribe, but may not write", async () => {
    const { id } = await pakistanEngagement();
    const unauthenticated = {
      data: null,
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "UNAUTHENTICATED" }) })],
    };
    for (const connectionParams of [undefined, { authorization: "Bearer smy_not-a-key" }, { authorization: "not even bearer" }]) {
      const client = connect({ connectionParams });
      expect(await first(client, { query: SET_STATUS, variables: { id, status: "CANCELLED", source: newSource() } })).toMatchObject(unauthenticated);
      expect(await first(client, { query: `{ country(code: "PK") { name } }` })).toEqual({ data: { country: { name: "Pakistan" } } });
    }
  });

  it("refuses what HTTP refuses, with the same codes: parse and validation errors, an unknown country, the limits", async () => {
    const client = connect();
    const refusedWith = (code: string) => ({ refused: [expect.objectContaining({ extensions: expect.objectContaining({ code }) })] });
    expect(await first(client, { query: "subscription { factChanged {" })).toMatchObject(refusedWith("GRAPHQL_PARSE_FAILED"));
    expect(await first(client, { query: "subscription { nope }" })).toMatchObject(refusedWith("GRAPHQL_VALIDATION_FAILED"));
    const deep = `subscription { engagementChanged { engagement { summit { organisation { memberships { edges { node { country {
      engagements { edges { node { summit { organisation { memberships { edges { node { country { engagements { edges { node {
      summit { name } } } } } } } } } } } } } } } } } } } } } }`;
    expect(await first(client, { query: deep })).toMatchObject(refusedWith("DEPTH_LIMIT_EXCEEDED"));
    const costly = `subscription { engagementChanged { engagement { participants(first: 100) { edges { node { country {
      engagements(first: 100) { edges { node { participants(first: 100) { edges { node { role } } } } } } } } } } } } }`;
    expect(await first(client, { query: costly })).toMatchObject({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "COST_LIMIT_EXCEEDED" }) })],
    });
    expect(await first(client, { query: `subscription { engagementChanged(countries: ["XX"]) { action } }` })).toMatchObject({
      errors: [expect.objectContaining({ extensions: { code: "UNKNOWN_COUNTRY", codes: ["XX"] } })],
    });
    // The socket outlives refused operations: the client goes on using it.
    expect(await first(client, { query: `{ organisation(acronym: "SCO") { acronym } }` })).toEqual({ data: { organisation: { acronym: "SCO" } } });
  });

  it("closes a socket whose message is larger than MAX_BODY_BYTES, and bounds an answer by MAX_RESPONSE_BYTES", async () => {
    const small = await listen({ config: { maxBodyBytes: 2_000, maxResponseBytes: 300 } });
    try {
      const client = connect({ url: small.wsUrl });
      expect(await first(client, { query: `{ countries(first: 50) { edges { node { code name } } } }` })).toEqual({
        errors: [{ message: expect.stringMatching(/^The answer would be \d+ bytes, over the limit of 300/), extensions: { code: "RESPONSE_TOO_LARGE", maximum: 300 } }],
      });
      expect(await first(client, { query: `{ countries(filter: { name: "${"x".repeat(3_000)}" }) { totalCount } }` })).toEqual({ closed: 1009 });
    } finally {
      await small.close();
    }
  });
});

describe("who may open a socket", () => {
  it("refuses a page on an origin outside CORS_ORIGINS, and lets in the allowed origin and non-browser clients", async () => {
    const pinned = await listen({ config: { corsOrigins: ["https://app.example"] } });
    try {
      const query = { query: "{ __typename }" };
      expect(await first(connect({ url: pinned.wsUrl, origin: "https://evil.example" }), query)).toMatchObject({ closed: expect.anything() });
      expect(await first(connect({ url: pinned.wsUrl, origin: "https://app.example" }), query)).toEqual({ data: { __typename: "Query" } });
      expect(await first(connect({ url: pinned.wsUrl }), query)).toEqual({ data: { __typename: "Query" } });
    } finally {
      await pinned.close();
    }
  });
});

describe("PERSISTED_OPERATIONS=only over graphql-ws", () => {
  it("runs a persisted subscription by its hash and refuses query text", { timeout: 15_000 }, async () => {
    const only = await listen({ config: { persistedOperations: "only" } });
    try {
      const hash = (EngagementChangedDocument as { __meta__?: { hash?: string } }).__meta__?.hash ?? "";
      expect(loadManifest().has(hash)).toBe(true);
      const client = connect({ url: only.wsUrl });
      const events = client.iterate({ query: "", extensions: { persistedQuery: { version: 1, sha256Hash: hash.slice("sha256:".length) } } });
      const received = events.next();
      await only.subscribers(1);
      const { id, version, other } = await pakistanEngagement();
      const writer = connect({ connectionParams: { authorization: `Bearer ${editorKey}` } });
      await first(writer, { query: SET_STATUS, variables: { id, status: other, version, source: newSource() } });
      expect((await received).value).toMatchObject({ data: { engagementChanged: { action: "STATUS_CHANGE", engagement: { id, status: other } } } });
      await events.return?.();
      expect(await first(client, { query: "subscription { factChanged { action } }" })).toMatchObject({
        refused: [expect.objectContaining({ extensions: { code: "PERSISTED_OPERATION_REQUIRED" } })],
      });
      expect(await first(client, { query: "", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } })).toMatchObject({
        refused: [expect.objectContaining({ extensions: { code: "PERSISTED_OPERATION_NOT_FOUND" } })],
      });
    } finally {
      await only.close();
    }
  });
});

describe("shutdown", () => {
  it("closes open sockets with 1001 (going away), ending their subscriptions", async () => {
    const closing = await listen();
    const client = connect({ url: closing.wsUrl });
    const events = client.iterate({ query: "subscription { factChanged { action } }" });
    const ended = events.next().then(
      (r) => ({ done: r.done }),
      (e: { code?: number }) => ({ closed: e.code }),
    );
    await closing.subscribers(1);
    await closing.close();
    expect(await ended).toEqual({ closed: 1001 });
    expect(closing.pubsub.subscriberCount).toBe(0);
  });
});
