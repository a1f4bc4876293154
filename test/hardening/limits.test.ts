// Abuse limits and request hygiene, through yoga.fetch with the production plugins. Each refusal
// is asserted as the whole answer a client gets: status, message and code.
import { getIntrospectionQuery, parse } from "graphql";
import { request as httpRequest } from "node:http";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { createPrismaClient, db, disconnectDb } from "../../src/db.ts";
import { databaseUnavailableError } from "../../src/plugins/database-unavailable.ts";
import { estimateCost } from "../../src/plugins/limits.ts";
import { schema } from "../../src/schema/index.ts";
import { createServer, CSRF_HEADER, exampleQuery } from "../../src/yoga.ts";
import { execute } from "../helpers/graphql.ts";
import { listen } from "../helpers/listen.ts";

const yoga = createServer(); // the environment's defaults: the limits production runs with
afterAll(async () => {
  await yoga.dispose();
  await disconnectDb();
});

const nested100 = `{ organisations(first:100) { edges { node { memberships(first:100) { edges { node {
  country { engagements(first:100) { edges { node { title } } } } } } } } } } }`;

describe("query cost", () => {
  it("answers the README's SCO traversal, whose estimated cost is far under the limit", async () => {
    expect(estimateCost(schema, parse(exampleQuery), undefined, {})).toBe(10581);
    const result = await execute(yoga, exampleQuery);
    expect(result.errors).toBeUndefined();
    expect(result.status).toBe(200);
    expect((result.data as any).organisation.memberships.totalCount).toBe(10);
  });

  it("refuses a nested 100 x 100 x 100 page request with COST_LIMIT_EXCEEDED before touching the database", async () => {
    expect(await execute(yoga, nested100)).toEqual({
      status: 400,
      errors: [
        {
          message:
            "Query cost limit of 500000 exceeded, estimated 3040300: ask for smaller pages (first/last) or fewer nested connections.",
          extensions: { code: "COST_LIMIT_EXCEEDED", cost: 3040300, maxCost: 500000 },
        },
      ],
    });
  });

  it("counts page sizes given through variables, and 20 for a connection without first/last", async () => {
    const query = `query ($n: Int) { organisations(first: $n) { edges { node { memberships { edges { node { status } } } } } } }`;
    expect(estimateCost(schema, parse(query), undefined, { n: 100 })).toBe(100 * 3 + 100 * 20 * 3);
    expect(estimateCost(schema, parse(query), undefined, {})).toBe(20 * 3 + 20 * 20 * 3);
    const limited = createServer({ config: { maxCost: 1000 } });
    const refused = await execute(limited, query, { n: 100 });
    expect(refused.errors?.[0]?.extensions).toEqual({ code: "COST_LIMIT_EXCEEDED", cost: 6300, maxCost: 1000 });
    const answered = await execute(limited, query, { n: 2 });
    expect(answered.errors).toBeUndefined();
  });
});

describe("graphql-armor limits, configured low to show each refusal", () => {
  const strict = createServer({ config: { maxDepth: 3, maxAliases: 2, maxTokens: 40, maxDirectives: 2 } });
  afterAll(() => strict.dispose());

  it("refuses a query deeper than MAX_QUERY_DEPTH with DEPTH_LIMIT_EXCEEDED", async () => {
    expect(await execute(strict, `{ countries { edges { node { code } } } }`)).toEqual({
      status: 400,
      errors: [{ message: "Query depth limit of 3 exceeded, found 4.", extensions: { code: "DEPTH_LIMIT_EXCEEDED" } }],
    });
  });

  it("refuses more aliases than MAX_QUERY_ALIASES with ALIAS_LIMIT_EXCEEDED", async () => {
    expect(await execute(strict, `{ a: countries { totalCount } b: countries { totalCount } c: countries { totalCount } }`)).toEqual({
      status: 400,
      errors: [{ message: "Aliases limit of 2 exceeded, found 3.", extensions: { code: "ALIAS_LIMIT_EXCEEDED" } }],
    });
  });

  it("refuses more directives than MAX_QUERY_DIRECTIVES with DIRECTIVE_LIMIT_EXCEEDED", async () => {
    expect(await execute(strict, `{ __typename @skip(if: false) countries @include(if: true) { totalCount @skip(if: false) } }`)).toEqual({
      status: 400,
      errors: [{ message: "Directives limit of 2 exceeded, found 3.", extensions: { code: "DIRECTIVE_LIMIT_EXCEEDED" } }],
    });
  });

  it("refuses a query of more tokens than MAX_QUERY_TOKENS with TOKEN_LIMIT_EXCEEDED", async () => {
    const query = `{ ${Array.from({ length: 41 }, () => "__typename").join(" ")} }`;
    expect(await execute(strict, query)).toEqual({
      status: 400,
      errors: [{ message: "Token limit of 40 exceeded.", extensions: { code: "TOKEN_LIMIT_EXCEEDED" } }],
    });
  });
});

