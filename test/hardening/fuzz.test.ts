// Property-based fuzzing (fast-check): thousands of malformed queries, variables and HTTP requests
// through yoga.fetch in process, and a smaller number over real HTTP to a listening server. No
// answer is a 5xx, every error has a message and a code, and the server still answers after.
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../../src/db.ts";
import { createServer, CSRF_HEADER } from "../../src/yoga.ts";

const yoga = createServer();
let server: Server;
let base = "";

beforeAll(async () => {
  server = createHttpServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await yoga.dispose();
  await disconnectDb();
});

/** Pieces of GraphQL, so generated queries get past the lexer often enough to reach validation. */
const token = fc.constantFrom(
  "{", "}", "(", ")", "[", "]", ":", "!", "$v", "...", "=", "@skip(if: true)", "@include", "query", "mutation",
  "subscription", "fragment F on Country", "...F", "countries", "organisation", "country", "node", "nodes", "edges",
  "memberships", "engagements", "first:", "last:", "after:", '"SCO"', '"PK"', "acronym:", "code:", "id:", "ids:",
  "100", "101", "-1", "1e309", "null", "true", '"\\u0000"', '"\\uD800"', "__schema", "__type", "__typename", "name",
  "totalCount", "#", "\n", ",", "$", '"""', "…", "𝕏", "\u0000",
);
const query = fc.oneof(
  fc.array(token, { maxLength: 40 }).map((parts) => parts.join(" ")),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 100 }),
);
const variables = fc.oneof(fc.jsonValue(), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue()), fc.constant(undefined));
const variableQueries = fc.constantFrom(
  `query ($v: Int) { countries(first: $v) { totalCount } }`,
  `query ($v: String!) { organisation(acronym: $v) { name } }`,
  `query ($v: ID!) { node(id: $v) { id } }`,
  `query ($v: [ID!]!) { nodes(ids: $v) { id } }`,
  `query ($v: String) { country(code: $v) { name } }`,
);
const contentType = fc.constantFrom(
  "application/json", "application/json; charset=utf-8", "application/graphql", "application/graphql+json",
  "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "",
);
const accept = fc.constantFrom("application/json", "application/graphql-response+json", "text/event-stream", "text/html", "*/*", "image/png", "");
const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
const body = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ query, variables, operationName: fc.oneof(fc.string(), fc.jsonValue()), extensions: fc.jsonValue() }, { requiredKeys: [] }).map((v) =>
    JSON.stringify(v),
  ),
  fc.array(fc.record({ query }), { maxLength: 12 }).map((v) => JSON.stringify(v)),
);
const path = fc.oneof(
  fc.constant("/graphql"),
  fc.string({ maxLength: 30 }).map((q) => `/graphql?query=${encodeURIComponent(q)}`),
  query.map((q) => `/graphql?query=${encodeURIComponent(q)}&variables=%7Bbad`),
  fc.constantFrom("/", "/health", "/ready", "/metrics", "/graphql/", "/nope", "/graphql?documentId=x"),
);

interface Seen {
  status: number;
  errors: unknown[];
}

/** The status, and the errors when the answer is GraphQL JSON. Throws on a 5xx. */
async function check(response: Response): Promise<Seen> {
  const text = await response.text();
  const seen: Seen = { status: response.status, errors: [] };
  if (response.status >= 500) throw new Error(`${response.status}: ${text.slice(0, 500)}`);
  const type = response.headers.get("content-type") ?? "";
  if (text && /json/.test(type)) {
    const parsed = JSON.parse(text) as { errors?: unknown[] } | { errors?: unknown[] }[];
    for (const result of Array.isArray(parsed) ? parsed : [parsed]) seen.errors.push(...(result.errors ?? []));
  }
  for (const error of seen.errors as { message?: unknown; extensions?: { code?: unknown } }[]) {
    if (typeof error.message !== "string" || error.message === "") throw new Error(`error without a message: ${JSON.stringify(error)}`);
    if (typeof error.extensions?.code !== "string") throw new Error(`error without a code: ${JSON.stringify(error)}`);
  }
  return seen;
}

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  yoga.fetch("http://summitry.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers },
    body: JSON.stringify(payload),
  });

describe("fuzzing in process", () => {
  it("answers 1500 malformed queries without a 5xx, every error with a message and a code", async () => {
    await fc.assert(fc.asyncProperty(query, async (q) => void (await check(await post({ query: q })))), { numRuns: 1500 });
  });

  it("answers 1000 operations with ill-typed variables without a 5xx, every error with a message and a code", async () => {
    await fc.assert(
      fc.asyncProperty(variableQueries, variables, async (q, v) => void (await check(await post({ query: q, variables: v })))),
      { numRuns: 1000 },
    );
  });

  it("answers 1500 malformed HTTP requests (methods, paths, content types, bodies) without a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(method, path, contentType, accept, body, fc.boolean(), async (m, p, type, acc, b, csrf) => {
        const headers: Record<string, string> = {};
        if (type) headers["content-type"] = type;
        if (acc) headers.accept = acc;
        if (csrf) headers[CSRF_HEADER] = "1";
        const hasBody = m !== "GET" && m !== "OPTIONS";
        await check(await yoga.fetch(`http://summitry.test${p}`, { method: m, headers, body: hasBody ? b : undefined }));
      }),
      { numRuns: 1500 },
    );
  });
});

describe("fuzzing over HTTP", () => {
  it("answers 200 malformed requests on a listening server without a 5xx, and still serves afterwards", async () => {
    await fc.assert(
      fc.asyncProperty(method, path, contentType, body, async (m, p, type, b) => {
        const hasBody = m !== "GET" && m !== "OPTIONS";
        const headers: Record<string, string> = { [CSRF_HEADER]: "1" };
        if (type) headers["content-type"] = type;
        await check(await fetch(`${base}${p}`, { method: m, headers, body: hasBody ? b : undefined }));
      }),
      { numRuns: 200 },
    );
    const after = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ organisation(acronym: "SCO") { name } }` }),
    });
    expect(await after.json()).toEqual({ data: { organisation: { name: "Shanghai Cooperation Organisation" } } });
  });
});
