// Client mistakes found by the security review (issue 12): each is answered with a client code
// and, where the GraphQL-over-HTTP spec allows, a 4xx; none is an INTERNAL_SERVER_ERROR. And API
// keys are readable only by an admin, by every path.
import { encodeBase64, encodeCursorChunk } from "@pothos/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../../src/db.ts";
import { createApiKey } from "../../src/domain/api-keys.ts";
import { createServer } from "../../src/yoga.ts";
import { execute } from "../helpers/graphql.ts";

const yoga = createServer();
// The response cache on, as in production: it builds its key from the variables.
const cached = createServer({ config: { responseCacheTtlMs: 60_000 } });
let editorKey = "";
let adminKey = "";
let apiKeyId = "";
const as = (key: string) => ({ authorization: `Bearer ${key}` });
const gid = (raw: string) => Buffer.from(raw).toString("base64");

beforeAll(async () => {
  editorKey = (await createApiKey(db(), { name: "mistakes editor", role: "EDITOR" })).key;
  const admin = await createApiKey(db(), { name: "mistakes admin", role: "ADMIN" });
  adminKey = admin.key;
  apiKeyId = gid(`ApiKey:${admin.apiKey.id}`);
});

afterAll(async () => {
  await Promise.all([yoga.dispose(), cached.dispose()]);
  await disconnectDb();
});

async function post(body: string, headers: Record<string, string> = {}, server = yoga) {
  const response = await server.fetch("http://summitry.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body,
  });
  return { status: response.status, body: await response.json() };
}

const codes = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => result.errors?.map((e) => e.extensions?.code);

describe("API keys are readable only by an admin, by every path", () => {
  const NODE = `query ($id: ID!) { node(id: $id) { ... on ApiKey { name prefix role } } }`;

  it("refuses node(id:) of a key to anonymous readers and editors", async () => {
    expect(await execute(yoga, NODE, { id: apiKeyId })).toEqual({
      status: 200,
      data: { node: null },
      errors: [
        {
          message: "Writing needs an API key: send Authorization: Bearer <key>.",
          locations: [{ line: 1, column: 52 }],
          path: ["node", "name"],
          extensions: { code: "UNAUTHENTICATED" },
        },
      ],
    });
    const editor = await execute(yoga, NODE, { id: apiKeyId }, as(editorKey));
    expect({ data: editor.data, codes: codes(editor) }).toEqual({ data: { node: null }, codes: ["FORBIDDEN"] });
  });

  it("refuses the key in nodes(ids:) but still returns the other nodes", async () => {
    const result = await execute(yoga, `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Country { code } ... on ApiKey { name } } }`, {
      ids: [gid("Country:1"), apiKeyId],
    });
    expect(result.data).toEqual({ nodes: [{ __typename: "Country", code: expect.any(String) }, null] });
    expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[["nodes", 1, "name"], "UNAUTHENTICATED"]]);
  });

  it("answers an admin", async () => {
    expect(await execute(yoga, NODE, { id: apiKeyId }, as(adminKey))).toEqual({
      status: 200,
      data: { node: { name: "mistakes admin", prefix: expect.stringMatching(/^smy_/), role: "ADMIN" } },
    });
  });

  it("reports revokeApiKey { __typename } as the success it is", async () => {
    const { apiKey } = await createApiKey(db(), { name: "to revoke", role: "EDITOR" });
    const result = await execute(yoga, `mutation ($id: ID!) { revokeApiKey(id: $id) { __typename } }`, { id: gid(`ApiKey:${apiKey.id}`) }, as(adminKey));
    expect(result).toEqual({ status: 200, data: { revokeApiKey: { __typename: "MutationRevokeApiKeySuccess" } } });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).revokedAt).toBeInstanceOf(Date);
  });
});