describe("request hygiene", () => {
  it("refuses a request body over MAX_BODY_BYTES with 413 REQUEST_ENTITY_TOO_LARGE", async () => {
    const small = createServer({ config: { maxBodyBytes: 1_000 } });
    const response = await small.fetch("http://summitry.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: `{ __typename }`, variables: { padding: "x".repeat(2_000) } }),
    });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 413,
      body: { errors: [{ message: "Request body too large", extensions: { code: "REQUEST_ENTITY_TOO_LARGE" } }] },
    });
  });

  it("refuses a request body over MAX_BODY_BYTES over HTTP, by its Content-Length or counted when chunked", async () => {
    const server = await listen({ config: { maxBodyBytes: 1_000 } });
    onTestFinished(() => server.close());
    const post = (body: string, headers: Record<string, string>, chunks?: string[]) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(server.url, { method: "POST", headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...headers } }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on("error", reject);
        for (const chunk of chunks ?? [body]) req.write(chunk);
        req.end();
      });
    const small = JSON.stringify({ query: "{ __typename }" });
    const large = JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(2_000) } });
    const tooLarge = { status: 413, body: { errors: [{ message: "Request body too large", extensions: { code: "REQUEST_ENTITY_TOO_LARGE" } }] } };
    const parsed = (r: { status: number; body: string }) => ({ status: r.status, body: JSON.parse(r.body) });
    expect(parsed(await post(small, { "content-length": String(small.length) }))).toEqual({ status: 200, body: { data: { __typename: "Query" } } });
    expect(parsed(await post(large, { "content-length": String(large.length) }))).toEqual(tooLarge);
    // Chunked: no Content-Length to go by, so the bytes are counted as they arrive.
    expect(parsed(await post(large, {}, [large.slice(0, 700), large.slice(700)]))).toEqual(tooLarge);
    expect(parsed(await post(small, {}, [small.slice(0, 5), small.slice(5)]))).toEqual({ status: 200, body: { data: { __typename: "Query" } } });
    // A malformed Content-Length never reaches a parser (Node's HTTP parser refuses it first).
    expect((await post(small, { "content-length": "12, 12" })).status).toBe(400);
  });

  it("answers a batch of up to MAX_BATCH_OPERATIONS operations and refuses a larger one", async () => {
    const batch = (n: number) =>
      yoga.fetch("http://summitry.test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(Array.from({ length: n }, () => ({ query: "{ __typename }" }))),
      });
    const ten = await batch(10);
    expect(await ten.json()).toEqual(Array.from({ length: 10 }, () => ({ data: { __typename: "Query" } })));
    const eleven = await batch(11);
    expect({ status: eleven.status, body: await eleven.json() }).toEqual({
      status: 413,
      body: { errors: [{ message: "Batching is limited to 10 operations per request.", extensions: { code: "BAD_REQUEST" } }] },
    });
  });

  it("refuses a GET without the CSRF header (a browser could send it cross-site) and answers one with it", async () => {
    const url = `http://summitry.test/graphql?query=${encodeURIComponent("{ __typename }")}`;
    const bare = await yoga.fetch(url, { headers: { accept: "application/json" } });
    expect({ status: bare.status, body: await bare.json() }).toEqual({
      status: 403,
      body: { errors: [{ message: "Required CSRF header(s) not present", extensions: { code: "CSRF_HEADER_REQUIRED" } }] },
    });
    const withHeader = await yoga.fetch(url, { headers: { accept: "application/json", [CSRF_HEADER]: "1" } });
    expect({ status: withHeader.status, body: await withHeader.json() }).toEqual({ status: 200, body: { data: { __typename: "Query" } } });
  });

  it("allows the configured CORS origins and no others", async () => {
    const cors = createServer({ config: { corsOrigins: ["https://app.example"] } });
    const preflight = (origin: string) =>
      cors.fetch("http://summitry.test/graphql", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    const allowed = await preflight("https://app.example");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example");
    const other = await preflight("https://evil.example");
    expect(other.headers.get("access-control-allow-origin")).not.toBe("https://evil.example");
  });

  it("refuses introspection with INTROSPECTION_DISABLED when INTROSPECTION=false, and still answers __typename", async () => {
    const closed = createServer({ config: { introspection: false } });
    expect(await execute(closed, `{ __schema { queryType { name } } }`)).toEqual({
      status: 400,
      errors: [
        {
          message: 'Introspection is disabled on this server; "__schema" cannot be queried.',
          locations: [{ line: 1, column: 3 }],
          extensions: { code: "INTROSPECTION_DISABLED" },
        },
      ],
    });
    expect(await execute(closed, `{ __typename }`)).toEqual({ status: 200, data: { __typename: "Query" } });
    // Field suggestions would leak the schema that introspection hides.
    const typo = await execute(closed, `{ countrie { totalCount } }`);
    expect(typo.errors?.[0]?.message).toBe('Cannot query field "countrie" on type "Query". [Suggestion hidden]');
  });

  it("gives parse, validation and variable errors a code", async () => {
    expect(await execute(yoga, `{ countries { `)).toEqual({
      status: 400,
      errors: [{ message: "Syntax Error: Expected Name, found <EOF>.", locations: [{ line: 1, column: 15 }], extensions: { code: "GRAPHQL_PARSE_FAILED" } }],
    });
    expect(await execute(yoga, `{ nope }`)).toEqual({
      status: 400,
      errors: [
        { message: 'Cannot query field "nope" on type "Query". Did you mean "node" or "nodes"?', locations: [{ line: 1, column: 3 }], extensions: { code: "GRAPHQL_VALIDATION_FAILED" } },
      ],
    });
    const variables = await execute(yoga, `query ($n: Int) { countries(first: $n) { totalCount } }`, { n: "many" });
    expect(variables).toEqual({
      status: 400,
      errors: [
        {
          message: 'Variable "$n" got invalid value "many"; Int cannot represent non-integer value: "many"',
          locations: [{ line: 1, column: 8 }],
          extensions: { code: "BAD_USER_INPUT" },
        },
      ],
    });
  });
});