describe("request guards: refused with 400 BAD_USER_INPUT before parsing", () => {
  it("refuses a NUL character in a variable, in the query text and in a string literal", async () => {
    const search = `query ($q: String!) { search(query: $q) { totalCount } }`;
    expect(await post(JSON.stringify({ query: search, variables: { q: "Qingdao\u0000" } }))).toEqual({
      status: 400,
      body: { errors: [{ message: "The variables of the request holds a NUL character (\\u0000), which no text may contain.", extensions: { code: "BAD_USER_INPUT" } }] },
    });
    expect((await post(JSON.stringify({ query: `{ organisation(acronym: "SCO\u0000") { name } }` }))).status).toBe(400);
    // Written as an escape inside the document, it reaches validation as a NUL.
    expect(await execute(yoga, `{ organisation(acronym: "SCO\\u0000") { name } }`)).toEqual({
      status: 400,
      errors: [
        {
          message: "A string in the query holds a NUL character (\\u0000), which no text may contain.",
          locations: [{ line: 1, column: 25 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
  });

  it("refuses variables nested deeper than 32 levels, even 20,000 deep, without a stack overflow", async () => {
    const nested = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;
    const body = (depth: number) => `{"query":"{ __typename }","variables":{"v":${nested(depth)}}}`;
    expect(await post(body(40), {}, cached)).toEqual({
      status: 400,
      body: { errors: [{ message: "The variables of the request is nested deeper than 32 levels.", extensions: { code: "BAD_USER_INPUT" } }] },
    });
    expect((await post(body(20_000), {}, cached)).status).toBe(400);
    expect(await post(body(20), {}, cached)).toEqual({ status: 200, body: { data: { __typename: "Query" }, extensions: { responseCache: { hit: false, didCache: true, ttl: 60_000 } } } });
  });

  it("refuses a batch with an element that is not an operation", async () => {
    expect(await post(`[{"query":"{ __typename }"}, null]`)).toEqual({
      status: 400,
      body: { errors: [{ message: 'Batch element 1 is not an operation: send an object with a "query" (or a "documentId").', extensions: { code: "BAD_USER_INPUT" } }] },
    });
    expect((await post(`[null]`)).status).toBe(400);
  });
});

describe("global IDs are parsed strictly", () => {
  const NODE = `query ($id: ID!) { node(id: $id) { id } }`;

  it.each([
    "Country:abc", "Country:-1", "Country:0", "Country:0x10", "Country:01", "Country:2147483648", "Country:99999999999999999999",
    "Country:1e3", "Country:1:2", "Country: 1", "Country:1.5", "Nope:1", "ChangeLog:1", "Citation:1", "Query:1", "Node:1", "__proto__:1",
  ])("answers node(id: %s) with INVALID_ID", async (raw) => {
    const result = await execute(yoga, NODE, { id: gid(raw) });
    expect({ status: result.status, data: result.data, codes: codes(result) }).toEqual({ status: 200, data: { node: null }, codes: ["INVALID_ID"] });
  });

  it("answers a well-formed ID of a missing row with null, and nodes(ids:) with the others", async () => {
    expect(await execute(yoga, NODE, { id: gid("Country:9999") })).toEqual({ status: 200, data: { node: null } });
    const result = await execute(yoga, `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [gid("Country:1"), gid("Country:9999"), gid("Person:1")] });
    expect(result).toEqual({ status: 200, data: { nodes: [{ id: gid("Country:1") }, null, { id: gid("Person:1") }] } });
  });

  it("answers engagement(id:) past the integer range with INVALID_ID", async () => {
    const result = await execute(yoga, `query ($id: ID!) { engagement(id: $id) { title } }`, { id: gid("Engagement:99999999999") });
    expect(codes(result)).toEqual(["INVALID_ID"]);
  });
});

describe("cursors, page sizes and dates", () => {
  it("answers a garbage cursor with INVALID_CURSOR on every kind of connection", async () => {
    const farId = encodeBase64(`GPC:${encodeCursorChunk(99_999_999_999)}`);
    const badDay = Buffer.from(JSON.stringify(["2025-02-30", "Summit", 1])).toString("base64url");
    const bigId = Buffer.from(JSON.stringify(["2025-01-01", "Summit", 2_147_483_648])).toString("base64url");
    for (const query of [
      `{ countries(after: "garbage") { totalCount } }`,
      `{ organisations(before: "garbage", last: 1) { totalCount } }`,
      `{ engagements(after: "garbage") { totalCount } }`,
      `{ countries(after: "${farId}") { edges { node { code } } } }`,
      `{ timeline(after: "garbage") { totalCount } }`,
      `{ timeline(after: "${badDay}") { totalCount } }`,
      `{ timeline(after: "${bigId}") { totalCount } }`,
      `{ country(code: "PK") { engagements(after: "garbage") { totalCount } } }`,
    ]) {
      const result = await execute(yoga, query);
      expect({ query, codes: codes(result) }).toEqual({ query, codes: ["INVALID_CURSOR"] });
    }
  });

  it("answers first: -1 with BAD_USER_INPUT", async () => {
    for (const query of [`{ countries(first: -1) { totalCount } }`, `{ timeline(first: -1) { totalCount } }`, `{ organisations(last: -1) { totalCount } }`]) {
      const result = await execute(yoga, query);
      expect({ query, codes: codes(result) }).toEqual({ query, codes: ["BAD_USER_INPUT"] });
    }
  });

  it("answers a DateTime outside years 1 to 9999 with INVALID_DATE", async () => {
    const result = await execute(yoga, `query ($since: DateTime) { changes(since: $since) { totalCount } }`, { since: "-271821-04-20T00:00:00Z" });
    expect({ status: result.status, codes: codes(result) }).toEqual({ status: 400, codes: ["INVALID_DATE"] });
  });
});