describe("statement_timeout", () => {
  it("sets DATABASE_STATEMENT_TIMEOUT_MS (default 10 s) on every connection of the service's pool", async () => {
    expect(await db().$queryRaw`SELECT current_setting('statement_timeout') AS timeout`).toEqual([{ timeout: "10s" }]);
  });

  it("turns JIT off on the service's connections (compiling a page's generic plan cost 10x reading it)", async () => {
    expect(await db().$queryRaw`SELECT current_setting('jit') AS jit`).toEqual([{ jit: "off" }]);
  });

  it("cancels a statement that runs past it, and the error reaches clients as QUERY_TIMEOUT", async () => {
    const client = createPrismaClient(process.env.DATABASE_URL!, { statementTimeoutMs: 50 });
    try {
      const error = await client.$queryRaw`SELECT pg_sleep(5)`.then(
        () => null,
        (e: unknown) => e,
      );
      expect(databaseUnavailableError(error)?.toJSON()).toEqual({
        message: "The query took longer than the server allows; ask for less (smaller pages, fewer nested lists).",
        extensions: { code: "QUERY_TIMEOUT" },
      });
    } finally {
      await client.$disconnect();
    }
  });
});

describe("amplification: introspection, nodes(ids:), batches, answer size", () => {
  const schemaSelection = `__schema { types { name fields { name type { name } } } }`;
  const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `s${i}: ${schemaSelection}`).join(" ")} }`;
  const post = (body: unknown) =>
    yoga.fetch("http://summitry.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify(body),
    });

  it("answers the standard introspection query that GraphiQL and codegen send", async () => {
    const result = await execute<any>(yoga, getIntrospectionQuery());
    expect(result.errors).toBeUndefined();
    expect(result.data.__schema.queryType).toEqual({ name: "Query", kind: "OBJECT" });
  });

  it("refuses more __schema/__type selections than MAX_INTROSPECTION_FIELDS, aliases counted, before running any", async () => {
    expect(await execute(yoga, aliased(3))).toEqual({
      status: 400,
      errors: [
        {
          message: "Query has 3 introspection selections (__schema, __type); at most 2 are allowed.",
          extensions: { code: "INTROSPECTION_LIMIT_EXCEEDED", maximum: 2 },
        },
      ],
    });
    // Through a fragment spread twice, with __type: still counted.
    const spread = `query { ...F ...F a: __type(name: "Country") { name } } fragment F on Query { __schema { queryType { name } } }`;
    expect((await execute(yoga, spread)).errors?.map((e) => e.extensions?.code)).toEqual(["INTROSPECTION_LIMIT_EXCEEDED"]);
  });

  it("sums introspection over a batch: the review's 10 x 30 aliased __schema batch is refused whole", async () => {
    const response = await post(Array.from({ length: 10 }, () => ({ query: aliased(30) })));
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: "The batch has 300 introspection selections (__schema, __type); at most 2 are allowed.",
            extensions: { code: "INTROSPECTION_LIMIT_EXCEEDED", maximum: 2 },
          },
        ],
      },
    });
    const two = await post([{ query: `{ __schema { queryType { name } } }` }, { query: `{ __type(name: "Country") { name } }` }]);
    expect(await two.json()).toEqual([{ data: { __schema: { queryType: { name: "Query" } } } }, { data: { __type: { name: "Country" } } }]);
  });

  it("refuses nodes(ids:) of more than 100 ids with TOO_MANY_IDS", async () => {
    const ids = Array.from({ length: 101 }, (_, i) => Buffer.from(`Country:${i + 1}`).toString("base64"));
    expect(await execute(yoga, `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids })).toEqual({
      status: 400,
      errors: [{ message: "At most 100 IDs can be asked for at once; got 101.", extensions: { code: "TOO_MANY_IDS", maximum: 100 } }],
    });
  });

  it("multiplies what is under nodes(ids:) by the number of ids", async () => {
    const query = `query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Country { engagements(first: 100) { edges { node { participants(first: 100) { edges { node { role } } } } } } } } }`;
    const ids = Array.from({ length: 100 }, (_, i) => Buffer.from(`Country:${i + 1}`).toString("base64"));
    expect(estimateCost(schema, parse(query), undefined, { ids: ids.slice(0, 1) })).toBe(1 + 100 * 3 + 100 * 100 * 3);
    const refused = await execute(yoga, query, { ids });
    expect(refused.status).toBe(400);
    expect(refused.errors?.map((e) => e.extensions)).toEqual([{ code: "COST_LIMIT_EXCEEDED", cost: 100 * (1 + 300 + 30_000), maxCost: 500_000 }]);
  });

  it("sums the cost over a batch: two operations each under the limit are refused together", async () => {
    const query = `{ organisations(first: 100) { edges { node { memberships(first: 100) { edges { node { country { name } } } } } } } }`;
    const one = estimateCost(schema, parse(query), undefined, {});
    expect(one).toBe(100 * 3 + 100 * 100 * 4);
    const small = createServer({ config: { maxCost: Math.round(one * 1.5) } });
    const response = await small.fetch("http://summitry.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify([{ query }, { query }]),
    });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: `The batch cost limit of ${Math.round(one * 1.5)} exceeded, estimated ${2 * one}: ask for smaller pages (first/last) or fewer nested connections.`,
            extensions: { code: "COST_LIMIT_EXCEEDED", cost: 2 * one, maxCost: Math.round(one * 1.5) },
          },
        ],
      },
    });
    await small.dispose();
  });

  it("replaces an answer over MAX_RESPONSE_BYTES with RESPONSE_TOO_LARGE", async () => {
    const small = createServer({ config: { maxResponseBytes: 500 } });
    const result = await execute(small, `{ countries(first: 100) { edges { node { code name region } } } }`);
    expect(result.errors?.map((e) => e.extensions)).toEqual([{ code: "RESPONSE_TOO_LARGE", maximum: 500 }]);
    expect(result.errors?.[0]?.message).toMatch(/^The answer would be \d+ bytes, over the limit of 500: ask for less/);
    expect(result.data).toBeUndefined();
    expect((await execute(small, `{ country(code: "KZ") { name } }`)).data).toEqual({ country: { name: "Kazakhstan" } });
    await small.dispose();
  });
});
